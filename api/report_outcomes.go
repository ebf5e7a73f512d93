package api

import (
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/report"
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
