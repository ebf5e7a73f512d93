package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// MeasureCitation is an outcome measure cited as evidence: the council's
// figure for the measure in one year's dataset, with England's, as they
// were when it was cited (a later import of the same year does not change
// it). Paragraph is set for a report's citations only.
type MeasureCitation struct {
	Paragraph     int     `json:"paragraph,omitempty"`
	Measure       string  `json:"measure"`
	Year          string  `json:"year"`
	Layout        string  `json:"layout"`
	Value         float64 `json:"value"`
	England       float64 `json:"england"`
	EnglandIsMean bool    `json:"england_is_mean,omitempty"`
}

// MeasureCitationError says why a measure could not be cited: the council
// has no figure for it in that year. It is an ErrBadCitation.
type MeasureCitationError struct{ Measure, Year string }

func (e *MeasureCitationError) Error() string {
	return fmt.Sprintf("%v: %s", ErrBadCitation, e.Message())
}

func (e *MeasureCitationError) Unwrap() error { return ErrBadCitation }

// Message is what the person who cited it is told.
func (e *MeasureCitationError) Message() string {
	return fmt.Sprintf("There is no figure of measure %s for this local authority in %s: choose a measure and year from the list", e.Measure, e.Year)
}

// citedFigure reads, in the saving transaction, the council's figure for
// the measure in the year (the Total disaggregation) and England's: the
// published England figure, else the mean of councils, as the outcome
// pages show it.
func citedFigure(ctx context.Context, tx pgx.Tx, la, measure, year string) (MeasureCitation, error) {
	c := MeasureCitation{Measure: measure, Year: year}
	var england *float64
	var mean float64
	err := tx.QueryRow(ctx, `
		SELECT d.layout, v.value,
			(SELECT e.value FROM outcome_values e WHERE e.dataset_id = d.id AND e.level = 'england'
				AND e.measure = v.measure AND e.disaggregation = 'Total' LIMIT 1),
			(SELECT avg(x.value) FROM outcome_values x WHERE x.dataset_id = d.id AND x.level = 'la'
				AND x.measure = v.measure AND x.disaggregation = 'Total')
		FROM outcome_values v JOIN outcome_datasets d ON d.id = v.dataset_id
		WHERE v.la_code = $1 AND v.level = 'la' AND v.measure = $2 AND d.year = $3 AND v.disaggregation = 'Total'
		ORDER BY d.layout LIMIT 1`, la, measure, year).Scan(&c.Layout, &c.Value, &england, &mean)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, &MeasureCitationError{Measure: measure, Year: year}
	}
	if err != nil {
		return c, fmt.Errorf("read cited figure %s %s: %w", measure, year, err)
	}
	c.England, c.EnglandIsMean = mean, true
	if england != nil {
		c.England, c.EnglandIsMean = *england, false
	}
	return c, nil
}

// saveScoreMeasures replaces the score's measure citations, each only if the
// council has a figure for it in that year.
func saveScoreMeasures(ctx context.Context, tx pgx.Tx, la string, in ScoreInput) ([]MeasureCitation, error) {
	if _, err := tx.Exec(ctx, `DELETE FROM score_measure_citations WHERE assessment_id = $1 AND qs = $2 AND category = $3`,
		in.Assessment, in.QS, in.Category); err != nil {
		return nil, err
	}
	seen := map[[2]string]bool{}
	out := []MeasureCitation{}
	for _, m := range in.Measures {
		k := [2]string{m.Measure, m.Year}
		if seen[k] {
			continue
		}
		seen[k] = true
		c, err := citedFigure(ctx, tx, la, m.Measure, m.Year)
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO score_measure_citations (assessment_id, qs, category, measure, layout, year, value, england, england_is_mean)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			in.Assessment, in.QS, in.Category, c.Measure, c.Layout, c.Year, c.Value, c.England, c.EnglandIsMean); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// measureCitationsJSON is the SQL of a score's measure citations as JSON,
// for loadScores.
const measureCitationsJSON = `coalesce((SELECT json_agg(json_build_object('measure', m.measure, 'year', m.year, 'layout', m.layout,
		'value', m.value, 'england', m.england, 'england_is_mean', m.england_is_mean) ORDER BY m.measure, m.year)
	FROM score_measure_citations m
	WHERE m.assessment_id = s.assessment_id AND m.qs = s.qs AND m.category = s.category), '[]')`

// saveReportMeasures replaces the section's measure citations, each only if
// the council has a figure for it in that year.
func saveReportMeasures(ctx context.Context, tx pgx.Tx, la string, in ReportSectionInput) ([]MeasureCitation, error) {
	if _, err := tx.Exec(ctx, `DELETE FROM report_measure_citations WHERE assessment_id = $1 AND section = $2`,
		in.Assessment, in.Section); err != nil {
		return nil, err
	}
	type key struct {
		para          int
		measure, year string
	}
	seen := map[key]bool{}
	out := []MeasureCitation{}
	for _, m := range in.Measures {
		k := key{m.Paragraph, m.Measure, m.Year}
		if seen[k] {
			continue
		}
		seen[k] = true
		c, err := citedFigure(ctx, tx, la, m.Measure, m.Year)
		if err != nil {
			return nil, err
		}
		c.Paragraph = m.Paragraph
		if _, err := tx.Exec(ctx, `INSERT INTO report_measure_citations (assessment_id, section, paragraph, measure, layout, year, value, england, england_is_mean)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			in.Assessment, in.Section, c.Paragraph, c.Measure, c.Layout, c.Year, c.Value, c.England, c.EnglandIsMean); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// reportMeasuresJSON is the SQL of a report section's measure citations as
// JSON, for loadReportSections.
const reportMeasuresJSON = `coalesce((SELECT json_agg(json_build_object('paragraph', m.paragraph, 'measure', m.measure, 'year', m.year,
		'layout', m.layout, 'value', m.value, 'england', m.england, 'england_is_mean', m.england_is_mean) ORDER BY m.paragraph, m.measure, m.year)
	FROM report_measure_citations m WHERE m.assessment_id = r.assessment_id AND m.section = r.section), '[]')`
