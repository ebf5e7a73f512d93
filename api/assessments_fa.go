package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// factualAccuracyCheck is where the assessment's factual accuracy check
// stands, from its row and its comments, for the rules in
// internal/assessment that both the pages and the store apply.
func factualAccuracyCheck(a store.Assessment, comms []store.Comment) assessment.FactualAccuracyCheck {
	fa := assessment.FactualAccuracyCheck{State: a.State, Deadline: a.FADeadline, CouncilDone: a.FADoneAt != nil}
	for _, cm := range comms {
		if cm.RespondedAt == nil {
			fa.Unanswered++
		}
	}
	return fa
}

// submitEndComments records the council's word that it has no more factual
// accuracy comments, which lets the inspectors publish before the deadline.
func (s *Server) submitEndComments(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if !p.Can(authz.ActionCommentFactualAccuracy) {
		return authz.ErrForbidden
	}
	audit := s.auditEntry(c, "fa_comments_ended", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
	err = s.store.EndComments(c.Request().Context(), p.Scope(), a.ID, s.ukToday(), p.Email, audit)
	switch {
	case err == nil:
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d?ended=1", a.ID))
	case errors.Is(err, store.ErrWrongState):
		page, err := s.laAssessmentPage(c, a, p, laCommentForm{})
		if err != nil {
			return err
		}
		msg := "The factual accuracy check is not open: there is nothing to end"
		page.Layout.Errors = []frontend.FieldError{{Field: "end-comments", Message: msg}}
		return s.pages.Render(c, http.StatusConflict, "assessment_la", page)
	}
	return err
}

// renderPublishBlocked shows the assessment page again, saying why it
// cannot be published now in the words the page gives before the click.
func (s *Server) renderPublishBlocked(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	page, err := s.assessmentPage(c, a, p, nil, "")
	if err != nil {
		return err
	}
	msg := page.PublishWait
	if msg == "" { // answered or closed in between: say so, the next click may succeed
		msg = "The factual accuracy check changed while you were on the page: check it and publish again"
	}
	page.StateError = msg
	page.Layout.Errors = []frontend.FieldError{{Field: "state", Message: msg}}
	return s.renderAssessmentPage(c, http.StatusUnprocessableEntity, page)
}
