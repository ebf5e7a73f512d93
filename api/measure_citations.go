package api

import (
	"fmt"
	"strings"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/store"
)

// A measure citation's form value is the measure's code and the year of the
// figure, "2A:2023-24": each is a dataset's figure, as a document's page is.
func measureValue(measure, year string) string { return measure + ":" + year }

// parseMeasureValue reads a form's measure citation. The code may be one of
// the measure's former codes; it is cited under its current one. False
// when the measure is unknown or the value is not like 2A:2023-24.
func (s *Server) parseMeasureValue(v string) (store.MeasureCitation, bool) {
	code, year, ok := strings.Cut(strings.TrimSpace(v), ":")
	if !ok || len(year) != 7 || year[4] != '-' {
		return store.MeasureCitation{}, false
	}
	m, ok := s.catalogue.Measures().Measure(code)
	if !ok {
		return store.MeasureCitation{}, false
	}
	return store.MeasureCitation{Measure: m.ID, Year: year}, true
}

// measureInput is one picker row: every measure and year the council has a
// figure for, those that evidence the statement first, newest year first,
// selected the one cited.
func (s *Server) measureInput(views []outcomes.MeasureView, statement, selected string) frontend.MeasureInput {
	own := frontend.OptionGroup{Label: "Measures of this quality statement"}
	other := frontend.OptionGroup{Label: "Other measures"}
	for _, v := range views {
		g := &other
		for _, qs := range v.Measure.Statements {
			if qs == statement {
				g = &own
			}
		}
		for i := len(v.Trend) - 1; i >= 0; i-- {
			p := v.Trend[i]
			label := fmt.Sprintf("%s %s: %s, %s", strings.ToUpper(v.Measure.Source), v.Measure.ID, v.Measure.Name, p.Year)
			label += " – " + figureText(v.Measure, p.Value)
			if p.HasEngland {
				label += " (England " + figureText(v.Measure, p.England) + ")"
			}
			val := measureValue(v.Measure.ID, p.Year)
			g.Options = append(g.Options, frontend.Option{Value: val, Label: label, Selected: val == selected})
		}
	}
	var in frontend.MeasureInput
	for _, g := range []frontend.OptionGroup{own, other} {
		if len(g.Options) > 0 {
			in.Groups = append(in.Groups, g)
		}
	}
	return in
}

// measureInputs are the picker's measure rows: one per measure cited and an
// empty one; none when the council has no figures to cite.
func (s *Server) measureInputs(views []outcomes.MeasureView, statement string, cited []string) []frontend.MeasureInput {
	if len(views) == 0 {
		return nil
	}
	var out []frontend.MeasureInput
	for _, c := range append(cited, "") {
		out = append(out, s.measureInput(views, statement, c))
	}
	return out
}

// measureCitationRow shows a cited figure as it was cited.
func (s *Server) measureCitationRow(c store.MeasureCitation) frontend.MeasureCitationRow {
	row := frontend.MeasureCitationRow{ID: c.Measure, Name: c.Measure, Year: c.Year, Source: strings.ToUpper(c.Layout),
		Value: fmt.Sprint(c.Value), England: fmt.Sprint(c.England)}
	if m, ok := s.catalogue.Measures().Measure(c.Measure); ok {
		row.Name, row.Source = m.Name, strings.ToUpper(m.Source)
		row.Value, row.England = figureText(m, c.Value), figureText(m, c.England)
	}
	if c.EnglandIsMean {
		row.England += " (mean of councils)"
	}
	return row
}

func (s *Server) measureCitationRows(cs []store.MeasureCitation) []frontend.MeasureCitationRow {
	var out []frontend.MeasureCitationRow
	for _, c := range cs {
		out = append(out, s.measureCitationRow(c))
	}
	return out
}
