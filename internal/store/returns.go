package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Return is the information return of one assessment.
type Return struct {
	ID              int64
	AssessmentID    int64
	AssessmentState assessment.State
	LA              string
	LAName          string
	Template        string
	State           assessment.ReturnState
	DueDays         int
	CreatedBy       string
	CreatedAt       time.Time
	IssuedBy        string
	IssuedAt        *time.Time
	// DueOn is the day the items are due, set on issue.
	DueOn       *time.Time
	SubmittedBy string
	SubmittedAt *time.Time
	Inspectors  []string
	// PersonalDeletedAt is when the answers holding personal data were
	// deleted, a set time after publication; nil until then.
	PersonalDeletedAt *time.Time
}

// HasInspector reports whether email is one of the assessment's inspectors.
func (r Return) HasInspector(email string) bool {
	return Assessment{Inspectors: r.Inspectors}.HasInspector(email)
}

const returnColumns = `r.id, r.assessment_id, a.state, r.la_code, l.name, r.template, r.state, r.due_days, r.created_by,
	r.created_at, r.issued_by, r.issued_at, r.due_on, r.submitted_by, r.submitted_at,
	coalesce((SELECT array_agg(i.email ORDER BY i.email) FROM assessment_inspectors i WHERE i.assessment_id = a.id), '{}'),
	r.personal_deleted_at`

const returnFrom = ` FROM info_returns r JOIN assessments a ON a.id = r.assessment_id JOIN las l ON l.code = r.la_code `

func scanReturn(row pgx.Row) (Return, error) {
	var r Return
	err := row.Scan(&r.ID, &r.AssessmentID, &r.AssessmentState, &r.LA, &r.LAName, &r.Template, &r.State, &r.DueDays,
		&r.CreatedBy, &r.CreatedAt, &r.IssuedBy, &r.IssuedAt, &r.DueOn, &r.SubmittedBy, &r.SubmittedAt, &r.Inspectors, &r.PersonalDeletedAt)
	return r, err
}

// CreateReturn starts the draft return of an assessment within scope from
// the template's items: ErrNotFound when the assessment is missing or out
// of scope, ErrWrongState when it is published, ErrConflict when it has a
// return already.
func (s *Store) CreateReturn(ctx context.Context, scope authz.Scope, assessmentID int64, tpl *framework.ReturnTemplate, by string, a AuditEntry) (int64, error) {
	all, codes := scopeArgs(scope)
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		la, state, err := lockAssessment(ctx, tx, all, codes, assessmentID)
		if err != nil {
			return err
		}
		if state == assessment.Published {
			return ErrWrongState
		}
		if err := tx.QueryRow(ctx, `INSERT INTO info_returns (assessment_id, la_code, template, due_days, created_by)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, assessmentID, la, tpl.Slug, tpl.DueDays, by).Scan(&id); err != nil {
			return err
		}
		for i, it := range tpl.Items {
			if _, err := tx.Exec(ctx, `INSERT INTO return_items (return_id, la_code, position, key, part, title, wanted, qs,
					categories, kind, columns, required, personal, source)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
				id, la, i+1, it.Key, it.Part, it.Title, it.Wanted, nonNil(it.QS), nonNil(it.Categories), it.Kind,
				nonNil(it.Columns), it.Required, it.Personal, it.Source); err != nil {
				return err
			}
		}
		a.LA, a.ObjectType, a.ObjectID = la, "return", fmt.Sprint(id)
		a.Detail = map[string]string{"assessment": fmt.Sprint(assessmentID), "template": tpl.Slug}
		return insertAudit(ctx, tx, a)
	})
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "23505":
		return 0, fmt.Errorf("start return of assessment %d: %w", assessmentID, ErrConflict)
	case err != nil:
		return 0, fmt.Errorf("start return of assessment %d: %w", assessmentID, err)
	}
	return id, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Return returns one return within scope; another council's is
// ErrNotFound, exactly as a missing one.
func (s *Store) Return(ctx context.Context, scope authz.Scope, id int64) (Return, error) {
	all, codes := scopeArgs(scope)
	r, err := scanReturn(s.pool.QueryRow(ctx, `SELECT `+returnColumns+returnFrom+`
		WHERE r.id = $3 AND ($1 OR r.la_code = ANY($2))`, all, codes, id))
	if err != nil {
		return Return{}, fmt.Errorf("get return %d: %w", id, notFound(err))
	}
	return r, nil
}

