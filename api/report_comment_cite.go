package api

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/evidenceportal/portal/internal/store"
)

// citedEvidence is one piece of evidence a paragraph of the draft cites,
// as the council's comment form offers it.
type citedEvidence struct {
	section   string
	paragraph int
	ref       report.Ref
	// label is how the report shows it: "Self-assessment, page 3".
	label string
}

// value is the citation's form value: "<section>|<paragraph>|<ref>".
func (e citedEvidence) value() string {
	return fmt.Sprintf("%s|%d|%s", e.section, e.paragraph, e.ref)
}

// citedEvidenceOf lists what the section's paragraphs cite, paragraph by
// paragraph: documents' pages, outcome measures, answers of the return.
func (s *Server) citedEvidenceOf(key string, sec store.ReportSection) []citedEvidence {
	var out []citedEvidence
	for n := range report.Paragraphs(sec.Body) {
		para := n + 1
		for _, c := range sec.Citations {
			if c.Paragraph == para {
				out = append(out, citedEvidence{key, para, report.DocRef(c.DocumentID, c.Page), fmt.Sprintf("%s, page %d", c.Title, c.Page)})
			}
		}
		for _, m := range sec.Measures {
			if m.Paragraph == para {
				r := s.measureCitationRow(m)
				out = append(out, citedEvidence{key, para, report.MeasureRef(m.Measure, m.Year),
					fmt.Sprintf("%s %s, %s: %s in %s (England %s)", r.Source, r.ID, r.Name, r.Value, r.Year, r.England)})
			}
		}
		for _, rc := range sec.Returns {
			if rc.Paragraph == para {
				out = append(out, citedEvidence{key, para, report.ReturnRef(rc.Item), "Information return, " + rc.Title})
			}
		}
	}
	return out
}

// citationOptions are the pieces of evidence the draft cites, grouped by
// section in the report's order, for the council to comment on one.
func (s *Server) citationOptions(secs map[string]store.ReportSection, selected string) []frontend.OptionGroup {
	var out []frontend.OptionGroup
	for _, sec := range report.Sections(s.catalogue) {
		g := frontend.OptionGroup{Label: sec.Title}
		for _, e := range s.citedEvidenceOf(sec.Key, secs[sec.Key]) {
			g.Options = append(g.Options, frontend.Option{Value: e.value(), Label: fmt.Sprintf("Paragraph %d: %s", e.paragraph, e.label),
				Selected: e.value() == selected})
		}
		if len(g.Options) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// findCitedEvidence is the evidence a form value names, if the draft cites
// it now.
func (s *Server) findCitedEvidence(secs map[string]store.ReportSection, value string) (citedEvidence, bool) {
	parts := strings.SplitN(value, "|", 3)
	if len(parts) != 3 {
		return citedEvidence{}, false
	}
	para, err := strconv.Atoi(parts[1])
	if err != nil {
		return citedEvidence{}, false
	}
	for _, e := range s.citedEvidenceOf(parts[0], secs[parts[0]]) {
		if e.paragraph == para && e.ref.String() == parts[2] {
			return e, true
		}
	}
	return citedEvidence{}, false
}

// noSuchEvidence refuses a comment on evidence the draft does not cite.
const noSuchEvidence = "Choose a piece of evidence the report cites from the list"
