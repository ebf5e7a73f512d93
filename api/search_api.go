package api

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/search"
	"github.com/labstack/echo/v4"
)

type searchHitJSON struct {
	DocumentID string           `json:"document_id"`
	Title      string           `json:"title"`
	LA         string           `json:"la"`
	Type       string           `json:"type"`
	Year       int              `json:"year,omitempty"`
	Score      float64          `json:"score"`
	Pages      []searchPageJSON `json:"pages"`
}

type searchPageJSON struct {
	Page    int    `json:"page"`
	Snippet string `json:"snippet"`
}

type facetJSON struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// showSearchJSON is GET /api/v1/search.
func (s *Server) showSearchJSON(c echo.Context) error {
	return s.writeSearchJSON(c, c.QueryParams())
}

// badQueryJSON answers a query the parser refused: its GOV.UK message and
// where in the query the problem is.
func badQueryJSON(c echo.Context, status int, qe *search.QueryError) error {
	return c.JSON(status, map[string]any{"error": map[string]any{"code": "bad_query", "message": qe.Msg, "position": qe.Pos}})
}

// writeSearchJSON answers the search with parameters v as GET /api/v1/search
// does, for it and for a saved search run through the API.
func (s *Server) writeSearchJSON(c echo.Context, v url.Values) error {
	p, _ := request.Principal(c)
	r, q, err := s.searchRequest(v, p)
	var qe *search.QueryError
	if errors.As(err, &qe) {
		return badQueryJSON(c, http.StatusBadRequest, qe)
	}
	release, err := s.searchSlot(c, r)
	if err != nil {
		return err
	}
	defer release()
	res, err := s.index.Search(c.Request().Context(), r)
	if status, msg, ok := s.searchRefused(c, err); ok {
		code := "bad_query"
		if status == http.StatusServiceUnavailable {
			code = "search_too_costly"
		}
		return c.JSON(status, map[string]any{"error": map[string]any{"code": code, "message": msg}})
	}
	if err != nil {
		return err
	}
	s.auditSearch(c, q, r.Filters, res.TotalDocs)
	out := struct {
		Total  int                    `json:"total"`
		Pages  int                    `json:"total_pages"`
		Hits   []searchHitJSON        `json:"hits"`
		Facets map[string][]facetJSON `json:"facets"`
	}{Total: res.TotalDocs, Pages: res.TotalPages, Hits: []searchHitJSON{}, Facets: map[string][]facetJSON{}}
	for _, h := range res.Hits {
		hj := searchHitJSON{DocumentID: h.DocID, Title: h.Title, LA: h.LA, Type: h.Type, Year: h.Year, Score: h.Score}
		for _, pg := range h.Pages {
			hj.Pages = append(hj.Pages, searchPageJSON{Page: pg.Page, Snippet: pg.Snippet})
		}
		out.Hits = append(out.Hits, hj)
	}
	for name, counts := range res.Facets {
		for _, fc := range counts {
			out.Facets[name] = append(out.Facets[name], facetJSON{Value: fc.Value, Count: fc.Count})
		}
	}
	return c.JSON(http.StatusOK, out)
}
