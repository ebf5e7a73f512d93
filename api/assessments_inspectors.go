package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// An admin adds an inspector to an assessment by choosing among the known
// CQC inspectors (issue 17, item 5): people whose last sign-in gave them
// the inspector role, as the identity provider says, not an email address
// typed in. Adding one also assigns them to the council, so that they can
// read its evidence; removing one leaves that assignment, and the success
// banner says so.

// inspectorChoices is how many inspectors the page lists at once; more
// are reached through the filter.
const inspectorChoices = 50

// maxInspectorFilter bounds the filter's text.
const maxInspectorFilter = 100

// showAssessmentInspectors offers the inspectors who may be added to one
// assessment, those already on it left out.
func (s *Server) showAssessmentInspectors(c echo.Context) error {
	a, err := s.store.Assessment(c.Request().Context(), authz.AllLAs(), c.Param("id"))
	if err != nil {
		return err
	}
	page, err := s.assessmentInspectorsPage(c, a, c.QueryParam("q"), "")
	if err != nil {
		return err
	}
	return s.pages.Render(c, http.StatusOK, "assessment_inspectors", page)
}

func (s *Server) assessmentInspectorsPage(c echo.Context, a store.Assessment, filter, chosen string) (frontend.AssessmentInspectorsPage, error) {
	filter = strings.TrimSpace(filter)
	if utf8.RuneCountInString(filter) > maxInspectorFilter {
		filter = string([]rune(filter)[:maxInspectorFilter])
	}
	page := frontend.AssessmentInspectorsPage{Layout: s.layout(c), ID: strconv.FormatInt(a.ID, 10),
		Href: fmt.Sprintf("/assessments/%d", a.ID), LAName: a.LAName, Current: a.Inspectors, Filter: filter, Limit: inspectorChoices}
	page.State, page.StateClass = stateLabel(a.State)
	if a.State == assessment.Published {
		return page, nil
	}
	us, err := s.store.Inspectors(c.Request().Context(), store.InspectorFilter{Text: filter, NotOn: a.ID, Limit: inspectorChoices})
	if err != nil {
		return page, err
	}
	if len(us) > inspectorChoices {
		us, page.More = us[:inspectorChoices], true
	}
	for _, u := range us {
		id := strconv.FormatInt(u.ID, 10)
		page.Inspectors = append(page.Inspectors, frontend.InspectorChoice{ID: id, Name: u.Name, Email: u.Email, Checked: id == chosen})
	}
	return page, nil
}

// submitAssessmentInspector adds the chosen inspector. Anything but the id
// of someone whose last sign-in was as a CQC inspector is refused with the
// choices again, as is someone already on the assessment.
func (s *Server) submitAssessmentInspector(c echo.Context) error {
	ctx := c.Request().Context()
	if _, err := strconv.ParseInt(c.FormValue("assessment"), 10, 64); err != nil {
		return store.ErrNotFound
	}
	a, err := s.store.Assessment(ctx, authz.AllLAs(), c.FormValue("assessment"))
	if err != nil {
		return err
	}
	chosen := strings.TrimSpace(c.FormValue("inspector"))
	msg, email, err := s.checkInspectorChoice(c, chosen)
	if err != nil {
		return err
	}
	if msg == "" {
		err := s.store.AddAssessmentInspector(ctx, a.ID, email,
			s.auditEntry(c, "assessment_inspector_added", "assessment", strconv.FormatInt(a.ID, 10), ""))
		switch {
		case err == nil:
			return c.Redirect(http.StatusSeeOther, "/admin/assessments?assigned=1")
		case errors.Is(err, store.ErrConflict):
			msg = email + " is already on this assessment"
		case errors.Is(err, store.ErrWrongState):
			msg = "Inspectors cannot be added to a published assessment"
			a.State = assessment.Published
		default:
			return err
		}
	}
	page, err := s.assessmentInspectorsPage(c, a, c.FormValue("q"), chosen)
	if err != nil {
		return err
	}
	page.ChoiceError = msg
	page.Layout.Errors = fieldErrors("inspector", msg)
	return s.pages.Render(c, http.StatusUnprocessableEntity, "assessment_inspectors", page)
}

