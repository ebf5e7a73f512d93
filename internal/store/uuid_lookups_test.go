package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

// Ids from addresses are looked up through the primary key, and anything
// that is not a canonical uuid is simply not found.
func TestDocumentIDLookups(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	d := newDoc(t, st, "E06009901")
	if err := st.CreateDocument(ctx, d, store.AuditEntry{Action: "document_uploaded", LA: d.LA}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"x", "", "'; DROP TABLE documents; --", strings.ToUpper(d.ID), "{" + d.ID + "}",
		strings.ReplaceAll(d.ID, "-", ""), d.ID[:35] + "g", d.ID + " "} {
		t.Run(id, func(t *testing.T) {
			if _, err := st.Document(ctx, authz.AllLAs(), id); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Document(%q) = %v, want ErrNotFound", id, err)
			}
		})
	}
	if got, err := st.Document(ctx, authz.AllLAs(), d.ID); err != nil || got.ID != d.ID {
		t.Fatalf("Document(canonical id) = %+v, %v", got, err)
	}
	if got, err := st.ExistingDocuments(ctx, []string{"x", d.ID, "{" + d.ID + "}"}); err != nil || len(got) != 1 {
		t.Errorf("ExistingDocuments = %v, %v; want only %s", got, err, d.ID)
	}
	// The plan must use the key: with id::text = $1 there was no index
	// condition, only a filter over every row.
	tx, err := st.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	var plan strings.Builder
	rows, err := tx.Query(ctx, `EXPLAIN SELECT 1 FROM documents d WHERE d.id = portal_uuid($1)`, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var line string
		rows.Scan(&line)
		plan.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan.String(), "Index Cond") {
		t.Errorf("a document lookup does not use the primary key:\n%s", plan.String())
	}
}
