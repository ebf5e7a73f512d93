package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/jackc/pgx/v5"
)

// ErrBadCitation means a cited document is not a usable document of the
// assessed council, or the page is beyond its last page.
var ErrBadCitation = errors.New("cited document is not evidence of this council")

// citableStatuses are the statuses of documents that may be cited: those
// with their text (document.WithText), so that their pages are known. A
// document still waiting for its virus scan, rejected, failed or withdrawn
// is not evidence.
var citableStatuses = sqlList(document.WithText())

// ConflictError means the score changed since the form was loaded; Current
// is the newer value, to show to the person whose save was refused.
type ConflictError struct{ Current Score }

func (e *ConflictError) Error() string {
	return fmt.Sprintf("score %s/%s changed: now version %d", e.Current.QS, e.Current.Category, e.Current.Version)
}

// Unwrap makes a ConflictError an ErrConflict.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// Citation is a page of a document cited for a score.
type Citation struct {
	DocumentID string `json:"document_id"`
	Title      string `json:"title,omitempty"`
	Page       int    `json:"page"`
}

// Score is one score of an assessment: of a quality statement (Category
// empty) or of one evidence category of it.
type Score struct {
	QS        string
	Category  string
	Score     int
	Rationale string
	Version   int
	UpdatedBy string
	UpdatedAt time.Time
	Citations []Citation
	// Measures are the outcome measures cited, with their figures as cited.
	Measures []MeasureCitation
}

// ScoreInput is a score as an inspector saves it. Version is the version the
// form was loaded with, 0 for a score not given before.
type ScoreInput struct {
	Assessment int64
	QS         string
	Category   string
	Score      int
	Rationale  string
	Version    int
	Citations  []Citation
	// Measures are the measures and years cited; their figures are read
	// when the score is saved.
	Measures   []MeasureCitation
	ActorEmail string
}

// ScoreChange is one entry of the append-only score history.
type ScoreChange struct {
	ID         int64
	QS         string
	Category   string
	ActorEmail string
	At         time.Time
	OldScore   *int
	NewScore   int
	Rationale  string
	Citations  []Citation
	Measures   []MeasureCitation
	// BandChange is what the save changed, as internal/assessment judged it.
	assessment.BandChange
}

// Event is the change as the assessment's dates are worked out from it.
func (h ScoreChange) Event() assessment.Event {
	return assessment.Event{At: h.At, RatingChanged: h.RatingChanged}
}

// Events are the changes as the assessment's dates are worked out from them.
func Events(history []ScoreChange) []assessment.Event {
	out := make([]assessment.Event, len(history))
	for i, h := range history {
		out[i] = h.Event()
	}
	return out
}

// Value is the score as the rules of internal/assessment see it.
func (s Score) Value() assessment.Score {
	return assessment.Score{QS: s.QS, Category: s.Category, Score: s.Score}
}

// Values are the scores as the rules of internal/assessment see them.
func Values(scores []Score) []assessment.Score {
	out := make([]assessment.Score, len(scores))
	for i, s := range scores {
		out[i] = s.Value()
	}
	return out
}

// querier is what a pool and a transaction have in common for reading.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Scores lists the scores of an assessment within scope, with their citations.
func (s *Store) Scores(ctx context.Context, scope authz.Scope, id int64) ([]Score, error) {
	if err := s.assessmentInScope(ctx, scope, id, "scores"); err != nil {
		return nil, err
	}
	return loadScores(ctx, s.pool, id)
}

