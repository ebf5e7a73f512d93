package report

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []Change
	}{
		{"both empty", "", "", nil},
		{"new text", "", "A\n\nB", []Change{{Added, "A"}, {Added, "B"}}},
		{"all removed", "A\n\nB", "", []Change{{Removed, "A"}, {Removed, "B"}}},
		{"unchanged, spacing aside", "A\n\nB", "A\n\n\n\nB  ", []Change{{Same, "A"}, {Same, "B"}}},
		{"one replaced", "A\n\nB\n\nC", "A\n\nB2\n\nC", []Change{{Same, "A"}, {Removed, "B"}, {Added, "B2"}, {Same, "C"}}},
		{"inserted in the middle", "A\n\nC", "A\n\nB\n\nC", []Change{{Same, "A"}, {Added, "B"}, {Same, "C"}}},
		{"moved is removed and added", "A\n\nB", "B\n\nA", []Change{{Removed, "A"}, {Same, "B"}, {Added, "A"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(tt.old, tt.new)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Diff(%q, %q) (-want +got):\n%s", tt.old, tt.new, diff)
			}
			want := false
			for _, c := range tt.want {
				want = want || c.Op != Same
			}
			if Changed(got) != want {
				t.Errorf("Changed = %v, want %v", Changed(got), want)
			}
		})
	}
}
