package api

import (
	"context"
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
	// Outcomes are the national outcome figures each section showed, by
	// section key, as they were when first published.
	Outcomes map[string][]outcomeJSON `json:"outcomes,omitempty"`
}

type reportSectionJSON struct {
	Key       string            `json:"key"`
	Body      string            `json:"body"`
	Facts     *report.Facts     `json:"facts,omitempty"`
	Citations []report.Citation `json:"citations,omitempty"`
	// Measures are the outcome measures its paragraphs cite, as cited.
	Measures []store.MeasureCitation `json:"measures,omitempty"`
	// Returns are the answers of the submitted return its paragraphs cite.
	Returns []store.ReturnCite `json:"returns,omitempty"`
}

// reportSnapshot freezes the report's sections for publication.
func (s *Server) reportSnapshot(c echo.Context, a store.Assessment, p authz.Principal) (*reportJSON, error) {
	secs, err := s.store.ReportSections(c.Request().Context(), p.Scope(), a.ID)
	if err != nil {
		return nil, err
	}
	views, err := s.outcomeViews(c.Request().Context(), a.LA)
	if err != nil {
		return nil, err
	}
	all := report.Sections(s.catalogue)
	out := &reportJSON{Outcomes: frozenReportOutcomes(all, views)}
	for _, sec := range all {
		if cur, ok := secs[sec.Key]; ok {
			out.Sections = append(out.Sections, reportSectionJSON{Key: sec.Key, Body: cur.Body, Facts: cur.Facts, Citations: cur.Citations,
				Measures: cur.Measures, Returns: cur.Returns})
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

// onSummary reports whether a section is on the report's summary page.
func onSummary(sec report.Section) bool {
	switch sec.Kind {
	case report.KindSummary, report.KindPeople, report.KindStrengths, report.KindDevelopment, report.KindDirection:
		return true
	}
	return false
}

// publishedReport is one version of a published report, read from its
// snapshot.
type publishedReport struct {
	pub store.ReportPublication
	// asked is the version in the address, 0 for the latest.
	asked  int
	doc    assessmentJSON
	scores map[string]int
	frozen map[string]reportSectionJSON
	// prev is the council's assessment published before this one, nil
	// when there is none.
	prev *previousAssessment
}

// loadPublished reads the version of the published report the address
// names: /reports/{id} the latest, /reports/{id}/versions/{n} that one.
// Anything but a published assessment, or a version it does not have, is
// ErrNotFound.
func (s *Server) loadPublished(c echo.Context) (publishedReport, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return publishedReport{}, store.ErrNotFound
	}
	asked := 0
	if v := c.Param("version"); v != "" {
		if asked, err = strconv.Atoi(v); err != nil || asked < 1 {
			return publishedReport{}, store.ErrNotFound
		}
	}
	return s.readPublished(c.Request().Context(), id, asked)
}

// readPublished reads a version of a published report, the latest when
// asked is 0, with the council's previous published assessment to compare
// its scores with.
func (s *Server) readPublished(ctx context.Context, id int64, asked int) (publishedReport, error) {
	r, err := s.readSnapshot(ctx, id, asked)
	if err != nil {
		return publishedReport{}, err
	}
	prev, ok, err := s.previous(ctx, r)
	if err != nil {
		return publishedReport{}, err
	}
	if ok {
		r.prev = &prev
	}
	return r, nil
}

// readSnapshot reads a version of a published report, the latest when
// asked is 0.
func (s *Server) readSnapshot(ctx context.Context, id int64, asked int) (publishedReport, error) {
	r := publishedReport{asked: asked, scores: map[string]int{}, frozen: map[string]reportSectionJSON{}}
	var err error
	if r.pub, err = s.store.ReportPublication(ctx, id, asked); err != nil {
		return publishedReport{}, err
	}
	if err := json.Unmarshal(r.pub.Snapshot, &r.doc); err != nil {
		return publishedReport{}, fmt.Errorf("decode snapshot %d of assessment %d: %w", r.pub.Version, r.pub.AssessmentID, err)
	}
	if res := r.doc.Results; res != nil {
		for _, q := range res.QualityStatements {
			r.scores[q.QS] = q.Score
		}
	}
	if r.doc.Report != nil {
		for _, sec := range r.doc.Report.Sections {
			r.frozen[sec.Key] = sec
		}
	}
	return r, nil
}

// href is the address of the version shown, which its pages link to each
// other under: the report's own for the latest when asked without a
// version.
func (r publishedReport) href() string {
	if r.asked > 0 {
		return fmt.Sprintf("/reports/%d/versions/%d", r.pub.AssessmentID, r.pub.Version)
	}
	return fmt.Sprintf("/reports/%d", r.pub.AssessmentID)
}

// rating is the overall rating and percentage; "" when not rated.
func (r publishedReport) rating() (string, int) {
	if res := r.doc.Results; res != nil && res.Overall != nil {
		return res.Overall.RatingName, res.Overall.Percent
	}
	return "", 0
}

// previousAssessment is the council's assessment published before this
// one, as its latest version reads: what a reassessment is compared with.
type previousAssessment struct {
	published time.Time
	rating    string
	scores    map[string]int
}

// previous reads the council's assessment first published before r's, the
// latest version of it; ok is false when there is none.
func (s *Server) previous(ctx context.Context, r publishedReport) (previousAssessment, bool, error) {
	pubs, err := s.store.CouncilPublications(ctx, r.pub.LA)
	if err != nil {
		return previousAssessment{}, false, err
	}
	var best *store.ReportPublication
	for i, p := range pubs {
		if p.AssessmentID != r.pub.AssessmentID && p.Latest && p.FirstPublishedAt.Before(r.pub.FirstPublishedAt) &&
			(best == nil || p.FirstPublishedAt.After(best.FirstPublishedAt)) {
			best = &pubs[i]
		}
	}
	if best == nil {
		return previousAssessment{}, false, nil
	}
	old, err := s.readSnapshot(ctx, best.AssessmentID, 0)
	if err != nil {
		return previousAssessment{}, false, err
	}
	prev := previousAssessment{published: best.FirstPublishedAt, scores: old.scores}
	prev.rating, _ = old.rating()
	return prev, true, nil
}

// publicScores are every quality statement's published score with its
// meaning, each linking its section under href; after a reassessment, each
// says whether it was reviewed and kept or changed from the previous
// assessment's.
func (s *Server) publicScores(r publishedReport, href string) []frontend.PublicScore {
	prev := r.prev
	var out []frontend.PublicScore
	for _, q := range s.catalogue.Statements {
		ps := frontend.PublicScore{Name: q.Name, Score: r.scores[q.Slug], Href: fmt.Sprintf("%s/themes/%s#qs-%s", href, q.Theme, q.Slug)}
		if m, err := s.catalogue.Meaning(ps.Score); err == nil {
			ps.Meaning = m
		}
		if prev != nil && ps.Score > 0 {
			switch old := prev.scores[q.Slug]; {
			case old == ps.Score:
				ps.Reviewed = govDay(r.pub.FirstPublishedAt, s)
			case old > 0:
				ps.Changed = s.scoreText(old)
			}
		}
		out = append(out, ps)
	}
	return out
}

// ratingChange says the previous assessment's rating when this one's is
// another: a band change is always shown.
func (s *Server) ratingChange(r publishedReport) string {
	prev := r.prev
	rating, _ := r.rating()
	if prev == nil || prev.rating == "" || rating == "" || prev.rating == rating {
		return ""
	}
	return fmt.Sprintf("Previous rating: %s, published %s", prev.rating, govDay(prev.published, s))
}

// publicSections are the frozen sections keep picks, in the report's
// order, as the public reads them.
func (s *Server) publicSections(r publishedReport, keep func(report.Section) bool) []frontend.ReportSectionView {
	var out []frontend.ReportSectionView
	for _, sec := range report.Sections(s.catalogue) {
		if !keep(sec) {
			continue
		}
		f := r.frozen[sec.Key]
		v := s.sectionView(sec, store.ReportSection{Body: f.Body, Facts: f.Facts, Citations: f.Citations, Measures: f.Measures,
			Returns: f.Returns}, r.scores)
		// The public cannot open the council's documents: cite them by
		// title and page only.
		for i := range v.Paragraphs {
			for j := range v.Paragraphs[i].Citations {
				v.Paragraphs[i].Citations[j].Href = ""
			}
		}
		if r.doc.Report != nil {
			v.Outcomes = s.publishedOutcomes(r.doc.Report.Outcomes[sec.Key])
		}
		out = append(out, v)
	}
	return out
}

// showPublicReport is a published report, public without sign-in, from the
// snapshot of one of its versions: the summary page, one page per theme
// with its quality statements, and about the local authority. The latest
// version is at /reports/{id}, each version also at
// /reports/{id}/versions/{n} (an earlier one says so and links the
// latest). Anything but a published assessment, or a version it does not
// have, is 404.
func (s *Server) showPublicReport(c echo.Context) error {
	pg := publicPage{title: "Summary", keep: onSummary}
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
	r, err := s.loadPublished(c)
	if err != nil {
		return err
	}
	pub, href := r.pub, r.href()
	latest := fmt.Sprintf("/reports/%d", pub.AssessmentID)
	page := frontend.PublicReportPage{Layout: s.layout(c), Title: pg.title, LAName: pub.LAName, Href: href,
		Published: govDay(pub.FirstPublishedAt, s), LastUpdated: govDay(pub.PublishedAt, s)}
	if !pub.Latest {
		page.Earlier = &frontend.EarlierVersion{Version: pub.Version, LatestHref: latest + sub}
	}
	if s.pdf != nil {
		page.PDFHref = href + "/report.pdf"
	}
	page.Rating, page.Percent = r.rating()
	if current == "summary" {
		page.Scores = s.publicScores(r, href)
		page.RatingChange = s.ratingChange(r)
	}
	page.Nav = append(page.Nav, frontend.NavItem{Label: "Summary", Href: href, Active: current == "summary"})
	for _, th := range s.catalogue.Themes {
		page.Nav = append(page.Nav, frontend.NavItem{Label: th.Name, Href: href + "/themes/" + th.Slug, Active: current == th.Slug})
	}
	page.Nav = append(page.Nav, frontend.NavItem{Label: "About the local authority", Href: href + "/about", Active: current == "about"})
	page.Sections = s.publicSections(r, pg.keep)
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
