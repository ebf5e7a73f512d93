package store

import (
	"context"
	"fmt"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/report"
)

// What cites or submitted a document in an evidence pack.
const (
	PackScore   = "score"
	PackReport  = "report"
	PackReturn  = "return"
	PackRequest = "request"
)

// PackCitation is one thing in an assessment that cites or submitted a
// document: a score ("safeguarding", or "safeguarding/outcomes" for a
// category), a paragraph of the report ("qs-safeguarding paragraph 2"), an
// item of the information return ("return item carers-strategy") or a
// message of a further evidence request ("request 3"). Page 0 is the whole
// document.
type PackCitation struct {
	Kind string
	Ref  string
	Page int
}

// PackDocument is a document version of an evidence pack: the document,
// its version (1 for a first upload), the tags inspectors confirmed
// ("qs:safeguarding", "category:outcomes") and what cites it.
type PackDocument struct {
	Document
	Version int
	Tags    []string
	CitedBy []PackCitation
}

// ReportCite is a citation of a paragraph of one section of a report.
type ReportCite struct {
	Section string
	report.Citation
}

// PackQuery says which of an assessment's documents a pack holds: those
// submitted in its information return (issued, so the council's; the
// answers of personal items only when Personal) and in its further
// evidence requests always; those its scores cite when Scores; and those
// Report cites (the version of the report the pack holds, which may be a
// publication rather than the draft).
type PackQuery struct {
	Assessment int64
	Scores     bool
	Report     []ReportCite
	// ReportReturns are the answers of the return the report cites, by
	// section: the documents each answer cites are cited by the paragraph
	// too ("summary paragraph 2 (return item waiting-lists)").
	ReportReturns []ReportReturnCite
	Personal      bool
}

// ReportReturnCite is a citation of an answer of the return by a paragraph
// of one section of a report.
type ReportReturnCite struct {
	Section string
	ReturnCite
}

// PackDocuments lists the documents of an evidence pack within scope,
// oldest upload first, each once with everything that cites it. Only the
// assessment's council's documents are listed, whatever a citation names.
// Another council's assessment is ErrNotFound, exactly as a missing one.
func (s *Store) PackDocuments(ctx context.Context, scope authz.Scope, q PackQuery) ([]PackDocument, error) {
	all, codes := scopeArgs(scope)
	var la string
	if err := s.pool.QueryRow(ctx, `SELECT la_code FROM assessments WHERE id = $3 AND ($1 OR la_code = ANY($2))`,
		all, codes, q.Assessment).Scan(&la); err != nil {
		return nil, fmt.Errorf("evidence pack of assessment %d: %w", q.Assessment, notFound(err))
	}
	var secs, docs []string
	var paras, pages []int
	for _, c := range q.Report {
		secs, paras, docs, pages = append(secs, c.Section), append(paras, c.Paragraph), append(docs, c.DocumentID), append(pages, c.Page)
	}
	var rsecs []string
	var rparas []int
	var ritems []int64
	for _, c := range q.ReportReturns {
		rsecs, rparas, ritems = append(rsecs, c.Section), append(rparas, c.Paragraph), append(ritems, c.Item)
	}
	rows, err := s.pool.Query(ctx, `WITH cites(document_id, kind, ref, page, ord) AS (
			SELECT sc.document_id, 'score', sc.qs || CASE WHEN sc.category <> '' THEN '/' || sc.category ELSE '' END, sc.page, 1
				FROM score_citations sc WHERE sc.assessment_id = $1 AND $2
			UNION ALL
			SELECT portal_uuid(u.doc), 'report', u.section || ' paragraph ' || u.para, u.page, 2
				FROM unnest($3::text[], $4::int[], $5::text[], $6::int[]) AS u(section, para, doc, page)
			UNION ALL
			SELECT c.document_id, 'report', u.section || ' paragraph ' || u.para || ' (return item ' || i.key || ')', c.page, 2
				FROM unnest($9::text[], $10::int[], $11::bigint[]) AS u(section, para, item)
				JOIN return_citations c ON c.item_id = u.item JOIN return_items i ON i.id = c.item_id
				JOIN info_returns r ON r.id = i.return_id
				WHERE r.assessment_id = $1 AND r.state = 'submitted' AND ($7 OR NOT i.personal)			UNION ALL
			SELECT c.document_id, 'return', 'return item ' || i.key, c.page, 3
				FROM return_citations c JOIN return_items i ON i.id = c.item_id JOIN info_returns r ON r.id = i.return_id
				WHERE r.assessment_id = $1 AND r.state <> 'draft' AND ($7 OR NOT i.personal)
			UNION ALL
			SELECT m.document_id, 'request', 'request ' || m.request_id, m.page, 4
				FROM request_messages m JOIN evidence_requests e ON e.id = m.request_id
				WHERE e.assessment_id = $1 AND m.document_id IS NOT NULL)
		SELECT `+documentColumns+`, c.kind, c.ref, c.page
		FROM cites c JOIN documents d ON d.id = c.document_id JOIN users u ON u.id = d.uploaded_by
		WHERE d.la_code = $8
		ORDER BY d.uploaded_at, d.id, c.ord, c.ref, c.page`,
		q.Assessment, q.Scores, secs, paras, docs, pages, q.Personal, la, rsecs, rparas, ritems)
	if err != nil {
		return nil, fmt.Errorf("evidence pack of assessment %d: %w", q.Assessment, err)
	}
	defer rows.Close()
	var out []PackDocument
	for rows.Next() {
		var pd PackDocument
		var c PackCitation
		d := &pd.Document
		if err := rows.Scan(&d.ID, &d.LA, &d.Title, &d.Type, &d.Period, &d.QSHint, &d.CategoryHint, &d.Description,
			&d.Filename, &d.Kind, &d.ContentType, &d.Size, &d.SHA256, &d.ObjectKey, &d.Status, &d.StatusReason, &d.Pages,
			&d.UploadedBy, &d.UploaderEmail, &d.UploadedAt, &d.UpdatedAt, &d.Replaces, &d.TypeFrom, &d.PeriodFrom, &c.Kind, &c.Ref, &c.Page); err != nil {
			return nil, fmt.Errorf("scan evidence pack document: %w", err)
		}
		if n := len(out); n > 0 && out[n-1].ID == d.ID {
			if last := out[n-1].CitedBy[len(out[n-1].CitedBy)-1]; last != c {
				out[n-1].CitedBy = append(out[n-1].CitedBy, c)
			}
			continue
		}
		pd.CitedBy = []PackCitation{c}
		out = append(out, pd)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("evidence pack of assessment %d: %w", q.Assessment, err)
	}
	rows.Close()
	if err := s.packVersionsAndTags(ctx, out); err != nil {
		return nil, fmt.Errorf("evidence pack of assessment %d: %w", q.Assessment, err)
	}
	return out, nil
}

