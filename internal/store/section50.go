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

// Section50Letter is a section 50 letter recorded as sent: the day, the
// text as it was drafted then, who recorded it and when.
type Section50Letter struct {
	Letter     string
	SentOn     time.Time
	Subject    string
	Body       string
	RecordedBy string
	RecordedAt time.Time
}

// Section50Letters lists the letters of an assessment recorded as sent,
// by letter key, within scope; another council's is ErrNotFound.
func (s *Store) Section50Letters(ctx context.Context, scope authz.Scope, id int64) (map[string]Section50Letter, error) {
	if err := s.assessmentInScope(ctx, scope, id, "section 50 letters"); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT letter, sent_on, subject, body, recorded_by, recorded_at
		FROM section50_letters WHERE assessment_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("section 50 letters of assessment %d: %w", id, err)
	}
	defer rows.Close()
	out := map[string]Section50Letter{}
	for rows.Next() {
		var l Section50Letter
		if err := rows.Scan(&l.Letter, &l.SentOn, &l.Subject, &l.Body, &l.RecordedBy, &l.RecordedAt); err != nil {
			return nil, fmt.Errorf("scan section 50 letter: %w", err)
		}
		out[l.Letter] = l
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("section 50 letters of assessment %d: %w", id, err)
	}
	return out, nil
}

// RecordSection50Letter records that a letter of a published assessment
// was sent on l.SentOn, with its text as drafted, and its audit entry (the
// day before, when this corrects an earlier record), under the
// assessment's lock. ErrWrongState unless the assessment is published;
// whether its scores trigger the duty is the caller's to check
// (framework.Version.Section50).
func (s *Store) RecordSection50Letter(ctx context.Context, scope authz.Scope, id int64, l Section50Letter, a AuditEntry) error {
	all, codes := scopeArgs(scope)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		la, state, err := lockAssessment(ctx, tx, all, codes, id)
		if err != nil {
			return err
		}
		if state != assessment.Published {
			return ErrWrongState
		}
		var before time.Time
		err = tx.QueryRow(ctx, `SELECT sent_on FROM section50_letters WHERE assessment_id = $1 AND letter = $2`, id, l.Letter).Scan(&before)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO section50_letters (assessment_id, letter, sent_on, subject, body, recorded_by)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (assessment_id, letter) DO UPDATE SET sent_on = EXCLUDED.sent_on, subject = EXCLUDED.subject,
				body = EXCLUDED.body, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
			id, l.Letter, l.SentOn, l.Subject, l.Body, l.RecordedBy); err != nil {
			return err
		}
		a.LA, a.ObjectType, a.ObjectID = la, "assessment", fmt.Sprint(id)
		a.Detail = map[string]string{"letter": l.Letter, "sent_on": l.SentOn.Format(time.DateOnly)}
		if !before.IsZero() {
			a.Detail["previously_sent_on"] = before.Format(time.DateOnly)
		}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("record section 50 letter %s of assessment %d: %w", l.Letter, id, err)
	}
	return nil
}
