package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
)

// TestPickableDocuments: a picker lists the council's read documents whose
// title or file name holds what was typed, in any case, by title, a page at
// a time with a count of all; never a superseded version, a document not
// read yet or another council's.
func TestPickableDocuments(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	add := func(la, title, filename string, status document.Status, replaces string) store.Document {
		t.Helper()
		d := newDoc(t, st, la)
		d.Title, d.Filename, d.Replaces = title, filename, replaces
		if err := st.CreateDocument(ctx, d, store.AuditEntry{Action: "document_uploaded"}); err != nil {
			t.Fatal(err)
		}
		if status != "received" {
			if _, err := st.MoveDocument(ctx, store.Transition{ID: d.ID, From: []document.Status{"received"}, To: status, Pages: 3}); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	old := add("E06009901", "Carers strategy 2022", "carers-2022.pdf", "ready", "")
	cur := add("E06009901", "Carers strategy 2024", "carers-2024.pdf", "ready", old.ID)
	market := add("E06009901", "Market position statement", "mps.pdf", "ready", "")
	pct := add("E06009901", "Waiting times: 50% seen in a week", "waits.pdf", "ready", "")
	add("E06009901", "Carers survey (still being read)", "survey.pdf", "received", "")
	add("E06009902", "Brookmere carers plan", "carers.pdf", "ready", "")
	ashford := authz.OnlyLAs("E06009901")
	ids := func(ds []store.Document) []string {
		var out []string
		for _, d := range ds {
			out = append(out, d.Title)
		}
		return out
	}
	tests := []struct {
		name  string
		pick  store.DocumentPick
		want  []string
		total int
	}{
		{"everything that can be cited, by title", store.DocumentPick{LA: "E06009901"}, []string{cur.Title, market.Title, pct.Title}, 3},
		{"part of a title in any case", store.DocumentPick{LA: "E06009901", Query: "CARERS"}, []string{cur.Title}, 1},
		{"part of a file name", store.DocumentPick{LA: "E06009901", Query: "mps"}, []string{market.Title}, 1},
		{"a percent sign is itself", store.DocumentPick{LA: "E06009901", Query: "50%"}, []string{pct.Title}, 1},
		{"an underscore is itself", store.DocumentPick{LA: "E06009901", Query: "_"}, nil, 0},
		{"a page", store.DocumentPick{LA: "E06009901", Offset: 1, Limit: 1}, []string{market.Title}, 3},
		{"past the last page", store.DocumentPick{LA: "E06009901", Offset: 9, Limit: 1}, nil, 3},
		{"another council's is never listed", store.DocumentPick{LA: "E06009902"}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := st.PickableDocuments(ctx, ashford, tt.pick)
			if err != nil {
				t.Fatal(err)
			}
			if g := ids(got); total != tt.total || strings.Join(g, "|") != strings.Join(tt.want, "|") {
				t.Errorf("PickableDocuments(%+v) = %q (%d in all), want %q (%d)", tt.pick, g, total, tt.want, tt.total)
			}
		})
	}
}
