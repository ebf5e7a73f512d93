package api

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// stateLabel is how a state is shown: its name and GOV.UK tag colour.
func stateLabel(state assessment.State) (label, class string) {
	switch state {
	case assessment.InProgress:
		return "In progress", "govuk-tag--blue"
	case assessment.Calibration:
		return "In calibration", "govuk-tag--purple"
	case assessment.FactualAccuracy:
		return "Factual accuracy check", "govuk-tag--orange"
	case assessment.Published:
		return "Published", "govuk-tag--green"
	}
	return string(state), "govuk-tag--grey"
}

func (s *Server) assessmentRow(a store.Assessment) frontend.AssessmentRow {
	r := frontend.AssessmentRow{Href: fmt.Sprintf("/assessments/%d", a.ID), LA: a.LA, LAName: a.LAName,
		Opened: govDate(a.CreatedAt, s.loc), Inspectors: strings.Join(a.Inspectors, ", ")}
	r.State, r.StateClass = stateLabel(a.State)
	if v, err := s.catalogue.Version(a.Version); err == nil {
		r.Version = v.Name
	}
	return r
}

// loadAssessment reads the assessment named in the path within the
// principal's scope: another council's is 404, exactly as a missing one.
func (s *Server) loadAssessment(c echo.Context) (store.Assessment, authz.Principal, error) {
	p, _ := request.Principal(c)
	if _, err := strconv.ParseInt(c.Param("id"), 10, 64); err != nil {
		return store.Assessment{}, p, store.ErrNotFound
	}
	a, err := s.store.Assessment(c.Request().Context(), p.Scope(), c.Param("id"))
	return a, p, err
}

// awaitingCalibration lists the assessments in calibration within the
// principal's scope, the longest waiting first, for the panel's home page.
func (s *Server) awaitingCalibration(c echo.Context, p authz.Principal) ([]frontend.AssessmentRow, error) {
	as, err := s.store.Assessments(c.Request().Context(), p.Scope())
	if err != nil {
		return nil, err
	}
	var waiting []store.Assessment
	for _, a := range as {
		if a.State == assessment.Calibration {
			waiting = append(waiting, a)
		}
	}
	slices.SortStableFunc(waiting, func(a, b store.Assessment) int { return a.StateChangedAt.Compare(b.StateChangedAt) })
	out := make([]frontend.AssessmentRow, 0, len(waiting))
	for _, a := range waiting {
		row := s.assessmentRow(a)
		row.Since = govDate(a.StateChangedAt, s.loc)
		out = append(out, row)
	}
	return out, nil
}

func (s *Server) showAssessments(c echo.Context) error {
	p, _ := request.Principal(c)
	as, err := s.store.Assessments(c.Request().Context(), p.Scope())
	if err != nil {
		return err
	}
	ws, err := s.store.AssessmentsWaiting(c.Request().Context(), p.Scope(), "", store.MaxWaiting)
	if err != nil {
		return err
	}
	waiting := make(map[int64]store.Waiting, len(ws))
	for _, w := range ws {
		waiting[w.ID] = w
	}
	page := frontend.AssessmentListPage{Layout: s.layout(c)}
	for _, a := range as {
		row := s.assessmentRow(a)
		if !p.Can(authz.ActionViewCQCDecisions) {
			row.Inspectors = ""
		}
		if w, ok := waiting[a.ID]; ok {
			row.Waiting = s.waitingText(w, audience(p, a))
		}
		page.Assessments = append(page.Assessments, row)
	}
	return s.pages.Render(c, http.StatusOK, "assessment_list", page)
}

func (s *Server) adminAssessmentsPage(c echo.Context, page frontend.AdminAssessmentsPage, la, version string) (frontend.AdminAssessmentsPage, error) {
	ctx := c.Request().Context()
	as, err := s.store.Assessments(ctx, authz.AllLAs())
	if err != nil {
		return page, err
	}
	for _, a := range as {
		row := s.assessmentRow(a)
		row.ID, row.InspectorList, row.Removable = strconv.FormatInt(a.ID, 10), a.Inspectors, a.State != assessment.Published
		page.Assessments = append(page.Assessments, row)
	}
	las, err := s.store.LAs(ctx, authz.AllLAs())
	if err != nil {
		return page, err
	}
	for _, l := range las {
		page.LAOptions = append(page.LAOptions, frontend.Option{Value: l.Code, Label: l.Name, Selected: l.Code == la})
	}
	for _, v := range s.catalogue.Versions {
		page.VersionOptions = append(page.VersionOptions, frontend.Option{Value: v.Slug, Label: v.Name, Selected: v.Slug == version})
	}
	page.Layout = s.layout(c)
	return page, nil
}

func (s *Server) showAdminAssessments(c echo.Context) error {
	var page frontend.AdminAssessmentsPage
	switch {
	case c.QueryParam("opened") != "":
		page.Flash = "The assessment has been opened"
	case c.QueryParam("assigned") != "":
		page.Flash = "The inspector has been added to the assessment"
	case c.QueryParam("removed") != "":
		r, ok, err := s.inspectorRemoval(c, c.QueryParam("removed"), c.QueryParam("email"))
		if err != nil {
			return err
		}
		if ok {
			page.Removed = &r
		}
	}
	page, err := s.adminAssessmentsPage(c, page, "", "")
	if err != nil {
		return err
	}
	return s.pages.Render(c, http.StatusOK, "assessment_admin", page)
}

func (s *Server) submitNewAssessment(c echo.Context) error {
	la, version := c.FormValue("la"), c.FormValue("version")
	var page frontend.AdminAssessmentsPage
	if la == "" {
		page.LAError = "Select a local authority"
	}
	if _, err := s.catalogue.Version(version); err != nil {
		page.VersionError = "Select a framework version"
	}
	if page.LAError == "" && page.VersionError == "" {
		p, _ := request.Principal(c)
		_, err := s.store.CreateAssessment(c.Request().Context(), la, version, p.Email,
			s.auditEntry(c, "assessment_opened", "assessment", "", la))
		switch {
		case err == nil:
			return c.Redirect(http.StatusSeeOther, "/admin/assessments?opened=1")
		case errors.Is(err, store.ErrConflict):
			page.LAError = "This local authority already has an assessment that is not published"
		case errors.Is(err, store.ErrNotFound):
			page.LAError = "Select a local authority from the list"
		default:
			return err
		}
	}
	page, err := s.adminAssessmentsPage(c, page, la, version)
	if err != nil {
		return err
	}
	page.Layout.Errors = fieldErrors("la", page.LAError, "version", page.VersionError)
	return s.pages.Render(c, http.StatusUnprocessableEntity, "assessment_admin", page)
}
