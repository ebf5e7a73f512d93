package store

import (
	"context"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/jackc/pgx/v5"
)

// Comment is a council's factual accuracy comment on a quality statement,
// or on the report (QS empty, Section set), with the inspectors' answer once
// given.
type Comment struct {
	ID int64
	QS string
	// Section is the report section commented on; Paragraph (from 1) or
	// Figure (a field of report.Facts) what in it, when set.
	Section   string
	Paragraph int
	Figure    string
	// Citation is one piece of evidence the paragraph cites (a
	// report.CitationRef: "doc:<id>:<page>", "measure:<id>:<year>" or
	// "return:<item>"), CitationLabel how the report showed it then.
	Citation      string
	CitationLabel string
	// Kind is the kind of correction: "typo" (a typo or a number),
	// "inaccurate" (inaccurate information) or "omitted" (omitted
	// information); "" for a comment on a quality statement.
	Kind        string
	Body        string
	DocumentID  string
	DocTitle    string
	Page        int
	AuthorEmail string
	CreatedAt   time.Time
	Response    string
	RespondedBy string
	RespondedAt *time.Time
}

// AddComment records a factual accuracy comment within scope, while the
// assessment is in factual accuracy, on or before the deadline (the UK
// date today is the caller's, as the deadline is a UK date) and before the
// council says it has no more.
// ErrWrongState otherwise; ErrBadCitation when the attached document is not
// the council's; ErrNoSuchCitation when the comment is on a piece of
// evidence the paragraph does not cite (any more).
func (s *Store) AddComment(ctx context.Context, scope authz.Scope, id int64, today time.Time, c Comment, a AuditEntry) error {
	all, codes := scopeArgs(scope)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var la string
		var state assessment.State
		var deadline *time.Time
		var done bool
		if err := tx.QueryRow(ctx, `SELECT la_code, state, fa_deadline, fa_done_at IS NOT NULL FROM assessments
			WHERE id = $3 AND ($1 OR la_code = ANY($2)) FOR SHARE`, all, codes, id).Scan(&la, &state, &deadline, &done); err != nil {
			return notFound(err)
		}
		fa := assessment.FactualAccuracyCheck{State: state, Deadline: deadline, CouncilDone: done}
		if !fa.CommentsOpen(today) {
			return ErrWrongState
		}
		var doc, page any
		if c.DocumentID != "" {
			var ok bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = portal_uuid($1) AND la_code = $2
				AND status IN `+citableStatuses+` AND $3 <= greatest(pages, 1))`, c.DocumentID, la, c.Page).Scan(&ok); err != nil {
				return err
			}
			if !ok || c.Page < 1 {
				return citationProblem(ctx, tx, la, c.DocumentID, c.Page)
			}
			doc, page = c.DocumentID, c.Page
		}
		if c.Citation != "" {
			ok, err := citedInParagraph(ctx, tx, id, c.Section, c.Paragraph, c.Citation)
			if err != nil {
				return err
			}
			if !ok {
				return ErrNoSuchCitation
			}
		}
		var cid int64
		var para any
		if c.Paragraph > 0 {
			para = c.Paragraph
		}
		if err := tx.QueryRow(ctx, `INSERT INTO fa_comments (assessment_id, qs, body, document_id, page, author_email,
				section, paragraph, figure, kind, citation, citation_label)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`, id, c.QS, c.Body, doc, page, c.AuthorEmail,
			c.Section, para, c.Figure, c.Kind, c.Citation, c.CitationLabel).Scan(&cid); err != nil {
			return err
		}
		a.LA = la
		a.Detail = map[string]string{"comment": fmt.Sprint(cid), "qs": c.QS}
		if c.Section != "" {
			a.Detail = map[string]string{"comment": fmt.Sprint(cid), "section": c.Section, "kind": c.Kind}
			if c.Citation != "" {
				a.Detail["paragraph"], a.Detail["citation"] = fmt.Sprint(c.Paragraph), c.Citation
			}
		}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("add comment to assessment %d: %w", id, err)
	}
	return nil
}

// Comments lists the assessment's factual accuracy comments, oldest first.
func (s *Store) Comments(ctx context.Context, scope authz.Scope, id int64) ([]Comment, error) {
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `SELECT c.id, c.qs, c.body, coalesce(c.document_id::text, ''), coalesce(d.title, ''),
			coalesce(c.page, 0), c.author_email, c.created_at, c.response, c.responded_by, c.responded_at,
			c.section, coalesce(c.paragraph, 0), c.figure, c.kind, c.citation, c.citation_label
		FROM fa_comments c JOIN assessments a ON a.id = c.assessment_id LEFT JOIN documents d ON d.id = c.document_id
		WHERE c.assessment_id = $3 AND ($1 OR a.la_code = ANY($2)) ORDER BY c.id`, all, codes, id)
	if err != nil {
		return nil, fmt.Errorf("list comments of assessment %d: %w", id, err)
	}
	defer rows.Close()
	var out []Comment
	for rows.Next() {
		var c Comment
		if err := rows.Scan(&c.ID, &c.QS, &c.Body, &c.DocumentID, &c.DocTitle, &c.Page, &c.AuthorEmail, &c.CreatedAt,
			&c.Response, &c.RespondedBy, &c.RespondedAt, &c.Section, &c.Paragraph, &c.Figure, &c.Kind, &c.Citation, &c.CitationLabel); err != nil {
			return nil, fmt.Errorf("scan comment: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list comments of assessment %d: %w", id, err)
	}
	return out, nil
}

// AnswerComment records an inspector's answer to a comment, while the
// assessment is in factual accuracy, by one of its inspectors: ErrNotFound
// for a comment not on this assessment, ErrConflict when it is answered
// already.
func (s *Store) AnswerComment(ctx context.Context, scope authz.Scope, id, commentID int64, answer, by string, a AuditEntry) error {
	all, codes := scopeArgs(scope)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		la, state, err := shareAssessment(ctx, tx, all, codes, id)
		if err != nil {
			return err
		}
		if state != assessment.FactualAccuracy {
			return ErrWrongState
		}
		if err := requireInspector(ctx, tx, id, by); err != nil {
			return err
		}
		// An answer is given once: a second would silently replace the one
		// the council has read.
		var answered bool
		if err := tx.QueryRow(ctx, `SELECT responded_at IS NOT NULL FROM fa_comments WHERE id = $2 AND assessment_id = $1 FOR UPDATE`,
			id, commentID).Scan(&answered); err != nil {
			return notFound(err)
		}
		if answered {
			return ErrConflict
		}
		if _, err := tx.Exec(ctx, `UPDATE fa_comments SET response = $3, responded_by = $4, responded_at = now()
			WHERE id = $2 AND assessment_id = $1`, id, commentID, answer, by); err != nil {
			return err
		}
		a.LA = la
		a.Detail = map[string]string{"comment": fmt.Sprint(commentID)}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("answer comment %d of assessment %d: %w", commentID, id, err)
	}
	return nil
}

// EndComments records that the council has no more factual accuracy
// comments, within scope, while it may still send them (the UK date today
// is the caller's): from then on it sends none, and the rating may be
// published before the deadline. ErrWrongState when comments are closed.
func (s *Store) EndComments(ctx context.Context, scope authz.Scope, id int64, today time.Time, by string, a AuditEntry) error {
	all, codes := scopeArgs(scope)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		fa := assessment.FactualAccuracyCheck{}
		var la string
		if err := tx.QueryRow(ctx, `SELECT la_code, state, fa_deadline, fa_done_at IS NOT NULL FROM assessments
			WHERE id = $3 AND ($1 OR la_code = ANY($2)) FOR UPDATE`, all, codes, id).Scan(&la, &fa.State, &fa.Deadline, &fa.CouncilDone); err != nil {
			return notFound(err)
		}
		if !fa.CommentsOpen(today) {
			return ErrWrongState
		}
		if _, err := tx.Exec(ctx, `UPDATE assessments SET fa_done_at = now(), fa_done_by = $2 WHERE id = $1`, id, by); err != nil {
			return err
		}
		a.LA = la
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("end comments on assessment %d: %w", id, err)
	}
	return nil
}
