package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/jackc/pgx/v5"
)

// ReportSection is the current text of one section of an assessment's
// report, with the citations of its paragraphs and, for "about", its facts.
type ReportSection struct {
	Section   string
	Body      string
	Facts     *report.Facts
	Citations []report.Citation
	// Measures are the outcome measures its paragraphs cite, as cited.
	Measures []MeasureCitation
	// Returns are the answers of the submitted return its paragraphs cite.
	Returns   []ReturnCite
	Version   int
	UpdatedBy string
	UpdatedAt time.Time
}

// ReportSectionInput is a section as an inspector saves it. Version is the
// version the form was loaded with, 0 for a section not written before.
type ReportSectionInput struct {
	Assessment int64
	Section    string
	Body       string
	Facts      *report.Facts
	Citations  []report.Citation
	// Measures are the measures, years and paragraphs cited; their figures
	// are read when the section is saved.
	Measures []MeasureCitation
	// Returns are the items of the submitted return and the paragraphs
	// citing them; each is checked when the section is saved.
	Returns    []ReturnCite
	Version    int
	ActorEmail string
}

// ReportVersion is one saved version of a section, kept for ever.
type ReportVersion struct {
	Section    string
	Version    int
	Body       string
	Facts      *report.Facts
	Citations  []report.Citation
	Measures   []MeasureCitation
	Returns    []ReturnCite
	ActorEmail string
	At         time.Time
}

// ReportConflictError means the section changed since the form was loaded;
// Current is the newer text, to show to the person whose save was refused.
type ReportConflictError struct{ Current ReportSection }

func (e *ReportConflictError) Error() string {
	return fmt.Sprintf("report section %s changed: now version %d", e.Current.Section, e.Current.Version)
}

// Unwrap makes a ReportConflictError an ErrConflict.
func (e *ReportConflictError) Unwrap() error { return ErrConflict }

// ReportSections lists the current sections of the assessment's report
// within scope, by key; another council's assessment is ErrNotFound.
func (s *Store) ReportSections(ctx context.Context, scope authz.Scope, id int64) (map[string]ReportSection, error) {
	if err := s.assessmentInScope(ctx, scope, id, "report"); err != nil {
		return nil, err
	}
	return loadReportSections(ctx, s.pool, id)
}

