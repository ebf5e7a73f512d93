package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// decisions are the panel's decisions by the name in their confirmation
// page's path.
var decisions = map[string]assessment.State{"validate": assessment.FactualAccuracy, "return": assessment.InProgress}

// showDecision is the page that confirms one of the panel's decisions,
// reached from the end of the assessment page, after the evidence: it says
// what will happen and posts the change of state. The rules are
// submitStateChange's, so the page is offered only when the change can be
// made.
func (s *Server) showDecision(c echo.Context) error {
	to, ok := decisions[c.Param("decision")]
	if !ok {
		return store.ErrNotFound
	}
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	t, err := assessment.Find(a.State, to)
	switch {
	case errors.Is(err, assessment.ErrNoTransition):
		if !p.Can(authz.ActionViewDraftScores) {
			return authz.ErrForbidden
		}
		return s.renderStateProblem(c, http.StatusConflict, "The assessment cannot be moved to that stage from where it is now")
	case err != nil:
		return err
	case !t.Confirm:
		return store.ErrNotFound
	case !p.Can(t.Action):
		return authz.ErrForbidden
	}
	return s.renderDecision(c, http.StatusOK, a, p, to, "", "")
}

// renderDecision shows the confirmation page of the move to to, with the
// reason given and its error when there is one.
func (s *Server) renderDecision(c echo.Context, status int, a store.Assessment, p authz.Principal, to assessment.State, comment, msg string) error {
	page := frontend.AssessmentDecisionPage{Layout: s.layout(c), Href: fmt.Sprintf("/assessments/%d", a.ID), LAName: a.LAName,
		Return: to == assessment.InProgress, Comment: comment, CommentError: msg}
	if msg != "" {
		page.Layout.Errors = []frontend.FieldError{{Field: "state-comment", Message: msg}}
	}
	if page.Return {
		pcs, err := s.store.PanelComments(c.Request().Context(), p.Scope(), a.ID)
		if err != nil {
			return err
		}
		for _, pc := range pcs {
			page.PanelComments = append(page.PanelComments, s.panelCommentRow(a.ID, pc))
		}
	} else {
		// The deadline if the panel confirms now; the move computes it
		// again when it is made.
		d, err := s.factualAccuracyDeadline(time.Now())
		if err != nil {
			return err
		}
		page.Deadline = d.Format("Monday 2 January 2006")
	}
	return s.pages.Render(c, status, "assessment_decision", page)
}

func (s *Server) panelCommentRow(id int64, pc store.PanelComment) frontend.PanelCommentRow {
	return frontend.PanelCommentRow{QSName: s.qsName(pc.QS), Href: fmt.Sprintf("/assessments/%d#%s", id, pc.QS), Body: pc.Body,
		Author: pc.AuthorEmail, When: govDate(pc.UpdatedAt, s.loc)}
}

// submitPanelComment saves the panel's comment on one statement (an empty
// one removes it) while the assessment is in calibration.
func (s *Server) submitPanelComment(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if !p.Can(authz.ActionCalibrate) {
		return authz.ErrForbidden
	}
	qs := c.Param("qs")
	if _, err := s.catalogue.Statement(qs); err != nil {
		return store.ErrNotFound
	}
	comment := strings.TrimSpace(c.FormValue("comment"))
	if errors.Is(assessment.CheckPanelComment(comment), assessment.ErrCommentTooLong) {
		return s.renderPanelCommentError(c, a, p, qs, comment, "Comments must be 5,000 characters or fewer")
	}
	audit := s.auditEntry(c, "panel_comment_saved", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
	err = s.store.SetPanelComment(c.Request().Context(), p.Scope(), a.ID, qs, comment, p.Email, audit)
	switch {
	case err == nil:
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d?panel_commented=1#%s", a.ID, qs))
	case errors.Is(err, store.ErrWrongState):
		return s.renderStateProblem(c, http.StatusConflict, "The panel can comment on statements only while the assessment is in calibration")
	}
	return err
}

func (s *Server) renderPanelCommentError(c echo.Context, a store.Assessment, p authz.Principal, qs, comment, msg string) error {
	page, err := s.assessmentPage(c, a, p, nil, "")
	if err != nil {
		return err
	}
	for i := range page.Statements {
		if page.Statements[i].Slug == qs {
			page.Statements[i].PanelDraft, page.Statements[i].PanelError = comment, msg
		}
	}
	page.Layout.Errors = []frontend.FieldError{{Field: "panel-comment-" + qs, Message: msg}}
	return s.renderAssessmentPage(c, http.StatusUnprocessableEntity, page)
}
