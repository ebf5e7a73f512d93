package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// Job is a unit of background work, stored in PostgreSQL (River's tables)
// so it can be enqueued in the same transaction as the row it is about.
// Its fields are stored as JSON. Ingest defines the jobs and runs them.
type Job interface {
	Kind() string
}

func (s *Store) enqueue(ctx context.Context, tx pgx.Tx, jobs []Job) error {
	if len(jobs) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(jobs))
	for i, j := range jobs {
		params[i] = river.InsertManyParams{Args: j}
	}
	if _, err := s.jobs.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("enqueue %d jobs: %w", len(jobs), err)
	}
	return nil
}

// Enqueue adds jobs outside any other write (an admin's retry, a re-tag).
func (s *Store) Enqueue(ctx context.Context, jobs ...Job) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return s.enqueue(ctx, tx, jobs) })
}

func newJobInserter(s *Store) (*river.Client[pgx.Tx], error) {
	c, err := river.NewClient(riverpgxv5.New(s.pool), &river.Config{})
	if err != nil {
		return nil, fmt.Errorf("create job inserter: %w", err)
	}
	return c, nil
}

func (s *Store) migrateJobs(ctx context.Context) error {
	m, err := rivermigrate.New(riverpgxv5.New(s.pool), nil)
	if err != nil {
		return fmt.Errorf("create job table migrator: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate job tables: %w", err)
	}
	return nil
}

// PendingJobs counts the jobs of a kind not yet finished (waiting, running or
// to be retried), for tests and metrics.
func (s *Store) PendingJobs(ctx context.Context, kind string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM river_job
		WHERE kind = $1 AND state IN ('available', 'scheduled', 'retryable', 'running', 'pending')`, kind).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count %s jobs: %w", kind, err)
	}
	return n, nil
}
