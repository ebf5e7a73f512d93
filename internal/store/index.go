package store

import (
	"context"
	"fmt"
)

// DocumentsInStatus lists every document in one of statuses, whatever its
// council, for system work on the search index (rebuild and check).
func (s *Store) DocumentsInStatus(ctx context.Context, statuses ...string) ([]Document, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+documentColumns+` FROM documents d JOIN users u ON u.id = d.uploaded_by
		WHERE d.status = ANY($1) ORDER BY d.uploaded_at, d.id`, statuses)
	if err != nil {
		return nil, fmt.Errorf("list documents in %v: %w", statuses, err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("scan document: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
