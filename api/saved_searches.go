package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/api/middleware"
	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
	"github.com/labstack/echo/v4"
)

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
	p, _ := request.Principal(c)
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
	return s.pages.Render(c, http.StatusOK, "saved_searches", page)
}

func (s *Server) submitSavedSearch(c echo.Context) error {
	name := strings.TrimSpace(c.FormValue("name"))
	sent, _ := url.ParseQuery(c.FormValue("query"))
	_, msg, err := s.saveSearch(c, name, sent)
	if errors.Is(err, errNoSearch) || errors.Is(err, search.ErrBadQuery) {
		// Only a forged or stale form gets here: the search page always
		// sends what it searched for.
		return echo.NewHTTPError(http.StatusBadRequest, msgNoSearch)
	}
	if err != nil {
		return err
	}
	if msg == "" {
		return c.Redirect(http.StatusSeeOther, "/searches?saved=1")
	}
	page, err := s.savedSearchesPage(c, frontend.SavedSearchesPage{Name: name, Query: savedQuery(sent), NameError: msg})
	if err != nil {
		return err
	}
	page.Layout.Errors = fieldErrors("name", page.NameError)
	return s.pages.Render(c, http.StatusUnprocessableEntity, "saved_searches", page)
}

// errNoSearch means a search sent to be saved has nothing to search for, or
// more than a saved search holds.
var errNoSearch = errors.New("no search to save")

const (
	msgNoSearch      = "There is no search to save"
	maxSavedName     = 100
	maxSavedQueryLen = 2000
)

// saveSearch saves the caller's search sent under name: what the form and
// the API both do. A problem with the name comes back as msg, in words for
// the person; a problem with the search as errNoSearch or, when q does not
// parse, a *search.QueryError.
func (s *Server) saveSearch(c echo.Context, name string, sent url.Values) (ss store.SavedSearch, msg string, err error) {
	name = strings.TrimSpace(name)
	query := savedQuery(sent)
	if query == "" || len(query) > maxSavedQueryLen || !middleware.StorableValues(sent) {
		return ss, "", errNoSearch
	}
	if _, err := s.parseQuery(sent.Get("q")); err != nil {
		return ss, "", fmt.Errorf("save search: %w", err)
	}
	switch {
	case name == "":
		return ss, "Enter a name for this search", nil
	case utf8.RuneCountInString(name) > maxSavedName:
		return ss, fmt.Sprintf("Name must be %d characters or fewer", maxSavedName), nil
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return ss, "Name must not contain control characters", nil
	}
	p, _ := request.Principal(c)
	a := s.auditEntry(c, "saved_search_created", "saved_search", "", "")
	a.Detail = map[string]string{"name": name, "query": query}
	ss, err = s.store.SaveSearch(c.Request().Context(), store.SavedSearch{UserID: p.UserID, Name: name, Query: query}, a)
	if errors.Is(err, store.ErrConflict) {
		return ss, fmt.Sprintf("You already have a saved search called %s", name), nil
	}
	return ss, "", err
}

// runSavedSearch runs a saved search again: the search page with its query.
func (s *Server) runSavedSearch(c echo.Context) error {
	p, _ := request.Principal(c)
	ss, err := s.store.SavedSearch(c.Request().Context(), p.UserID, c.Param("id"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusFound, "/search?"+ss.Query)
}

func (s *Server) submitSavedSearchDelete(c echo.Context) error {
	if err := s.deleteSavedSearch(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/searches?deleted=1")
}

// deleteSavedSearch deletes the caller's saved search :id with its audit
// entry, for the form and the API; another person's is store.ErrNotFound.
func (s *Server) deleteSavedSearch(c echo.Context) error {
	p, _ := request.Principal(c)
	id := c.Param("id")
	return s.store.DeleteSavedSearch(c.Request().Context(), p.UserID, id, s.auditEntry(c, "saved_search_deleted", "saved_search", id, ""))
}
