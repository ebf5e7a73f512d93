package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/google/uuid"
)

type testJob struct {
	DocumentID string `json:"document_id"`
}

func (testJob) Kind() string { return "test_job" }

func newDoc(t *testing.T, st *store.Store, la string) store.Document {
	t.Helper()
	u, err := st.UpsertUser(context.Background(), store.Identity{Issuer: "t", Subject: "sub-" + la, Email: "s@" + la + ".test"},
		authz.Assignment{Role: authz.RoleLASubmitter, LA: la}, true)
	if err != nil {
		t.Fatal(err)
	}
	sum := make([]byte, 32)
	rand.Read(sum)
	id := uuid.NewString()
	return store.Document{ID: id, LA: la, Title: "Carers strategy", Type: "strategy", Filename: "carers.pdf", Kind: "PDF",
		ContentType: "application/pdf", Size: 1234, SHA256: hex.EncodeToString(sum), ObjectKey: "quarantine/" + id,
		Status: "received", UploadedBy: u.ID}
}

func TestCreateDocumentWithJob(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	d := newDoc(t, st, "E06009901")
	if err := st.CreateDocument(ctx, d, store.AuditEntry{Action: "document_uploaded", LA: d.LA}, testJob{d.ID}); err != nil {
		t.Fatal(err)
	}
	if n, err := st.PendingJobs(ctx, "test_job"); err != nil || n != 1 {
		t.Errorf("PendingJobs = %d, %v; want 1 enqueued with the row", n, err)
	}
	got, err := st.Document(ctx, authz.OnlyLAs("E06009901"), d.ID)
	if err != nil || got.Title != d.Title || got.UploaderEmail != "s@e06009901.test" || got.Status != "received" {
		t.Errorf("Document = %+v, %v", got, err)
	}
	if _, err := st.Document(ctx, authz.OnlyLAs("E06009902"), d.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another council reading the document: %v, want ErrNotFound", err)
	}
	if _, err := st.Document(ctx, authz.AllLAs(), "not-a-uuid"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("malformed id: %v, want ErrNotFound", err)
	}

	// The same content again in the same council is a duplicate naming the first.
	dup := newDoc(t, st, "E06009901")
	dup.SHA256 = d.SHA256
	err = st.CreateDocument(ctx, dup, store.AuditEntry{Action: "document_uploaded"}, testJob{dup.ID})
	var de *store.DuplicateError
	if !errors.As(err, &de) || de.Existing.ID != d.ID {
		t.Fatalf("duplicate = %v, want DuplicateError naming %s", err, d.ID)
	}
	if n, _ := st.PendingJobs(ctx, "test_job"); n != 1 {
		t.Errorf("a refused duplicate left a job behind: %d jobs", n)
	}
	// The same content in another council is its own document.
	other := newDoc(t, st, "E06009902")
	other.SHA256 = d.SHA256
	if err := st.CreateDocument(ctx, other, store.AuditEntry{Action: "document_uploaded"}); err != nil {
		t.Errorf("same content in another council: %v", err)
	}
	list, err := st.Documents(ctx, authz.OnlyLAs("E06009901"), store.DocumentFilter{})
	if err != nil || len(list) != 1 || list[0].ID != d.ID {
		t.Errorf("Documents(E06009901) = %d documents, %v; want just its own", len(list), err)
	}
}

func TestMoveDocumentIsConditional(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	d := newDoc(t, st, "E06009901")
	if err := st.CreateDocument(ctx, d, store.AuditEntry{Action: "document_uploaded"}); err != nil {
		t.Fatal(err)
	}
	move := store.Transition{ID: d.ID, From: []document.Status{"received"}, To: "scanning", Jobs: []store.Job{testJob{d.ID}}}
	for i, want := range []bool{true, false} {
		moved, err := st.MoveDocument(ctx, move)
		if err != nil || moved != want {
			t.Errorf("MoveDocument #%d = %v, %v; want %v", i+1, moved, err, want)
		}
	}
	if n, _ := st.PendingJobs(ctx, "test_job"); n != 1 {
		t.Errorf("jobs after a move done twice = %d, want 1", n)
	}
	moved, err := st.MoveDocument(ctx, store.Transition{ID: d.ID, From: []document.Status{"scanning"}, To: "ready", Pages: 12})
	if err != nil || !moved {
		t.Fatalf("MoveDocument to ready = %v, %v", moved, err)
	}
	got, _ := st.Document(ctx, authz.AllLAs(), d.ID)
	if got.Status != "ready" || got.Pages != 12 {
		t.Errorf("after moves: status %s, pages %d; want ready, 12", got.Status, got.Pages)
	}
}
