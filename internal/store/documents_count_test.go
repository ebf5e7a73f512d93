package store_test

import (
	"context"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/google/go-cmp/cmp"
)

func TestDocumentCounts(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	for i, status := range []document.Status{"ready", "ready", "scanning"} {
		d := newDoc(t, st, "E06009901")
		d.Status = status
		if err := st.CreateDocument(ctx, d, store.AuditEntry{Action: "document_uploaded"}); err != nil {
			t.Fatalf("CreateDocument #%d: %v", i, err)
		}
	}
	if err := st.CreateDocument(ctx, newDoc(t, st, "E06009902"), store.AuditEntry{Action: "document_uploaded"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		scope authz.Scope
		la    string
		want  map[document.Status]int
	}{
		{"own council", authz.OnlyLAs("E06009901"), "E06009901", map[document.Status]int{"ready": 2, "scanning": 1}},
		{"all councils", authz.AllLAs(), "E06009902", map[document.Status]int{"received": 1}},
		{"another council counts nothing", authz.OnlyLAs("E06009901"), "E06009902", map[document.Status]int{}},
		{"no scope counts nothing", authz.OnlyLAs(), "E06009901", map[document.Status]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := st.DocumentCounts(ctx, tt.scope, tt.la)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("DocumentCounts(%s) (-want +got):\n%s", tt.la, diff)
			}
		})
	}
}