// packVersionsAndTags fills in each document's version (how many uploads
// its chain of replacements holds, up to it) and its confirmed tags, in
// two queries for the whole pack.
func (s *Store) packVersionsAndTags(ctx context.Context, docs []PackDocument) error {
	ids := make([]string, len(docs))
	byID := make(map[string]*PackDocument, len(docs))
	for i := range docs {
		ids[i] = docs[i].ID
		byID[docs[i].ID] = &docs[i]
	}
	rows, err := s.pool.Query(ctx, `WITH RECURSIVE chain(id, cur, depth) AS (
			SELECT id, id, 1 FROM documents WHERE id = ANY($1::uuid[])
			UNION ALL SELECT c.id, d.replaces, c.depth + 1 FROM chain c JOIN documents d ON d.id = c.cur
				WHERE d.replaces IS NOT NULL AND c.depth < 100)
		SELECT id::text, max(depth) FROM chain GROUP BY id`, ids)
	if err != nil {
		return fmt.Errorf("document versions: %w", err)
	}
	for rows.Next() {
		var id string
		var v int
		if err := rows.Scan(&id, &v); err != nil {
			rows.Close()
			return fmt.Errorf("scan document version: %w", err)
		}
		if d := byID[id]; d != nil {
			d.Version = v
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("document versions: %w", err)
	}
	// An inspector's latest decision on each label is the tag's state;
	// the council's hints are not tags until confirmed.
	rows, err = s.pool.Query(ctx, `SELECT DISTINCT ON (document_id, kind, label) document_id::text, kind, label, decision
		FROM tag_decisions WHERE document_id = ANY($1::uuid[]) AND source = 'inspector'
		ORDER BY document_id, kind, label, id DESC`, ids)
	if err != nil {
		return fmt.Errorf("document tags: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind, label, decision string
		if err := rows.Scan(&id, &kind, &label, &decision); err != nil {
			return fmt.Errorf("scan document tag: %w", err)
		}
		if d := byID[id]; d != nil && decision != DecisionReject {
			d.Tags = append(d.Tags, kind+":"+label)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("document tags: %w", err)
	}
	return nil
}
