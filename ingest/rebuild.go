package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

// RebuildStats says what a rebuild did.
type RebuildStats struct {
	Generation string
	Documents  int
	Pages      int
	Duration   time.Duration
	// NoText are ready documents whose text is missing from storage: left
	// out, so that one lost object does not keep all the others out of
	// search. index check lists them as missing until they are extracted
	// again.
	NoText []string
}

// ErrTextMissing means a ready document's text is not in storage.
var ErrTextMissing = errors.New("text of a ready document is missing from storage")

// Rebuild writes a new generation of the index in root from every ready
// document (PostgreSQL) and its text (S3), then makes it current. The
// index owner (portal serve) keeps serving the old generation meanwhile
// and switches at its next reload, when it also repairs what changed
// during the rebuild. Workers read and tag texts in parallel; one writer
// feeds Bleve, which analyses each batch on every core.
func Rebuild(ctx context.Context, st *store.Store, bl *blob.Store, root string, workers int) (RebuildStats, error) {
	start := time.Now()
	if workers <= 0 {
		workers = 8
	}
	// The documents are read after the log's head: the new generation
	// holds every change up to it, and the nodes that switch to it apply
	// the log from there. Until they do, the rebuild's position keeps the
	// log from being trimmed past it.
	lg, err := st.IndexLog(ctx)
	if err != nil {
		return RebuildStats{}, err
	}
	docs, err := st.DocumentsInStatus(ctx, document.Ready)
	if err != nil {
		return RebuildStats{}, err
	}
	// Council by council: the index has a shard per council, and a shard
	// written in a few big batches needs far less merging than one written
	// in many small ones.
	slices.SortStableFunc(docs, func(a, b store.Document) int { return strings.Compare(a.LA, b.LA) })
	b, err := search.Build(root)
	if err != nil {
		return RebuildStats{}, err
	}
	b.SetBase(lg.Head)
	if err := st.SaveIndexNode(ctx, rebuildNode(b.Generation()), lg.Head); err != nil {
		b.Abort()
		return RebuildStats{}, err
	}
	stats := RebuildStats{Generation: b.Generation(), Documents: len(docs)}
	stats.NoText, err = writePages(ctx, st, bl, docs, workers, func(pages []search.Page) error {
		stats.Pages += len(pages)
		return b.Put(ctx, pages)
	})
	if err != nil {
		b.Abort()
		st.DeleteIndexNode(context.WithoutCancel(ctx), rebuildNode(stats.Generation)) //nolint:errcheck // it expires anyway
		return stats, fmt.Errorf("rebuild index: %w", err)
	}
	if err := b.Publish(ctx); err != nil {
		b.Abort()
		st.DeleteIndexNode(context.WithoutCancel(ctx), rebuildNode(stats.Generation)) //nolint:errcheck // it expires anyway
		return stats, err
	}
	stats.Duration = time.Since(start)
	return stats, nil
}

