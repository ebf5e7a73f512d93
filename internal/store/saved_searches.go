package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// SavedSearch is a search a person saved to run again.
type SavedSearch struct {
	ID        int64
	UserID    int64
	Name      string
	Query     string // the search page's query string
	CreatedAt time.Time
}

// SaveSearch records a search of its owner with its audit entry; a name the
// owner already uses is ErrConflict.
func (s *Store) SaveSearch(ctx context.Context, ss SavedSearch, a AuditEntry) (SavedSearch, error) {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO saved_searches (user_id, name, query) VALUES ($1, $2, $3) RETURNING id, created_at`,
			ss.UserID, ss.Name, ss.Query).Scan(&ss.ID, &ss.CreatedAt)
		if err != nil {
			return err
		}
		a.ObjectID = fmt.Sprint(ss.ID)
		return insertAudit(ctx, tx, a)
	})
	if pgErr := (*pgconn.PgError)(nil); errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return SavedSearch{}, fmt.Errorf("save search %q: %w", ss.Name, ErrConflict)
	}
	if err != nil {
		return SavedSearch{}, fmt.Errorf("save search %q: %w", ss.Name, err)
	}
	return ss, nil
}

// SavedSearches lists a person's saved searches, newest first.
func (s *Store) SavedSearches(ctx context.Context, userID int64) ([]SavedSearch, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, user_id, name, query, created_at FROM saved_searches
		WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("list saved searches: %w", err)
	}
	defer rows.Close()
	var out []SavedSearch
	for rows.Next() {
		var ss SavedSearch
		if err := rows.Scan(&ss.ID, &ss.UserID, &ss.Name, &ss.Query, &ss.CreatedAt); err != nil {
			return nil, fmt.Errorf("scan saved search: %w", err)
		}
		out = append(out, ss)
	}
	return out, rows.Err()
}

// SavedSearch returns one of a person's saved searches; another person's
// is ErrNotFound, exactly as a missing one.
func (s *Store) SavedSearch(ctx context.Context, userID int64, id string) (SavedSearch, error) {
	var ss SavedSearch
	err := s.pool.QueryRow(ctx, `SELECT id, user_id, name, query, created_at FROM saved_searches
		WHERE id::text = $1 AND user_id = $2`, id, userID).Scan(&ss.ID, &ss.UserID, &ss.Name, &ss.Query, &ss.CreatedAt)
	if err != nil {
		return SavedSearch{}, fmt.Errorf("get saved search %s: %w", id, notFound(err))
	}
	return ss, nil
}

// DeleteSavedSearch removes one of a person's saved searches with its audit
// entry; another person's is ErrNotFound.
func (s *Store) DeleteSavedSearch(ctx context.Context, userID int64, id string, a AuditEntry) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, `DELETE FROM saved_searches WHERE id::text = $1 AND user_id = $2 RETURNING name`, id, userID).Scan(&name)
		if err != nil {
			return notFound(err)
		}
		a.ObjectID = id
		if a.Detail == nil {
			a.Detail = map[string]string{}
		}
		a.Detail["name"] = name
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("delete saved search %s: %w", id, err)
	}
	return nil
}
