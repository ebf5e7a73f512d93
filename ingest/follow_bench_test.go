package ingest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

func benchEnvInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// oldIndexStage is what the index stage did before the change log, for
// the benchmark's reference: one document at a time, its old pages
// deleted, its text read a page at a time and written in batches.
func oldIndexStage(ctx context.Context, e *env, ix *search.Index, d store.Document) error {
	tags, err := e.st.DocumentTags(ctx, authz.AllLAs(), d.ID)
	if err != nil {
		return err
	}
	if err := ix.DeleteDocument(ctx, d.ID); err != nil {
		return err
	}
	pg := newPageMaker(d, tags)
	var batch []search.Page
	size := 0
	if _, err := EachPage(ctx, e.bl, d.ID, func(tp extract.Page) error {
		sp := pg.page(tp)
		batch = append(batch, sp)
		size += search.PageBytes(sp)
		if !search.Full(len(batch), size) {
			return nil
		}
		err := ix.Put(ctx, batch)
		batch, size = batch[:0], 0
		return err
	}); err != nil {
		return err
	}
	return ix.Put(ctx, batch)
}

// TestFollowBench is the change log's benchmark (deploy/dev/bench.d/
// 60-follow.sh; skipped unless FOLLOW_BENCH=1): log apply throughput
// against the index stage as it was, on the same pages, and the time from
// a document's commit to searchable on each of three nodes under steady
// ingest.
func TestFollowBench(t *testing.T) {
	if os.Getenv("FOLLOW_BENCH") != "1" {
		t.Skip("FOLLOW_BENCH=1 runs the change log benchmark")
	}
	e := newEnv(t)
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	docs, pages := benchEnvInt("FOLLOW_BENCH_DOCS", 300), benchEnvInt("FOLLOW_BENCH_PAGES", 10)

	// Throughput: the same documents through the old index stage into one
	// index, and through the log into another.
	var seeded []store.Document
	for range docs {
		seeded = append(seeded, e.seedLong(t, pages, document.Indexing))
	}
	old, err := search.Open(filepath.Join(t.TempDir(), "old"))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	began := time.Now()
	for _, d := range seeded {
		if err := oldIndexStage(ctx, e, old, d); err != nil {
			t.Fatal(err)
		}
	}
	oldTook := time.Since(began)
	for _, d := range seeded {
		if _, err := e.st.MoveDocument(ctx, store.Transition{ID: d.ID, From: []document.Status{document.Indexing}, To: document.Ready,
			Changes: []store.Change{{DocumentID: d.ID, Kind: store.ChangeIndex}}}); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := search.Open(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	f := NewFollower(e.st, e.bl, ix, "", quiet, FollowOptions{})
	began = time.Now()
	if err := f.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	logTook := time.Since(began)
	n, _ := ix.Count()
	if no, _ := old.Count(); n != no || n != uint64(docs*pages) {
		t.Fatalf("pages: %d by the log, %d by the old stage, want %d", n, no, docs*pages)
	}
	oldRate, logRate := float64(docs*pages)/oldTook.Seconds(), float64(docs*pages)/logTook.Seconds()
	fmt.Printf("apply throughput, %d documents of %d pages (2.8 KB each):\n", docs, pages)
	fmt.Printf("  index stage as before (one document at a time): %6.0f pages/s (%s)\n", oldRate, oldTook.Round(time.Millisecond))
	fmt.Printf("  change log follower:                            %6.0f pages/s (%s)\n", logRate, logTook.Round(time.Millisecond))
	fmt.Printf("  follower / index stage: %.2fx (target >= 0.8x)\n", logRate/oldRate)

	// Latency: three nodes follow while documents become ready at a
	// steady rate; each commit's seq is timed until every node applied it.
	rate, secs := benchEnvInt("FOLLOW_BENCH_RATE", 10), benchEnvInt("FOLLOW_BENCH_SECONDS", 20)
	var steady []store.Document
	for range rate * secs {
		steady = append(steady, e.seedLong(t, 3, document.Indexing))
	}
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var nodes []*Follower
	for i := range 3 {
		nix, err := search.Open(filepath.Join(t.TempDir(), fmt.Sprintf("node-%d", i+1)))
		if err != nil {
			t.Fatal(err)
		}
		defer nix.Close()
		nf := NewFollower(e.st, e.bl, nix, "", quiet, FollowOptions{Node: fmt.Sprintf("bench-%d", i+1)})
		nodes = append(nodes, nf)
		wg.Go(func() { nf.Run(runCtx) })
	}
	for _, nf := range nodes { // started and caught up with the throughput part
		for lg, _ := e.st.IndexLog(ctx); nf.Applied() < lg.Head; time.Sleep(10 * time.Millisecond) {
		}
	}
	type commit struct {
		seq int64
		at  time.Time
	}
	lat := make([][]time.Duration, len(nodes))
	var mu sync.Mutex
	var watch sync.WaitGroup
	pending := make([][]commit, len(nodes))
	for i, nf := range nodes {
		watch.Go(func() {
			for {
				mu.Lock()
				applied := nf.Applied()
				now := time.Now()
				keep := pending[i][:0]
				for _, c := range pending[i] {
					if c.seq <= applied {
						lat[i] = append(lat[i], now.Sub(c.at))
					} else {
						keep = append(keep, c)
					}
				}
				pending[i] = keep
				done := len(lat[i]) == len(steady)
				mu.Unlock()
				if done {
					return
				}
				time.Sleep(2 * time.Millisecond)
			}
		})
	}
	tick := time.NewTicker(time.Second / time.Duration(rate))
	for _, d := range steady {
		<-tick.C
		if _, err := e.st.MoveDocument(ctx, store.Transition{ID: d.ID, From: []document.Status{document.Indexing}, To: document.Ready,
			Changes: []store.Change{{DocumentID: d.ID, Kind: store.ChangeIndex}}}); err != nil {
			t.Fatal(err)
		}
		at := time.Now()
		lg, err := e.st.IndexLog(ctx) // the only writer: the head is this commit
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		for i := range nodes {
			pending[i] = append(pending[i], commit{lg.Head, at})
		}
		mu.Unlock()
	}
	tick.Stop()
	watch.Wait()
	stop()
	wg.Wait()
	fmt.Printf("commit to searchable, %d documents of 3 pages at %d/s, LISTEN/NOTIFY with a 2 s poll:\n", len(steady), rate)
	for i, l := range lat {
		slices.Sort(l)
		fmt.Printf("  node %d: median %s, p95 %s, max %s\n", i+1, l[len(l)/2].Round(100*time.Microsecond),
			l[len(l)*95/100].Round(100*time.Microsecond), l[len(l)-1].Round(100*time.Microsecond))
	}
}
