package api

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// coverageStatuses are the documents the coverage counts: those read and
// tagged, or being re-tagged.
var coverageStatuses = ingest.RetagStatuses

// showCoverage is a council's evidence coverage: each quality statement by
// each evidence category, with the number of documents behind the cell,
// confirmed by an inspector apart from only suggested, and empty cells
// called out as gaps. Another council's code is 404.
func (s *Server) showCoverage(c echo.Context) error {
	p, _ := request.Principal(c)
	ctx := c.Request().Context()
	la, err := s.store.LA(ctx, p.Scope(), c.Param("code"))
	if err != nil {
		return err
	}
	byDoc, err := s.store.LATags(ctx, p.Scope(), la.Code, coverageStatuses)
	if err != nil {
		return err
	}
	page := frontend.CoveragePage{Layout: s.layout(c), Code: la.Code, Name: la.Name, Documents: len(byDoc)}
	for _, q := range s.categoryOptions() {
		page.Categories = append(page.Categories, frontend.Option{Value: q[0], Label: q[1]})
	}
	type counts struct{ confirmed, suggested int }
	cells := map[[2]string]*counts{}
	for _, tags := range byDoc {
		confirmed, suggested := coverageTags(*tags, store.TagQS)
		catsC, catsS := coverageTags(*tags, store.TagCategory)
		cats := append(catsC, catsS...)
		if len(cats) == 0 {
			cats = []string{bestCategory(*tags)}
		}
		for _, cat := range cats {
			for _, qs := range confirmed {
				cell(cells, qs, cat).confirmed++
			}
			for _, qs := range suggested {
				cell(cells, qs, cat).suggested++
			}
		}
	}
	for k := range cells {
		if k[1] == "" {
			page.Categories = append(page.Categories, frontend.Option{Value: "", Label: "No evidence category found"})
			break
		}
	}
	views, err := s.outcomeViews(ctx, la.Code)
	if err != nil {
		return err
	}
	for _, q := range s.qsOptions() {
		row := frontend.CoverageRow{QS: q[0], Name: q[1]}
		for _, cat := range page.Categories {
			n := cells[[2]string{q[0], cat.Value}]
			if n == nil {
				n = &counts{}
			}
			v := url.Values{"q": {"qs:" + q[0]}, "la": {la.Code}}
			if cat.Value != "" {
				v.Set("q", "qs:"+q[0]+" category:"+cat.Value)
			}
			cc := frontend.CoverageCell{Confirmed: n.confirmed, Suggested: n.suggested, Href: "/search?" + v.Encode()}
			if cat.Value == framework.OutcomesCategory {
				cc.Measures = len(outcomes.ForStatement(views, q[0]))
				cc.MeasuresHref = "/las/" + url.PathEscape(la.Code) + "#outcomes-" + q[0]
			}
			// "No evidence category found" is not a category to cover: an
			// empty cell there is no gap.
			cc.Gap = cat.Value != "" && cc.Confirmed+cc.Suggested+cc.Measures == 0
			if cc.Gap {
				page.Gaps++
			}
			row.Cells = append(row.Cells, cc)
		}
		page.Rows = append(page.Rows, row)
	}
	return s.pages.Render(c, http.StatusOK, "coverage", page)
}

// coverageTags are a document's tags of a kind: confirmed by an inspector,
// and suggested (by the tagger or the council's hint) without a decision.
func coverageTags(tags store.DocumentTags, kind string) (confirmed, suggested []string) {
	st := tags.State(kind, ingest.SuggestAt)
	suggested = slices.Clone(st.Suggested)
	for _, h := range st.Hints {
		if !slices.Contains(st.Confirmed, h) && !slices.Contains(st.Rejected, h) && !slices.Contains(suggested, h) {
			suggested = append(suggested, h)
		}
	}
	return st.Confirmed, suggested
}

func cell[T any](m map[[2]string]*T, a, b string) *T {
	k := [2]string{a, b}
	if m[k] == nil {
		m[k] = new(T)
	}
	return m[k]
}

// bestCategory is the category the tagger found most of in a document none
// of whose categories reached the threshold, so that its quality statements
// still count somewhere; "" when it found no cue of any category.
func bestCategory(tags store.DocumentTags) string {
	rejected := tags.State(store.TagCategory, ingest.SuggestAt).Rejected
	best, conf := "", 0.0
	for _, sg := range tags.Suggestions {
		if sg.Page == 0 && sg.Kind == store.TagCategory && sg.Confidence > conf && !slices.Contains(rejected, sg.Label) {
			best, conf = sg.Label, sg.Confidence
		}
	}
	return best
}
