package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

// Snapshots of the index (issue 14): once per PORTAL_INDEX_SNAPSHOT_EVERY
// one node of the cluster (the one that takes the lease) copies its index
// while it goes on following the log and publishes the copy to S3 as a tar,
// recorded with the seq it holds. A node started with an empty index
// directory unpacks the latest one and follows the log from its seq,
// instead of reading every document's text from S3.
const (
	// snapshotsKept is how many snapshots of a mapping version stay in S3.
	snapshotsKept = 2
	// snapshotLimit bounds a snapshot's size (the index of a million pages
	// is about 6 GB).
	snapshotLimit = 256 << 30
)

// snapshotKey is where a snapshot goes in the bucket.
func snapshotKey(node string, seq int64, at time.Time) string {
	return fmt.Sprintf("%sv%d/%s-%020d-%s.tar", blob.IndexSnapshotPrefix, search.MappingVersion, at.UTC().Format("20060102T150405Z"), seq, node)
}

// maybeSnapshot starts a snapshot when this node takes the lease of the
// interval: the index is copied and the copy published beside the
// follower, which goes on applying the log (at most one at a time).
func (f *Follower) maybeSnapshot(ctx context.Context, publishing *bool, done chan<- error) {
	if *publishing || f.behind.Load() {
		return
	}
	won, err := f.st.TakeIndexSnapshotLease(ctx, f.o.Node, f.o.SnapshotEvery)
	if err != nil || !won {
		if err != nil && ctx.Err() == nil {
			f.log.Warn("index snapshot lease", "error", err)
		}
		return
	}
	applied := f.Applied()
	if last, err := f.st.LatestIndexSnapshot(ctx, search.MappingVersion); err == nil && last.Seq == applied {
		return // nothing changed since
	}
	*publishing = true
	go func() {
		began := time.Now()
		snap, err := f.ix.Snapshot(ctx, applied)
		if err != nil {
			done <- fmt.Errorf("copy the index: %w", err)
			return
		}
		defer snap.Remove()
		if snap.Pages == 0 {
			done <- nil
			return
		}
		copied := time.Since(began)
		rec, err := PublishSnapshot(ctx, f.st, f.bl, f.o.Node, snap)
		if err == nil {
			f.log.Info("index snapshot published", "key", rec.Key, "seq", rec.Seq, "pages", rec.Pages, "bytes", rec.Size,
				"copy", copied.String(), "duration", time.Since(began).String())
		}
		done <- err
	}()
}

// PublishSnapshot uploads a snapshot, records it, and removes the
// snapshots it replaces.
func PublishSnapshot(ctx context.Context, st *store.Store, bl *blob.Store, node string, snap *search.Snapshot) (store.IndexSnapshot, error) {
	key := snapshotKey(node, snap.Seq, time.Now())
	pr, pw := io.Pipe()
	go func() {
		_, err := snap.WriteTo(pw)
		pw.CloseWithError(err)
	}()
	obj, err := bl.Put(ctx, key, pr, snapshotLimit, "application/x-tar")
	pr.CloseWithError(err) // stops the writer if the upload gave up
	if err != nil {
		return store.IndexSnapshot{}, fmt.Errorf("publish index snapshot: %w", err)
	}
	rec := store.IndexSnapshot{Key: key, MappingVersion: search.MappingVersion, Seq: snap.Seq, Pages: int64(snap.Pages),
		Shards: snap.Shards, Size: obj.Size, SHA256: obj.SHA256, Node: node}
	old, err := st.AddIndexSnapshot(ctx, rec, snapshotsKept)
	if err != nil {
		bl.Remove(context.WithoutCancel(ctx), key) //nolint:errcheck // an unrecorded object is only space
		return store.IndexSnapshot{}, err
	}
	var keys []string
	for _, o := range old {
		if err := bl.Remove(ctx, o.Key); err != nil && !errors.Is(err, blob.ErrNotFound) {
			return rec, fmt.Errorf("remove old index snapshot: %w", err)
		}
		keys = append(keys, o.Key)
	}
	if len(keys) > 0 {
		if err := st.DeleteIndexSnapshots(ctx, keys); err != nil {
			return rec, err
		}
	}
	return rec, nil
}

// RestoreSnapshot makes the latest published snapshot of this mapping
// version the first generation of root, an empty index directory, after
// checking its SHA-256. store.ErrNoSnapshot when there is none.
func RestoreSnapshot(ctx context.Context, st *store.Store, bl *blob.Store, root string) (store.IndexSnapshot, error) {
	snap, err := st.LatestIndexSnapshot(ctx, search.MappingVersion)
	if err != nil {
		return snap, err
	}
	r, err := bl.OpenVerified(ctx, snap.Key, snap.Size, snap.SHA256)
	if err != nil {
		return snap, fmt.Errorf("read index snapshot: %w", err)
	}
	defer r.Close()
	// The snapshot becomes current only once it has been read to its end,
	// where its size and SHA-256 are checked.
	_, err = search.Restore(ctx, root, r, snap.Size, snap.Key, func() error {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return fmt.Errorf("read index snapshot: %w", err)
		}
		return nil
	})
	return snap, err
}
