package store

import (
	"context"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/document"
)

// DocumentsInStatus lists every document in one of statuses, whatever its
// council, for system work on the search index (rebuild and check).
func (s *Store) DocumentsInStatus(ctx context.Context, statuses ...document.Status) ([]Document, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+documentColumns+` FROM documents d JOIN users u ON u.id = d.uploaded_by
		WHERE d.status = ANY($1) AND `+currentVersion+`
		ORDER BY d.uploaded_at, d.id`, statuses)
	if err != nil {
		return nil, fmt.Errorf("list documents in %v: %w", statuses, err)
	}
	return collectDocuments(rows)
}

// SetPagesAndUploaded sets a document's page count and upload time, for
// the search corpus generator, which makes documents without the pipeline.
func (s *Store) SetPagesAndUploaded(ctx context.Context, id string, pages int, uploaded time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE documents SET pages = $2, uploaded_at = $3, updated_at = $3 WHERE id = $1`, id, pages, uploaded)
	if err != nil {
		return fmt.Errorf("set pages of %s: %w", id, err)
	}
	return nil
}
