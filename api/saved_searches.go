package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
	"github.com/labstack/echo/v4"
)

// savedSearchRoutes registers inspectors' saved searches. Each person sees
// only their own: another person's id is 404, exactly like a missing one.
func (s *Server) savedSearchRoutes(e *echo.Echo, user, admin addRoute) {
	inspector := s.require(authz.ActionReviewEvidence)
	user(http.MethodGet, "/searches", s.showSavedSearches, inspector)
	user(http.MethodPost, "/searches", s.submitSavedSearch, inspector)
	user(http.MethodGet, "/searches/:id", s.runSavedSearch, inspector)
	user(http.MethodPost, "/searches/:id/delete", s.submitSavedSearchDelete, inspector)
}

// searchParams are the query parameters a saved search keeps: what to look
// for and how, never the page of results.
var searchParams = []string{"q", "sort", "la", "qs", "type", "year", "category"}

// savedQuery keeps the parameters of a search in a fixed order, so that the
// same search is always saved the same way.
func savedQuery(v url.Values) string {
	out := url.Values{}
	for _, k := range searchParams {
		if x := strings.TrimSpace(v.Get(k)); x != "" {
			out.Set(k, x)
		}
	}
	return out.Encode()
}

// queryText says in words what a saved query string searches for, naming
// councils, quality statements, categories and types as people know them.
func (s *Server) queryText(query string, laNames map[string]string) string {
	v, _ := url.ParseQuery(query)
	var parts []string
	if q := v.Get("q"); q != "" {
		parts = append(parts, q)
	}
	labels := map[string]string{"la": "local authority", "qs": "quality statement", "type": "document type", "year": "year covered", "category": "evidence category"}
	for _, k := range searchParams[2:] {
		if x := v.Get(k); x != "" {
			parts = append(parts, labels[k]+" "+s.facetLabel(k, x, laNames))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "all evidence")
	}
	text := strings.Join(parts, ", ")
	if v.Get("sort") == "date" {
		text += " (newest first)"
	}
	return text
}

func (s *Server) savedSearchesPage(c echo.Context, page frontend.SavedSearchesPage) (frontend.SavedSearchesPage, error) {
	p, _ := principalOf(c)
	list, err := s.store.SavedSearches(c.Request().Context(), p.UserID)
	if err != nil {
		return page, err
	}
	names, err := s.laNames(c, p)
	if err != nil {
		return page, err
	}
	if page.Query != "" {
		page.QueryText = s.queryText(page.Query, names)
	}
	for _, ss := range list {
		id := strconv.FormatInt(ss.ID, 10)
		page.Searches = append(page.Searches, frontend.SavedSearchRow{Name: ss.Name, QueryText: s.queryText(ss.Query, names),
			Saved: govDate(ss.CreatedAt, s.loc), RunHref: "/searches/" + id, DeleteAction: "/searches/" + id + "/delete"})
	}
	page.Layout = s.layout(c)
	return page, nil
}

func (s *Server) showSavedSearches(c echo.Context) error {
	page := frontend.SavedSearchesPage{}
	switch {
	case c.QueryParam("saved") != "":
		page.Flash = "Your search has been saved"
	case c.QueryParam("deleted") != "":
		page.Flash = "The saved search has been deleted"
	}
	page, err := s.savedSearchesPage(c, page)
	if err != nil {
		return err
	}
	return s.renderPage(c, http.StatusOK, "saved_searches", page)
}

func (s *Server) submitSavedSearch(c echo.Context) error {
	p, _ := principalOf(c)
	name := strings.TrimSpace(c.FormValue("name"))
	sent, _ := url.ParseQuery(c.FormValue("query"))
	query := savedQuery(sent)
	page := frontend.SavedSearchesPage{Name: name, Query: query}
	switch {
	case name == "":
		page.NameError = "Enter a name for this search"
	case utf8.RuneCountInString(name) > 100:
		page.NameError = "Name must be 100 characters or fewer"
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		page.NameError = "Name must not contain control characters"
	}
	if query == "" || len(query) > 2000 || !storableValues(sent) {
		// Only a forged or stale form gets here: the search page always
		// sends what it searched for.
		return echo.NewHTTPError(http.StatusBadRequest, "There is no search to save")
	}
	if _, err := search.Parse(sent.Get("q")); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "There is no search to save")
	}
	if page.NameError == "" {
		a := s.auditEntry(c, "saved_search_created", "saved_search", "", "")
		a.Detail = map[string]string{"name": name, "query": query}
		_, err := s.store.SaveSearch(c.Request().Context(), store.SavedSearch{UserID: p.UserID, Name: name, Query: query}, a)
		if errors.Is(err, store.ErrConflict) {
			page.NameError = fmt.Sprintf("You already have a saved search called %s", name)
		} else if err != nil {
			return err
		} else {
			return c.Redirect(http.StatusSeeOther, "/searches?saved=1")
		}
	}
	page, err := s.savedSearchesPage(c, page)
	if err != nil {
		return err
	}
	page.Layout.Errors = fieldErrors("name", page.NameError)
	return s.renderPage(c, http.StatusUnprocessableEntity, "saved_searches", page)
}

// runSavedSearch runs a saved search again: the search page with its query.
func (s *Server) runSavedSearch(c echo.Context) error {
	p, _ := principalOf(c)
	ss, err := s.store.SavedSearch(c.Request().Context(), p.UserID, c.Param("id"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusFound, "/search?"+ss.Query)
}

func (s *Server) submitSavedSearchDelete(c echo.Context) error {
	p, _ := principalOf(c)
	id := c.Param("id")
	if err := s.store.DeleteSavedSearch(c.Request().Context(), p.UserID, id, s.auditEntry(c, "saved_search_deleted", "saved_search", id, "")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/searches?deleted=1")
}
