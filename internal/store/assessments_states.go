package store

import (
	"context"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/jackc/pgx/v5"
)

// StateChange moves an assessment from one state to the next. Which role may
// make which change is the caller's business; the store checks what needs
// the rows: the state it starts from, the actor being one of the
// assessment's inspectors when asked, and before publication the factual
// accuracy check as assessment.FactualAccuracyCheck.PublishBlock judges it
// (the council's deadline passed or its word that it has no more comments,
// and every comment answered).
type StateChange struct {
	ID               int64
	From, To         assessment.State
	ActorEmail       string
	ActorRole        string
	Comment          string
	RequireInspector bool
	// FADeadline is set when the assessment enters factual accuracy.
	FADeadline *time.Time
	// Snapshot is the published JSON, set when it is published.
	Snapshot []byte
	// Today is the UK day of the change (assessment.Day), which publication
	// is judged on.
	Today time.Time
}

// StateTransition is one recorded state change.
type StateTransition struct {
	From, To   assessment.State
	ActorEmail string
	ActorRole  string
	Comment    string
	At         time.Time
}

// MoveAssessment makes the state change within scope, records it and its
// audit entry, all in one transaction. ErrWrongState when the assessment is
// no longer in ch.From (someone else moved it first).
func (s *Store) MoveAssessment(ctx context.Context, scope authz.Scope, ch StateChange, a AuditEntry) error {
	all, codes := scopeArgs(scope)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		fa := assessment.FactualAccuracyCheck{}
		var la string
		if err := tx.QueryRow(ctx, `SELECT state, la_code, fa_deadline, fa_done_at IS NOT NULL FROM assessments
			WHERE id = $3 AND ($1 OR la_code = ANY($2)) FOR UPDATE`, all, codes, ch.ID).Scan(&fa.State, &la, &fa.Deadline, &fa.CouncilDone); err != nil {
			return notFound(err)
		}
		if fa.State != ch.From {
			return ErrWrongState
		}
		if ch.RequireInspector {
			if err := requireInspector(ctx, tx, ch.ID, ch.ActorEmail); err != nil {
				return err
			}
		}
		if ch.To == assessment.Published {
			// Comments are sent under FOR SHARE of the assessment row, so
			// none can arrive between this count and the move.
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM fa_comments WHERE assessment_id = $1 AND responded_at IS NULL`,
				ch.ID).Scan(&fa.Unanswered); err != nil {
				return err
			}
			if err := fa.PublishBlock(ch.Today); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE assessments SET state = $2, state_changed_at = now(),
				fa_deadline = coalesce($3, fa_deadline),
				published_at = CASE WHEN $2 = 'published' THEN now() END, snapshot = $4
			WHERE id = $1`, ch.ID, ch.To, ch.FADeadline, ch.Snapshot); err != nil {
			return err
		}
		if ch.To == assessment.Published {
			if _, err := insertPublication(ctx, tx, ch.ID, ch.ActorEmail, "", ch.Snapshot); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO assessment_transitions (assessment_id, from_state, to_state, actor_email,
			actor_role, comment) VALUES ($1, $2, $3, $4, $5, $6)`, ch.ID, ch.From, ch.To, ch.ActorEmail, ch.ActorRole, ch.Comment); err != nil {
			return err
		}
		if err := notifyMove(ctx, tx, ch, la); err != nil {
			return err
		}
		a.LA = la
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("move assessment %d to %s: %w", ch.ID, ch.To, err)
	}
	return nil
}

// requireInspector is authz.ErrForbidden unless email is one of the
// assessment's inspectors.
func requireInspector(ctx context.Context, tx pgx.Tx, id int64, email string) error {
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM assessment_inspectors WHERE assessment_id = $1 AND email = lower($2))`,
		id, email).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return authz.ErrForbidden
	}
	return nil
}

// Transitions lists the assessment's state changes, oldest first.
func (s *Store) Transitions(ctx context.Context, scope authz.Scope, id int64) ([]StateTransition, error) {
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `SELECT t.from_state, t.to_state, t.actor_email, t.actor_role, t.comment, t.at
		FROM assessment_transitions t JOIN assessments a ON a.id = t.assessment_id
		WHERE t.assessment_id = $3 AND ($1 OR a.la_code = ANY($2)) ORDER BY t.id`, all, codes, id)
	if err != nil {
		return nil, fmt.Errorf("list transitions of assessment %d: %w", id, err)
	}
	defer rows.Close()
	var out []StateTransition
	for rows.Next() {
		var t StateTransition
		if err := rows.Scan(&t.From, &t.To, &t.ActorEmail, &t.ActorRole, &t.Comment, &t.At); err != nil {
			return nil, fmt.Errorf("scan transition: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list transitions of assessment %d: %w", id, err)
	}
	return out, nil
}

// Published is the latest published rating of one council.
type Published struct {
	AssessmentID int64
	LA           string
	LAName       string
	PublishedAt  time.Time
	Snapshot     []byte
}

// PublishedRatings lists, for every council with one, its latest published
// assessment. Published ratings are public: no scope.
func (s *Store) PublishedRatings(ctx context.Context) ([]Published, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT ON (a.la_code) a.id, a.la_code, l.name, a.published_at, a.snapshot
		FROM assessments a JOIN las l ON l.code = a.la_code
		WHERE a.state = 'published' ORDER BY a.la_code, a.published_at DESC`)
	if err != nil {
		return nil, fmt.Errorf("list published ratings: %w", err)
	}
	defer rows.Close()
	var out []Published
	for rows.Next() {
		var p Published
		if err := rows.Scan(&p.AssessmentID, &p.LA, &p.LAName, &p.PublishedAt, &p.Snapshot); err != nil {
			return nil, fmt.Errorf("scan published rating: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list published ratings: %w", err)
	}
	return out, nil
}

// notifyMove tells the council, in the transaction of the move, that the
// draft report and scores are ready for its factual accuracy check, and
// everyone on the assessment that it is published. Each round of factual
// accuracy is an event of its own (its deadline is in the key).
func notifyMove(ctx context.Context, tx pgx.Tx, ch StateChange, la string) error {
	href := fmt.Sprintf("/assessments/%d", ch.ID)
	switch ch.To {
	case assessment.FactualAccuracy:
		msg, key := "CQC's draft report and scores are ready for your factual accuracy check", fmt.Sprintf("assessment:%d:factual-accuracy", ch.ID)
		if ch.FADeadline != nil {
			msg += ". Send any comments by " + ch.FADeadline.Format("2 January 2006")
			key += ":" + ch.FADeadline.Format(time.DateOnly)
		}
		return notifyCouncil(ctx, tx, la, key, msg, href)
	case assessment.Published:
		key := fmt.Sprintf("assessment:%d:published", ch.ID)
		if err := notifyCouncil(ctx, tx, la, key, "CQC has published its assessment of your council", href); err != nil {
			return err
		}
		var name string
		if err := tx.QueryRow(ctx, `SELECT name FROM las WHERE code = $1`, la).Scan(&name); err != nil {
			return fmt.Errorf("name of council %s: %w", la, err)
		}
		return notifyInspectors(ctx, tx, ch.ID, la, key, "The assessment of "+name+" has been published", href)
	}
	return nil
}
