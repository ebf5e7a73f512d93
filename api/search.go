package api

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/search"
	"github.com/labstack/echo/v4"
)

// searchScope is the principal's scope in the index's own terms.
func searchScope(p authz.Principal) search.Scope {
	s := p.Scope()
	return search.Scope{All: s.All(), LAs: s.LAs()}
}

// searchRequest reads q, page, size, sort and the facet filters from the
// parameters of a search: the address's, or a saved search's.
func (s *Server) searchRequest(v url.Values, p authz.Principal) (search.Request, string, error) {
	q := v.Get("q")
	node, err := s.parseQuery(q)
	if err != nil {
		return search.Request{}, q, err
	}
	page, _ := strconv.Atoi(v.Get("page"))
	size, _ := strconv.Atoi(v.Get("size"))
	r := search.Request{Query: node, Scope: searchScope(p), Page: page, Size: size, ByDate: v.Get("sort") == "date",
		Filters: map[string]string{}}
	for _, f := range search.FilterNames {
		if x := v.Get(f); x != "" {
			r.Filters[f] = x
		}
	}
	return r, q, nil
}

// parseQuery parses a query and refuses a field value the portal never
// gives, such as qs:nonsense, naming the ones it does.
func (s *Server) parseQuery(q string) (search.Node, error) {
	n, err := search.Parse(q)
	if err != nil {
		return nil, err
	}
	known := map[string][]string{}
	for _, st := range s.catalogue.Statements {
		known["qs"] = append(known["qs"], st.Slug)
	}
	for _, cat := range s.catalogue.Categories {
		known["category"] = append(known["category"], cat.Slug)
	}
	for _, t := range ingest.DocumentTypes {
		known["type"] = append(known["type"], t[0])
	}
	return n, search.CheckValues(q, n, known)
}

// resultsPerPage is how many documents a page of results shows.
const resultsPerPage = 20

// showSearch is the search page; it works without JavaScript. With like=ID
// it shows documents like that one ("more like this") instead.
func (s *Server) showSearch(c echo.Context) error {
	p, _ := request.Principal(c)
	ctx := c.Request().Context()
	page := frontend.SearchPage{Layout: s.layout(c), Query: c.QueryParam("q"), ByDate: c.QueryParam("sort") == "date"}
	if like := c.QueryParam("like"); like != "" {
		// The store decides what the person may see: another council's
		// document is 404, like a missing one.
		d, err := s.store.Document(ctx, p.Scope(), like)
		if err != nil {
			return err
		}
		release, err := s.searchSlot(c, search.Request{})
		if err != nil {
			return err
		}
		defer release()
		res, err := s.index.Similar(ctx, d.ID, searchScope(p), resultsPerPage)
		if status, msg, ok := s.searchRefused(c, err); ok {
			page.QueryError = msg
			return s.pages.Render(c, status, "search", page)
		}
		if err != nil {
			return err
		}
		names, err := s.laNames(c, p)
		if err != nil {
			return err
		}
		page.LikeTitle, page.LikeHref = d.Title, "/documents/"+d.ID
		page.Searched, page.Total = true, res.TotalDocs
		page.Hits = searchHits(res, names)
		return s.pages.Render(c, http.StatusOK, "search", page)
	}
	// The councils' names are read once, when the filters or the results
	// need them.
	laNames := sync.OnceValues(func() (map[string]string, error) { return s.laNames(c, p) })
	if err := s.selectedFilters(c, laNames, &page); err != nil {
		return err
	}
	r, q, err := s.searchRequest(c.QueryParams(), p)
	var qe *search.QueryError
	if errors.As(err, &qe) {
		page.QueryError = qe.Msg
		page.Layout.Errors = []frontend.FieldError{{Field: "q", Message: qe.Msg}}
		return s.pages.Render(c, http.StatusBadRequest, "search", page)
	}
	if q == "" && len(r.Filters) == 0 {
		return s.pages.Render(c, http.StatusOK, "search", page)
	}
	r.Size = resultsPerPage
	release, err := s.searchSlot(c, r)
	if err != nil {
		return err
	}
	defer release()
	res, err := s.index.Search(ctx, r)
	if status, msg, ok := s.searchRefused(c, err); ok {
		page.QueryError = msg
		page.Layout.Errors = []frontend.FieldError{{Field: "q", Message: msg}}
		return s.pages.Render(c, status, "search", page)
	}
	if err != nil {
		return err
	}
	s.auditSearch(c, q, r.Filters, res.TotalDocs)
	names, err := laNames()
	if err != nil {
		return err
	}
	page.Searched, page.Total = true, res.TotalDocs
	page.Hits = searchHits(res, names)
	base := c.Request().URL.Query()
	if p.Can(authz.ActionReviewEvidence) {
		page.SaveQuery = savedQuery(base)
	}
	page.Pagination = paginate(base, max(r.Page, 1), (res.TotalDocs+resultsPerPage-1)/resultsPerPage)
	for _, name := range search.FilterNames {
		f := frontend.Facet{Name: name, Label: facetLabels[name]}
		for _, fc := range res.Facets[name] {
			fv := frontend.FacetValue{Label: s.facetLabel(name, fc.Value, names), Count: fc.Count, Selected: base.Get(name) == fc.Value}
			if !fv.Selected {
				fv.Href = searchHref(base, func(v url.Values) { v.Set(name, fc.Value) })
			}
			f.Values = append(f.Values, fv)
		}
		if len(f.Values) > 0 {
			page.Facets = append(page.Facets, f)
		}
	}
	s.addBulkForm(c, &page)
	return s.pages.Render(c, http.StatusOK, "search", page)
}