func loadScores(ctx context.Context, q querier, id int64) ([]Score, error) {
	rows, err := q.Query(ctx, `SELECT s.qs, s.category, s.score, s.rationale, s.version, s.updated_by, s.updated_at,
			coalesce((SELECT json_agg(json_build_object('document_id', c.document_id, 'title', d.title, 'page', c.page)
				ORDER BY d.title, c.page) FROM score_citations c JOIN documents d ON d.id = c.document_id
				WHERE c.assessment_id = s.assessment_id AND c.qs = s.qs AND c.category = s.category), '[]'),
			`+measureCitationsJSON+`
		FROM assessment_scores s WHERE s.assessment_id = $1 ORDER BY s.qs, s.category`, id)
	if err != nil {
		return nil, fmt.Errorf("list scores of assessment %d: %w", id, err)
	}
	defer rows.Close()
	var out []Score
	for rows.Next() {
		var sc Score
		var cites, measures []byte
		if err := rows.Scan(&sc.QS, &sc.Category, &sc.Score, &sc.Rationale, &sc.Version, &sc.UpdatedBy, &sc.UpdatedAt, &cites, &measures); err != nil {
			return nil, fmt.Errorf("scan score: %w", err)
		}
		if err := json.Unmarshal(cites, &sc.Citations); err != nil {
			return nil, fmt.Errorf("decode citations: %w", err)
		}
		if err := json.Unmarshal(measures, &sc.Measures); err != nil {
			return nil, fmt.Errorf("decode measure citations: %w", err)
		}
		out = append(out, sc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list scores of assessment %d: %w", id, err)
	}
	return out, nil
}

// SaveScore saves one score of an assessment in progress, by one of its
// inspectors, with its citations, its history entry and its audit entry, in
// one transaction. The assessment row is locked, so saves of one assessment
// happen one at a time and the version check is exact: a save made from an
// older version gives a ConflictError carrying the newer score. The change
// of band it records is m's rollup of the scores before and after.
// ErrWrongState when the assessment is not in progress, authz.ErrForbidden
// when the actor is not one of its inspectors, ErrBadCitation for a citation
// of a document that is not the council's.
func (s *Store) SaveScore(ctx context.Context, scope authz.Scope, in ScoreInput, m assessment.Method, a AuditEntry) (ScoreChange, error) {
	all, codes := scopeArgs(scope)
	var ch ScoreChange
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var state assessment.State
		var la string
		if err := tx.QueryRow(ctx, `SELECT state, la_code FROM assessments WHERE id = $3 AND ($1 OR la_code = ANY($2))
			FOR UPDATE`, all, codes, in.Assessment).Scan(&state, &la); err != nil {
			return notFound(err)
		}
		if state.Frozen() {
			return ErrWrongState
		}
		if err := requireInspector(ctx, tx, in.Assessment, in.ActorEmail); err != nil {
			return err
		}
		before, err := loadScores(ctx, tx, in.Assessment)
		if err != nil {
			return err
		}
		var old *Score
		after := make([]Score, 0, len(before)+1)
		for i := range before {
			if before[i].QS == in.QS && before[i].Category == in.Category {
				old = &before[i]
				continue
			}
			after = append(after, before[i])
		}
		switch {
		case old != nil && old.Version != in.Version:
			return &ConflictError{Current: *old}
		case old == nil && in.Version != 0:
			return &ConflictError{Current: Score{QS: in.QS, Category: in.Category}}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO assessment_scores (assessment_id, qs, category, score, rationale, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (assessment_id, qs, category) DO UPDATE SET score = EXCLUDED.score, rationale = EXCLUDED.rationale,
				version = assessment_scores.version + 1, updated_by = EXCLUDED.updated_by, updated_at = now()`,
			in.Assessment, in.QS, in.Category, in.Score, in.Rationale, in.ActorEmail); err != nil {
			return err
		}
		cites, err := saveCitations(ctx, tx, la, in)
		if err != nil {
			return err
		}
		measures, err := saveScoreMeasures(ctx, tx, la, in)
		if err != nil {
			return err
		}
		after = append(after, Score{QS: in.QS, Category: in.Category, Score: in.Score, Rationale: in.Rationale, Citations: cites})
		ch = change(in, old, m.Rollup(Values(before)), m.Rollup(Values(after)))
		ch.Citations, ch.Measures = cites, measures
		citeJSON, err := json.Marshal(cites)
		if err != nil {
			return err
		}
		measureJSON, err := json.Marshal(measures)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO score_history (assessment_id, qs, category, actor_email, old_score, new_score,
				rationale, citations, reviewed_unchanged, old_qs_score, new_qs_score, qs_band_changed, old_rating, new_rating,
				rating_changed, measures)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id, at`,
			in.Assessment, in.QS, in.Category, in.ActorEmail, ch.OldScore, ch.NewScore, ch.Rationale, citeJSON, ch.Reviewed,
			ch.OldQSScore, ch.NewQSScore, ch.QSBandChanged, ch.OldRating, ch.NewRating, ch.RatingChanged, measureJSON).Scan(&ch.ID, &ch.At); err != nil {
			return err
		}
		a.LA = la
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return ScoreChange{}, fmt.Errorf("save score %s/%s of assessment %d: %w", in.QS, in.Category, in.Assessment, err)
	}
	return ch, nil
}

// saveCitations replaces the score's citations, each only if it is a page of
// a usable document of the council.
func saveCitations(ctx context.Context, tx pgx.Tx, la string, in ScoreInput) ([]Citation, error) {
	if _, err := tx.Exec(ctx, `DELETE FROM score_citations WHERE assessment_id = $1 AND qs = $2 AND category = $3`,
		in.Assessment, in.QS, in.Category); err != nil {
		return nil, err
	}
	seen := map[Citation]bool{}
	var out []Citation
	for _, c := range in.Citations {
		key := Citation{DocumentID: c.DocumentID, Page: c.Page}
		if seen[key] {
			continue
		}
		seen[key] = true
		var title string
		err := tx.QueryRow(ctx, `INSERT INTO score_citations (assessment_id, qs, category, document_id, page)
			SELECT $1, $2, $3, d.id, $5 FROM documents d
			WHERE d.id = portal_uuid($4) AND d.la_code = $6 AND d.status IN `+citableStatuses+`
				AND $5 >= 1 AND $5 <= greatest(d.pages, 1)
			RETURNING (SELECT title FROM documents WHERE id = document_id)`,
			in.Assessment, in.QS, in.Category, c.DocumentID, c.Page, la).Scan(&title)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, citationProblem(ctx, tx, la, c.DocumentID, c.Page)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Citation{DocumentID: c.DocumentID, Title: title, Page: c.Page})
	}
	return out, nil
}

