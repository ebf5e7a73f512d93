package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Assignment puts an inspector, known by email, on a council.
type Assignment struct {
	Email     string
	LA        string
	LAName    string
	CreatedAt time.Time
	CreatedBy string
}

// AssignedLAs are the council codes an inspector is assigned to.
func (s *Store) AssignedLAs(ctx context.Context, email string) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT la_code FROM inspector_assignments WHERE email = $1 ORDER BY la_code`,
		strings.ToLower(email))
	if err != nil {
		return nil, fmt.Errorf("list assignments of %s: %w", email, err)
	}
	defer rows.Close()
	codes := []string{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("scan assignment: %w", err)
		}
		codes = append(codes, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list assignments of %s: %w", email, err)
	}
	return codes, nil
}

// Assignments lists every assignment (for admins).
func (s *Store) Assignments(ctx context.Context) ([]Assignment, error) {
	rows, err := s.pool.Query(ctx, `SELECT a.email, a.la_code, l.name, a.created_at, a.created_by
		FROM inspector_assignments a JOIN las l ON l.code = a.la_code ORDER BY a.email, l.name`)
	if err != nil {
		return nil, fmt.Errorf("list assignments: %w", err)
	}
	defer rows.Close()
	var out []Assignment
	for rows.Next() {
		var a Assignment
		if err := rows.Scan(&a.Email, &a.LA, &a.LAName, &a.CreatedAt, &a.CreatedBy); err != nil {
			return nil, fmt.Errorf("scan assignment: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list assignments: %w", err)
	}
	return out, nil
}

// Assign puts the inspector on the council and records who did it:
// ErrConflict when already assigned, ErrNotFound when the council does not
// exist.
func (s *Store) Assign(ctx context.Context, email, la string, a AuditEntry) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO inspector_assignments (email, la_code, created_by) VALUES ($1, $2, $3)`,
			strings.ToLower(email), la, a.ActorEmail); err != nil {
			return err
		}
		return insertAudit(ctx, tx, a)
	})
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "23505":
		return fmt.Errorf("assign %s to %s: %w", email, la, ErrConflict)
	case errors.As(err, &pgErr) && pgErr.Code == "23503":
		return fmt.Errorf("assign %s to %s: %w", email, la, ErrNotFound)
	case err != nil:
		return fmt.Errorf("assign %s to %s: %w", email, la, err)
	}
	return nil
}

// Unassign removes an assignment and records who did it; ErrNotFound when
// there was none.
func (s *Store) Unassign(ctx context.Context, email, la string, a AuditEntry) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM inspector_assignments WHERE email = $1 AND la_code = $2`,
			strings.ToLower(email), la)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("unassign %s from %s: %w", email, la, err)
	}
	return nil
}