func loadReportSections(ctx context.Context, q querier, id int64) (map[string]ReportSection, error) {
	rows, err := q.Query(ctx, `SELECT r.section, r.body, r.facts, r.version, r.updated_by, r.updated_at,
			coalesce((SELECT json_agg(json_build_object('paragraph', c.paragraph, 'document_id', c.document_id,
				'title', d.title, 'page', c.page) ORDER BY c.paragraph, d.title, c.page)
				FROM report_citations c JOIN documents d ON d.id = c.document_id
				WHERE c.assessment_id = r.assessment_id AND c.section = r.section), '[]'),
			`+reportMeasuresJSON+`, `+reportReturnsJSON+`
		FROM report_sections r WHERE r.assessment_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("list report sections of assessment %d: %w", id, err)
	}
	defer rows.Close()
	out := map[string]ReportSection{}
	for rows.Next() {
		var r ReportSection
		var facts, cites, measures, returns []byte
		if err := rows.Scan(&r.Section, &r.Body, &facts, &r.Version, &r.UpdatedBy, &r.UpdatedAt, &cites, &measures, &returns); err != nil {
			return nil, fmt.Errorf("scan report section: %w", err)
		}
		if err := decodeReport(facts, cites, &r.Facts, &r.Citations); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(measures, &r.Measures); err != nil {
			return nil, fmt.Errorf("decode report measure citations: %w", err)
		}
		if err := json.Unmarshal(returns, &r.Returns); err != nil {
			return nil, fmt.Errorf("decode report return citations: %w", err)
		}
		out[r.Section] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list report sections of assessment %d: %w", id, err)
	}
	return out, nil
}

func decodeReport(facts, cites []byte, f **report.Facts, c *[]report.Citation) error {
	if len(facts) > 0 {
		*f = new(report.Facts)
		if err := json.Unmarshal(facts, *f); err != nil {
			return fmt.Errorf("decode facts: %w", err)
		}
	}
	if err := json.Unmarshal(cites, c); err != nil {
		return fmt.Errorf("decode report citations: %w", err)
	}
	return nil
}

// SaveReportSection saves one section of the draft report, by one of the
// assessment's inspectors, with its citations, its version and its audit
// entry in one transaction. The assessment row is locked, so the version
// check is exact: a save from an older version gives a ReportConflictError
// with the newer text. ErrWrongState when the report may not be changed now
// (assessment.State.ReportEditable), authz.ErrForbidden when the actor is
// not one of its inspectors, ErrBadCitation for a citation of a document
// that is not the council's or a page past its end.
func (s *Store) SaveReportSection(ctx context.Context, scope authz.Scope, in ReportSectionInput, a AuditEntry) (ReportSection, error) {
	all, codes := scopeArgs(scope)
	var out ReportSection
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		la, state, err := lockAssessment(ctx, tx, all, codes, in.Assessment)
		if err != nil {
			return err
		}
		if !state.ReportEditable() {
			// A published report changes only while a correction is open.
			var open bool
			if err := tx.QueryRow(ctx, `SELECT correction_started_at IS NOT NULL FROM assessments WHERE id = $1`,
				in.Assessment).Scan(&open); err != nil {
				return err
			}
			if state != assessment.Published || !open {
				return ErrWrongState
			}
		}
		if err := requireInspector(ctx, tx, in.Assessment, in.ActorEmail); err != nil {
			return err
		}
		current, err := loadReportSections(ctx, tx, in.Assessment)
		if err != nil {
			return err
		}
		old, had := current[in.Section]
		switch {
		case had && old.Version != in.Version:
			return &ReportConflictError{Current: old}
		case !had && in.Version != 0:
			return &ReportConflictError{Current: ReportSection{Section: in.Section}}
		}
		facts, err := json.Marshal(in.Facts)
		if err != nil {
			return err
		}
		if in.Facts == nil {
			facts = nil
		}
		if err := tx.QueryRow(ctx, `INSERT INTO report_sections (assessment_id, section, body, facts, updated_by)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (assessment_id, section) DO UPDATE SET body = EXCLUDED.body, facts = EXCLUDED.facts, facts_imported = false,
				version = report_sections.version + 1, updated_by = EXCLUDED.updated_by, updated_at = now()
			RETURNING version, updated_at`, in.Assessment, in.Section, in.Body, facts, in.ActorEmail).Scan(&out.Version, &out.UpdatedAt); err != nil {
			return err
		}
		cites, err := saveReportCitations(ctx, tx, la, in)
		if err != nil {
			return err
		}
		measures, err := saveReportMeasures(ctx, tx, la, in)
		if err != nil {
			return err
		}
		returns, err := saveReportReturns(ctx, tx, la, in)
		if err != nil {
			return err
		}
		if err := insertReportVersion(ctx, tx, reportVersionRow{Assessment: in.Assessment, Section: in.Section, Version: out.Version,
			Body: in.Body, Facts: facts, Citations: cites, Measures: measures, Returns: returns, Actor: in.ActorEmail, At: out.UpdatedAt}); err != nil {
			return err
		}
		out.Section, out.Body, out.Facts, out.Citations, out.UpdatedBy = in.Section, in.Body, in.Facts, cites, in.ActorEmail
		out.Measures, out.Returns = measures, returns
		a.LA = la
		a.Detail = map[string]string{"section": in.Section, "version": fmt.Sprint(out.Version)}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return ReportSection{}, fmt.Errorf("save report section %s of assessment %d: %w", in.Section, in.Assessment, err)
	}
	return out, nil
}

// saveReportCitations replaces the section's citations, each only if it is
// a page of a usable document of the council.
func saveReportCitations(ctx context.Context, tx pgx.Tx, la string, in ReportSectionInput) ([]report.Citation, error) {
	if _, err := tx.Exec(ctx, `DELETE FROM report_citations WHERE assessment_id = $1 AND section = $2`,
		in.Assessment, in.Section); err != nil {
		return nil, err
	}
	type key struct {
		para int
		doc  string
		page int
	}
	seen := map[key]bool{}
	var out []report.Citation
	for _, c := range in.Citations {
		k := key{c.Paragraph, c.DocumentID, c.Page}
		if seen[k] {
			continue
		}
		seen[k] = true
		var title, doc string
		err := tx.QueryRow(ctx, `INSERT INTO report_citations (assessment_id, section, paragraph, document_id, page)
			SELECT $1, $2, $3, d.id, $5 FROM documents d
			WHERE d.id = portal_uuid($4) AND d.la_code = $6 AND d.status IN `+citableStatuses+`
				AND $5 >= 1 AND $5 <= greatest(d.pages, 1)
			RETURNING document_id::text, (SELECT title FROM documents WHERE id = document_id)`,
			in.Assessment, in.Section, c.Paragraph, c.DocumentID, c.Page, la).Scan(&doc, &title)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, citationProblem(ctx, tx, la, c.DocumentID, c.Page)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, report.Citation{Paragraph: c.Paragraph, DocumentID: doc, Title: title, Page: c.Page})
	}
	return out, nil
}

// ReportVersions lists every saved version of the assessment's report
// within scope, newest first, at most limit of them (the bound of a page of
// history).
func (s *Store) ReportVersions(ctx context.Context, scope authz.Scope, id int64, limit int) ([]ReportVersion, error) {
	return s.reportVersions(ctx, scope, id, `ORDER BY v.id DESC LIMIT $4`, limit)
}

// ReportAt is the report as it stood at t within scope: the latest version
// of each section saved at or before t, by key. It is what the panel or the
// council saw when the draft reached them.
func (s *Store) ReportAt(ctx context.Context, scope authz.Scope, id int64, t time.Time) (map[string]ReportVersion, error) {
	vs, err := s.reportVersions(ctx, scope, id, `AND v.at <= $4 ORDER BY v.section, v.version DESC`, t)
	if err != nil {
		return nil, err
	}
	out := map[string]ReportVersion{}
	for _, v := range vs {
		if _, ok := out[v.Section]; !ok {
			out[v.Section] = v
		}
	}
	return out, nil
}

func (s *Store) reportVersions(ctx context.Context, scope authz.Scope, id int64, tail string, arg any) ([]ReportVersion, error) {
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `SELECT v.section, v.version, v.body, v.facts, v.citations, v.actor_email, v.at, v.measures, v.returns
		FROM report_versions v JOIN assessments a ON a.id = v.assessment_id
		WHERE v.assessment_id = $3 AND ($1 OR a.la_code = ANY($2)) `+tail, all, codes, id, arg)
	if err != nil {
		return nil, fmt.Errorf("read report versions of assessment %d: %w", id, err)
	}
	defer rows.Close()
	var out []ReportVersion
	for rows.Next() {
		var v ReportVersion
		var facts, cites, measures, returns []byte
		if err := rows.Scan(&v.Section, &v.Version, &v.Body, &facts, &cites, &v.ActorEmail, &v.At, &measures, &returns); err != nil {
			return nil, fmt.Errorf("scan report version: %w", err)
		}
		if err := decodeReport(facts, cites, &v.Facts, &v.Citations); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(measures, &v.Measures); err != nil {
			return nil, fmt.Errorf("decode report measure citations: %w", err)
		}
		if err := json.Unmarshal(returns, &v.Returns); err != nil {
			return nil, fmt.Errorf("decode report return citations: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read report versions of assessment %d: %w", id, err)
	}
	return out, nil
}

// lockAssessment locks an assessment within scope until the transaction
// ends and returns its council and state; ErrNotFound when it is missing or
// another council's.
func lockAssessment(ctx context.Context, tx pgx.Tx, all bool, codes []string, id int64) (string, assessment.State, error) {
	return assessmentRow(ctx, tx, all, codes, id, "FOR UPDATE")
}

// shareAssessment is lockAssessment with a shared lock: others may take
// it too (to write beside the assessment), none may move the assessment
// (which takes FOR UPDATE) until the transaction ends.
func shareAssessment(ctx context.Context, tx pgx.Tx, all bool, codes []string, id int64) (string, assessment.State, error) {
	return assessmentRow(ctx, tx, all, codes, id, "FOR SHARE")
}

func assessmentRow(ctx context.Context, tx pgx.Tx, all bool, codes []string, id int64, lock string) (string, assessment.State, error) {
	var la string
	var state assessment.State
	if err := tx.QueryRow(ctx, `SELECT la_code, state FROM assessments WHERE id = $3 AND ($1 OR la_code = ANY($2)) `+lock,
		all, codes, id).Scan(&la, &state); err != nil {
		return "", "", notFound(err)
	}
	return la, state, nil
}

// reportVersionRow is one saved version of a report section, as
// report_versions keeps it; Facts is already JSON (nil for none).
type reportVersionRow struct {
	Assessment int64
	Section    string
	Version    int
	Body       string
	Facts      []byte
	Citations  []report.Citation
	Measures   []MeasureCitation
	Returns    []ReturnCite
	Actor      string
	At         time.Time
}

// insertReportVersion keeps a version of a section with every kind of
// citation it had; each writer of a section calls it, so none leaves a
// kind out.
func insertReportVersion(ctx context.Context, tx pgx.Tx, v reportVersionRow) error {
	citeJSON, err := json.Marshal(v.Citations)
	if err != nil {
		return err
	}
	measureJSON, err := json.Marshal(v.Measures)
	if err != nil {
		return err
	}
	returnJSON, err := json.Marshal(v.Returns)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO report_versions (assessment_id, section, version, body, facts, citations, actor_email, at, measures, returns)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, v.Assessment, v.Section, v.Version, v.Body, v.Facts, citeJSON,
		v.Actor, v.At, measureJSON, returnJSON); err != nil {
		return fmt.Errorf("keep version %d of report section %s: %w", v.Version, v.Section, err)
	}
	return nil
}
