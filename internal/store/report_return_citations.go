package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/jackc/pgx/v5"
)

// ReturnCite is an answer of the council's submitted information return
// cited by a paragraph of the report: the item of the assessment's own
// return, with its key and title as cited (a submitted return is frozen).
type ReturnCite struct {
	Paragraph int    `json:"paragraph"`
	Item      int64  `json:"item"`
	Key       string `json:"key,omitempty"`
	Title     string `json:"title,omitempty"`
}

// ErrBadReturnCitation means a cited item is not an answered item of the
// assessment's submitted return that may be cited: missing, of another
// return or council, of a return not submitted, unanswered or personal
// data, all told the same way. It is an ErrBadCitation.
var ErrBadReturnCitation = fmt.Errorf("%w: not an answer of the submitted return", ErrBadCitation)

// citableItems is the SQL condition of an item of return r that a report
// may cite: the return submitted, the item answered (not only given a
// reason) and not personal data, which the public report must not point at.
const citableItems = `r.state = 'submitted' AND ans.answered AND NOT i.personal`

// CitableReturnItems lists, in the return's order, the items of the
// assessment's submitted return that its report may cite; none when the
// return is not submitted (or there is none). Another council's assessment
// is ErrNotFound.
func (s *Store) CitableReturnItems(ctx context.Context, scope authz.Scope, id int64) ([]ReturnCite, error) {
	if err := s.assessmentInScope(ctx, scope, id, "citable return items"); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT i.id, i.key, i.title
		FROM info_returns r JOIN return_items i ON i.return_id = r.id JOIN return_answers ans ON ans.item_id = i.id
		WHERE r.assessment_id = $1 AND `+citableItems+` ORDER BY i.position, i.id`, id)
	if err != nil {
		return nil, fmt.Errorf("citable return items of assessment %d: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ReturnCite, error) {
		var c ReturnCite
		err := r.Scan(&c.Item, &c.Key, &c.Title)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("citable return items of assessment %d: %w", id, err)
	}
	return out, nil
}

// saveReportReturns replaces the section's return citations, each only if
// it is a citable item of the assessment's own submitted return.
func saveReportReturns(ctx context.Context, tx pgx.Tx, la string, in ReportSectionInput) ([]ReturnCite, error) {
	if _, err := tx.Exec(ctx, `DELETE FROM report_return_citations WHERE assessment_id = $1 AND section = $2`,
		in.Assessment, in.Section); err != nil {
		return nil, err
	}
	type key struct {
		para int
		item int64
	}
	seen := map[key]bool{}
	out := []ReturnCite{}
	for _, c := range in.Returns {
		k := key{c.Paragraph, c.Item}
		if seen[k] {
			continue
		}
		seen[k] = true
		got := ReturnCite{Paragraph: c.Paragraph}
		err := tx.QueryRow(ctx, `INSERT INTO report_return_citations (assessment_id, section, paragraph, item_id)
			SELECT $1, $2, $3, i.id
			FROM info_returns r JOIN return_items i ON i.return_id = r.id JOIN return_answers ans ON ans.item_id = i.id
			WHERE i.id = $4 AND r.assessment_id = $1 AND r.la_code = $5 AND `+citableItems+`
			RETURNING item_id, (SELECT key FROM return_items WHERE id = item_id), (SELECT title FROM return_items WHERE id = item_id)`,
			in.Assessment, in.Section, c.Paragraph, c.Item, la).Scan(&got.Item, &got.Key, &got.Title)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, ErrBadReturnCitation
		}
		if err != nil {
			return nil, err
		}
		out = append(out, got)
	}
	return out, nil
}

// reportReturnsJSON is the SQL of a report section's return citations as
// JSON, for loadReportSections.
const reportReturnsJSON = `coalesce((SELECT json_agg(json_build_object('paragraph', rc.paragraph, 'item', rc.item_id, 'key', ri.key,
		'title', ri.title) ORDER BY rc.paragraph, ri.position, ri.id)
	FROM report_return_citations rc JOIN return_items ri ON ri.id = rc.item_id
	WHERE rc.assessment_id = r.assessment_id AND rc.section = r.section), '[]')`

// ErrNoSuchCitation means a comment is on a piece of evidence that the
// paragraph does not cite, or no longer cites.
var ErrNoSuchCitation = errors.New("the paragraph does not cite that evidence")

// citedInParagraph reports whether the paragraph of the assessment's report
// section cites the evidence ref names (a report.Ref as a string).
func citedInParagraph(ctx context.Context, tx pgx.Tx, id int64, section string, paragraph int, ref string) (bool, error) {
	r, ok := report.ParseRef(ref)
	if !ok || paragraph < 1 {
		return false, nil
	}
	var q string
	args := []any{id, section, paragraph, r.ID}
	switch r.Kind {
	case "doc":
		q = `SELECT EXISTS (SELECT 1 FROM report_citations WHERE assessment_id = $1 AND section = $2 AND paragraph = $3
			AND document_id::text = $4 AND page = $5)`
		args = append(args, r.Page)
	case "measure":
		q = `SELECT EXISTS (SELECT 1 FROM report_measure_citations WHERE assessment_id = $1 AND section = $2 AND paragraph = $3
			AND measure = $4 AND year = $5)`
		args = append(args, r.Year)
	default:
		q = `SELECT EXISTS (SELECT 1 FROM report_return_citations WHERE assessment_id = $1 AND section = $2 AND paragraph = $3
			AND item_id::text = $4)`
	}
	var found bool
	if err := tx.QueryRow(ctx, q, args...).Scan(&found); err != nil {
		return false, fmt.Errorf("find cited evidence %s: %w", ref, err)
	}
	return found, nil
}
