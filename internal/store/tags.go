package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/jackc/pgx/v5"
)

// The kinds of tag: a quality statement or an evidence category.
const (
	TagQS       = "qs"
	TagCategory = "category"
)

// The decisions people make about tags. Inspectors accept, reject or add;
// council staff hint, and a hint stays the council's.
const (
	DecisionAccept = "accept"
	DecisionReject = "reject"
	DecisionAdd    = "add"
	DecisionHint   = "hint"
)

// ErrNotMoved means a write that depends on the document's status found it
// moved on already: nothing was written.
var ErrNotMoved = errors.New("document not in the expected status")

// TagPassage is a short passage of a page that drove a suggestion: plain
// text, Text is the page's text[Start:End].
type TagPassage struct {
	Page  int    `json:"page"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// TagSuggestion is what the tagger said about a document (Page 0) or one of
// its pages.
type TagSuggestion struct {
	DocumentID   string
	Page         int
	Kind         string
	Label        string
	Confidence   float64
	Passages     []TagPassage
	ModelVersion string
	CreatedAt    time.Time
}

// TagDecision is one person's decision about a document's tag.
type TagDecision struct {
	ID           int64
	DocumentID   string
	LA           string
	Kind         string
	Label        string
	Decision     string
	Source       string // "inspector" or "la"
	Page         int
	Text         string // what training learns from
	ModelVersion string // of the suggestion decided on, if any
	Confidence   float64
	DecidedBy    int64
	DecidedEmail string
	DecidedAt    time.Time
}

// SaveSuggestions replaces a document's suggestions and moves it on (t), in
// one transaction; when the document is no longer in t.From nothing is
// written and the error is ErrNotMoved.
func (s *Store) SaveSuggestions(ctx context.Context, docID string, sugs []TagSuggestion, t Transition) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		moved, err := s.moveTx(ctx, tx, t)
		if err != nil {
			return err
		}
		if !moved {
			return ErrNotMoved
		}
		if _, err := tx.Exec(ctx, `DELETE FROM tag_suggestions WHERE document_id = portal_uuid($1)`, docID); err != nil {
			return err
		}
		rows := make([][]any, len(sugs))
		for i, sg := range sugs {
			p := sg.Passages
			if p == nil {
				p = []TagPassage{}
			}
			pj, err := json.Marshal(p)
			if err != nil {
				return err
			}
			rows[i] = []any{docID, sg.Page, sg.Kind, sg.Label, sg.Confidence, string(pj), sg.ModelVersion}
		}
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"tag_suggestions"},
			[]string{"document_id", "page", "kind", "label", "confidence", "passages", "model_version"}, pgx.CopyFromRows(rows))
		if err != nil {
			return err
		}
		return appendIndexChanges(ctx, tx, t.Changes)
	})
	if errors.Is(err, ErrNotMoved) {
		return err
	}
	if err != nil {
		return fmt.Errorf("save suggestions of %s: %w", docID, err)
	}
	return nil
}

// DocumentTags is what is known about one document's tags.
type DocumentTags struct {
	// Suggestions of the document (page 0) and its pages.
	Suggestions []TagSuggestion
	// Decisions, oldest first.
	Decisions []TagDecision
	// The council's hints given at upload.
	QSHint, CategoryHint string
}

// DocumentTags returns a document's suggestions and decisions, within
// scope: another council's document is ErrNotFound.
func (s *Store) DocumentTags(ctx context.Context, scope authz.Scope, docID string) (DocumentTags, error) {
	d, err := s.Document(ctx, scope, docID)
	if err != nil {
		return DocumentTags{}, err
	}
	out := DocumentTags{QSHint: d.QSHint, CategoryHint: d.CategoryHint}
	if out.Suggestions, err = s.suggestions(ctx, `s.document_id = portal_uuid($1)`, d.ID); err != nil {
		return DocumentTags{}, err
	}
	if out.Decisions, err = s.decisions(ctx, `d.document_id = portal_uuid($1)`, d.ID); err != nil {
		return DocumentTags{}, err
	}
	return out, nil
}

func (s *Store) suggestions(ctx context.Context, where string, args ...any) ([]TagSuggestion, error) {
	rows, err := s.pool.Query(ctx, `SELECT s.document_id::text, s.page, s.kind, s.label, s.confidence, s.passages,
			s.model_version, s.created_at
		FROM tag_suggestions s WHERE `+where+` ORDER BY s.document_id, s.page, s.kind, s.confidence DESC, s.label`, args...)
	if err != nil {
		return nil, fmt.Errorf("read suggestions: %w", err)
	}
	defer rows.Close()
	var out []TagSuggestion
	for rows.Next() {
		var sg TagSuggestion
		var conf float32
		var pj []byte
		if err := rows.Scan(&sg.DocumentID, &sg.Page, &sg.Kind, &sg.Label, &conf, &pj, &sg.ModelVersion, &sg.CreatedAt); err != nil {
			return nil, fmt.Errorf("scan suggestion: %w", err)
		}
		sg.Confidence = float64(conf)
		if err := json.Unmarshal(pj, &sg.Passages); err != nil {
			return nil, fmt.Errorf("decode passages: %w", err)
		}
		out = append(out, sg)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read suggestions: %w", err)
	}
	return out, nil
}

func (s *Store) decisions(ctx context.Context, where string, args ...any) ([]TagDecision, error) {
	rows, err := s.pool.Query(ctx, `SELECT d.id, d.document_id::text, d.la_code, d.kind, d.label, d.decision, d.source,
			d.page, d.text, d.model_version, coalesce(d.confidence, 0), d.decided_by, u.email, d.decided_at
		FROM tag_decisions d JOIN users u ON u.id = d.decided_by WHERE `+where+` ORDER BY d.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read tag decisions: %w", err)
	}
	defer rows.Close()
	var out []TagDecision
	for rows.Next() {
		var d TagDecision
		var conf float32
		if err := rows.Scan(&d.ID, &d.DocumentID, &d.LA, &d.Kind, &d.Label, &d.Decision, &d.Source, &d.Page, &d.Text,
			&d.ModelVersion, &conf, &d.DecidedBy, &d.DecidedEmail, &d.DecidedAt); err != nil {
			return nil, fmt.Errorf("scan tag decision: %w", err)
		}
		d.Confidence = float64(conf)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read tag decisions: %w", err)
	}
	return out, nil
}

