package api

import (
	"fmt"
	"net/http"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// Scoring follows the GOV.UK task list pattern (issue 17): the assessment
// page of an inspector who may score it lists the nine statements with
// their status and score; each statement has a page of its own where its
// scores are entered, one form open at a time, and where the saved score's
// effect on the statement and the overall rating is shown; a check answers
// page comes before "Send to calibration". Everyone else (the panel,
// admins, the inspectors once it has moved on) reads every statement on
// the one assessment page, as before.

// editFirstUnscored, followed by a statement's slug, opens the form of the
// statement's first unscored item: its page shows it when no other is
// asked for.
const editFirstUnscored = "*"

// firstUnscored is the id of the statement's first item without a score,
// "" when every one has one.
func (s *Server) firstUnscored(vw assessmentView, qs string) string {
	for _, cat := range s.scoredCategories(vw.v) {
		if _, ok := vw.score(qs, cat.Slug); !ok {
			return itemID(qs, cat.Slug)
		}
	}
	return ""
}

// itemQS is the statement of a score item's id ("equity-processes").
func (s *Server) itemQS(v *framework.Version, item string) string {
	for _, q := range s.catalogue.Statements {
		for _, cat := range s.scoredCategories(v) {
			if itemID(q.Slug, cat.Slug) == item {
				return q.Slug
			}
		}
	}
	return ""
}

// taskStatus sets a statement's task list status from its items.
func (s *Server) taskStatus(sec *frontend.QSSection, href string) {
	sec.Href, sec.Total = href, len(sec.Items)
	for _, it := range sec.Items {
		if it.ScoreText != "" {
			sec.Scored++
		}
	}
	switch {
	case sec.Scored == 0:
		sec.Status, sec.StatusClass = "Not started", "govuk-tag--blue"
	case sec.Scored < sec.Total:
		sec.Status, sec.StatusClass = "In progress", "govuk-tag--light-blue"
	default:
		sec.Status = "Completed"
	}
}

// qsGap says how far a statement's percentage is from its next score up.
func (s *Server) qsGap(v *framework.Version, percent int) string {
	pl, err := v.PlaceQS(percent)
	switch {
	case err != nil:
		return ""
	case pl.NextScore == 0:
		return "The highest score"
	}
	return fmt.Sprintf("%s from %s (%d%%)", plural(pl.PointsUp, "point"), s.scoreText(pl.NextScore), pl.Percent+pl.PointsUp)
}

// renderAssessmentPage renders a CQC view of an assessment: the task list
// for someone who may score it now, every statement on one page otherwise.
func (s *Server) renderAssessmentPage(c echo.Context, status int, page frontend.AssessmentPage) error {
	if page.CanScore && page.Statement == nil {
		return s.pages.Render(c, status, "assessment_tasks", page)
	}
	return s.pages.Render(c, status, "assessment_scoring", page)
}

// loadStaffAssessment is the assessment of the path for CQC staff who may
// read its draft scores; the council's people are refused.
func (s *Server) loadStaffAssessment(c echo.Context) (store.Assessment, authz.Principal, error) {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return a, p, err
	}
	if p.Role.IsLA() || !p.Can(authz.ActionViewDraftScores) {
		return a, p, authz.ErrForbidden
	}
	return a, p, nil
}

// showStatement is one statement's page of the task list.
func (s *Server) showStatement(c echo.Context) error {
	a, p, err := s.loadStaffAssessment(c)
	if err != nil {
		return err
	}
	edit := c.QueryParam("edit")
	if edit == "" {
		edit = editFirstUnscored + c.Param("qs")
	}
	page, err := s.statementPage(c, a, p, c.Param("qs"), nil, edit)
	if err != nil {
		return err
	}
	if done, err := s.answerPicker(c); done {
		return err
	}
	saved, reviewed := c.QueryParam("saved"), c.QueryParam("reviewed")
	if saved != "" || reviewed != "" {
		page.Statement.Saved = s.savedBanner(page, saved+reviewed, reviewed != "")
	}
	return s.pages.Render(c, http.StatusOK, "assessment_scoring", page)
}

