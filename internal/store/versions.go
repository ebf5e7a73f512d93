package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/jackc/pgx/v5"
)

// DocumentHistory returns every version of the document id belongs to, the
// newest first: the documents it replaces, one after the other, and those
// that replace it. Versions outside scope are left out (a version always
// stays in its council, so in practice none are).
func (s *Store) DocumentHistory(ctx context.Context, scope authz.Scope, id string) ([]Document, error) {
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `WITH RECURSIVE
		older(id, depth) AS (
			SELECT d.id, 0 FROM documents d WHERE d.id = portal_uuid($3) AND ($1 OR d.la_code = ANY($2))
			UNION SELECT d.replaces, o.depth + 1 FROM documents d JOIN older o ON d.id = o.id
				WHERE d.replaces IS NOT NULL AND o.depth < 100),
		newer(id, depth) AS (
			SELECT d.id, 0 FROM documents d WHERE d.id = portal_uuid($3) AND ($1 OR d.la_code = ANY($2))
			UNION SELECT d.id, n.depth + 1 FROM documents d JOIN newer n ON d.replaces = n.id WHERE n.depth < 100)
		SELECT `+documentColumns+` FROM documents d JOIN users u ON u.id = d.uploaded_by
		WHERE d.id IN (SELECT id FROM older UNION SELECT id FROM newer) AND ($1 OR d.la_code = ANY($2))
		ORDER BY d.uploaded_at DESC, d.id`, all, codes, id)
	if err != nil {
		return nil, fmt.Errorf("history of document %s: %w", id, err)
	}
	out, err := collectDocuments(rows)
	if err != nil {
		return nil, fmt.Errorf("history of document %s: %w", id, err)
	}
	return out, nil
}

// Withdrawal takes a document out of the evidence: its status becomes
// withdrawn with the reason given, in the same transaction as its audit
// entry and the jobs that take it out of the search index.
type Withdrawal struct {
	ID     string
	Reason string
	// From lists the statuses a document may be withdrawn from.
	From  []document.Status
	To    document.Status
	Jobs  []Job
	Audit AuditEntry
	// Restore, when set, says how the version the document replaced comes
	// back: from status RestoreFrom to RestoreTo, with the jobs it returns,
	// in the same transaction.
	Restore     func(id string) []Job
	RestoreFrom document.Status
	RestoreTo   document.Status
}

// WithdrawDocument applies w to a document within scope. It reports false
// when the document is not in one of w.From (already withdrawn, say); a
// document outside scope is ErrNotFound, exactly as a missing one.
func (s *Store) WithdrawDocument(ctx context.Context, scope authz.Scope, w Withdrawal) (bool, error) {
	all, codes := scopeArgs(scope)
	moved := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var status string
		err := tx.QueryRow(ctx, `SELECT status FROM documents WHERE id = portal_uuid($3) AND ($1 OR la_code = ANY($2)) FOR UPDATE`,
			all, codes, w.ID).Scan(&status)
		if err != nil {
			return notFound(err)
		}
		tag, err := tx.Exec(ctx, `UPDATE documents SET status = $2, status_reason = $3, updated_at = now()
			WHERE id = portal_uuid($1) AND status = ANY($4)`, w.ID, w.To, w.Reason, w.From)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		moved = true
		if err := insertAudit(ctx, tx, w.Audit); err != nil {
			return err
		}
		jobs := w.Jobs
		if w.Restore != nil {
			var older string
			err := tx.QueryRow(ctx, `UPDATE documents o SET status = $2, updated_at = now()
				FROM documents d WHERE d.id = portal_uuid($1) AND o.id = d.replaces AND o.status = $3
				RETURNING o.id::text`, w.ID, w.RestoreTo, w.RestoreFrom).Scan(&older)
			switch {
			case err == nil:
				jobs = append(jobs, w.Restore(older)...)
			case !errors.Is(err, pgx.ErrNoRows):
				return err
			}
		}
		if err := s.enqueue(ctx, tx, jobs); err != nil {
			return err
		}
		// Its pages leave every node's index from this transaction on.
		return appendIndexChanges(ctx, tx, []Change{{DocumentID: w.ID, Kind: ChangeRemove}})
	})
	if err != nil {
		return false, fmt.Errorf("withdraw document %s: %w", w.ID, err)
	}
	return moved, nil
}
