package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// submitStateChange moves an assessment on (or back) as internal/assessment
// allows: the transition must exist, the person's role allow it; the store
// checks what needs the rows (the state it starts from, being one of the
// assessment's inspectors, every comment answered).
func (s *Server) submitStateChange(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	to := assessment.State(c.FormValue("to"))
	t, err := assessment.Find(a.State, to)
	switch {
	case errors.Is(err, assessment.ErrUnknownState):
		return echo.NewHTTPError(http.StatusBadRequest, "unknown state")
	case errors.Is(err, assessment.ErrNoTransition):
		if !p.Can(authz.ActionViewDraftScores) {
			return authz.ErrForbidden
		}
		return s.renderStateProblem(c, http.StatusConflict, "The assessment cannot be moved to that stage from where it is now")
	case err != nil:
		return err
	}
	if !p.Can(t.Action) {
		return authz.ErrForbidden
	}
	comment := strings.TrimSpace(c.FormValue("comment"))
	msg := ""
	switch err := t.CheckComment(comment); {
	case errors.Is(err, assessment.ErrCommentNeeded):
		msg = "Enter why you are returning the assessment"
	case errors.Is(err, assessment.ErrCommentTooLong):
		msg = "Comments must be 5,000 characters or fewer"
	}
	switch {
	case msg != "" && t.Confirm:
		// Asked on the confirmation page: shown again there, with its error.
		return s.renderDecision(c, http.StatusUnprocessableEntity, a, p, to, comment, msg)
	case msg != "":
		return s.renderStateProblem(c, http.StatusUnprocessableEntity, msg)
	}
	// The store checks that the actor is one of the assessment's
	// inspectors, under the same lock as the move.
	ch := store.StateChange{ID: a.ID, From: a.State, To: to, ActorEmail: p.Email, ActorRole: string(p.Role),
		Comment: comment, RequireInspector: t.InspectorOnly}
	switch to {
	case assessment.Calibration:
		vw, err := s.loadView(c, a, p)
		if err != nil {
			return err
		}
		if !vw.res.Complete() {
			return s.renderStateProblem(c, http.StatusUnprocessableEntity, s.calibrationWait(vw.res))
		}
	case assessment.FactualAccuracy:
		d, err := s.factualAccuracyDeadline(time.Now())
		if err != nil {
			return err
		}
		ch.FADeadline = &d
	case assessment.Published:
		ch.Today = s.ukToday()
		snap, err := s.snapshot(c, a, p)
		if err != nil {
			return err
		}
		ch.Snapshot = snap
	}
	audit := s.auditEntry(c, "assessment_"+string(to), "assessment", strconv.FormatInt(a.ID, 10), a.LA)
	audit.Detail = map[string]string{"from": string(a.State), "to": string(to)}
	err = s.store.MoveAssessment(c.Request().Context(), p.Scope(), ch, audit)
	switch {
	case err == nil:
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d?moved=1", a.ID))
	case errors.Is(err, store.ErrWrongState):
		return s.renderStateProblem(c, http.StatusConflict, "Someone else has moved the assessment on: check where it is now")
	case errors.Is(err, assessment.ErrCommentsOpen), errors.Is(err, assessment.ErrUnanswered):
		return s.renderPublishBlocked(c)
	}
	return err
}

// submitAnswer records an inspector's answer to a factual accuracy comment.
func (s *Server) submitAnswer(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if !p.Can(authz.ActionScore) {
		return authz.ErrForbidden
	}
	cid, err := strconv.ParseInt(c.Param("comment"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	answer := strings.TrimSpace(c.FormValue("answer"))
	msg := ""
	switch {
	case answer == "":
		msg = "Enter your answer to the comment"
	case utf8.RuneCountInString(answer) > assessment.MaxText:
		msg = "Answers must be 10,000 characters or fewer"
	}
	if msg == "" {
		audit := s.auditEntry(c, "fa_comment_answered", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
		err = s.store.AnswerComment(c.Request().Context(), p.Scope(), a.ID, cid, answer, p.Email, audit)
		switch {
		case err == nil && c.FormValue("from") == "report":
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d/report?answered=1#comment-%d", a.ID, cid))
		case err == nil:
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d?answered=1#comment-%d", a.ID, cid))
		case errors.Is(err, store.ErrWrongState):
			return s.renderStateProblem(c, http.StatusConflict, "Comments can only be answered during the factual accuracy check")
		case errors.Is(err, store.ErrConflict):
			return s.renderStateProblem(c, http.StatusConflict, "This comment has already been answered")
		default:
			return err
		}
	}
	if c.FormValue("from") == "report" {
		return s.renderReportAnswerError(c, a, p, cid, msg)
	}
	page, err := s.assessmentPage(c, a, p, nil, "")
	if err != nil {
		return err
	}
	for i := range page.Statements {
		for j := range page.Statements[i].Comments {
			if page.Statements[i].Comments[j].ID == cid {
				page.Statements[i].Comments[j].AnswerError = msg
			}
		}
	}
	page.Layout.Errors = []frontend.FieldError{{Field: fmt.Sprintf("answer-%d", cid), Message: msg}}
	return s.renderAssessmentPage(c, http.StatusUnprocessableEntity, page)
}
