package ingest

import (
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/google/go-cmp/cmp"
)

func TestCheckMetadata(t *testing.T) {
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	ok := map[string]string{"type": "policy"}
	with := func(k, v string) map[string]string {
		f := map[string]string{"type": "policy"}
		f[k] = v
		return f
	}
	tests := []struct {
		name   string
		fields map[string]string
		files  int
		want   FieldErrors
	}{
		{"a type is all it needs", ok, 1, FieldErrors{}},
		{"no type", map[string]string{}, 1, FieldErrors{"type": "Select the type of document"}},
		{"unknown type", map[string]string{"type": "memo"}, 1, FieldErrors{"type": "Select the type of document"}},
		{"no type with several files: each file's is asked next", map[string]string{}, 3, FieldErrors{}},
		{"an unknown type with several files", map[string]string{"type": "memo"}, 3, FieldErrors{"type": "Select the type of document"}},
		{"title at the limit", with("title", strings.Repeat("é", MaxTitle)), 1, FieldErrors{}},
		{"title over the limit", with("title", strings.Repeat("é", MaxTitle+1)), 1, FieldErrors{"title": "Title must be 300 characters or fewer"}},
		{"title with several files", with("title", "Carers strategy"), 2,
			FieldErrors{"title": "Leave the title empty when you upload several files: each takes its file name"}},
		{"new version of several files", with("replaces", "0b0e4b1e-7c52-4b8e-9d51-3f1f4d6e8a10"), 3,
			FieldErrors{"file": "Select one file: a new version is a single file"}},
		{"period over the limit", with("period", strings.Repeat("2", MaxPeriod+1)), 1, FieldErrors{"period": "The period must be 100 characters or fewer"}},
		{"description over the limit", with("description", strings.Repeat("a", MaxDescription+1)), 1,
			FieldErrors{"description": "The description must be 2,000 characters or fewer"}},
		{"description with line breaks", with("description", "First line\r\nSecond line\tend"), 1, FieldErrors{}},
		{"control character in the title", with("title", "Carers\x00strategy"), 1, FieldErrors{"title": "Remove control characters from the title"}},
		{"control character in the period", with("period", "2024\x1b[31m"), 1, FieldErrors{"period": "Remove control characters from the period"}},
		{"control character in the description", with("description", "bell\x07"), 1,
			FieldErrors{"description": "Remove control characters from the description"}},
		{"quality statement hint", with("qs_hint", "safeguarding"), 1, FieldErrors{}},
		{"unknown quality statement hint", with("qs_hint", "<script>"), 1, FieldErrors{"qs_hint": "Select a quality statement from the list"}},
		{"category hint", with("category_hint", "people-experience"), 1, FieldErrors{}},
		{"observation is never used for councils", with("category_hint", "observation"), 1,
			FieldErrors{"category_hint": "Select an evidence category from the list"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, errs := CheckMetadata(cat, tt.fields, tt.files)
			if diff := cmp.Diff(tt.want, errs); diff != "" {
				t.Errorf("CheckMetadata errors (-want +got):\n%s", diff)
			}
			if m.Type != tt.fields["type"] || m.Title != tt.fields["title"] || m.Replaces != tt.fields["replaces"] {
				t.Errorf("CheckMetadata metadata = %+v, want the fields as given", m)
			}
		})
	}
	if got := HintCategories(cat); len(got) != 5 || got[0].Slug != "people-experience" {
		t.Errorf("HintCategories = %v, want the interim version's five", got)
	}
}