// checkInspectorChoice says what is wrong with the inspector chosen, or
// gives their email address.
func (s *Server) checkInspectorChoice(c echo.Context, chosen string) (msg, email string, err error) {
	const unknown = "Select an inspector from the list: only people who have signed in to this service as CQC inspectors can be added"
	if chosen == "" {
		return "Select the inspector to add", "", nil
	}
	id, err := strconv.ParseInt(chosen, 10, 64)
	if err != nil {
		return unknown, "", nil
	}
	u, err := s.store.User(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return unknown, "", nil
	}
	if err != nil {
		return "", "", err
	}
	// The role is the one of the email's last sign-in, as for the list.
	latest, err := s.store.UserByEmail(c.Request().Context(), u.Email)
	if err != nil {
		return "", "", err
	}
	if latest.Role != authz.RoleInspector {
		return unknown, "", nil
	}
	return "", u.Email, nil
}

// submitInspectorRemoval takes an inspector off an assessment: from then on
// they cannot score it, and what they scored stays in its history. A
// missing assessment is 404; one already published, or an inspector no
// longer on it (a second click), shows the list again with why.
func (s *Server) submitInspectorRemoval(c echo.Context) error {
	id, err := strconv.ParseInt(c.FormValue("assessment"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	email := strings.ToLower(strings.TrimSpace(c.FormValue("email")))
	err = s.store.RemoveAssessmentInspector(c.Request().Context(), id, email,
		s.auditEntry(c, "assessment_inspector_removed", "assessment", strconv.FormatInt(id, 10), ""))
	var msg string
	status := http.StatusConflict
	switch {
	case err == nil:
		q := url.Values{"removed": {strconv.FormatInt(id, 10)}, "email": {email}}
		return c.Redirect(http.StatusSeeOther, "/admin/assessments?"+q.Encode())
	case errors.Is(err, store.ErrNotOnAssessment):
		msg = email + " is not an inspector on this assessment: they may have been removed already"
	case errors.Is(err, store.ErrWrongState):
		msg = "Inspectors cannot be removed from a published assessment"
	default:
		return err
	}
	page, err := s.adminAssessmentsPage(c, frontend.AdminAssessmentsPage{}, "", "")
	if err != nil {
		return err
	}
	page.Layout.Errors = []frontend.FieldError{{Field: "assessments", Message: msg}}
	return s.pages.Render(c, status, "assessment_admin", page)
}

// inspectorRemoval is the banner after a removal: who left which
// assessment and whether their assignment to its council, which the
// removal leaves, still gives them its evidence. ok is false when the query
// names no assessment, nobody who has signed in, or an inspector still on
// it, so that a made-up link shows no false news.
func (s *Server) inspectorRemoval(c echo.Context, idText, email string) (r frontend.InspectorRemoval, ok bool, err error) {
	ctx := c.Request().Context()
	if _, err := strconv.ParseInt(idText, 10, 64); err != nil {
		return r, false, nil
	}
	a, err := s.store.Assessment(ctx, authz.AllLAs(), idText)
	if errors.Is(err, store.ErrNotFound) {
		return r, false, nil
	}
	if err != nil {
		return r, false, err
	}
	u, err := s.store.UserByEmail(ctx, strings.TrimSpace(email))
	if errors.Is(err, store.ErrNotFound) {
		return r, false, nil
	}
	if err != nil {
		return r, false, err
	}
	if a.HasInspector(u.Email) {
		return r, false, nil
	}
	las, err := s.store.AssignedLAs(ctx, u.Email)
	if err != nil {
		return r, false, err
	}
	return frontend.InspectorRemoval{Email: u.Email, LAName: a.LAName, StillAssigned: slices.Contains(las, a.LA)}, true, nil
}
