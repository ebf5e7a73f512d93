package store

import (
	"context"
	"fmt"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
)

// DocumentCounts counts a council's documents by status, within scope: a
// council outside it counts nothing, like one with no documents.
func (s *Store) DocumentCounts(ctx context.Context, scope authz.Scope, la string) (map[document.Status]int, error) {
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `SELECT status, count(*) FROM documents
		WHERE ($1 OR la_code = ANY($2)) AND la_code = $3 GROUP BY status`, all, codes, la)
	if err != nil {
		return nil, fmt.Errorf("count documents of %s: %w", la, err)
	}
	defer rows.Close()
	out := map[document.Status]int{}
	for rows.Next() {
		var status document.Status
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return nil, fmt.Errorf("scan document count: %w", err)
		}
		out[status] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count documents of %s: %w", la, err)
	}
	return out, nil
}
