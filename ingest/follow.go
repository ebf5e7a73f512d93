package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

// FollowOptions configure a node's follower of the index change log.
type FollowOptions struct {
	// Node names this node in index_nodes (PORTAL_NODE_ID).
	Node string
	// Poll is how often the log is read when no notification came
	// (PORTAL_INDEX_POLL, default 2 s).
	Poll time.Duration
	// Housekeeping is how often the follower switches to a generation
	// portal reindex published and answers portal index check (default 5 s).
	Housekeeping time.Duration
	// CountEvery is how often the cheap check compares each council's
	// page count with the database's (default 1 minute), and trims the log.
	CountEvery time.Duration
	// Retention is how long the log keeps a change that a node has not
	// applied (PORTAL_INDEX_LOG_RETENTION, default 24 hours).
	Retention time.Duration
	// Readers read documents' texts at once (default 4).
	Readers int
	// SnapshotEvery is how often one node of the cluster publishes a
	// snapshot of its index to S3 for new nodes to start from
	// (PORTAL_INDEX_SNAPSHOT_EVERY; zero: never).
	SnapshotEvery time.Duration
}

func (o FollowOptions) withDefaults() FollowOptions {
	if o.Node == "" {
		o.Node = "node"
	}
	if o.Poll <= 0 {
		o.Poll = 2 * time.Second
	}
	if o.Housekeeping <= 0 {
		o.Housekeeping = 5 * time.Second
	}
	if o.CountEvery <= 0 {
		o.CountEvery = time.Minute
	}
	if o.Retention <= 0 {
		o.Retention = 24 * time.Hour
	}
	if o.Readers <= 0 {
		o.Readers = 4
	}
	return o
}

// roundRows bounds the log rows one round reads; the pages they bring are
// written in batches within search.BatchPages and BatchBytes.
const roundRows = 500

// Follower keeps one node's index in step with the change log: every
// `portal serve` runs one (Pipeline.Run, KeepIndex). It is the only writer
// of its index, so applying the log, repairs and switches to a rebuilt
// generation never overlap. A row of the log only names a document; the
// follower writes what the database and S3 say of the document when it
// applies the row (its pages with their tags, or nothing when it is
// withdrawn, superseded, failed or gone), the way the index stage did. So
// applying a row again, or a repair in between, does no harm, and the
// nodes end alike whatever they were doing when a change came.
type Follower struct {
	st   *store.Store
	bl   *blob.Store
	ix   *search.Index
	root string
	log  *slog.Logger
	o    FollowOptions

	wake chan struct{}

	// Owned by the Run goroutine (or CatchUp's caller).
	shards map[string]int64 // per council, the last seq in its shard

	applied  atomic.Int64
	drift    atomic.Int64
	behind   atomic.Bool // below the trimmed point: repairing from the database
	started  atomic.Bool // has read its position
	appliedN atomic.Int64
	pagesN   atomic.Int64
}

// NewFollower makes the follower of ix, whose directory is root.
func NewFollower(st *store.Store, bl *blob.Store, ix *search.Index, root string, log *slog.Logger, o FollowOptions) *Follower {
	return &Follower{st: st, bl: bl, ix: ix, root: root, log: log, o: o.withDefaults(), wake: make(chan struct{}, 1), shards: map[string]int64{}}
}

// Applied is the last seq of the log the index holds every change up to.
func (f *Follower) Applied() int64 { return f.applied.Load() }

// Drift is what the last cheap check found: pages the index holds more or
// fewer than the database says, summed over councils.
func (f *Follower) Drift() int64 { return f.drift.Load() }

// Applied counts, since start, the log rows and pages this node applied.
func (f *Follower) Counts() (rows, pages int64) { return f.appliedN.Load(), f.pagesN.Load() }

// ErrNotFollowing means the node's index is not following the change log
// yet: it is starting, or repairing from the database after falling
// behind the trimmed log.
var ErrNotFollowing = errors.New("the search index is not following the change log yet (starting, or repairing from the database)")