// ReturnOf returns the return of an assessment within scope: ErrNotFound
// when it has none or is out of scope.
func (s *Store) ReturnOf(ctx context.Context, scope authz.Scope, assessmentID int64) (Return, error) {
	all, codes := scopeArgs(scope)
	r, err := scanReturn(s.pool.QueryRow(ctx, `SELECT `+returnColumns+returnFrom+`
		WHERE r.assessment_id = $3 AND ($1 OR r.la_code = ANY($2))`, all, codes, assessmentID))
	if err != nil {
		return Return{}, fmt.Errorf("get return of assessment %d: %w", assessmentID, notFound(err))
	}
	return r, nil
}

// MaxReturnsListed bounds a list of returns; a council has one a year.
const MaxReturnsListed = 100

// Returns lists the returns within scope that have been issued (drafts
// are CQC's business until then) or, with drafts, all of them; newest
// first, at most MaxReturnsListed.
func (s *Store) Returns(ctx context.Context, scope authz.Scope, drafts bool) ([]Return, error) {
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `SELECT `+returnColumns+returnFrom+`
		WHERE ($1 OR r.la_code = ANY($2)) AND ($3 OR r.state <> 'draft')
		ORDER BY r.created_at DESC, r.id DESC LIMIT $4`, all, codes, drafts, MaxReturnsListed)
	if err != nil {
		return nil, fmt.Errorf("list returns: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Return, error) { return scanReturn(r) })
	if err != nil {
		return nil, fmt.Errorf("list returns: %w", err)
	}
	return out, nil
}

// lockReturn locks a return within scope until the transaction ends, so
// that answers, edits, issue and submission happen one after the other.
func lockReturn(ctx context.Context, tx pgx.Tx, scope authz.Scope, id int64) (Return, error) {
	all, codes := scopeArgs(scope)
	var r Return
	err := tx.QueryRow(ctx, `SELECT r.id, r.la_code, r.state, r.due_days, r.due_on, a.state FROM info_returns r
		JOIN assessments a ON a.id = r.assessment_id
		WHERE r.id = $3 AND ($1 OR r.la_code = ANY($2)) FOR UPDATE OF r`, all, codes, id).
		Scan(&r.ID, &r.LA, &r.State, &r.DueDays, &r.DueOn, &r.AssessmentState)
	if err != nil {
		return Return{}, notFound(err)
	}
	return r, nil
}

// ItemEdit is an inspector's change to an item of a draft return.
type ItemEdit struct {
	Return, Item int64
	Title        string
	Wanted       string
	Required     bool
	// Remove takes the item out of the return instead.
	Remove bool
}

// EditReturnItem changes or removes an item of a draft return within
// scope: ErrNotFound when the item is not of that return, ErrWrongState
// once the return is issued.
func (s *Store) EditReturnItem(ctx context.Context, scope authz.Scope, e ItemEdit, a AuditEntry) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := lockReturn(ctx, tx, scope, e.Return)
		if err != nil {
			return err
		}
		if r.State != assessment.ReturnDraft {
			return ErrWrongState
		}
		var tag pgconn.CommandTag
		if e.Remove {
			tag, err = tx.Exec(ctx, `DELETE FROM return_items WHERE id = $1 AND return_id = $2`, e.Item, e.Return)
		} else {
			tag, err = tx.Exec(ctx, `UPDATE return_items SET title = $3, wanted = $4, required = $5 WHERE id = $1 AND return_id = $2`,
				e.Item, e.Return, e.Title, e.Wanted, e.Required)
		}
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		a.LA, a.ObjectType, a.ObjectID = r.LA, "return", fmt.Sprint(e.Return)
		a.Detail = map[string]string{"item": fmt.Sprint(e.Item), "removed": fmt.Sprint(e.Remove)}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("edit item %d of return %d: %w", e.Item, e.Return, err)
	}
	return nil
}

// ErrReturnFull means a return has assessment.MaxReturnItems items.
var ErrReturnFull = errors.New("return full")

