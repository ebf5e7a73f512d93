package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
	"github.com/google/uuid"
)

// seedReady makes n ready documents of pages pages each, with their text
// in S3, as the pipeline would have left them.
func (e *env) seedReady(t *testing.T, n, pages int) []string {
	t.Helper()
	ctx := context.Background()
	var ids []string
	for i := range n {
		id := uuid.NewString()
		sum := sha256.Sum256([]byte(id))
		d := store.Document{ID: id, LA: "E06009901", Title: fmt.Sprintf("Carers strategy %d", i), Type: "strategy",
			Filename: "s.txt", Kind: "txt", ContentType: "text/plain", Size: 10, SHA256: hex.EncodeToString(sum[:]),
			ObjectKey: blob.FileKey(id), Status: document.Ready, UploadedBy: e.user.ID}
		if err := e.st.CreateDocument(ctx, d, store.AuditEntry{ActorEmail: e.user.Email, Action: "document.upload"}); err != nil {
			t.Fatal(err)
		}
		text := Text{DocumentID: id, Outcome: "text"}
		for p := 1; p <= pages; p++ {
			text.Pages = append(text.Pages, extract.Page{Number: p, Text: fmt.Sprintf("Page %d: unpaid carers and section 42 safeguarding enquiries, document %d.", p, i)})
		}
		if err := SaveText(ctx, e.bl, text); err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.MoveDocument(ctx, store.Transition{ID: id, From: []document.Status{document.Ready}, To: document.Ready, Pages: pages}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func TestRebuildCheckRepair(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ids := e.seedReady(t, 6, 3)
	root := filepath.Join(t.TempDir(), "index")
	ix, err := search.Open(root) // the owner's index, empty, serving throughout
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	r, err := CheckIndex(ctx, e.st, ix)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Missing) != 6 {
		t.Errorf("check of an empty index: missing %d, want 6", len(r.Missing))
	}

	stats, err := Rebuild(ctx, e.st, e.bl, root, 3)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents != 6 || stats.Pages != 18 {
		t.Errorf("Rebuild = %+v, want 6 documents, 18 pages", stats)
	}
	if switched, err := ix.Reload(); err != nil || !switched {
		t.Fatalf("Reload after Rebuild = %v, %v", switched, err)
	}
	if n, _ := ix.Count(); n != 18 {
		t.Errorf("pages after the switch = %d, want 18", n)
	}
	if r, err := CheckIndex(ctx, e.st, ix); err != nil || !r.Clean() {
		t.Fatalf("check after rebuild = %+v, %v; want clean", r, err)
	}

	// Break it every way check knows.
	if err := ix.DeleteDocument(ctx, ids[0]); err != nil { // missing
		t.Fatal(err)
	}
	if _, err := e.st.Pool().Exec(ctx, `UPDATE documents SET title = 'Renamed' WHERE id = $1`, ids[1]); err != nil { // stale title
		t.Fatal(err)
	}
	if _, err := e.st.Pool().Exec(ctx, `UPDATE documents SET doc_type = 'policy' WHERE id = $1`, ids[2]); err != nil { // stale rev
		t.Fatal(err)
	}
	if _, err := e.st.MoveDocument(ctx, store.Transition{ID: ids[3], From: []document.Status{"ready"}, To: document.Withdrawn}); err != nil { // extra
		t.Fatal(err)
	}
	if err := ix.Put(ctx, []search.Page{{DocID: "gone", Number: 1, Body: "orphan", Status: "ready"}}); err != nil { // extra
		t.Fatal(err)
	}
	if _, err := e.st.MoveDocument(ctx, store.Transition{ID: ids[4], From: []document.Status{"ready"}, To: document.Indexing}); err != nil { // pending
		t.Fatal(err)
	}
	r, err = CheckIndex(ctx, e.st, ix)
	if err != nil {
		t.Fatal(err)
	}
	var stale []string
	for _, s := range r.Stale {
		stale = append(stale, s.DocID)
	}
	wantStale := []string{ids[1], ids[2]}
	if ids[2] < ids[1] {
		wantStale = []string{ids[2], ids[1]}
	}
	wantExtra := []string{ids[3], "gone"}
	if "gone" < ids[3] {
		wantExtra = []string{"gone", ids[3]}
	}
	if fmt.Sprint(r.Missing) != fmt.Sprint([]string{ids[0]}) || fmt.Sprint(stale) != fmt.Sprint(wantStale) || fmt.Sprint(r.Extra) != fmt.Sprint(wantExtra) {
		t.Errorf("check = missing %v stale %v extra %v; want %v %v %v", r.Missing, stale, r.Extra, ids[:1], wantStale, wantExtra)
	}
	if err := RepairIndex(ctx, e.st, e.bl, ix, r); err != nil {
		t.Fatal(err)
	}
	if r, err := CheckIndex(ctx, e.st, ix); err != nil || !r.Clean() {
		t.Errorf("check after repair = %+v, %v; want clean", r, err)
	}
	res, err := ix.Search(ctx, search.Request{Query: search.Term{Text: "renamed", Field: "title"}, Scope: search.Scope{All: true}})
	if err != nil || res.TotalDocs != 1 {
		t.Errorf("search for the new title after repair = %d documents, %v; want 1", res.TotalDocs, err)
	}
}

func TestIndexCheckThroughTheOwner(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	ids := e.seedReady(t, 3, 2)
	root := filepath.Join(t.TempDir(), "index")
	ix, err := search.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		KeepIndex(ctx, e.st, e.bl, ix, root, slog.New(slog.NewTextHandler(io.Discard, nil)), 20*time.Millisecond)
	}()
	defer func() { cancel(); <-done }()
	// KeepIndex repairs at start: the seeded documents get indexed.
	deadline := time.Now().Add(20 * time.Second)
	for n, _ := ix.Count(); n != 6; n, _ = ix.Count() {
		if time.Now().After(deadline) {
			t.Fatalf("pages after KeepIndex's start = %d, want 6", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := search.Open(root); !errors.Is(err, search.ErrInUse) {
		t.Errorf("second Open while owned = %v, want ErrInUse", err)
	}
	if err := ix.DeleteDocument(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	wait, stop := context.WithTimeout(ctx, 20*time.Second)
	defer stop()
	r, err := RequestCheck(wait, root, true)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(r.Before.Missing) != fmt.Sprint([]string{ids[1]}) || r.After == nil || !r.After.Clean() {
		t.Errorf("check through the owner = %+v, after %+v; want %s missing, then clean", r.Before, r.After, ids[1])
	}
}

// A ready document whose text is lost from storage is left out of a
// rebuild, which indexes all the others; check lists it as missing and a
// repair fixes it once the text is back.
func TestRebuildLeavesOutDocumentsWithoutText(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ids := e.seedReady(t, 3, 2)
	lost := ids[1]
	text, err := ReadText(ctx, e.bl, lost)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.bl.Remove(ctx, blob.TextKey(lost)); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "index")
	ix, err := search.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	stats, err := Rebuild(ctx, e.st, e.bl, root, 2)
	if err != nil {
		t.Fatalf("Rebuild with one text missing: %v", err)
	}
	if stats.Pages != 4 || fmt.Sprint(stats.NoText) != fmt.Sprint([]string{lost}) {
		t.Errorf("Rebuild = %d pages, no text %v; want 4 pages, no text [%s]", stats.Pages, stats.NoText, lost)
	}
	if _, err := ix.Reload(); err != nil {
		t.Fatal(err)
	}
	r, err := CheckIndex(ctx, e.st, ix)
	if err != nil || fmt.Sprint(r.Missing) != fmt.Sprint([]string{lost}) || len(r.Stale)+len(r.Extra) != 0 {
		t.Fatalf("check = %+v, %v; want only %s missing", r, err, lost)
	}
	if err := RepairIndex(ctx, e.st, e.bl, ix, r); !errors.Is(err, ErrTextMissing) {
		t.Errorf("repair without the text = %v, want ErrTextMissing", err)
	}
	if err := SaveText(ctx, e.bl, text); err != nil {
		t.Fatal(err)
	}
	if err := RepairIndex(ctx, e.st, e.bl, ix, r); err != nil {
		t.Fatalf("repair with the text back: %v", err)
	}
	if r, err := CheckIndex(ctx, e.st, ix); err != nil || !r.Clean() {
		t.Errorf("check after repair = %+v, %v; want clean", r, err)
	}
}
