package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

// restoreSnapshot gives a node started with an empty index directory the
// latest published snapshot as its first generation; the follower then
// applies the log from the snapshot's seq. Without one, or when it cannot
// be read, the node builds its index from the database and S3 as before.
func restoreSnapshot(ctx context.Context, st *store.Store, bl *blob.Store, dir string, log *slog.Logger) {
	began := time.Now()
	snap, err := ingest.RestoreSnapshot(ctx, st, bl, dir)
	switch {
	case errors.Is(err, store.ErrNoSnapshot):
		log.Info("no index snapshot published: the index is built from the database", "index_dir", dir)
	case err != nil:
		log.Warn("index snapshot not restored: the index is built from the database", "index_dir", dir, "error", err)
	default:
		log.Info("index restored from a snapshot", "key", snap.Key, "seq", snap.Seq, "pages", snap.Pages,
			"bytes", snap.Size, "duration", time.Since(began).String())
	}
}

// indexSnapshot publishes a snapshot of PORTAL_INDEX_DIR now (portal
// serve publishes one every PORTAL_INDEX_SNAPSHOT_EVERY by itself).
func indexSnapshot(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	d, err := openIndexDeps(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.st.Close()
	ix, err := search.Open(cfg.IndexDir)
	if errors.Is(err, search.ErrInUse) {
		return fmt.Errorf("%w: it publishes a snapshot every PORTAL_INDEX_SNAPSHOT_EVERY", err)
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	began := time.Now()
	snap, err := ix.Snapshot(ctx, 0)
	if err != nil {
		return err
	}
	defer snap.Remove()
	copied := time.Since(began)
	rec, err := ingest.PublishSnapshot(ctx, d.st, d.bl, nodeID(cfg), snap)
	if err != nil {
		return err
	}
	log.Info("index snapshot published", "key", rec.Key, "seq", rec.Seq, "pages", rec.Pages, "bytes", rec.Size)
	fmt.Fprintf(stdout, "published %s: %d pages, %d shards, seq %d, %d bytes (copy %s, in all %s)\n", rec.Key, rec.Pages,
		rec.Shards, rec.Seq, rec.Size, copied.Round(time.Millisecond), time.Since(began).Round(time.Millisecond))
	return nil
}

// indexRestore unpacks the latest snapshot into an empty PORTAL_INDEX_DIR,
// as portal serve does at start.
func indexRestore(ctx context.Context, cfg config, stdout io.Writer) error {
	d, err := openIndexDeps(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.st.Close()
	began := time.Now()
	snap, err := ingest.RestoreSnapshot(ctx, d.st, d.bl, cfg.IndexDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s: %d pages, seq %d, %d bytes in %s\n", snap.Key, snap.Pages, snap.Seq, snap.Size,
		time.Since(began).Round(time.Millisecond))
	return nil
}
