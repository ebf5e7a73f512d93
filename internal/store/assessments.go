package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrWrongState means the assessment is not in a state that allows the
// change, for example a score saved while the assessment is in calibration.
var ErrWrongState = errors.New("assessment not in a state that allows this")

// Assessment is one council assessed under one framework version.
type Assessment struct {
	ID             int64
	LA             string
	LAName         string
	Version        string
	State          assessment.State
	CreatedBy      string
	CreatedAt      time.Time
	StateChangedAt time.Time
	// FADeadline is the last day for factual accuracy comments, once set.
	FADeadline *time.Time
	// FADoneAt is when the council said it had no more factual accuracy
	// comments, and FADoneBy who said it.
	FADoneAt    *time.Time
	FADoneBy    string
	PublishedAt *time.Time
	// Snapshot is the published JSON, frozen at publication.
	Snapshot   []byte
	Inspectors []string
}

// HasInspector reports whether email is one of the assessment's inspectors.
func (a Assessment) HasInspector(email string) bool {
	for _, e := range a.Inspectors {
		if strings.EqualFold(e, email) {
			return true
		}
	}
	return false
}

const assessmentColumns = `a.id, a.la_code, l.name, a.framework_version, a.state, a.created_by, a.created_at,
	a.state_changed_at, a.fa_deadline, a.fa_done_at, a.fa_done_by, a.published_at, a.snapshot,
	coalesce((SELECT array_agg(i.email ORDER BY i.email) FROM assessment_inspectors i WHERE i.assessment_id = a.id), '{}')`

func scanAssessment(row pgx.Row) (Assessment, error) {
	var a Assessment
	err := row.Scan(&a.ID, &a.LA, &a.LAName, &a.Version, &a.State, &a.CreatedBy, &a.CreatedAt, &a.StateChangedAt,
		&a.FADeadline, &a.FADoneAt, &a.FADoneBy, &a.PublishedAt, &a.Snapshot, &a.Inspectors)
	return a, err
}

// CreateAssessment opens an assessment of the council under the framework
// version: ErrNotFound when the council does not exist, ErrConflict when it
// already has one that is not published.
func (s *Store) CreateAssessment(ctx context.Context, la, version, by string, a AuditEntry) (int64, error) {
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO assessments (la_code, framework_version, created_by) VALUES ($1, $2, $3)
			RETURNING id`, la, version, by).Scan(&id); err != nil {
			return err
		}
		a.ObjectID = fmt.Sprint(id)
		return insertAudit(ctx, tx, a)
	})
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "23505":
		return 0, fmt.Errorf("open assessment of %s: %w", la, ErrConflict)
	case errors.As(err, &pgErr) && pgErr.Code == "23503":
		return 0, fmt.Errorf("open assessment of %s: %w", la, ErrNotFound)
	case err != nil:
		return 0, fmt.Errorf("open assessment of %s: %w", la, err)
	}
	return id, nil
}

// Assessment returns one assessment within scope; another council's is
// ErrNotFound, exactly as a missing one.
func (s *Store) Assessment(ctx context.Context, scope authz.Scope, id string) (Assessment, error) {
	all, codes := scopeArgs(scope)
	a, err := scanAssessment(s.pool.QueryRow(ctx, `SELECT `+assessmentColumns+`
		FROM assessments a JOIN las l ON l.code = a.la_code
		WHERE a.id::text = $3 AND ($1 OR a.la_code = ANY($2))`, all, codes, id))
	if err != nil {
		return Assessment{}, fmt.Errorf("get assessment %s: %w", id, notFound(err))
	}
	return a, nil
}

// Assessments lists the assessments within scope, newest first.
func (s *Store) Assessments(ctx context.Context, scope authz.Scope) ([]Assessment, error) {
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `SELECT `+assessmentColumns+`
		FROM assessments a JOIN las l ON l.code = a.la_code
		WHERE ($1 OR a.la_code = ANY($2)) ORDER BY a.created_at DESC, a.id DESC`, all, codes)
	if err != nil {
		return nil, fmt.Errorf("list assessments: %w", err)
	}
	defer rows.Close()
	var out []Assessment
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			return nil, fmt.Errorf("scan assessment: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list assessments: %w", err)
	}
	return out, nil
}

// AddAssessmentInspector puts an inspector on an assessment not yet
// published and, so that they can reach the council's evidence, assigns
// them to its council when they are not yet. ErrConflict when they are
// already on it, ErrWrongState when it is published.
func (s *Store) AddAssessmentInspector(ctx context.Context, id int64, email string, a AuditEntry) error {
	email = strings.ToLower(email)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		la, err := lockUnpublished(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO assessment_inspectors (assessment_id, email, added_by) VALUES ($1, $2, $3)`,
			id, email, a.ActorEmail); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO inspector_assignments (email, la_code, created_by) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, email, la, a.ActorEmail); err != nil {
			return err
		}
		a.LA = la
		a.Detail = map[string]string{"email": email}
		return insertAudit(ctx, tx, a)
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return fmt.Errorf("add inspector %s to assessment %d: %w", email, id, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("add inspector %s to assessment %d: %w", email, id, err)
	}
	return nil
}

// lockUnpublished locks an assessment's row until the transaction ends and
// returns its council: ErrNotFound when there is no such assessment,
// ErrWrongState when it is published, and so no longer changes.
func lockUnpublished(ctx context.Context, tx pgx.Tx, id int64) (string, error) {
	var la string
	var state assessment.State
	if err := tx.QueryRow(ctx, `SELECT la_code, state FROM assessments WHERE id = $1 FOR UPDATE`, id).Scan(&la, &state); err != nil {
		return "", notFound(err)
	}
	if state == assessment.Published {
		return "", ErrWrongState
	}
	return la, nil
}

// ErrNotOnAssessment means the inspector named is not one of the
// assessment's inspectors (any more).
var ErrNotOnAssessment = errors.New("inspector not on the assessment")

// RemoveAssessmentInspector takes an inspector off an assessment that is not
// published, with its audit entry. They stay assigned to the council, which
// is a separate decision (Unassign); what they scored stays in the history.
// ErrNotFound when the assessment does not exist, ErrWrongState when it is
// published (who assessed a published rating is part of its record),
// ErrNotOnAssessment when they are not on it.
func (s *Store) RemoveAssessmentInspector(ctx context.Context, id int64, email string, a AuditEntry) error {
	email = strings.ToLower(email)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// A save in flight holds the row, so it either finishes before the
		// removal or sees the inspector gone.
		la, err := lockUnpublished(ctx, tx, id)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM assessment_inspectors WHERE assessment_id = $1 AND email = $2`, id, email)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotOnAssessment
		}
		a.LA = la
		a.Detail = map[string]string{"email": email}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("remove inspector %s from assessment %d: %w", email, id, err)
	}
	return nil
}
