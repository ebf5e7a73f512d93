package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// IndexSnapshot is a snapshot of a node's search index in S3.
type IndexSnapshot struct {
	Key            string
	MappingVersion int
	Seq            int64 // every change of the log up to it is in it
	Pages          int64
	Shards         int
	Size           int64
	SHA256         string
	Node           string
	At             time.Time
}

// snapshotNode is the index_nodes row by which the latest snapshot holds
// the change log from being trimmed past its seq.
const snapshotNode = "snapshot"

// TakeIndexSnapshotLease reports whether node may publish a snapshot now:
// no node has taken the lease within every. One node of the cluster wins
// each interval.
func (s *Store) TakeIndexSnapshotLease(ctx context.Context, node string, every time.Duration) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE index_snapshot_lease SET node = $1, taken_at = now()
		WHERE taken_at < now() - make_interval(secs => $2)`, node, every.Seconds())
	if err != nil {
		return false, fmt.Errorf("take the index snapshot lease: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// AddIndexSnapshot records a published snapshot, makes it hold the log
// from its seq, and returns the snapshots of its mapping version beyond
// the newest keep, whose objects the caller removes (then
// DeleteIndexSnapshots).
func (s *Store) AddIndexSnapshot(ctx context.Context, snap IndexSnapshot, keep int) ([]IndexSnapshot, error) {
	var old []IndexSnapshot
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO index_snapshots (object_key, mapping_version, seq, pages, shards, size, sha256, node)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, snap.Key, snap.MappingVersion, snap.Seq, snap.Pages, snap.Shards,
			snap.Size, snap.SHA256, snap.Node); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO index_nodes (node, applied) VALUES ($1, $2)
			ON CONFLICT (node) DO UPDATE SET applied = excluded.applied, seen_at = now()`, snapshotNode, snap.Seq); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+snapshotColumns+` FROM index_snapshots WHERE mapping_version = $1
			ORDER BY created_at DESC, object_key OFFSET $2`, snap.MappingVersion, keep)
		if err != nil {
			return err
		}
		old, err = pgx.CollectRows(rows, scanSnapshot)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("record index snapshot %s: %w", snap.Key, err)
	}
	return old, nil
}

// DeleteIndexSnapshots forgets snapshots whose objects are gone.
func (s *Store) DeleteIndexSnapshots(ctx context.Context, keys []string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM index_snapshots WHERE object_key = ANY($1)`, keys); err != nil {
		return fmt.Errorf("forget index snapshots: %w", err)
	}
	return nil
}

// ErrNoSnapshot means no snapshot of the mapping version was published.
var ErrNoSnapshot = errors.New("no index snapshot published")

// LatestIndexSnapshot is the newest snapshot of a mapping version.
func (s *Store) LatestIndexSnapshot(ctx context.Context, mappingVersion int) (IndexSnapshot, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+snapshotColumns+` FROM index_snapshots WHERE mapping_version = $1
		ORDER BY created_at DESC, object_key LIMIT 1`, mappingVersion)
	if err != nil {
		return IndexSnapshot{}, fmt.Errorf("find the latest index snapshot: %w", err)
	}
	snap, err := pgx.CollectExactlyOneRow(rows, scanSnapshot)
	if errors.Is(err, pgx.ErrNoRows) {
		return IndexSnapshot{}, ErrNoSnapshot
	}
	if err != nil {
		return IndexSnapshot{}, fmt.Errorf("find the latest index snapshot: %w", err)
	}
	return snap, nil
}

const snapshotColumns = `object_key, mapping_version, seq, pages, shards, size, sha256, node, created_at`

func scanSnapshot(row pgx.CollectableRow) (IndexSnapshot, error) {
	var s IndexSnapshot
	err := row.Scan(&s.Key, &s.MappingVersion, &s.Seq, &s.Pages, &s.Shards, &s.Size, &s.SHA256, &s.Node, &s.At)
	return s, err
}
