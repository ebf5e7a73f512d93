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

// ErrNoCorrection means a correction was asked to be published while none
// is open, or to be started while one is.
var ErrNoCorrection = errors.New("no correction open")

// ReportPublication is one published version of an assessment's report.
// Published reports are public: reading them takes no scope.
type ReportPublication struct {
	AssessmentID int64
	LA, LAName   string
	Version      int
	// PublishedAt is when this version was published ("Page last
	// updated"); FirstPublishedAt when the assessment was ("Published").
	PublishedAt      time.Time
	FirstPublishedAt time.Time
	By               string
	// Reason is what the correction changed, "" for the first version.
	Reason string
	// Latest: no later version of this assessment's report exists.
	Latest   bool
	Snapshot []byte
}

// insertPublication adds the next version of the assessment's report, under
// the assessment's row lock, and returns its number.
func insertPublication(ctx context.Context, tx pgx.Tx, id int64, by, reason string, snapshot []byte) (int, error) {
	var v int
	err := tx.QueryRow(ctx, `INSERT INTO report_publications (assessment_id, version, published_by, reason, snapshot)
		SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4 FROM report_publications WHERE assessment_id = $1
		RETURNING version`, id, by, reason, snapshot).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("insert report publication of assessment %d: %w", id, err)
	}
	return v, nil
}

// CorrectionOpen reports whether the inspectors are correcting the
// assessment's published report; another council's is ErrNotFound.
func (s *Store) CorrectionOpen(ctx context.Context, scope authz.Scope, id int64) (bool, error) {
	all, codes := scopeArgs(scope)
	var open bool
	err := s.pool.QueryRow(ctx, `SELECT correction_started_at IS NOT NULL FROM assessments
		WHERE id = $3 AND ($1 OR la_code = ANY($2))`, all, codes, id).Scan(&open)
	if err != nil {
		return false, fmt.Errorf("correction of assessment %d: %w", id, notFound(err))
	}
	return open, nil
}

// StartCorrection lets the assessment's inspectors change its published
// report again, to publish a new version; the public keeps reading the last
// one. ErrWrongState unless published, ErrNoCorrection when one is already
// open, authz.ErrForbidden for anyone but its inspectors.
func (s *Store) StartCorrection(ctx context.Context, scope authz.Scope, id int64, actor string, a AuditEntry) error {
	all, codes := scopeArgs(scope)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		la, state, err := lockAssessment(ctx, tx, all, codes, id)
		if err != nil {
			return err
		}
		if state != assessment.Published {
			return ErrWrongState
		}
		if err := requireInspector(ctx, tx, id, actor); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE assessments SET correction_started_at = now()
			WHERE id = $1 AND correction_started_at IS NULL`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNoCorrection
		}
		a.LA = la
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("start correction of assessment %d: %w", id, err)
	}
	return nil
}

// PublishCorrection publishes the corrected report as a new version: build
// makes the new snapshot from the current one (under the row lock, so two
// publications cannot both start from the same version), the correction is
// closed, and the audit entry written, in one transaction. It returns the
// new version's number. ErrWrongState unless published, ErrNoCorrection
// when no correction is open, authz.ErrForbidden for anyone but its
// inspectors.
func (s *Store) PublishCorrection(ctx context.Context, scope authz.Scope, id int64, actor, reason string,
	build func(current []byte) ([]byte, error), a AuditEntry) (int, error) {
	all, codes := scopeArgs(scope)
	var v int
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		la, state, err := lockAssessment(ctx, tx, all, codes, id)
		if err != nil {
			return err
		}
		if state != assessment.Published {
			return ErrWrongState
		}
		if err := requireInspector(ctx, tx, id, actor); err != nil {
			return err
		}
		var open bool
		var current []byte
		if err := tx.QueryRow(ctx, `SELECT correction_started_at IS NOT NULL, snapshot FROM assessments WHERE id = $1`,
			id).Scan(&open, &current); err != nil {
			return err
		}
		if !open {
			return ErrNoCorrection
		}
		snap, err := build(current)
		if err != nil {
			return err
		}
		if v, err = insertPublication(ctx, tx, id, actor, reason, snap); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE assessments SET snapshot = $2, correction_started_at = NULL WHERE id = $1`,
			id, snap); err != nil {
			return err
		}
		a.LA = la
		a.Detail = map[string]string{"version": fmt.Sprint(v)}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return 0, fmt.Errorf("publish correction of assessment %d: %w", id, err)
	}
	return v, nil
}

// ReportPublication is one version of a published report, the latest when
// version is 0. ErrNotFound when there is no such version of a published
// assessment.
func (s *Store) ReportPublication(ctx context.Context, id int64, version int) (ReportPublication, error) {
	var p ReportPublication
	err := s.pool.QueryRow(ctx, `SELECT a.id, a.la_code, l.name, r.version, r.published_at, a.published_at, r.published_by,
			r.reason, r.snapshot,
			r.version = (SELECT max(version) FROM report_publications WHERE assessment_id = a.id)
		FROM report_publications r JOIN assessments a ON a.id = r.assessment_id JOIN las l ON l.code = a.la_code
		WHERE a.id = $1 AND a.state = 'published' AND ($2 = 0 OR r.version = $2)
		ORDER BY r.version DESC LIMIT 1`, id, version).
		Scan(&p.AssessmentID, &p.LA, &p.LAName, &p.Version, &p.PublishedAt, &p.FirstPublishedAt, &p.By, &p.Reason, &p.Snapshot, &p.Latest)
	if err != nil {
		return ReportPublication{}, fmt.Errorf("publication %d of report %d: %w", version, id, notFound(err))
	}
	return p, nil
}

// CouncilPublications lists every published version of the council's
// reports, of every assessment, newest first, without their snapshots and
// at most 100 of them: what a reader may open.
func (s *Store) CouncilPublications(ctx context.Context, la string) ([]ReportPublication, error) {
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.la_code, l.name, r.version, r.published_at, a.published_at, r.published_by,
			r.reason, r.version = max(r.version) OVER (PARTITION BY a.id)
		FROM report_publications r JOIN assessments a ON a.id = r.assessment_id JOIN las l ON l.code = a.la_code
		WHERE a.la_code = $1 AND a.state = 'published' ORDER BY r.published_at DESC, r.version DESC LIMIT 100`, la)
	if err != nil {
		return nil, fmt.Errorf("list report publications of %s: %w", la, err)
	}
	defer rows.Close()
	var out []ReportPublication
	for rows.Next() {
		var p ReportPublication
		if err := rows.Scan(&p.AssessmentID, &p.LA, &p.LAName, &p.Version, &p.PublishedAt, &p.FirstPublishedAt, &p.By,
			&p.Reason, &p.Latest); err != nil {
			return nil, fmt.Errorf("scan report publication: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list report publications of %s: %w", la, err)
	}
	return out, nil
}
