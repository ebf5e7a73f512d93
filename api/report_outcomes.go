package api

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/evidenceportal/portal/internal/store"
)

// reportOutcomes are the national outcome measures a report section shows:
// in the summary of people's experiences those CQC's reports quote there,
// under each quality statement those that evidence it; none elsewhere.
func reportOutcomes(sec report.Section, views []outcomes.MeasureView) []outcomes.MeasureView {
	switch {
	case sec.Kind == report.KindPeople:
		var out []outcomes.MeasureView
		for _, v := range views {
			if v.Measure.PeopleSummary {
				out = append(out, v)
			}
		}
		return out
	case sec.QS != nil:
		return outcomes.ForStatement(views, sec.QS.Slug)
	}
	return nil
}

// reportOutcomeViews are a section's measures, ready for the page.
func (s *Server) reportOutcomeViews(vs []outcomes.MeasureView) []frontend.OutcomeMeasure {
	var out []frontend.OutcomeMeasure
	for _, v := range vs {
		out = append(out, s.outcomeMeasure(v))
	}
	return out
}

// frozenReportOutcomes freezes each section's measures for the snapshot, so
// that a later import does not change a published report.
func frozenReportOutcomes(secs []report.Section, views []outcomes.MeasureView) map[string][]outcomeJSON {
	out := map[string][]outcomeJSON{}
	for _, sec := range secs {
		for _, v := range reportOutcomes(sec, views) {
			out[sec.Key] = append(out[sec.Key], outcomeDoc(v))
		}
	}
	return out
}

// publishedOutcomes are a published section's measures as frozen.
func (s *Server) publishedOutcomes(frozen []outcomeJSON) []frontend.OutcomeMeasure {
	var out []frontend.OutcomeMeasure
	for _, j := range frozen {
		out = append(out, s.outcomeMeasure(s.frozenOutcome(j)))
	}
	return out
}

// reportMeasureInput is one row citing a measure for a paragraph: the
// section's statement's measures first (none for other sections).
func (s *Server) reportMeasureInput(views []outcomes.MeasureView, sec report.Section, para, selected string) frontend.ReportMeasureInput {
	qs := ""
	if sec.QS != nil {
		qs = sec.QS.Slug
	}
	return frontend.ReportMeasureInput{Paragraph: para, MeasureInput: s.measureInput(views, qs, selected)}
}

// reportMeasureInputs are the cited rows and an empty one; none when the
// council has no figures to cite.
func (s *Server) reportMeasureInputs(views []outcomes.MeasureView, sec report.Section, cited []frontend.ReportMeasureInput) []frontend.ReportMeasureInput {
	if len(views) == 0 {
		return nil
	}
	return append(cited, s.reportMeasureInput(views, sec, "", ""))
}

// parseReportMeasures reads the section form's measure citations (paragraph
// and measure), keeping what was typed for the form shown again.
func (s *Server) parseReportMeasures(vals url.Values, in *store.ReportSectionInput, form *frontend.ReportSectionForm) {
	paras, measures := vals["cite_mpara"], vals["cite_measure"]
	for i, v := range measures {
		para, v := nth(paras, i), strings.TrimSpace(v)
		row := frontend.ReportMeasureInput{Paragraph: para}
		if v != "" {
			row.Groups = []frontend.OptionGroup{{Options: []frontend.Option{{Value: v}}}}
		}
		form.Measures = append(form.Measures, row)
		if v == "" && para == "" {
			continue
		}
		pn, err := strconv.Atoi(para)
		mc, ok := s.parseMeasureValue(v)
		switch {
		case v == "":
			form.CiteError = "Choose the outcome measure each paragraph cites"
		case err != nil || pn < 1:
			form.CiteError = "Enter the number of the paragraph each citation supports, like 2"
		case !ok:
			form.CiteError = "Choose an outcome measure and year from the list"
		default:
			mc.Paragraph = pn
			in.Measures = append(in.Measures, mc)
		}
	}
}

// measureParagraphsIn holds when every measure citation names a paragraph
// of the text.
func measureParagraphsIn(body string, ms []store.MeasureCitation) bool {
	n := len(report.Paragraphs(body))
	for _, m := range ms {
		if m.Paragraph > n {
			return false
		}
	}
	return true
}