// Lag is how long the oldest change this node has not applied has
// waited, or ErrNotFollowing.
func (f *Follower) Lag(ctx context.Context) (time.Duration, error) {
	if !f.started.Load() || f.behind.Load() {
		return 0, ErrNotFollowing
	}
	return f.st.IndexLag(ctx, f.applied.Load())
}

// Wake asks the follower to read the log now.
func (f *Follower) Wake() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// Run follows the log until ctx ends: at start it reads its position from
// the index (or, below the trimmed point, checks and repairs from the
// database), catches up, then checks and repairs as the index owner always
// did; then it applies each change when notified, or at the latest every
// Poll, and does the housekeeping.
func (f *Follower) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wg.Go(func() { f.st.ListenIndexLog(ctx, f.Wake) })

	for {
		err := f.start(ctx)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return
		}
		f.log.Error("index follower could not start", "error", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(f.o.Poll):
		}
	}
	f.repair(ctx, "start")
	poll := time.NewTicker(f.o.Poll)
	defer poll.Stop()
	house := time.NewTicker(f.o.Housekeeping)
	defer house.Stop()
	count := time.NewTicker(f.o.CountEvery)
	defer count.Stop()
	var snapTick <-chan time.Time
	if f.o.SnapshotEvery > 0 {
		// Every node asks for the lease four times an interval, so a
		// snapshot is published at most a quarter interval late.
		t := time.NewTicker(max(f.o.SnapshotEvery/4, time.Second))
		defer t.Stop()
		snapTick = t.C
	}
	publishing := false
	published := make(chan error, 1)
	lastSaved := time.Time{}
	for {
		select {
		case <-ctx.Done():
			if publishing {
				<-published
			}
			return
		case <-snapTick:
			f.maybeSnapshot(ctx, &publishing, published)
			continue
		case err := <-published:
			publishing = false
			if err != nil && ctx.Err() == nil {
				f.log.Error("index snapshot publication failed", "error", err)
			}
			continue
		case <-f.wake:
		case <-poll.C:
		case <-house.C:
			f.housekeeping(ctx)
			lastSaved = time.Time{}
		case <-count.C:
			f.countCheck(ctx)
			if _, err := f.st.TrimIndexLog(ctx, f.o.Retention); err != nil && ctx.Err() == nil {
				f.log.Error("index log trim failed", "error", err)
			}
		}
		before := f.Applied()
		if err := f.CatchUp(ctx); err != nil && ctx.Err() == nil {
			f.log.Error("index log apply failed", "error", err, "applied", f.Applied())
		}
		if f.Applied() != before || time.Since(lastSaved) > f.o.Housekeeping {
			if err := f.st.SaveIndexNode(ctx, f.o.Node, f.Applied()); err != nil && ctx.Err() == nil {
				f.log.Warn("save index position", "error", err)
			}
			lastSaved = time.Now()
		}
	}
}

// start reads the position kept in the index. A position below the log's
// trimmed point cannot be followed: the node then checks its index against
// the database and repairs it, as it stood at the head read before, and
// follows from that head.
func (f *Follower) start(ctx context.Context) error {
	pos, err := f.ix.Position()
	if err != nil {
		return err
	}
	f.shards = pos.Shards
	f.applied.Store(pos.Low)
	lg, err := f.st.IndexLog(ctx)
	if err != nil {
		return err
	}
	if pos.Low < lg.Trimmed {
		if err := f.fromDatabase(ctx, lg.Head, "behind the trimmed log"); err != nil {
			return err
		}
	}
	f.started.Store(true)
	return f.CatchUp(ctx)
}

// fromDatabase repairs the index from the database as it stands after
// head and records head as its position.
func (f *Follower) fromDatabase(ctx context.Context, head int64, why string) error {
	f.behind.Store(true)
	f.log.Warn("index below the trimmed change log: checking and repairing it from the database", "applied", f.Applied(), "head", head, "reason", why)
	r, err := CheckIndex(ctx, f.st, f.ix)
	if err == nil && !r.Clean() {
		err = RepairIndex(ctx, f.st, f.bl, f.ix, r)
	}
	if err != nil {
		return err
	}
	if err := f.ix.SetBase(head); err != nil {
		return err
	}
	f.applied.Store(head)
	f.behind.Store(false)
	return nil
}

