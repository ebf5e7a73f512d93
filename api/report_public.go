package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// reportJSON is the report frozen in the snapshot at publication: each
// section's text, facts and citations (with the documents' titles then).
type reportJSON struct {
	Sections []reportSectionJSON `json:"sections"`
}

type reportSectionJSON struct {
	Key       string            `json:"key"`
	Body      string            `json:"body"`
	Facts     *report.Facts     `json:"facts,omitempty"`
	Citations []report.Citation `json:"citations,omitempty"`
}

// reportSnapshot freezes the report's sections for publication.
func (s *Server) reportSnapshot(c echo.Context, a store.Assessment, p authz.Principal) (*reportJSON, error) {
	secs, err := s.store.ReportSections(c.Request().Context(), p.Scope(), a.ID)
	if err != nil {
		return nil, err
	}
	out := &reportJSON{}
	for _, sec := range report.Sections(s.catalogue) {
		if cur, ok := secs[sec.Key]; ok {
			out.Sections = append(out.Sections, reportSectionJSON{Key: sec.Key, Body: cur.Body, Facts: cur.Facts, Citations: cur.Citations})
		}
	}
	return out, nil
}

// publicPage is which page of a published report is asked for.
type publicPage struct {
	title string
	// keep reports whether a section is on the page.
	keep func(report.Section) bool
}

// showPublicReport is a published report, public without sign-in, from the
// snapshot frozen at publication: the summary page, one page per theme
// with its quality statements, and about the local authority. Anything but
// a published assessment is 404.
func (s *Server) showPublicReport(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	pg := publicPage{title: "Summary", keep: func(sec report.Section) bool {
		switch sec.Kind {
		case report.KindSummary, report.KindPeople, report.KindStrengths, report.KindDevelopment, report.KindDirection:
			return true
		}
		return false
	}}
	current := "summary"
	switch {
	case c.Param("theme") != "":
		th, err := s.catalogue.Theme(c.Param("theme"))
		if err != nil {
			return store.ErrNotFound
		}
		pg = publicPage{title: th.Name, keep: func(sec report.Section) bool { return sec.Theme == th.Slug }}
		current = th.Slug
	case c.Path() == "/reports/:id/about":
		pg = publicPage{title: "About the local authority", keep: func(sec report.Section) bool { return sec.Kind == report.KindAbout }}
		current = "about"
	}
	ctx := c.Request().Context()
	pub, err := s.store.PublishedReport(ctx, id)
	if err != nil {
		return err
	}
	var doc assessmentJSON
	if err := json.Unmarshal(pub.Snapshot, &doc); err != nil {
		return fmt.Errorf("decode snapshot of assessment %d: %w", pub.AssessmentID, err)
	}
	href := fmt.Sprintf("/reports/%d", id)
	page := frontend.PublicReportPage{Layout: s.layout(c), Title: pg.title, LAName: pub.LAName, Href: href,
		Published: govDay(pub.PublishedAt, s), LastUpdated: govDay(pub.PublishedAt, s)}
	scores := map[string]int{}
	if r := doc.Results; r != nil {
		if r.Overall != nil {
			page.Rating, page.Percent = r.Overall.RatingName, r.Overall.Percent
		}
		for _, q := range r.QualityStatements {
			scores[q.QS] = q.Score
		}
	}
	if current == "summary" {
		for _, q := range s.catalogue.Statements {
			ps := frontend.PublicScore{Name: q.Name, Score: scores[q.Slug], Href: fmt.Sprintf("%s/themes/%s#qs-%s", href, q.Theme, q.Slug)}
			if m, err := s.catalogue.Meaning(ps.Score); err == nil {
				ps.Meaning = m
			}
			page.Scores = append(page.Scores, ps)
		}
	}
	page.Nav = append(page.Nav, frontend.NavItem{Label: "Summary", Href: href, Active: current == "summary"})
	for _, th := range s.catalogue.Themes {
		page.Nav = append(page.Nav, frontend.NavItem{Label: th.Name, Href: href + "/themes/" + th.Slug, Active: current == th.Slug})
	}
	page.Nav = append(page.Nav, frontend.NavItem{Label: "About the local authority", Href: href + "/about", Active: current == "about"})
	frozen := map[string]reportSectionJSON{}
	if doc.Report != nil {
		for _, sec := range doc.Report.Sections {
			frozen[sec.Key] = sec
		}
	}
	for _, sec := range report.Sections(s.catalogue) {
		if !pg.keep(sec) {
			continue
		}
		f := frozen[sec.Key]
		v := s.sectionView(sec, store.ReportSection{Body: f.Body, Facts: f.Facts, Citations: f.Citations}, scores)
		// The public cannot open the council's documents: cite them by
		// title and page only.
		for i := range v.Paragraphs {
			for j := range v.Paragraphs[i].Citations {
				v.Paragraphs[i].Citations[j].Href = ""
			}
		}
		page.Sections = append(page.Sections, v)
	}
	vs, err := s.store.PublishedReports(ctx, pub.LA)
	if err != nil {
		return err
	}
	if len(vs) > 1 {
		for _, v := range vs {
			page.Versions = append(page.Versions, frontend.PublicVersion{Href: fmt.Sprintf("/reports/%d", v.AssessmentID),
				Published: govDay(v.PublishedAt, s), Current: v.AssessmentID == id})
		}
	}
	return s.pages.Render(c, http.StatusOK, "report_public", page)
}

// govDay is the UK day of t as GOV.UK writes dates: 3 December 2026.
func govDay(t time.Time, s *Server) string { return t.In(s.loc).Format("2 January 2006") }
