package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/evidenceportal/portal/internal/authz"
)

// DocumentPick asks for one page of the documents a picker offers.
type DocumentPick struct {
	LA string
	// Query keeps documents whose title or file name holds it, in any case.
	Query         string
	Offset, Limit int
}

// PickableDocuments lists one page of the council's documents that can be
// cited (read, and not superseded by a ready newer version), by title, with
// how many the query keeps over all pages. Limit is at most 200.
func (s *Store) PickableDocuments(ctx context.Context, scope authz.Scope, f DocumentPick) ([]Document, int, error) {
	all, codes := scopeArgs(scope)
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	// LIKE's own characters in what was typed match themselves.
	pattern := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.TrimSpace(f.Query)) + "%"
	where := `($1 OR d.la_code = ANY($2)) AND d.la_code = $3 AND d.status = 'ready' AND ` + currentVersion + `
		AND (d.title ILIKE $4 OR d.filename ILIKE $4)`
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM documents d WHERE `+where, all, codes, f.LA, pattern).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("count pickable documents: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+documentColumns+` FROM documents d JOIN users u ON u.id = d.uploaded_by
		WHERE `+where+` ORDER BY lower(d.title), d.uploaded_at DESC, d.id LIMIT $5 OFFSET $6`,
		all, codes, f.LA, pattern, f.Limit, max(f.Offset, 0))
	if err != nil {
		return nil, 0, fmt.Errorf("list pickable documents: %w", err)
	}
	out, err := collectDocuments(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("list pickable documents: %w", err)
	}
	return out, n, nil
}