// CatchUp applies the log until it has applied every committed row.
func (f *Follower) CatchUp(ctx context.Context) error {
	for {
		more, err := f.round(ctx)
		if err != nil || !more {
			return err
		}
	}
}

// round applies up to roundRows rows of the log; it reports whether it
// found any.
func (f *Follower) round(ctx context.Context) (bool, error) {
	prev := f.Applied()
	rows, err := f.st.IndexChanges(ctx, prev, roundRows)
	if err != nil || len(rows) == 0 {
		return false, err
	}
	if rows[0].Seq > prev+1 {
		// A gap is a rolled-back transaction's seq, or the log was
		// trimmed past this node.
		lg, err := f.st.IndexLog(ctx)
		if err != nil {
			return false, err
		}
		if prev < lg.Trimmed {
			return false, f.fromDatabase(ctx, lg.Head, "trimmed while it was behind")
		}
	}
	end := rows[len(rows)-1].Seq
	byLA := map[string][]string{}
	var ids []string
	seen := map[string]bool{}
	for _, r := range rows {
		if r.Seq <= f.shards[r.LA] || seen[r.DocumentID] {
			continue // in the shard already (a round cut short by a kill)
		}
		seen[r.DocumentID] = true
		ids = append(ids, r.DocumentID)
		byLA[r.LA] = append(byLA[r.LA], r.DocumentID)
	}
	pages, err := f.apply(ctx, ids, byLA, search.Mark{Prev: prev, Seq: end})
	if err != nil {
		return false, err
	}
	for la := range byLA {
		f.shards[la] = end
	}
	f.applied.Store(end)
	f.appliedN.Add(int64(len(rows)))
	f.pagesN.Add(int64(pages))
	return true, nil
}

// apply writes what the database says of documents ids (by council in
// byLA) to the index, and mark in each council's shard, last.
func (f *Follower) apply(ctx context.Context, ids []string, byLA map[string][]string, mark search.Mark) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	docs, current, err := f.st.DocumentsForIndex(ctx, ids)
	if err != nil {
		return 0, err
	}
	var todo []store.Document
	for _, id := range ids {
		d, ok := docs[id]
		if ok && current[id] && (d.Status == document.Ready || d.Status == document.Indexing) && d.Pages > 0 {
			todo = append(todo, d)
		}
	}
	removed := map[string]bool{}
	for _, id := range ids {
		d, ok := docs[id]
		if ok && current[id] && !d.Status.Final() && d.Status != document.Ready && d.Status != document.Indexing {
			removed[id] = true // still in the pipeline (re-tagged): its pages stay until it is ready again
		}
	}
	// Pages wait in held until a batch is full; the last ones of the round
	// go with each council's position, in one batch per council.
	n := 0
	var held []search.Page
	heldBytes := 0
	write := func(pages []search.Page, mark *search.Mark, only map[string][]string) error {
		byShard := map[string][]search.Page{}
		for _, p := range pages {
			byShard[p.LA] = append(byShard[p.LA], p)
		}
		las := slices.Collect(maps.Keys(byShard))
		for la := range only {
			if _, ok := byShard[la]; !ok {
				las = append(las, la)
			}
		}
		slices.Sort(las)
		for _, la := range las {
			var remove []string
			for _, p := range byShard[la] {
				if !removed[p.DocID] {
					removed[p.DocID] = true
					remove = append(remove, p.DocID)
				}
			}
			for _, id := range only[la] {
				if !removed[id] {
					removed[id] = true
					remove = append(remove, id)
				}
			}
			if err := f.ix.ApplyShard(ctx, la, remove, byShard[la], mark); err != nil {
				return err
			}
		}
		return nil
	}
	noText, err := writePages(ctx, f.st, f.bl, todo, f.o.Readers, func(pages []search.Page) error {
		n += len(pages)
		held = append(held, pages...)
		for _, p := range pages {
			heldBytes += search.PageBytes(p)
		}
		if !search.Full(len(held), heldBytes) {
			return nil
		}
		err := write(held, nil, nil)
		held, heldBytes = nil, 0
		return err
	})
	if err != nil {
		return n, err
	}
	if len(noText) > 0 {
		f.log.Warn("documents left out of the index: their text is missing from storage", "documents", noText)
	}
	// Every council of the round gets its position, with its last pages
	// and its documents to remove.
	return n, write(held, &mark, byLA)
}

