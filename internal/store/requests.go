package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/jackc/pgx/v5"
)

// Request is a further evidence request an inspector raised during an
// assessment, with its thread.
type Request struct {
	ID           int64
	AssessmentID int64
	LA           string
	QS           []string
	Wanted       string
	DueOn        time.Time
	State        string
	RaisedBy     string
	RaisedAt     time.Time
	ClosedBy     string
	ClosedAt     *time.Time
	Messages     []RequestMessage
}

// RequestMessage is one message of a request's thread.
type RequestMessage struct {
	ID         int64
	Author     string
	AuthorRole string
	Text       string
	Link       string
	DocumentID string
	DocTitle   string
	Page       int
	At         time.Time
}

// MaxRequestsListed bounds a list of requests.
const MaxRequestsListed = 500

const requestColumns = `q.id, q.assessment_id, q.la_code, q.qs, q.wanted, q.due_on, q.state, q.raised_by, q.raised_at,
	q.closed_by, q.closed_at`

func scanRequest(row pgx.Row) (Request, error) {
	var r Request
	err := row.Scan(&r.ID, &r.AssessmentID, &r.LA, &r.QS, &r.Wanted, &r.DueOn, &r.State, &r.RaisedBy, &r.RaisedAt,
		&r.ClosedBy, &r.ClosedAt)
	return r, err
}

// RaiseRequest records a request, already checked, on an assessment within
// scope that is not published: ErrNotFound, ErrWrongState otherwise. The
// inspector must be on the assessment (authz.ErrForbidden).
func (s *Store) RaiseRequest(ctx context.Context, scope authz.Scope, assessmentID int64, in assessment.RequestInput, by string, a AuditEntry) (int64, error) {
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
		if err := requireInspector(ctx, tx, assessmentID, by); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO evidence_requests (assessment_id, la_code, qs, wanted, due_on, raised_by)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, assessmentID, la, in.QS, in.Wanted, in.Due, by).Scan(&id); err != nil {
			return err
		}
		a.LA, a.ObjectType, a.ObjectID = la, "evidence_request", fmt.Sprint(id)
		a.Detail = map[string]string{"assessment": fmt.Sprint(assessmentID), "due_on": in.Due.Format(time.DateOnly)}
		if err := insertAudit(ctx, tx, a); err != nil {
			return err
		}
		return notifyCouncil(ctx, tx, la, fmt.Sprintf("request:%d:raised", id),
			"CQC has asked for further evidence, due "+in.Due.Format("2 January 2006"), requestHref(assessmentID, id))
	})
	if err != nil {
		return 0, fmt.Errorf("raise request on assessment %d: %w", assessmentID, err)
	}
	return id, nil
}

// Requests lists the requests within scope, of one assessment when
// assessmentID is positive, open ones only when open is true; soonest due
// first, at most MaxRequestsListed. Threads are not loaded.
func (s *Store) Requests(ctx context.Context, scope authz.Scope, assessmentID int64, open bool) ([]Request, error) {
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `SELECT `+requestColumns+` FROM evidence_requests q
		WHERE ($1 OR q.la_code = ANY($2)) AND ($3 <= 0 OR q.assessment_id = $3) AND (NOT $4 OR q.state = 'open')
		ORDER BY q.state DESC, q.due_on, q.id LIMIT $5`, all, codes, assessmentID, open, MaxRequestsListed)
	if err != nil {
		return nil, fmt.Errorf("list requests: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Request, error) { return scanRequest(r) })
	if err != nil {
		return nil, fmt.Errorf("list requests: %w", err)
	}
	return out, nil
}

// Request returns one request of an assessment within scope, with its
// thread: another council's, or another assessment's, is ErrNotFound.
func (s *Store) Request(ctx context.Context, scope authz.Scope, assessmentID, id int64) (Request, error) {
	all, codes := scopeArgs(scope)
	r, err := scanRequest(s.pool.QueryRow(ctx, `SELECT `+requestColumns+` FROM evidence_requests q
		WHERE q.id = $3 AND q.assessment_id = $4 AND ($1 OR q.la_code = ANY($2))`, all, codes, id, assessmentID))
	if err != nil {
		return Request{}, fmt.Errorf("get request %d: %w", id, notFound(err))
	}
	rows, err := s.pool.Query(ctx, `SELECT m.id, m.author, m.author_role, m.body, m.link, coalesce(m.document_id::text, ''),
			coalesce(d.title, ''), m.page, m.at
		FROM request_messages m LEFT JOIN documents d ON d.id = m.document_id
		WHERE m.request_id = $1 ORDER BY m.id LIMIT $2`, id, assessment.MaxThreadLength)
	if err != nil {
		return Request{}, fmt.Errorf("read thread of request %d: %w", id, err)
	}
	r.Messages, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (RequestMessage, error) {
		var m RequestMessage
		err := row.Scan(&m.ID, &m.Author, &m.AuthorRole, &m.Text, &m.Link, &m.DocumentID, &m.DocTitle, &m.Page, &m.At)
		return m, err
	})
	if err != nil {
		return Request{}, fmt.Errorf("read thread of request %d: %w", id, err)
	}
	return r, nil
}

