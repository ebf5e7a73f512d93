package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// LA is a council with adult social care duties.
type LA struct {
	Code      string
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// scopeArgs turns a scope into the two parameters every scoped query takes:
// `($1 OR code = ANY($2))`.
func scopeArgs(s authz.Scope) (bool, []string) { return s.All(), s.LAs() }

// LAs lists the councils within scope, by name.
func (s *Store) LAs(ctx context.Context, scope authz.Scope) ([]LA, error) {
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `SELECT code, name, created_at, updated_at FROM las
		WHERE ($1 OR code = ANY($2)) ORDER BY name, code`, all, codes)
	if err != nil {
		return nil, fmt.Errorf("list councils: %w", err)
	}
	defer rows.Close()
	var out []LA
	for rows.Next() {
		var la LA
		if err := rows.Scan(&la.Code, &la.Name, &la.CreatedAt, &la.UpdatedAt); err != nil {
			return nil, fmt.Errorf("scan council: %w", err)
		}
		out = append(out, la)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list councils: %w", err)
	}
	return out, nil
}

// LA returns one council within scope, or ErrNotFound.
func (s *Store) LA(ctx context.Context, scope authz.Scope, code string) (LA, error) {
	all, codes := scopeArgs(scope)
	var la LA
	err := s.pool.QueryRow(ctx, `SELECT code, name, created_at, updated_at FROM las
		WHERE code = $3 AND ($1 OR code = ANY($2))`, all, codes, code).
		Scan(&la.Code, &la.Name, &la.CreatedAt, &la.UpdatedAt)
	if err != nil {
		return LA{}, fmt.Errorf("get council %s: %w", code, notFound(err))
	}
	return la, nil
}

// CreateLA adds a council and records who did it; ErrConflict when the code
// exists.
func (s *Store) CreateLA(ctx context.Context, code, name string, a AuditEntry) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO las (code, name) VALUES ($1, $2)`, code, name); err != nil {
			return err
		}
		return insertAudit(ctx, tx, a)
	})
	if pgErr := (*pgconn.PgError)(nil); errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return fmt.Errorf("create council %s: %w", code, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("create council %s: %w", code, err)
	}
	return nil
}

// RenameLA changes a council's name and records who did it, with the old
// name; ErrNotFound when the council does not exist.
func (s *Store) RenameLA(ctx context.Context, code, name string, a AuditEntry) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var old string
		err := tx.QueryRow(ctx, `SELECT name FROM las WHERE code = $1 FOR UPDATE`, code).Scan(&old)
		if err != nil {
			return notFound(err)
		}
		if _, err := tx.Exec(ctx, `UPDATE las SET name = $2, updated_at = now() WHERE code = $1`, code, name); err != nil {
			return err
		}
		if a.Detail == nil {
			a.Detail = map[string]string{}
		}
		a.Detail["old_name"], a.Detail["new_name"] = old, name
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("rename council %s: %w", code, err)
	}
	return nil
}

// assessmentInScope returns ErrNotFound, wrapped with what was being read,
// when assessment id is not within scope, exactly as when there is none.
func (s *Store) assessmentInScope(ctx context.Context, scope authz.Scope, id int64, what string) error {
	all, codes := scopeArgs(scope)
	var ok bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM assessments WHERE id = $3 AND ($1 OR la_code = ANY($2)))`,
		all, codes, id).Scan(&ok); err != nil {
		return fmt.Errorf("find assessment %d: %w", id, err)
	}
	if !ok {
		return fmt.Errorf("%s of assessment %d: %w", what, id, ErrNotFound)
	}
	return nil
}