// msgSearchTooCostly is what a person is told when their search ran past
// its time budget (PORTAL_SEARCH_BUDGET).
const msgSearchTooCostly = "Your search took too long to run. Use fewer words, fewer NOT, * or ~, or choose a local authority or quality statement to search within"

// searchRefused tells whether err is a search the index refused, rather than
// one that failed: a query whose words stand for too many terms (known only
// once the shards are read) is the person's to fix (400), one over its time
// budget is refused to protect everyone else's searches (503). Either is
// logged here, once, as expected rather than as a failure.
func (s *Server) searchRefused(c echo.Context, err error) (int, string, bool) {
	var qe *search.QueryError
	switch {
	case errors.As(err, &qe):
		return http.StatusBadRequest, qe.Msg, true
	case errors.Is(err, search.ErrTooCostly):
		s.log.Info("search over budget", append(request.LogAttrs(c), "query", request.Clip(c.QueryParam("q"), 200))...)
		return http.StatusServiceUnavailable, msgSearchTooCostly, true
	}
	return 0, "", false
}

// laNames maps the codes of the councils the person may see to their
// names, so that results and facets name councils as people know them.
func (s *Server) laNames(c echo.Context, p authz.Principal) (map[string]string, error) {
	las, err := s.store.LAs(c.Request().Context(), p.Scope())
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(las))
	for _, la := range las {
		names[la.Code] = la.Name
	}
	return names, nil
}

// facetLabel names a facet value as people know it: the council's name, the
// quality statement's, the evidence category's or the document type's. The
// value itself when there is no better name.
func (s *Server) facetLabel(facet, value string, laNames map[string]string) string {
	label := ""
	switch facet {
	case "la":
		label = laNames[value]
	case "qs", "qs_suggested":
		if q, err := s.catalogue.Statement(value); err == nil {
			label = q.Name
		}
	case "category":
		if cat, err := s.catalogue.Category(value); err == nil {
			label = cat.Name
		}
	case "type":
		label = ingest.DocumentTypeLabel(value)
	}
	if label == "" {
		return value
	}
	return label
}

func searchHits(res search.Result, laNames map[string]string) []frontend.SearchHit {
	var hits []frontend.SearchHit
	for _, h := range res.Hits {
		la := laNames[h.LA]
		if la == "" {
			la = h.LA
		}
		hit := frontend.SearchHit{ID: h.DocID, Title: h.Title, Href: "/documents/" + h.DocID, LA: la, Type: ingest.DocumentTypeLabel(h.Type),
			SimilarHref: "/search?like=" + url.QueryEscape(h.DocID)}
		for _, pg := range h.Pages {
			// Bleve's html highlighter escapes the page text and adds only
			// <mark>: the one place a document's words reach a page as HTML.
			hit.Pages = append(hit.Pages, frontend.SearchPageHit{Number: pg.Page,
				Href: pageHref(h.DocID, pg.Page), Snippet: template.HTML(pg.Snippet)})
		}
		hits = append(hits, hit)
	}
	return hits
}

// paginate links the pages of results around the current one, the GOV.UK
// way: first, last, and one either side, with ellipses between. Nil when
// everything fits on one page.
func paginate(base url.Values, current, pages int) *frontend.SearchPagination {
	return pagination(current, pages, func(n int) string {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(n))
		return "/search?" + v.Encode()
	})
}

// pagination is the GOV.UK pagination of pages numbered from 1: the
// first, the last and those beside the current one, with ellipses
// between; href links to the nth.
func pagination(current, pages int, href func(n int) string) *frontend.SearchPagination {
	if pages <= 1 {
		return nil
	}
	out := &frontend.SearchPagination{}
	if current > 1 {
		out.PrevHref = href(current - 1)
	}
	if current < pages {
		out.NextHref = href(current + 1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < current-1 || n > current+1) {
			continue
		}
		if last != 0 && n > last+1 {
			out.Items = append(out.Items, frontend.PageLink{Ellipsis: true})
		}
		out.Items = append(out.Items, frontend.PageLink{Number: n, Href: href(n), Current: n == current})
		last = n
	}
	return out
}

// facetLabels name the facets; confirmed and suggested statements are
// apart, as inspectors decide on one and the tagger offers the other.
var facetLabels = map[string]string{"la": "Local authority", "qs": "Quality statement (confirmed by an inspector)",
	"qs_suggested": "Quality statement (suggested, not yet confirmed)", "category": "Evidence category",
	"type": "Document type", "year": "Year covered"}

// selectedFilters lists the filters in force, each with a link that
// removes it, and a link that clears them all (the GOV.UK "filter a list"
// pattern); the search form carries them as hidden fields, so that a new
// search or sort keeps them.
func (s *Server) selectedFilters(c echo.Context, laNames func() (map[string]string, error), page *frontend.SearchPage) error {
	base := c.Request().URL.Query()
	for _, name := range search.FilterNames {
		value := base.Get(name)
		if value == "" {
			continue
		}
		names, err := laNames()
		if err != nil {
			return err
		}
		page.Kept = append(page.Kept, frontend.KeptFilter{Name: name, Value: value})
		page.Selected = append(page.Selected, frontend.SelectedFilter{Facet: facetLabels[name], Label: s.facetLabel(name, value, names),
			RemoveHref: searchHref(base, func(v url.Values) { v.Del(name) })})
	}
	if len(page.Selected) > 0 {
		page.ClearHref = searchHref(base, func(v url.Values) {
			for _, name := range search.FilterNames {
				v.Del(name)
			}
		})
	}
	return nil
}

// searchHref is the search page's address with base's parameters changed
// by change, back on the first page of results.
func searchHref(base url.Values, change func(url.Values)) string {
	v := url.Values{}
	for k, vs := range base {
		v[k] = vs
	}
	change(v)
	v.Del("page")
	return "/search?" + v.Encode()
}