// ErrThreadFull means a request's thread has MaxThreadLength messages.
var ErrThreadFull = errors.New("thread full")

// lockRequest locks an open request within scope for a change.
func lockRequest(ctx context.Context, tx pgx.Tx, scope authz.Scope, assessmentID, id int64) (string, error) {
	all, codes := scopeArgs(scope)
	var la, state string
	if err := tx.QueryRow(ctx, `SELECT la_code, state FROM evidence_requests
		WHERE id = $3 AND assessment_id = $4 AND ($1 OR la_code = ANY($2)) FOR UPDATE`, all, codes, id, assessmentID).
		Scan(&la, &state); err != nil {
		return "", notFound(err)
	}
	if state != assessment.RequestOpen {
		return "", ErrWrongState
	}
	return la, nil
}

// AddRequestMessage adds a message, already checked, to an open request's
// thread: ErrWrongState once it is closed, ErrBadCitation when the document
// is not a read document of the council or the page is past its end,
// ErrThreadFull past MaxThreadLength messages.
func (s *Store) AddRequestMessage(ctx context.Context, scope authz.Scope, assessmentID, id int64, m assessment.Message, by, role string, a AuditEntry) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		la, err := lockRequest(ctx, tx, scope, assessmentID, id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM request_messages WHERE request_id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n >= assessment.MaxThreadLength {
			return ErrThreadFull
		}
		var doc *string
		if m.Document != "" {
			var ok bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = portal_uuid($1) AND la_code = $2
				AND status IN `+citableStatuses+` AND $3 <= greatest(pages, 1))`, m.Document, la, m.Page).Scan(&ok); err != nil {
				return err
			}
			if !ok {
				return citationProblem(ctx, tx, la, m.Document, m.Page)
			}
			doc = &m.Document
		}
		var mid int64
		if err := tx.QueryRow(ctx, `INSERT INTO request_messages (request_id, la_code, author, author_role, body, link, document_id, page)
			VALUES ($1, $2, $3, $4, $5, $6, portal_uuid($7), $8) RETURNING id`, id, la, by, role, m.Text, m.Link, doc, m.Page).Scan(&mid); err != nil {
			return err
		}
		a.LA, a.ObjectType, a.ObjectID = la, "evidence_request", fmt.Sprint(id)
		if err := insertAudit(ctx, tx, a); err != nil {
			return err
		}
		key := fmt.Sprintf("request:%d:message:%d", id, mid)
		if role == "la_submitter" {
			return notifyInspectors(ctx, tx, assessmentID, la, key, "The council has answered a further evidence request", requestHref(assessmentID, id))
		}
		return notifyCouncil(ctx, tx, la, key, "CQC has written about a further evidence request", requestHref(assessmentID, id))
	})
	if err != nil {
		return fmt.Errorf("add to request %d: %w", id, err)
	}
	return nil
}

// CloseRequest accepts the answer to an open request within scope, by one
// of the assessment's inspectors: ErrWrongState when it is closed already,
// authz.ErrForbidden when by is not its inspector.
func (s *Store) CloseRequest(ctx context.Context, scope authz.Scope, assessmentID, id int64, by string, a AuditEntry) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		la, err := lockRequest(ctx, tx, scope, assessmentID, id)
		if err != nil {
			return err
		}
		if err := requireInspector(ctx, tx, assessmentID, by); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE evidence_requests SET state = 'closed', closed_by = $2, closed_at = now() WHERE id = $1`,
			id, by); err != nil {
			return err
		}
		a.LA, a.ObjectType, a.ObjectID = la, "evidence_request", fmt.Sprint(id)
		if err := insertAudit(ctx, tx, a); err != nil {
			return err
		}
		return notifyCouncil(ctx, tx, la, fmt.Sprintf("request:%d:accepted", id), "CQC has accepted your answer to a further evidence request",
			requestHref(assessmentID, id))
	})
	if err != nil {
		return fmt.Errorf("close request %d: %w", id, err)
	}
	return nil
}

func requestHref(assessmentID, id int64) string {
	return fmt.Sprintf("/assessments/%d/requests/%d", assessmentID, id)
}
