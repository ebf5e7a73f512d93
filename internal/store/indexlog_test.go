package store_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/store"
)

// TestIndexLogSeqIsCommitOrder: a transaction that has written the log
// holds every other writer until it commits, so a reader never sees a seq
// while a lower one may still commit.
func TestIndexLogSeqIsCommitOrder(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	a, b := newDoc(t, st, "E06009901"), newDoc(t, st, "E06009902")
	for _, d := range []store.Document{a, b} {
		if err := st.CreateDocument(ctx, d, store.AuditEntry{Action: "document_uploaded", LA: d.LA}); err != nil {
			t.Fatal(err)
		}
	}
	txA, err := st.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer txA.Rollback(ctx)
	if err := store.AppendIndexChangesTx(ctx, txA, store.Change{DocumentID: a.ID, Kind: store.ChangeIndex}); err != nil {
		t.Fatal(err)
	}
	bDone := make(chan error, 1)
	go func() { bDone <- st.RecordIndexChanges(ctx, store.Change{DocumentID: b.ID, Kind: store.ChangeRemove}) }()
	select {
	case err := <-bDone:
		t.Fatalf("a second writer committed (%v) while the first, with a lower seq, had not", err)
	case <-time.After(300 * time.Millisecond):
	}
	if got, err := st.IndexChanges(ctx, 0, 10); err != nil || len(got) != 0 {
		t.Fatalf("IndexChanges while the first writer is open = %+v, %v; want none", got, err)
	}
	if err := txA.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-bDone; err != nil {
		t.Fatal(err)
	}
	got, err := st.IndexChanges(ctx, 0, 10)
	if err != nil || len(got) != 2 || got[0].DocumentID != a.ID || got[1].DocumentID != b.ID || got[0].Seq >= got[1].Seq ||
		got[0].LA != a.LA || got[1].Kind != store.ChangeRemove {
		t.Fatalf("IndexChanges = %+v, %v; want a's change then b's", got, err)
	}
	if lg, err := st.IndexLog(ctx); err != nil || lg.Head != got[1].Seq || lg.Trimmed != 0 {
		t.Errorf("IndexLog = %+v, %v; want head %d", lg, err, got[1].Seq)
	}
}

// TestIndexLogFollowerMissesNothing: writers commit and roll back
// concurrently (rolled-back ones leave gaps in seq) while a reader follows
// from the last seq it read; at the end it has read every committed row
// once and nothing else.
func TestIndexLogFollowerMissesNothing(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	d := newDoc(t, st, "E06009901")
	if err := st.CreateDocument(ctx, d, store.AuditEntry{Action: "document_uploaded", LA: d.LA}); err != nil {
		t.Fatal(err)
	}
	const writers, each = 6, 25
	var (
		mu        sync.Mutex
		committed int
		wg        sync.WaitGroup
	)
	for w := range writers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for range each {
				tx, err := st.Pool().Begin(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				if err := store.AppendIndexChangesTx(ctx, tx, store.Change{DocumentID: d.ID, Kind: store.ChangeIndex}); err != nil {
					t.Error(err)
					tx.Rollback(ctx)
					return
				}
				time.Sleep(time.Duration(rng.IntN(3)) * time.Millisecond)
				if rng.IntN(4) == 0 {
					tx.Rollback(ctx)
					continue
				}
				if err := tx.Commit(ctx); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				committed++
				mu.Unlock()
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var seen []int64
	after := int64(0)
	read := func() {
		rows, err := st.IndexChanges(ctx, after, 7)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			seen = append(seen, r.Seq)
			after = r.Seq
		}
	}
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		read()
	}
	for before := -1; before != len(seen); {
		before = len(seen)
		read()
	}
	all, err := st.IndexChanges(ctx, 0, writers*each)
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	for _, r := range all {
		want = append(want, r.Seq)
	}
	if len(want) != committed || !slices.Equal(seen, want) {
		t.Errorf("follower read %d rows, %d committed (%d in the log): missed or repeated %v", len(seen), committed, len(want), diff(want, seen))
	}
}

func diff(want, got []int64) []int64 {
	var out []int64
	for _, w := range want {
		if !slices.Contains(got, w) {
			out = append(out, w)
		}
	}
	return out
}

// TestIndexLogTrim: rows every live node applied go, the trimmed point is
// kept, and a node's lag is the age of its oldest change not applied.
func TestIndexLogTrim(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	d := newDoc(t, st, "E06009901")
	if err := st.CreateDocument(ctx, d, store.AuditEntry{Action: "document_uploaded", LA: d.LA}); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if err := st.RecordIndexChanges(ctx, store.Change{DocumentID: d.ID, Kind: store.ChangeIndex}); err != nil {
			t.Fatal(err)
		}
	}
	rows, _ := st.IndexChanges(ctx, 0, 10)
	third := rows[2].Seq
	if err := st.SaveIndexNode(ctx, "a", rows[4].Seq); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveIndexNode(ctx, "b", third); err != nil {
		t.Fatal(err)
	}
	through, err := st.TrimIndexLog(ctx, time.Hour)
	if err != nil || through != third {
		t.Fatalf("TrimIndexLog = %d, %v; want %d (node b's position)", through, err, third)
	}
	if left, _ := st.IndexChanges(ctx, 0, 10); len(left) != 2 || left[0].Seq != rows[3].Seq {
		t.Errorf("log after trim = %+v, want the last 2 rows", left)
	}
	if lg, err := st.IndexLog(ctx); err != nil || lg.Trimmed != third || lg.Head != rows[4].Seq {
		t.Errorf("IndexLog = %+v, %v", lg, err)
	}
	if lag, err := st.IndexLag(ctx, rows[4].Seq); err != nil || lag != 0 {
		t.Errorf("IndexLag at the head = %v, %v; want 0", lag, err)
	}
	if lag, err := st.IndexLag(ctx, third); err != nil || lag <= 0 || lag > time.Minute {
		t.Errorf("IndexLag behind = %v, %v; want the age of the oldest change", lag, err)
	}
	nodes, err := st.IndexNodes(ctx)
	if err != nil || len(nodes) != 2 || nodes[1].Applied != third {
		t.Errorf("IndexNodes = %+v, %v", nodes, err)
	}
}