// AddReturnItem adds an item, already checked, to a draft return within
// scope, after its last item, with the key "added-<n>" (n one more than
// the last added) and source saying where its text comes from:
// ErrNotFound when the return is missing or out of scope, ErrWrongState
// once it is issued or its assessment published, ErrReturnFull at
// assessment.MaxReturnItems items.
func (s *Store) AddReturnItem(ctx context.Context, scope authz.Scope, id int64, it assessment.NewItem, source string, a AuditEntry) (ReturnItem, error) {
	out := ReturnItem{Part: it.Part, Title: it.Title, Wanted: it.Wanted, QS: nonNil(it.QS), Categories: []string{}, Kind: it.Kind,
		Columns: nonNil(it.Columns), Required: it.Required, Personal: it.Personal, Source: source}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := lockReturn(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if r.State != assessment.ReturnDraft || r.AssessmentState == assessment.Published {
			return ErrWrongState
		}
		// The lock on the return makes the count, the last position and
		// the last added key stand until the insert.
		var n int
		var last, added int64
		if err := tx.QueryRow(ctx, `SELECT count(*), coalesce(max(position), 0),
				coalesce(max(substring(key from '^added-([0-9]{1,9})$')::bigint), 0)
			FROM return_items WHERE return_id = $1`, id).Scan(&n, &last, &added); err != nil {
			return err
		}
		if n >= assessment.MaxReturnItems {
			return ErrReturnFull
		}
		out.Position, out.Key = int(last)+1, fmt.Sprintf("added-%d", added+1)
		if err := tx.QueryRow(ctx, `INSERT INTO return_items (return_id, la_code, position, key, part, title, wanted, qs,
				categories, kind, columns, required, personal, source)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			id, r.LA, out.Position, out.Key, out.Part, out.Title, out.Wanted, out.QS, out.Categories, out.Kind,
			out.Columns, out.Required, out.Personal, out.Source).Scan(&out.ID); err != nil {
			return err
		}
		a.LA, a.ObjectType, a.ObjectID = r.LA, "return", fmt.Sprint(id)
		a.Detail = map[string]string{"item": fmt.Sprint(out.ID), "key": out.Key}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return ReturnItem{}, fmt.Errorf("add item to return %d: %w", id, err)
	}
	return out, nil
}

// IssueReturn issues a draft return within scope: its items are due on
// the day DueOn gives for now and the return's due days (days, when
// positive, replaces them). ErrWrongState when it was issued already or
// its assessment is published.
func (s *Store) IssueReturn(ctx context.Context, scope authz.Scope, id int64, days int, now time.Time, loc *time.Location, by string, a AuditEntry) (time.Time, error) {
	var due time.Time
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := lockReturn(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if r.State != assessment.ReturnDraft || r.AssessmentState == assessment.Published {
			return ErrWrongState
		}
		if days <= 0 {
			days = r.DueDays
		}
		due = assessment.DueOn(now, days, loc)
		if _, err := tx.Exec(ctx, `UPDATE info_returns SET state = 'issued', issued_by = $2, issued_at = $3, due_days = $4,
			due_on = $5 WHERE id = $1`, id, by, now, days, due); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE return_items SET due_on = $2 WHERE return_id = $1`, id, due); err != nil {
			return err
		}
		a.LA, a.ObjectType, a.ObjectID = r.LA, "return", fmt.Sprint(id)
		a.Detail = map[string]string{"due_on": due.Format(time.DateOnly)}
		if err := insertAudit(ctx, tx, a); err != nil {
			return err
		}
		return notifyCouncil(ctx, tx, r.LA, fmt.Sprintf("return:%d:issued", id),
			"CQC has issued your council's information return, due "+due.Format("2 January 2006"), returnHref(ctx, tx, id))
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("issue return %d: %w", id, err)
	}
	return due, nil
}

// returnHref is the page of a return, for notifications.
func returnHref(ctx context.Context, tx pgx.Tx, id int64) string {
	var aid int64
	if err := tx.QueryRow(ctx, `SELECT assessment_id FROM info_returns WHERE id = $1`, id).Scan(&aid); err != nil {
		return "/"
	}
	return fmt.Sprintf("/assessments/%d/return", aid)
}