// repair checks the index against the database and fixes what differs.
func (f *Follower) repair(ctx context.Context, why string) {
	r, err := CheckIndex(ctx, f.st, f.ix)
	if err == nil && !r.Clean() {
		err = RepairIndex(ctx, f.st, f.bl, f.ix, r)
	}
	if err != nil {
		if ctx.Err() == nil {
			f.log.Error("index check failed", "reason", why, "error", err)
		}
		return
	}
	f.log.Info("index checked", "reason", why, "documents", r.Checked, "missing", len(r.Missing), "stale", len(r.Stale),
		"extra", len(r.Extra), "generation", f.ix.Generation(), "applied", f.Applied())
}

// housekeeping answers portal index check and switches to a generation
// that portal reindex published: the new one holds every change up to the
// seq its rebuild started from, and the log is applied from there.
func (f *Follower) housekeeping(ctx context.Context) {
	if asked, err := answerCheck(ctx, f.st, f.bl, f.ix, f.root); err != nil {
		f.log.Error("index check asked by portal index check failed", "error", err)
	} else if asked {
		f.log.Info("index check asked by portal index check done")
	}
	switched, err := f.ix.Reload()
	if err != nil {
		f.log.Error("index switch failed", "error", err)
		return
	}
	if !switched {
		return
	}
	gen := f.ix.Generation()
	f.log.Info("index switched to a rebuilt generation", "generation", gen)
	if err := f.start(ctx); err != nil {
		f.log.Error("index follower restart after switch failed", "error", err)
	}
	if err := f.st.DeleteIndexNode(ctx, rebuildNode(gen)); err != nil {
		f.log.Warn("remove the rebuild's log position", "error", err)
	}
	f.repair(ctx, "switch")
}

// rebuildNode is the name under which a rebuild holds the log from being
// trimmed past the seq it started from.
func rebuildNode(gen string) string { return "reindex:" + gen }

// countCheck is the periodic cheap check: once the node has applied the
// head read with the database's page counts, each council's shard should
// hold that many pages. A difference is drift (a metric) and is repaired
// by the full, document by document, check.
func (f *Follower) countCheck(ctx context.Context) {
	for try := 0; try < 3; try++ {
		want, unsettled, head, err := f.st.PagesByLA(ctx)
		if err != nil {
			f.log.Error("index count check failed", "error", err)
			return
		}
		if head != f.Applied() {
			// Changes came meanwhile: apply them and read again.
			if err := f.CatchUp(ctx); err != nil {
				return
			}
			continue
		}
		have, err := f.ix.ShardPages()
		if err != nil {
			f.log.Error("index count check failed", "error", err)
			return
		}
		var drift int64
		for la, n := range want {
			if !unsettled[la] {
				drift += absDiff(n, int64(have[la]))
			}
		}
		for la, n := range have {
			if _, ok := want[la]; !ok {
				drift += int64(n)
			}
		}
		if drift == 0 {
			f.drift.Store(0)
			return
		}
		if try < 2 {
			continue // a change between the count and its apply: read again
		}
		f.drift.Store(drift)
		f.log.Warn("index drift: page counts differ from the database", "pages", drift, "applied", f.Applied())
		f.repair(ctx, "drift")
		return
	}
}

func absDiff(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

// String describes the follower for logs.
func (f *Follower) String() string {
	return fmt.Sprintf("follower %s at %d", f.o.Node, f.Applied())
}
