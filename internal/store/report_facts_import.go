package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/jackc/pgx/v5"
)

// ErrUnknownCouncils means a facts file names councils the portal does not
// have; nothing was imported.
var ErrUnknownCouncils = errors.New("unknown councils")

// UnknownCouncilsError lists the councils of a facts file the portal does
// not have.
type UnknownCouncilsError struct{ Codes []string }

func (e *UnknownCouncilsError) Error() string {
	return "no such councils: " + strings.Join(e.Codes, ", ")
}

// Unwrap makes an UnknownCouncilsError an ErrUnknownCouncils.
func (e *UnknownCouncilsError) Unwrap() error { return ErrUnknownCouncils }

// FactsDraft is one draft report a facts import reached.
type FactsDraft struct {
	LA         string
	Assessment int64
	State      assessment.State
}

// FactsImport is what an import of facts did, council by council.
type FactsImport struct {
	// Filled: drafts whose facts are now the file's (none before, or
	// imported before and different).
	Filled []FactsDraft
	// Unchanged: drafts that already had the file's facts.
	Unchanged []FactsDraft
	// KeptTyped: drafts whose facts an inspector typed, left as they are.
	KeptTyped []FactsDraft
	// Frozen: drafts in calibration, which nobody may change.
	Frozen []FactsDraft
	// NoDraft: councils of the file with no assessment in progress (a
	// published report is never changed).
	NoDraft []string
}

// ImportFacts puts each council's facts into the "About the local
// authority" section of its draft reports, all in one transaction with one
// audit entry: a file naming any council the portal does not have imports
// nothing (UnknownCouncilsError). A draft is an assessment whose report may
// be changed (in progress or in factual accuracy); in calibration it is
// frozen and skipped, a published report is never touched. A section whose
// facts an inspector typed keeps them (KeptTyped: the inspectors decide);
// one with no facts, or with facts of an earlier import, gets the file's as
// a new version of the section by actor (its text and citations kept), so
// the version history and the changes shown to readers say so.
func (s *Store) ImportFacts(ctx context.Context, rows []report.CouncilFacts, actor string, a AuditEntry) (FactsImport, error) {
	var out FactsImport
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		codes := make([]string, 0, len(rows))
		for _, r := range rows {
			codes = append(codes, r.LA)
		}
		known := map[string]bool{}
		rs, err := tx.Query(ctx, `SELECT code FROM las WHERE code = ANY($1)`, codes)
		if err != nil {
			return err
		}
		for rs.Next() {
			var c string
			if err := rs.Scan(&c); err != nil {
				rs.Close()
				return err
			}
			known[c] = true
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
		var unknown []string
		for _, c := range codes {
			if !known[c] {
				unknown = append(unknown, c)
			}
		}
		if len(unknown) > 0 {
			return &UnknownCouncilsError{Codes: unknown}
		}
		for _, r := range rows {
			if err := importCouncilFacts(ctx, tx, r, actor, &out); err != nil {
				return fmt.Errorf("facts of %s: %w", r.LA, err)
			}
		}
		a.Detail = map[string]string{"councils": fmt.Sprint(len(rows)), "filled": fmt.Sprint(len(out.Filled)),
			"unchanged": fmt.Sprint(len(out.Unchanged)), "kept_typed": fmt.Sprint(len(out.KeptTyped)),
			"frozen": fmt.Sprint(len(out.Frozen)), "no_draft": fmt.Sprint(len(out.NoDraft))}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return FactsImport{}, fmt.Errorf("import facts: %w", err)
	}
	return out, nil
}

func importCouncilFacts(ctx context.Context, tx pgx.Tx, r report.CouncilFacts, actor string, out *FactsImport) error {
	// Locked as a section save locks them, so an inspector's save and the
	// import never interleave.
	rs, err := tx.Query(ctx, `SELECT id, state FROM assessments WHERE la_code = $1 AND state <> 'published' ORDER BY id FOR UPDATE`, r.LA)
	if err != nil {
		return err
	}
	var drafts []FactsDraft
	for rs.Next() {
		d := FactsDraft{LA: r.LA}
		if err := rs.Scan(&d.Assessment, &d.State); err != nil {
			rs.Close()
			return err
		}
		drafts = append(drafts, d)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return err
	}
	if len(drafts) == 0 {
		out.NoDraft = append(out.NoDraft, r.LA)
		return nil
	}
	facts, err := json.Marshal(r.Facts)
	if err != nil {
		return err
	}
	for _, d := range drafts {
		if !d.State.ReportEditable() {
			out.Frozen = append(out.Frozen, d)
			continue
		}
		secs, err := loadReportSections(ctx, tx, d.Assessment)
		if err != nil {
			return err
		}
		cur, had := secs["about"]
		var imported bool
		if had {
			if err := tx.QueryRow(ctx, `SELECT facts_imported FROM report_sections WHERE assessment_id = $1 AND section = 'about'`,
				d.Assessment).Scan(&imported); err != nil {
				return err
			}
		}
		switch {
		case had && cur.Facts != nil && !imported && !cur.Facts.Empty():
			out.KeptTyped = append(out.KeptTyped, d)
			continue
		case had && cur.Facts != nil && slices.Equal(mustJSON(cur.Facts), facts):
			out.Unchanged = append(out.Unchanged, d)
			continue
		}
		var version int
		var at time.Time
		if err := tx.QueryRow(ctx, `INSERT INTO report_sections (assessment_id, section, body, facts, facts_imported, updated_by)
			VALUES ($1, 'about', '', $2, true, $3)
			ON CONFLICT (assessment_id, section) DO UPDATE SET facts = EXCLUDED.facts, facts_imported = true,
				version = report_sections.version + 1, updated_by = EXCLUDED.updated_by, updated_at = now()
			RETURNING version, updated_at`, d.Assessment, facts, actor).Scan(&version, &at); err != nil {
			return err
		}
		cites := cur.Citations
		if cites == nil {
			cites = []report.Citation{}
		}
		// The version keeps the section's other citations as they stand.
		measures, returns := cur.Measures, cur.Returns
		if measures == nil {
			measures = []MeasureCitation{}
		}
		if returns == nil {
			returns = []ReturnCite{}
		}
		if err := insertReportVersion(ctx, tx, reportVersionRow{Assessment: d.Assessment, Section: "about", Version: version,
			Body: cur.Body, Facts: facts, Citations: cites, Measures: measures, Returns: returns, Actor: actor, At: at}); err != nil {
			return err
		}
		out.Filled = append(out.Filled, d)
	}
	return nil
}

func mustJSON(f *report.Facts) []byte {
	b, _ := json.Marshal(f)
	return b
}
