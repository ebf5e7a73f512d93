package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
	"github.com/google/uuid"
)

// seedLong makes a document in status st of pages pages of about 2.8 KB
// of varied words each (as the 60 MB text file of issue 15 made), with its
// text in S3.
func (e *env) seedLong(t *testing.T, pages int, st document.Status) store.Document {
	t.Helper()
	ctx := context.Background()
	id := uuid.NewString()
	sum := sha256.Sum256([]byte(id))
	d := store.Document{ID: id, LA: "E06009901", Title: "Long register", Type: "other",
		Filename: "long.txt", Kind: "TXT", ContentType: "text/plain", Size: 10, SHA256: hex.EncodeToString(sum[:]),
		ObjectKey: blob.FileKey(id), Status: st, UploadedBy: e.user.ID}
	if err := e.st.CreateDocument(ctx, d, store.AuditEntry{ActorEmail: e.user.Email, Action: "document.upload"}); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(uint64(pages), 7))
	z := rand.NewZipf(r, 1.1, 2, 100000)
	text := Text{DocumentID: id, Outcome: "text"}
	var b strings.Builder
	for p := 1; p <= pages; p++ {
		b.Reset()
		for b.Len() < 2800 {
			fmt.Fprintf(&b, "w%x ", z.Uint64())
		}
		text.Pages = append(text.Pages, extract.Page{Number: p, Text: b.String()})
	}
	if err := SaveText(ctx, e.bl, text); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.MoveDocument(ctx, store.Transition{ID: id, From: []document.Status{st}, To: st, Pages: pages}); err != nil {
		t.Fatal(err)
	}
	d.Pages = pages
	return d
}

// peakHeap runs f while it samples the heap's live and unswept objects
// every millisecond, and returns the most seen above what was there before.
func peakHeap(t *testing.T, f func() error) uint64 {
	t.Helper()
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			if n := read(); n > peak.Load() {
				peak.Store(n)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	err := f()
	close(done)
	<-stopped
	if err != nil {
		t.Fatal(err)
	}
	return peak.Load() - min(base, peak.Load())
}

// indexHeapBound is the most heap applying a document from the change log
// may take, whatever its length.
const indexHeapBound = 224 << 20

// TestIndexStageMemoryIsBounded applies a document of one batch's worth of
// pages and one of five from the change log (what the index stage did until
// every node followed the log): their peak heaps must be about the same,
// and under indexHeapBound, which batches of search.BatchBytes allow. When
// every page of a document went to Bleve in one batch (issue 15), the heap
// grew with the pages: 5.6 GB for the 16,720 pages of a 50 MB CSV; with
// batches of 2,000 pages it was about 400 MB of live heap whatever the
// document. The garbage collector runs at GOGC=25 meanwhile, so the heap
// measured is what is live, not what a collection has yet to free.
func TestIndexStageMemoryIsBounded(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's own memory hides the heap's")
	}
	if testing.Short() {
		t.Skip("indexes 12,000 pages")
	}
	e := newEnv(t)
	f := NewFollower(e.st, e.bl, e.index, "", slog.New(slog.NewTextHandler(io.Discard, nil)), FollowOptions{})
	ctx := context.Background()
	apply := func(d store.Document) error {
		if _, err := e.st.MoveDocument(ctx, store.Transition{ID: d.ID, From: []document.Status{document.Indexing}, To: document.Ready,
			Changes: []store.Change{{DocumentID: d.ID, Kind: store.ChangeIndex}}}); err != nil {
			return err
		}
		return f.CatchUp(ctx)
	}
	small, large := 2000, 10000
	ds, dl := e.seedLong(t, small, document.Indexing), e.seedLong(t, large, document.Indexing)
	// A first document warms the index up (its shard, caches), so that
	// the two measured start alike.
	if err := apply(e.seedLong(t, 200, document.Indexing)); err != nil {
		t.Fatal(err)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(25))
	ps := peakHeap(t, func() error { return apply(ds) })
	pl := peakHeap(t, func() error { return apply(dl) })
	t.Logf("peak heap indexing %d pages: %.0f MiB; %d pages: %.0f MiB", small, float64(ps)/(1<<20), large, float64(pl)/(1<<20))
	// Linear growth would be 5 times; allow for a merge of the shard's
	// segments running meanwhile.
	if pl > 2*ps {
		t.Errorf("peak heap grew from %.0f MiB (%d pages) to %.0f MiB (%d pages): indexing holds more than a batch", float64(ps)/(1<<20), small, float64(pl)/(1<<20), large)
	}
	// A batch of 2 MiB of text costs Bleve about 120 MB while it is
	// written; the readers' pages, a merge of the shard's segments and the
	// collector's slack at GOGC=25 come on top (measured: 164 MiB). With
	// batches of 2,000 pages it was over 400 MiB.
	if pl > indexHeapBound {
		t.Errorf("peak heap indexing %d pages: %.0f MiB, over the bound of %.0f MiB (batches of %d MiB of text)", large, float64(pl)/(1<<20), float64(indexHeapBound)/(1<<20), search.BatchBytes>>20)
	}
	if n, err := e.index.Count(); err != nil || n != uint64(200+small+large) {
		t.Errorf("index holds %d pages (%v), want %d", n, err, 200+small+large)
	}
}
