package store

import (
	"context"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/jackc/pgx/v5"
)

// PanelComment is the calibration panel's comment on one quality statement.
type PanelComment struct {
	QS          string
	Body        string
	AuthorEmail string
	UpdatedAt   time.Time
}

// SetPanelComment writes the panel's comment on a statement within scope,
// while the assessment is in calibration (ErrWrongState otherwise); an
// empty body removes it. The audit entry is written in the same
// transaction.
func (s *Store) SetPanelComment(ctx context.Context, scope authz.Scope, id int64, qs, body, by string, a AuditEntry) error {
	all, codes := scopeArgs(scope)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Shared: the panel cannot comment on an assessment being moved on
		// at the same moment.
		la, state, err := shareAssessment(ctx, tx, all, codes, id)
		if err != nil {
			return err
		}
		if state != assessment.Calibration {
			return ErrWrongState
		}
		if body == "" {
			if _, err := tx.Exec(ctx, `DELETE FROM panel_comments WHERE assessment_id = $1 AND qs = $2`, id, qs); err != nil {
				return err
			}
		} else if _, err := tx.Exec(ctx, `INSERT INTO panel_comments (assessment_id, qs, body, author_email) VALUES ($1, $2, $3, $4)
			ON CONFLICT (assessment_id, qs) DO UPDATE SET body = EXCLUDED.body, author_email = EXCLUDED.author_email, updated_at = now()`,
			id, qs, body, by); err != nil {
			return err
		}
		a.LA = la
		a.Detail = map[string]string{"qs": qs, "cleared": fmt.Sprint(body == "")}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("set panel comment on %s of assessment %d: %w", qs, id, err)
	}
	return nil
}

// PanelComments lists the panel's comments on an assessment within scope,
// by statement.
func (s *Store) PanelComments(ctx context.Context, scope authz.Scope, id int64) ([]PanelComment, error) {
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `SELECT c.qs, c.body, c.author_email, c.updated_at
		FROM panel_comments c JOIN assessments a ON a.id = c.assessment_id
		WHERE c.assessment_id = $3 AND ($1 OR a.la_code = ANY($2)) ORDER BY c.qs`, all, codes, id)
	if err != nil {
		return nil, fmt.Errorf("list panel comments of assessment %d: %w", id, err)
	}
	defer rows.Close()
	var out []PanelComment
	for rows.Next() {
		var c PanelComment
		if err := rows.Scan(&c.QS, &c.Body, &c.AuthorEmail, &c.UpdatedAt); err != nil {
			return nil, fmt.Errorf("scan panel comment: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list panel comments of assessment %d: %w", id, err)
	}
	return out, nil
}
