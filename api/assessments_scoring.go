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
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// parseScoreForm reads and checks a score form. A quality statement or
// category that the version does not score is a tampered form: 400.
func (s *Server) parseScoreForm(c echo.Context, v *framework.Version) (*scoreForm, store.ScoreInput, error) {
	f := &scoreForm{qs: c.FormValue("qs"), category: c.FormValue("category")}
	if _, err := s.catalogue.Statement(f.qs); err != nil {
		return nil, store.ScoreInput{}, echo.NewHTTPError(http.StatusBadRequest, "unknown quality statement")
	}
	if (f.category == "") == v.CategoryScores || (f.category != "" && !v.Uses(f.category)) {
		return nil, store.ScoreInput{}, echo.NewHTTPError(http.StatusBadRequest, "category not scored in this version")
	}
	in := store.ScoreInput{QS: f.qs, Category: f.category}
	in.Version, _ = strconv.Atoi(c.FormValue("version"))
	f.item.Version = in.Version
	switch raw := strings.TrimSpace(c.FormValue("score")); {
	case raw == "":
		f.scoreError = "Select a score"
	default:
		n, err := strconv.Atoi(raw)
		if err != nil || n < framework.MinScore || n > framework.MaxScore {
			f.scoreError = "Score must be 1, 2, 3 or 4"
		} else {
			in.Score, f.item.Score = n, n
		}
	}
	in.Rationale = strings.TrimSpace(strings.ReplaceAll(c.FormValue("rationale"), "\r\n", "\n"))
	f.item.Rationale = in.Rationale
	switch {
	case in.Rationale == "":
		f.rationaleError = "Enter the rationale for this score"
	case utf8.RuneCountInString(in.Rationale) > assessment.MaxText:
		f.rationaleError = "Rationale must be 10,000 characters or fewer"
	}
	form, err := c.FormParams()
	if err != nil {
		return nil, in, echo.NewHTTPError(http.StatusBadRequest)
	}
	docs, pages := form["cite_doc"], form["cite_page"]
	for i, doc := range docs {
		page := ""
		if i < len(pages) {
			page = strings.TrimSpace(pages[i])
		}
		if doc == "" {
			continue
		}
		f.item.CiteInputs = append(f.item.CiteInputs, frontend.CiteInput{Docs: []frontend.Option{{Value: doc}}, Page: page})
		n, err := strconv.Atoi(page)
		if err != nil || n < 1 {
			f.citationError = "Enter the page number of the cited evidence, like 12"
			continue
		}
		in.Citations = append(in.Citations, store.Citation{DocumentID: doc, Page: n})
	}
	for _, v := range form["cite_measure"] {
		if strings.TrimSpace(v) == "" {
			continue
		}
		f.measures = append(f.measures, v)
		mc, ok := s.parseMeasureValue(v)
		if !ok {
			f.citationError = "Choose an outcome measure and year from the list"
			continue
		}
		in.Measures = append(in.Measures, mc)
	}
	if link := strings.TrimSpace(c.FormValue("cite_link")); link != "" {
		doc, page, ok := parsePageLink(link)
		if !ok {
			f.citationError = "Enter the link of a search result page, like /documents/…#page-12"
		} else {
			f.item.CiteInputs = append(f.item.CiteInputs, frontend.CiteInput{Docs: []frontend.Option{{Value: doc}}, Page: strconv.Itoa(page)})
			in.Citations = append(in.Citations, store.Citation{DocumentID: doc, Page: page})
		}
	}
	return f, in, nil
}

// parsePageLink reads the link of a search result page,
// /documents/{id}#page-{n}, with or without the portal's address, so that
// an inspector can cite what search found.
func parsePageLink(link string) (doc string, page int, ok bool) {
	u, err := url.Parse(link)
	if err != nil {
		return "", 0, false
	}
	id, found := strings.CutPrefix(u.Path, "/documents/")
	if !found || id == "" || strings.Contains(id, "/") {
		return "", 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(u.Fragment, "page-"))
	if err != nil || n < 1 || !strings.HasPrefix(u.Fragment, "page-") {
		return "", 0, false
	}
	return id, n, true
}

// submitScore saves one score. The form carries the version it was loaded
// with: when someone saved the score in between, nothing is saved and the
// page shows the newer value (409).
func (s *Server) submitScore(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if !p.Can(authz.ActionScore) {
		return authz.ErrForbidden
	}
	m, err := s.methodOf(a)
	if err != nil {
		return err
	}
	f, in, err := s.parseScoreForm(c, m.Version())
	if err != nil {
		return err
	}
	status := http.StatusUnprocessableEntity
	if f.scoreError == "" && f.rationaleError == "" && f.citationError == "" {
		in.Assessment, in.ActorEmail = a.ID, p.Email
		audit := s.auditEntry(c, "score_saved", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
		audit.Detail = map[string]string{"qs": in.QS, "category": in.Category, "score": strconv.Itoa(in.Score)}
		ch, err := s.store.SaveScore(c.Request().Context(), p.Scope(), in, m, audit)
		var conflict *store.ConflictError
		switch {
		case err == nil:
			// Back to the top of the statement's page: its banner says what
			// the score did, and the next item's form is open below.
			q := url.Values{"saved": {itemID(in.QS, in.Category)}}
			if ch.Reviewed {
				q = url.Values{"reviewed": {itemID(in.QS, in.Category)}}
			}
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d/statements/%s?%s", a.ID, in.QS, q.Encode()))
		case errors.As(err, &conflict):
			f.conflict = &conflict.Current
			status = http.StatusConflict
		case errors.Is(err, store.ErrBadCitation):
			f.citationError = citationMessage(err, "Select a document of this local authority and a page within it")
		case errors.Is(err, store.ErrWrongState):
			return s.renderStateProblem(c, http.StatusConflict, "Scores cannot be changed now: the assessment is no longer in progress")
		default:
			return err
		}
	}
	page, err := s.statementPage(c, a, p, f.qs, f, "")
	if err != nil {
		return err
	}
	id := itemID(f.qs, f.category)
	page.Layout.Errors = fieldErrors("score-"+id, f.scoreError, "rationale-"+id, f.rationaleError, "cite-"+id, f.citationError)
	if f.conflict != nil {
		page.Warning = "Someone else saved this score while you were editing it. Your change has not been saved. " +
			"Check their version below, then save yours again if it should replace it."
		page.Layout.Errors = append(page.Layout.Errors, frontend.FieldError{Field: "score-" + id,
			Message: "This score was changed by someone else: check the newer value before saving again"})
	}
	return s.pages.Render(c, status, "assessment_scoring", page)
}

// renderStateProblem shows the assessment page again with why the change
// could not be made.
func (s *Server) renderStateProblem(c echo.Context, status int, msg string) error {
	a, p, err := s.loadAssessment(c) // afresh: someone may just have moved it
	if err != nil {
		return err
	}
	page, err := s.assessmentPage(c, a, p, nil, "")
	if err != nil {
		return err
	}
	page.StateError = msg
	page.Layout.Errors = []frontend.FieldError{{Field: "state", Message: msg}}
	return s.renderAssessmentPage(c, status, page)
}