// RecordTagDecisions appends decisions with their audit entries and moves
// (sending the documents back to the index), all in one transaction. A move
// that finds its document elsewhere is skipped: the pipeline will index it.
func (s *Store) RecordTagDecisions(ctx context.Context, decs []TagDecision, audit []AuditEntry, moves []Transition) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, d := range decs {
			var conf *float64
			if d.Decision == DecisionAccept || d.Decision == DecisionReject {
				conf = &d.Confidence
			}
			_, err := tx.Exec(ctx, `INSERT INTO tag_decisions (document_id, la_code, kind, label, decision, source, page, text,
					model_version, confidence, decided_by)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				d.DocumentID, d.LA, d.Kind, d.Label, d.Decision, d.Source, d.Page, d.Text, d.ModelVersion, conf, d.DecidedBy)
			if err != nil {
				return err
			}
		}
		for _, a := range audit {
			if err := insertAudit(ctx, tx, a); err != nil {
				return err
			}
		}
		var changes []Change
		for _, t := range moves {
			moved, err := s.moveTx(ctx, tx, t)
			if err != nil {
				return err
			}
			if moved {
				changes = append(changes, t.Changes...)
			}
		}
		// The decided documents' pages carry their tags: every node
		// rewrites them from this transaction on.
		seen := map[string]bool{}
		for _, d := range decs {
			if !seen[d.DocumentID] {
				seen[d.DocumentID] = true
				changes = append(changes, Change{DocumentID: d.DocumentID, Kind: ChangeIndex})
			}
		}
		return appendIndexChanges(ctx, tx, changes)
	})
	if err != nil {
		return fmt.Errorf("record %d tag decisions: %w", len(decs), err)
	}
	return nil
}

// LATags returns the tags of every document of a council in the given
// statuses, by document id, within scope (another council is ErrNotFound).
// Only whole-document suggestions (page 0) are read.
func (s *Store) LATags(ctx context.Context, scope authz.Scope, la string, statuses []document.Status) (map[string]*DocumentTags, error) {
	if _, err := s.LA(ctx, scope, la); err != nil {
		return nil, err
	}
	out := map[string]*DocumentTags{}
	rows, err := s.pool.Query(ctx, `SELECT id::text, qs_hint, category_hint FROM documents WHERE la_code = $1 AND status = ANY($2)`, la, statuses)
	if err != nil {
		return nil, fmt.Errorf("list documents of %s: %w", la, err)
	}
	for rows.Next() {
		var id string
		t := &DocumentTags{}
		if err := rows.Scan(&id, &t.QSHint, &t.CategoryHint); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan document: %w", err)
		}
		out[id] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list documents of %s: %w", la, err)
	}
	sugs, err := s.suggestions(ctx, `s.page = 0 AND s.document_id IN (SELECT id FROM documents WHERE la_code = $1)`, la)
	if err != nil {
		return nil, err
	}
	for _, sg := range sugs {
		if t := out[sg.DocumentID]; t != nil {
			t.Suggestions = append(t.Suggestions, sg)
		}
	}
	decs, err := s.decisions(ctx, `d.la_code = $1`, la)
	if err != nil {
		return nil, err
	}
	for _, d := range decs {
		if t := out[d.DocumentID]; t != nil {
			t.Decisions = append(t.Decisions, d)
		}
	}
	return out, nil
}

// TrainingDecisions returns, over every council, the inspectors' latest
// decision on each quality statement of each document when it has text to
// learn from: an accept or add confirms the statement, a reject denies it.
func (s *Store) TrainingDecisions(ctx context.Context) ([]TagDecision, error) {
	all, err := s.decisions(ctx, `d.id IN (SELECT DISTINCT ON (document_id, label) id FROM tag_decisions
		WHERE kind = 'qs' AND source = 'inspector' ORDER BY document_id, label, id DESC)
		AND d.decision IN ('accept', 'add', 'reject') AND d.text <> ''`)
	if err != nil {
		return nil, err
	}
	return all, nil
}

// CategoryDecision is an inspector's latest decision on an evidence
// category of a document, with the document's type.
type CategoryDecision struct {
	TagDecision
	DocType string
}

// TrainingCategoryDecisions is TrainingDecisions for evidence categories:
// over every council, the inspectors' latest decision on each category of
// each document when it has text, with the document's type from the
// upload form.
func (s *Store) TrainingCategoryDecisions(ctx context.Context) ([]CategoryDecision, error) {
	decs, err := s.decisions(ctx, `d.id IN (SELECT DISTINCT ON (document_id, label) id FROM tag_decisions
		WHERE kind = 'category' AND source = 'inspector' ORDER BY document_id, label, id DESC)
		AND d.decision IN ('accept', 'add', 'reject') AND d.text <> ''`)
	if err != nil || len(decs) == 0 {
		return nil, err
	}
	ids := make([]string, 0, len(decs))
	for _, d := range decs {
		ids = append(ids, d.DocumentID)
	}
	rows, err := s.pool.Query(ctx, `SELECT id::text, doc_type FROM documents WHERE id = ANY(portal_uuids($1))`, ids)
	if err != nil {
		return nil, fmt.Errorf("read document types: %w", err)
	}
	defer rows.Close()
	types := map[string]string{}
	for rows.Next() {
		var id, t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, fmt.Errorf("scan document type: %w", err)
		}
		types[id] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read document types: %w", err)
	}
	out := make([]CategoryDecision, len(decs))
	for i, d := range decs {
		out[i] = CategoryDecision{TagDecision: d, DocType: types[d.DocumentID]}
	}
	return out, nil
}

// TagHint is a council's hint that one of its documents speaks to a
// quality statement.
type TagHint struct {
	DocumentID string
	// LA is the council whose document it is: training is measured by
	// council.
	LA    string
	Label string
}

// TrainingHints returns, over every council and ordered by document and
// statement, the quality statements councils hinted for their documents in
// the given statuses, at upload or later, where no inspector decided
// anything on that document and statement: an inspector's decision, either
// way, overrides the council's.
func (s *Store) TrainingHints(ctx context.Context, statuses []document.Status) ([]TagHint, error) {
	rows, err := s.pool.Query(ctx, `SELECT h.document_id::text, d.la_code, h.label FROM (
			SELECT id AS document_id, qs_hint AS label FROM documents WHERE qs_hint <> ''
			UNION
			SELECT document_id, label FROM tag_decisions WHERE kind = 'qs' AND source = 'la' AND decision = 'hint'
		) h JOIN documents d ON d.id = h.document_id
		WHERE d.status = ANY($1) AND NOT EXISTS (SELECT 1 FROM tag_decisions i
			WHERE i.document_id = h.document_id AND i.kind = 'qs' AND i.label = h.label AND i.source = 'inspector')
		ORDER BY h.document_id, h.label`, statuses)
	if err != nil {
		return nil, fmt.Errorf("read training hints: %w", err)
	}
	defer rows.Close()
	var out []TagHint
	for rows.Next() {
		var h TagHint
		if err := rows.Scan(&h.DocumentID, &h.LA, &h.Label); err != nil {
			return nil, fmt.Errorf("scan training hint: %w", err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read training hints: %w", err)
	}
	return out, nil
}

// RetagProgress counts the documents in the given statuses and how many of
// them carry suggestions of the model version.
func (s *Store) RetagProgress(ctx context.Context, version string, statuses []document.Status) (done, total int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT count(*),
			count(*) FILTER (WHERE EXISTS (SELECT 1 FROM tag_suggestions s
				WHERE s.document_id = d.id AND s.page = 0 AND s.model_version = $1))
		FROM documents d WHERE d.status = ANY($2)`, version, statuses).Scan(&total, &done)
	if err != nil {
		return 0, 0, fmt.Errorf("count re-tagged documents: %w", err)
	}
	return done, total, nil
}
