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
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// stateRule is who may make a state change, and what it needs.
type stateRule struct {
	action    authz.Action
	inspector bool // only one of the assessment's inspectors
	comment   string
}

// stateRules are the only state changes there are: inspectors send an
// assessment to calibration; the panel returns it or validates it, which
// starts factual accuracy; inspectors publish once every comment is answered.
var stateRules = map[[2]string]stateRule{
	{store.StateInProgress, store.StateCalibration}:      {action: authz.ActionScore, inspector: true},
	{store.StateCalibration, store.StateInProgress}:      {action: authz.ActionCalibrate, comment: "Enter why you are returning the assessment"},
	{store.StateCalibration, store.StateFactualAccuracy}: {action: authz.ActionCalibrate},
	{store.StateFactualAccuracy, store.StatePublished}:   {action: authz.ActionScore, inspector: true},
}

func (s *Server) submitStateChange(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	to := c.FormValue("to")
	rule, ok := stateRules[[2]string{a.State, to}]
	if !ok {
		if _, known := stateLabels[to]; !known {
			return echo.NewHTTPError(http.StatusBadRequest, "unknown state")
		}
		if !p.Can(authz.ActionViewDraftScores) {
			return authz.ErrForbidden
		}
		return s.renderStateProblem(c, http.StatusConflict, "The assessment cannot be moved to that stage from where it is now")
	}
	if !p.Can(rule.action) {
		return authz.ErrForbidden
	}
	comment := strings.TrimSpace(c.FormValue("comment"))
	switch {
	case rule.comment != "" && comment == "":
		return s.renderStateProblem(c, http.StatusUnprocessableEntity, rule.comment)
	case utf8.RuneCountInString(comment) > 5000:
		return s.renderStateProblem(c, http.StatusUnprocessableEntity, "Comments must be 5,000 characters or fewer")
	}
	ch := store.StateChange{ID: a.ID, From: a.State, To: to, ActorEmail: p.Email, ActorRole: string(p.Role),
		Comment: comment, RequireInspector: rule.inspector}
	switch to {
	case store.StateCalibration:
		vw, err := s.loadView(c, a, p)
		if err != nil {
			return err
		}
		if !vw.res.Complete() {
			return s.renderStateProblem(c, http.StatusUnprocessableEntity,
				"Score every quality statement before sending the assessment to calibration")
		}
	case store.StateFactualAccuracy:
		d, err := s.factualAccuracyDeadline(time.Now())
		if err != nil {
			return err
		}
		ch.FADeadline = &d
	case store.StatePublished:
		snap, err := s.snapshot(c, a, p)
		if err != nil {
			return err
		}
		ch.Snapshot = snap
	}
	audit := s.auditEntry(c, "assessment_"+to, "assessment", strconv.FormatInt(a.ID, 10), a.LA)
	audit.Detail = map[string]string{"from": a.State, "to": to}
	err = s.store.MoveAssessment(c.Request().Context(), p.Scope(), ch, audit)
	switch {
	case err == nil:
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d?moved=1", a.ID))
	case errors.Is(err, store.ErrWrongState):
		return s.renderStateProblem(c, http.StatusConflict, "Someone else has moved the assessment on: check where it is now")
	case errors.Is(err, store.ErrUnanswered):
		return s.renderStateProblem(c, http.StatusUnprocessableEntity, "Answer every factual accuracy comment before publishing")
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
	case utf8.RuneCountInString(answer) > maxRationale:
		msg = "Answers must be 10,000 characters or fewer"
	}
	if msg == "" {
		audit := s.auditEntry(c, "fa_comment_answered", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
		err = s.store.AnswerComment(c.Request().Context(), p.Scope(), a.ID, cid, answer, p.Email, audit)
		switch {
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
	return s.renderPage(c, http.StatusUnprocessableEntity, "assessment_scoring", page)
}
