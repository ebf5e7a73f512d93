package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
)

// ErrNotFound means the row does not exist or is outside the caller's scope;
// the two are deliberately indistinguishable.
var ErrNotFound = errors.New("not found")

// ErrConflict means the write clashes with a row that already exists.
var ErrConflict = errors.New("conflict")

// Store is the portal's database.
type Store struct {
	pool *pgxpool.Pool
	jobs *river.Client[pgx.Tx]
	// outcomes caches the figures every council's benchmark shares.
	outcomes outcomeCache
}

// Open connects to PostgreSQL at url and checks that it answers.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("ping database: %w", err)
	}
	s := &Store{pool: pool}
	if s.jobs, err = newJobInserter(s); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// Pool is the connection pool, for River's workers in ingest, which share
// the database and its transactions with the store.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Close closes every connection.
func (s *Store) Close() { s.pool.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
