package store

import (
	"context"
	"fmt"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/jackc/pgx/v5"
)

// DocumentDetails are what an uploader says about one file: set per file
// after an upload of several.
type DocumentDetails struct {
	Title, Type, Period, Description string
}

// SetDocumentDetails changes the details of a document that uploader
// uploaded, within scope, with its audit entry, and makes reindex (a move
// from ready back to indexing, with its job) in the same transaction so
// that search shows the new title and type; a document still in the
// pipeline is indexed with them anyway, unless its indexing had already
// read the old ones. Someone else's document, another council's, a
// withdrawn or a rejected one is ErrNotFound.
func (s *Store) SetDocumentDetails(ctx context.Context, scope authz.Scope, id string, uploader int64, d DocumentDetails, a AuditEntry, reindex Transition) error {
	all, codes := scopeArgs(scope)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE documents SET title = $4, doc_type = $5, period = $6, description = $7, updated_at = now()
			WHERE id = portal_uuid($3) AND ($1 OR la_code = ANY($2)) AND uploaded_by = $8 AND status NOT IN ('withdrawn', 'rejected')`,
			all, codes, id, d.Title, d.Type, d.Period, d.Description, uploader)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		if err := insertAudit(ctx, tx, a); err != nil {
			return err
		}
		_, err = s.moveTx(ctx, tx, reindex)
		return err
	})
	if err != nil {
		return fmt.Errorf("set details of document %s: %w", id, err)
	}
	return nil
}
