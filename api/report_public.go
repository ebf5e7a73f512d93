package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
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
// snapshot of one of its versions: the summary page, one page per theme
// with its quality statements, and about the local authority. The latest
// version is at /reports/{id}, each version also at
// /reports/{id}/versions/{n} (an earlier one says so and links the
// latest). Anything but a published assessment, or a version it does not
// have, is 404.
func (s *Server) showPublicReport(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	version := 0
	if v := c.Param("version"); v != "" {
		if version, err = strconv.Atoi(v); err != nil || version < 1 {
			return store.ErrNotFound
		}
	}
	pg := publicPage{title: "Summary", keep: func(sec report.Section) bool {
		switch sec.Kind {
		case report.KindSummary, report.KindPeople, report.KindStrengths, report.KindDevelopment, report.KindDirection:
			return true
		}
		return false
	}}
	current, sub := "summary", ""
	switch {
	case c.Param("theme") != "":
		th, err := s.catalogue.Theme(c.Param("theme"))
		if err != nil {
			return store.ErrNotFound
		}
		pg = publicPage{title: th.Name, keep: func(sec report.Section) bool { return sec.Theme == th.Slug }}
		current, sub = th.Slug, "/themes/"+th.Slug
	case strings.HasSuffix(c.Path(), "/about"):
		pg = publicPage{title: "About the local authority", keep: func(sec report.Section) bool { return sec.Kind == report.KindAbout }}
		current, sub = "about", "/about"
	}
	ctx := c.Request().Context()
	pub, err := s.store.ReportPublication(ctx, id, version)
	if err != nil {
		return err
	}
	var doc assessmentJSON
	if err := json.Unmarshal(pub.Snapshot, &doc); err != nil {
		return fmt.Errorf("decode snapshot %d of assessment %d: %w", pub.Version, pub.AssessmentID, err)
	}
	// latest is the report's own address; href that of the version shown,
	// which its pages link to each other under.
	latest := fmt.Sprintf("/reports/%d", id)
	href := latest
	if version > 0 {
		href = fmt.Sprintf("%s/versions/%d", latest, pub.Version)
	}
	page := frontend.PublicReportPage{Layout: s.layout(c), Title: pg.title, LAName: pub.LAName, Href: href,
		Published: govDay(pub.FirstPublishedAt, s), LastUpdated: govDay(pub.PublishedAt, s)}
	if !pub.Latest {
		page.Earlier = &frontend.EarlierVersion{Version: pub.Version, LatestHref: latest + sub}
	}
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
	if err := s.fillPublicVersions(c, &page, pub, sub); err != nil {
		return err
	}
	return s.pages.Render(c, http.StatusOK, "report_public", page)
}

// fillPublicVersions lists the versions of the report shown, when it has
// several, each linking the same page of that version (the latest at the
// report's own address), and the council's other assessments' reports.
func (s *Server) fillPublicVersions(c echo.Context, page *frontend.PublicReportPage, pub store.ReportPublication, sub string) error {
	pubs, err := s.store.CouncilPublications(c.Request().Context(), pub.LA)
	if err != nil {
		return err
	}
	var mine []frontend.PublicVersion
	for _, v := range pubs {
		href := fmt.Sprintf("/reports/%d", v.AssessmentID)
		switch {
		case v.AssessmentID != pub.AssessmentID && v.Latest:
			page.Others = append(page.Others, frontend.PublicVersion{Href: href, Published: govDay(v.FirstPublishedAt, s), Version: v.Version})
		case v.AssessmentID == pub.AssessmentID:
			if !v.Latest {
				href = fmt.Sprintf("%s/versions/%d", href, v.Version)
			}
			mine = append(mine, frontend.PublicVersion{Href: href + sub, Published: govDay(v.PublishedAt, s), Version: v.Version,
				Reason: v.Reason, Current: v.Version == pub.Version})
		}
	}
	if len(mine) > 1 {
		page.Versions = mine
	}
	return nil
}

// govDay is the UK day of t as GOV.UK writes dates: 3 December 2026.
func govDay(t time.Time, s *Server) string { return t.In(s.loc).Format("2 January 2006") }
