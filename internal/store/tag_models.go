package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// TagModel is a stored tagger model: its JSON, how it was trained and how
// well it did.
type TagModel struct {
	ID        int64
	Version   string
	CreatedAt time.Time
	Examples  int // labelled examples trained on
	Decisions int // of which inspectors' decisions
	// Metrics is JSON of grouped cross-validation on the labelled data held
	// when it was trained (the tagger's report; the store does not read it).
	Metrics json.RawMessage
	Model   []byte // empty when listed
	Active  bool
	Note    string
}

const tagModelColumns = `id, version, created_at, examples, decisions, metrics, active, note`

func scanTagModel(row pgx.Row, withModel bool) (TagModel, error) {
	var m TagModel
	var metrics []byte
	dest := []any{&m.ID, &m.Version, &m.CreatedAt, &m.Examples, &m.Decisions, &metrics, &m.Active, &m.Note}
	if withModel {
		dest = append(dest, &m.Model)
	}
	if err := row.Scan(dest...); err != nil {
		return TagModel{}, err
	}
	m.Metrics = metrics
	return m, nil
}

// ActiveTagModel returns the model the tagger uses, with its JSON.
func (s *Store) ActiveTagModel(ctx context.Context) (TagModel, error) {
	m, err := scanTagModel(s.pool.QueryRow(ctx, `SELECT `+tagModelColumns+`, model FROM tag_models WHERE active`), true)
	if err != nil {
		return TagModel{}, fmt.Errorf("get active tag model: %w", notFound(err))
	}
	return m, nil
}

// ActiveTagModelVersion returns the version of the active model, cheaply,
// so workers can tell when it changed.
func (s *Store) ActiveTagModelVersion(ctx context.Context) (string, error) {
	var v string
	if err := s.pool.QueryRow(ctx, `SELECT version FROM tag_models WHERE active`).Scan(&v); err != nil {
		return "", fmt.Errorf("get active tag model version: %w", notFound(err))
	}
	return v, nil
}

// TagModels lists the stored models, newest first, without their JSON.
func (s *Store) TagModels(ctx context.Context, limit int) ([]TagModel, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+tagModelColumns+` FROM tag_models ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("list tag models: %w", err)
	}
	defer rows.Close()
	var out []TagModel
	for rows.Next() {
		m, err := scanTagModel(rows, false)
		if err != nil {
			return nil, fmt.Errorf("scan tag model: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tag models: %w", err)
	}
	return out, nil
}

// EnsureTagModel stores m as the active model when there is none yet (the
// first start), and reports whether it did.
func (s *Store) EnsureTagModel(ctx context.Context, m TagModel) (bool, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO tag_models (version, examples, decisions, metrics, model, active, note)
		SELECT $1, $2, $3, $4, $5, true, $6 WHERE NOT EXISTS (SELECT 1 FROM tag_models WHERE active)
		ON CONFLICT DO NOTHING`, m.Version, m.Examples, m.Decisions, metricsJSON(m.Metrics), m.Model, m.Note)
	if err != nil {
		return false, fmt.Errorf("store first tag model: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// ActivateTagModel stores m (or, when its version is already stored,
// refreshes its metrics) and makes it the active model, with its audit entry
// and jobs (the re-tagging), in one transaction. The model it replaces is
// kept for rollback.
func (s *Store) ActivateTagModel(ctx context.Context, m TagModel, a AuditEntry, jobs ...Job) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE tag_models SET active = false WHERE active AND version <> $1`, m.Version); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO tag_models (version, examples, decisions, metrics, model, active, note)
			VALUES ($1, $2, $3, $4, $5, true, $6)
			ON CONFLICT (version) DO UPDATE SET active = true, metrics = excluded.metrics`,
			m.Version, m.Examples, m.Decisions, metricsJSON(m.Metrics), m.Model, m.Note); err != nil {
			return err
		}
		if err := insertAudit(ctx, tx, a); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, jobs)
	})
	if err != nil {
		return fmt.Errorf("activate tag model %s: %w", m.Version, err)
	}
	return nil
}

// RollbackTagModel makes the model stored before the active one active
// again, with its audit entry and jobs, and returns it. With no earlier
// model it returns ErrNotFound.
func (s *Store) RollbackTagModel(ctx context.Context, a AuditEntry, jobs ...Job) (TagModel, error) {
	var prev TagModel
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var activeID int64
		if err := tx.QueryRow(ctx, `SELECT id FROM tag_models WHERE active FOR UPDATE`).Scan(&activeID); err != nil {
			return notFound(err)
		}
		var err error
		prev, err = scanTagModel(tx.QueryRow(ctx, `SELECT `+tagModelColumns+` FROM tag_models
			WHERE id < $1 ORDER BY id DESC LIMIT 1`, activeID), false)
		if err != nil {
			return notFound(err)
		}
		if _, err := tx.Exec(ctx, `UPDATE tag_models SET active = false WHERE id = $1`, activeID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE tag_models SET active = true WHERE id = $1`, prev.ID); err != nil {
			return err
		}
		prev.Active = true
		if a.ObjectID == "" {
			a.ObjectID = prev.Version
		}
		if err := insertAudit(ctx, tx, a); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, jobs)
	})
	if errors.Is(err, ErrNotFound) {
		return TagModel{}, fmt.Errorf("roll back tag model: %w", ErrNotFound)
	}
	if err != nil {
		return TagModel{}, fmt.Errorf("roll back tag model: %w", err)
	}
	return prev, nil
}

func metricsJSON(m json.RawMessage) []byte {
	if len(m) == 0 {
		return []byte("{}")
	}
	return m
}

// EnqueueAudited adds jobs with the audit entry of the person who asked for
// them, in one transaction.
func (s *Store) EnqueueAudited(ctx context.Context, a AuditEntry, jobs ...Job) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := insertAudit(ctx, tx, a); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, jobs)
	})
	if err != nil {
		return fmt.Errorf("enqueue %d jobs: %w", len(jobs), err)
	}
	return nil
}