// writePages reads the documents' texts and tags with workers goroutines
// and hands their pages to put in batches, from one goroutine. Documents
// whose text is not in storage are skipped and returned, sorted.
func writePages(ctx context.Context, st *store.Store, bl *blob.Store, docs []store.Document, workers int, put func([]search.Page) error) ([]string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		noTextMu sync.Mutex
		noText   []string
	)
	todo := make(chan store.Document)
	// Unbuffered: a reader holds one chunk (a batch at most) until the
	// writer takes it, so what the readers hold is bounded by workers.
	done := make(chan []search.Page)
	errs := make(chan error, workers+1)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for d := range todo {
				if d.Pages == 0 {
					continue
				}
				pm, err := readPageMaker(ctx, st, d)
				if err != nil {
					errs <- err
					cancel()
					return
				}
				// A document goes in chunks of a batch at most, read a
				// page at a time: a worker holds one chunk, whatever the
				// document's length.
				var (
					chunk []search.Page
					size  int
				)
				send := func() error {
					select {
					case done <- chunk:
						chunk, size = nil, 0
						return nil
					case <-ctx.Done():
						return ctx.Err()
					}
				}
				_, err = EachPage(ctx, bl, d.ID, func(pg extract.Page) error {
					sp := pm.page(pg)
					chunk = append(chunk, sp)
					size += search.PageBytes(sp)
					if search.Full(len(chunk), size) {
						return send()
					}
					return nil
				})
				if err == nil && len(chunk) > 0 {
					err = send()
				}
				if errors.Is(err, blob.ErrNotFound) {
					noTextMu.Lock()
					noText = append(noText, d.ID)
					noTextMu.Unlock()
					continue
				}
				if ctx.Err() != nil {
					return
				}
				if err != nil {
					errs <- err
					cancel()
					return
				}
			}
		})
	}
	wg.Go(func() {
		defer close(todo)
		for _, d := range docs {
			select {
			case todo <- d:
			case <-ctx.Done():
				return
			}
		}
	})
	go func() { wg.Wait(); close(done) }()
	var (
		batch      []search.Page
		batchBytes int
	)
	for pages := range done {
		batch = append(batch, pages...)
		for _, p := range pages {
			batchBytes += search.PageBytes(p)
		}
		if search.Full(len(batch), batchBytes) {
			if err := put(batch); err != nil {
				cancel()
				for range done { // let the readers stop
				}
				return nil, err
			}
			batch, batchBytes = nil, 0
		}
	}
	select {
	case err := <-errs:
		return nil, err
	default:
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(batch) > 0 {
		if err := put(batch); err != nil {
			return nil, err
		}
	}
	slices.Sort(noText)
	return noText, nil
}

// CheckIndex compares the index with the database: ready documents
// missing from it or stale in it, and documents in it that should not be.
// Documents being indexed right now are left out.
func CheckIndex(ctx context.Context, st *store.Store, ix *search.Index) (search.Report, error) {
	docs, err := st.DocumentsInStatus(ctx, document.Ready, document.Indexing)
	if err != nil {
		return search.Report{}, err
	}
	// The index is read after the database: a document indexed in between
	// was "indexing" in the database read, so it is pending, not extra.
	have, err := ix.Documents(ctx)
	if err != nil {
		return search.Report{}, err
	}
	want, pending := map[string]search.DocState{}, map[string]bool{}
	for _, d := range docs {
		if d.Status == document.Indexing {
			pending[d.ID] = true
			continue
		}
		want[d.ID] = docState(d)
	}
	return search.Compare(want, have, pending), nil
}

// RepairIndex fixes what a check found: missing and stale documents are
// indexed again from their text, extra ones removed. Each fix is
// idempotent, so a repair cut short is simply run again. Documents whose
// text is missing from storage cannot be fixed: the rest is, and they are
// named in an ErrTextMissing.
func RepairIndex(ctx context.Context, st *store.Store, bl *blob.Store, ix *search.Index, r search.Report) error {
	for _, id := range r.Extra {
		if err := ix.DeleteDocument(ctx, id); err != nil {
			return err
		}
	}
	ids := append([]string(nil), r.Missing...)
	for _, s := range r.Stale {
		ids = append(ids, s.DocID)
	}
	if len(ids) == 0 {
		return nil
	}
	docs, err := st.DocumentsInStatus(ctx, document.Ready)
	if err != nil {
		return err
	}
	fix := map[string]bool{}
	for _, id := range ids {
		fix[id] = true
	}
	var todo []store.Document
	for _, d := range docs {
		if fix[d.ID] {
			todo = append(todo, d)
		}
	}
	for _, s := range r.Stale {
		if err := ix.DeleteDocument(ctx, s.DocID); err != nil {
			return err
		}
	}
	noText, err := writePages(ctx, st, bl, todo, 4, func(pages []search.Page) error { return ix.Put(ctx, pages) })
	if err != nil {
		return err
	}
	if len(noText) > 0 {
		return fmt.Errorf("repair index: %d documents not indexed (%s): %w", len(noText), strings.Join(noText, ", "), ErrTextMissing)
	}
	return nil
}
