package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

// TestSnapshotPublishRestore: two nodes follow the log with snapshots
// every second; one of them publishes each interval (the lease), the
// latest snapshot holds the log from its seq, only the newest two stay in
// S3; a new node restores the latest into an empty directory, starts at
// its seq and catches up with the log to the same pages as the others;
// a snapshot whose bytes differ from the recorded SHA-256 is refused and
// leaves no index behind.
func TestSnapshotPublishRestore(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	ready := func(n int) {
		for range n {
			d := e.seedLong(t, 3, document.Indexing)
			if _, err := e.st.MoveDocument(ctx, store.Transition{ID: d.ID, From: []document.Status{document.Indexing}, To: document.Ready,
				Changes: []store.Change{{DocumentID: d.ID, Kind: store.ChangeIndex}}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	ready(5)

	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { stop(); wg.Wait() }()
	var nodes []*Follower
	var indexes []*search.Index
	for i := range 2 {
		ix, err := search.Open(filepath.Join(t.TempDir(), "index"))
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		f := NewFollower(e.st, e.bl, ix, "", quiet, FollowOptions{Node: fmt.Sprintf("node-%d", i+1), SnapshotEvery: time.Second, Poll: 200 * time.Millisecond})
		nodes, indexes = append(nodes, f), append(indexes, ix)
		wg.Go(func() { f.Run(runCtx) })
	}
	// snapshotAt waits for a snapshot that holds the log up to seq.
	snapshotAt := func(seq int64) store.IndexSnapshot {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			s, err := e.st.LatestIndexSnapshot(ctx, search.MappingVersion)
			if err == nil && s.Seq >= seq {
				return s
			}
			if err != nil && !errors.Is(err, store.ErrNoSnapshot) {
				t.Fatal(err)
			}
			if time.Now().After(deadline) {
				t.Fatalf("no snapshot at seq %d within 30 s (latest %+v, %v)", seq, s, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	var seen []store.IndexSnapshot
	for round := range 4 {
		if round > 0 {
			ready(2)
		}
		lg, err := e.st.IndexLog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s := snapshotAt(lg.Head)
		if s.Pages != int64(3*(5+2*round)) {
			t.Errorf("snapshot at seq %d holds %d pages, want %d", s.Seq, s.Pages, 3*(5+2*round))
		}
		seen = append(seen, s)
	}
	for i := 1; i < len(seen); i++ {
		if gap := seen[i].At.Sub(seen[i-1].At); gap < 900*time.Millisecond {
			t.Errorf("snapshots %s and %s published %s apart, want one an interval", seen[i-1].Key, seen[i].Key, gap)
		}
	}
	latest := seen[len(seen)-1]
	ns, err := e.st.IndexNodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	holds := false
	for _, n := range ns {
		holds = holds || (n.Node == "snapshot" && n.Applied >= latest.Seq)
	}
	if !holds {
		t.Errorf("index nodes %+v: the latest snapshot does not hold the log from seq %d", ns, latest.Seq)
	}
	objects, err := e.bl.List(ctx, blob.IndexSnapshotPrefix, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(objects) > snapshotsKept+1 { // +1: one being published
		t.Errorf("%d snapshots in S3, want at most %d", len(objects), snapshotsKept)
	}

	// A change after the latest snapshot: the new node takes it from the log.
	stop()
	wg.Wait()
	ready(1)
	lg, err := e.st.IndexLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	latest, err = e.st.LatestIndexSnapshot(ctx, search.MappingVersion)
	if err != nil || latest.Seq >= lg.Head {
		t.Fatalf("latest snapshot %+v (%v): want it below the log head %d", latest, err, lg.Head)
	}
	root := filepath.Join(t.TempDir(), "new")
	got, err := RestoreSnapshot(ctx, e.st, e.bl, root)
	if err != nil || got.Key != latest.Key {
		t.Fatalf("RestoreSnapshot = %s, %v; want %s", got.Key, err, latest.Key)
	}
	ix, err := search.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	pos, err := ix.Position()
	if err != nil || pos.Low != latest.Seq {
		t.Fatalf("restored position %+v, %v; want seq %d", pos, err, latest.Seq)
	}
	f := NewFollower(e.st, e.bl, ix, root, quiet, FollowOptions{Node: "node-3"})
	if err := f.start(ctx); err != nil {
		t.Fatal(err)
	}
	rows, _ := f.Counts()
	if f.Applied() != lg.Head || rows != 1 {
		t.Errorf("new node applied %d rows up to %d, want the one change after the snapshot, up to %d", rows, f.Applied(), lg.Head)
	}
	if err := nodes[0].CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	want, _ := indexes[0].Count()
	if n, _ := ix.Count(); n != want || n != uint64(3*12) {
		t.Errorf("new node holds %d pages, node-1 %d, want %d", n, want, 3*12)
	}

	// A snapshot whose bytes are not the recorded ones.
	var forged bytes.Buffer
	r, err := e.bl.Open(ctx, latest.Key)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(&forged, r)
	r.Close()
	b := forged.Bytes()
	b[len(b)/2] ^= 0xff
	if _, err := e.bl.Put(ctx, latest.Key, bytes.NewReader(b), int64(len(b)), "application/x-tar"); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "forged")
	if _, err := RestoreSnapshot(ctx, e.st, e.bl, other); err == nil {
		t.Fatal("a snapshot with another SHA-256 was restored")
	}
	if search.Exists(other) {
		t.Error("a refused snapshot left an index behind")
	}
}