// statementPage is the assessment page narrowed to one statement, with
// its neighbours and where it and the overall rating stand.
func (s *Server) statementPage(c echo.Context, a store.Assessment, p authz.Principal, qs string, form *scoreForm, edit string) (frontend.AssessmentPage, error) {
	if _, err := s.catalogue.Statement(qs); err != nil {
		return frontend.AssessmentPage{}, store.ErrNotFound
	}
	page, err := s.assessmentPage(c, a, p, form, edit)
	if err != nil {
		return page, err
	}
	all := page.Statements
	for i, sec := range all {
		if sec.Slug != qs {
			continue
		}
		f := &frontend.StatementFocus{Number: sec.Number, Count: len(all), Name: sec.Name}
		if i > 0 {
			f.Prev = &frontend.Link{Href: all[i-1].Href, Text: fmt.Sprintf("%d. %s", all[i-1].Number, all[i-1].Name)}
		}
		if i+1 < len(all) {
			f.Next = &frontend.Link{Href: all[i+1].Href, Text: fmt.Sprintf("%d. %s", all[i+1].Number, all[i+1].Name)}
		}
		f.Standing = statementStanding(sec, page.Results)
		page.Statement, page.Statements = f, all[i:i+1]
		return page, nil
	}
	return page, store.ErrNotFound
}

// statementStanding is where a statement and the overall rating stand now.
func statementStanding(sec frontend.QSSection, r frontend.AssessmentResults) []frontend.Fact {
	score := sec.ScoreText
	if sec.Percent != "" {
		score += ": " + sec.Percent
	}
	out := []frontend.Fact{{Key: "Quality statement score", Value: score}}
	if sec.Gap != "" {
		out = append(out, frontend.Fact{Key: "To the next score", Value: sec.Gap})
	}
	if !r.HasOverall {
		return append(out, frontend.Fact{Key: "Overall rating", Value: "No quality statement has been scored yet"})
	}
	overall := fmt.Sprintf("%s, %d%%", r.Rating, r.Percent)
	if !r.Complete {
		overall += fmt.Sprintf(" (provisional: %d of %d quality statements scored)", r.Scored, r.Total)
	}
	gap := r.Gap
	if gap == "" {
		gap = "The highest band"
	}
	out = append(out, frontend.Fact{Key: "Overall rating", Value: overall}, frontend.Fact{Key: "To the next band", Value: gap})
	if r.Section50 {
		out = append(out, frontend.Fact{Key: "Section 50", Value: "Triggered: a statement other than Leadership scored 1"})
	}
	return out
}

// savedBanner is the success banner of the statement page after a save of
// the item named: what was saved, where it leaves the statement and the
// overall rating, and what to score next.
func (s *Server) savedBanner(page frontend.AssessmentPage, item string, reviewed bool) *frontend.SavedScore {
	b := &frontend.SavedScore{Heading: "The score has been saved"}
	if reviewed {
		b.Heading = "The score was reviewed and saved unchanged"
	}
	sec := page.Statements[0]
	for _, it := range sec.Items {
		if it.ID == item && it.CategoryName != "" && it.ScoreText != "" {
			b.Heading += ": " + it.CategoryName + ", " + it.ScoreText
		}
	}
	for _, f := range page.Statement.Standing {
		switch f.Key {
		case "Quality statement score":
			b.Lines = append(b.Lines, sec.Name+" is now "+f.Value+".")
		case "To the next score", "To the next band":
			b.Lines[len(b.Lines)-1] += " " + f.Value + "."
		case "Overall rating":
			b.Lines = append(b.Lines, "Overall: "+f.Value+".")
		}
	}
	for _, it := range sec.Items {
		if it.Editing {
			b.Next = &frontend.Link{Href: "#item-" + it.ID, Text: "Score the next evidence category: " + it.CategoryName}
			return b
		}
	}
	if page.ScoredStatements == len(s.catalogue.Statements) {
		b.Next = &frontend.Link{Href: page.CheckHref, Text: "Every statement is scored: check your answers"}
	} else if page.Statement.Next != nil {
		b.Next = &frontend.Link{Href: page.Statement.Next.Href, Text: "Continue to " + page.Statement.Next.Text}
	} else {
		b.Next = &frontend.Link{Href: page.Href, Text: "Back to the task list"}
	}
	return b
}

// showCheckAnswers is the check answers page: every score with a link to
// change it, then "Send to calibration".
func (s *Server) showCheckAnswers(c echo.Context) error {
	a, p, err := s.loadStaffAssessment(c)
	if err != nil {
		return err
	}
	page, err := s.assessmentPage(c, a, p, nil, "")
	if err != nil {
		return err
	}
	return s.pages.Render(c, http.StatusOK, "assessment_check", page)
}

// statementHref is a statement's page with one item's form open.
func statementHref(id int64, qs, item string) string {
	return fmt.Sprintf("/assessments/%d/statements/%s?edit=%s#item-%s", id, qs, item, item)
}