// change is the history entry of a save.
func change(in ScoreInput, old *Score, before, after assessment.Rollup) ScoreChange {
	ch := ScoreChange{QS: in.QS, Category: in.Category, ActorEmail: in.ActorEmail, NewScore: in.Score, Rationale: in.Rationale}
	if old != nil {
		o := old.Score
		ch.OldScore = &o
	}
	ch.BandChange = assessment.Compare(in.QS, ch.OldScore, in.Score, before, after)
	return ch
}

// ScoreHistory lists every save of the assessment's scores, newest first.
func (s *Store) ScoreHistory(ctx context.Context, scope authz.Scope, id int64) ([]ScoreChange, error) {
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `SELECT h.id, h.qs, h.category, h.actor_email, h.at, h.old_score, h.new_score, h.rationale,
			h.citations, h.reviewed_unchanged, h.old_qs_score, h.new_qs_score, h.qs_band_changed, h.old_rating, h.new_rating,
			h.rating_changed, h.measures
		FROM score_history h JOIN assessments a ON a.id = h.assessment_id
		WHERE h.assessment_id = $3 AND ($1 OR a.la_code = ANY($2)) ORDER BY h.id DESC`, all, codes, id)
	if err != nil {
		return nil, fmt.Errorf("read score history of assessment %d: %w", id, err)
	}
	defer rows.Close()
	var out []ScoreChange
	for rows.Next() {
		var h ScoreChange
		var cites, measures []byte
		if err := rows.Scan(&h.ID, &h.QS, &h.Category, &h.ActorEmail, &h.At, &h.OldScore, &h.NewScore, &h.Rationale, &cites,
			&h.Reviewed, &h.OldQSScore, &h.NewQSScore, &h.QSBandChanged, &h.OldRating, &h.NewRating, &h.RatingChanged, &measures); err != nil {
			return nil, fmt.Errorf("scan score change: %w", err)
		}
		if err := json.Unmarshal(cites, &h.Citations); err != nil {
			return nil, fmt.Errorf("decode citations: %w", err)
		}
		if err := json.Unmarshal(measures, &h.Measures); err != nil {
			return nil, fmt.Errorf("decode measure citations: %w", err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read score history of assessment %d: %w", id, err)
	}
	return out, nil
}
