package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
	"github.com/labstack/echo/v4"
)

// savedSearchJSON is a saved search as the API shows it; Run is the address
// of GET /api/v1/search with its parameters.
type savedSearchJSON struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Query       string    `json:"query"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
	Run         string    `json:"run"`
}

func (s *Server) savedSearchDoc(ss store.SavedSearch, laNames map[string]string) savedSearchJSON {
	return savedSearchJSON{ID: ss.ID, Name: ss.Name, Query: ss.Query, Description: s.queryText(ss.Query, laNames),
		CreatedAt: ss.CreatedAt, Run: "/api/v1/search?" + ss.Query}
}

// listSavedSearchesJSON is GET /api/v1/searches: the caller's own saved
// searches, newest first.
func (s *Server) listSavedSearchesJSON(c echo.Context) error {
	p, _ := request.Principal(c)
	list, err := s.store.SavedSearches(c.Request().Context(), p.UserID)
	if err != nil {
		return err
	}
	names, err := s.laNames(c, p)
	if err != nil {
		return err
	}
	out := make([]savedSearchJSON, 0, len(list))
	for _, ss := range list {
		out = append(out, s.savedSearchDoc(ss, names))
	}
	return c.JSON(http.StatusOK, map[string]any{"searches": out})
}

// savedSearchRequest is the body of POST /api/v1/searches: a name and the
// parameters of GET /api/v1/search that a saved search keeps.
type savedSearchRequest struct {
	Name     string `json:"name"`
	Q        string `json:"q"`
	Sort     string `json:"sort"`
	LA       string `json:"la"`
	QS       string `json:"qs"`
	Type     string `json:"type"`
	Year     string `json:"year"`
	Category string `json:"category"`
}

// createSavedSearchJSON is POST /api/v1/searches. It checks and saves as the
// form does, with the form's messages, as JSON errors.
func (s *Server) createSavedSearchJSON(c echo.Context) error {
	var req savedSearchRequest
	if err := json.NewDecoder(c.Request().Body).Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		return echo.NewHTTPError(http.StatusBadRequest, "the body is not a JSON saved search").SetInternal(err)
	}
	sent := url.Values{"q": {req.Q}, "sort": {req.Sort}, "la": {req.LA}, "qs": {req.QS}, "type": {req.Type},
		"year": {req.Year}, "category": {req.Category}}
	ss, msg, err := s.saveSearch(c, req.Name, sent)
	var qe *search.QueryError
	switch {
	case errors.As(err, &qe):
		return badQueryJSON(c, http.StatusUnprocessableEntity, qe)
	case errors.Is(err, errNoSearch):
		return invalidJSON(c, "q", msgNoSearch)
	case err != nil:
		return err
	case msg != "":
		return invalidJSON(c, "name", msg)
	}
	p, _ := request.Principal(c)
	names, err := s.laNames(c, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s.savedSearchDoc(ss, names))
}

// invalidJSON answers 422 for one field's problem, as the other API forms do.
func invalidJSON(c echo.Context, field, msg string) error {
	return c.JSON(http.StatusUnprocessableEntity, map[string]any{"error": map[string]any{
		"code": "invalid", "message": msg, "fields": map[string]string{field: msg}}})
}

// showSavedSearchResultsJSON is GET /api/v1/searches/{id}/results: the
// saved search run again, with page and size, answered exactly as
// GET /api/v1/search answers the same parameters.
func (s *Server) showSavedSearchResultsJSON(c echo.Context) error {
	p, _ := request.Principal(c)
	ss, err := s.store.SavedSearch(c.Request().Context(), p.UserID, c.Param("id"))
	if err != nil {
		return err
	}
	v, err := url.ParseQuery(ss.Query)
	if err != nil {
		return fmt.Errorf("saved search %d: %w", ss.ID, err)
	}
	for _, k := range []string{"page", "size"} {
		if x := c.QueryParam(k); x != "" {
			v.Set(k, x)
		}
	}
	return s.writeSearchJSON(c, v)
}

// deleteSavedSearchJSON is DELETE /api/v1/searches/{id}.
func (s *Server) deleteSavedSearchJSON(c echo.Context) error {
	if err := s.deleteSavedSearch(c); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
