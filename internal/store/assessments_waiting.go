package store

import (
	"context"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
)

// MaxWaiting bounds AssessmentsWaiting. A council has at most one
// assessment open at a time and an inspector a handful, so the bound is
// only there to keep a home page's cost fixed.
const MaxWaiting = 100

// Waiting is an assessment not yet published, with what may wait on it:
// its factual accuracy check and its latest change of state.
type Waiting struct {
	ID     int64
	LA     string
	LAName string
	// Standing is what assessment.Standing.NoticeFor judges.
	Standing assessment.Standing
	// Last is its latest change of state; zero when it never moved.
	Last StateTransition
}

// AssessmentsWaiting lists the assessments within scope that are not
// published, at most limit (capped at MaxWaiting), longest in their stage
// first. When inspector is set, only those the inspector is on.
func (s *Store) AssessmentsWaiting(ctx context.Context, scope authz.Scope, inspector string, limit int) ([]Waiting, error) {
	if limit <= 0 || limit > MaxWaiting {
		limit = MaxWaiting
	}
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.la_code, l.name, a.state, a.fa_deadline, a.fa_done_at IS NOT NULL,
			(SELECT count(*) FROM fa_comments c WHERE c.assessment_id = a.id AND c.responded_at IS NULL),
			coalesce(t.from_state, ''), coalesce(t.to_state, ''), coalesce(t.actor_email, ''), coalesce(t.actor_role, ''),
			coalesce(t.comment, ''), t.at
		FROM assessments a JOIN las l ON l.code = a.la_code
		LEFT JOIN LATERAL (SELECT from_state, to_state, actor_email, actor_role, comment, at FROM assessment_transitions
			WHERE assessment_id = a.id ORDER BY id DESC LIMIT 1) t ON true
		WHERE a.state <> 'published' AND ($1 OR a.la_code = ANY($2))
			AND ($3 = '' OR EXISTS (SELECT 1 FROM assessment_inspectors i WHERE i.assessment_id = a.id AND i.email = lower($3)))
		ORDER BY a.state_changed_at, a.id LIMIT $4`, all, codes, inspector, limit)
	if err != nil {
		return nil, fmt.Errorf("list assessments waiting: %w", err)
	}
	defer rows.Close()
	var out []Waiting
	for rows.Next() {
		var w Waiting
		st := &w.Standing
		var at *time.Time
		if err := rows.Scan(&w.ID, &w.LA, &w.LAName, &st.State, &st.Deadline, &st.CouncilDone, &st.Unanswered,
			&w.Last.From, &w.Last.To, &w.Last.ActorEmail, &w.Last.ActorRole, &w.Last.Comment, &at); err != nil {
			return nil, fmt.Errorf("scan assessment waiting: %w", err)
		}
		if at != nil {
			w.Last.At = *at
		}
		st.LastFrom = w.Last.From
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list assessments waiting: %w", err)
	}
	return out, nil
}
