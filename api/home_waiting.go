package api

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// maxQuote is how much of the panel's reason a home page shows; the
// assessment's page has it whole.
const maxQuote = 200

// waitingForInspector is what waits for the inspector on the assessments
// they are on, as each assessment's page tells them: those the panel
// returned, and the council's comments to answer.
func (s *Server) waitingForInspector(c echo.Context, p authz.Principal) (frontend.InspectorWaiting, error) {
	var out frontend.InspectorWaiting
	ws, err := s.store.AssessmentsWaiting(c.Request().Context(), p.Scope(), p.Email, store.MaxWaiting)
	if err != nil {
		return out, err
	}
	comments := 0
	for _, w := range ws {
		href := fmt.Sprintf("/assessments/%d", w.ID)
		switch w.Standing.NoticeFor(assessment.AudienceInspector, s.ukToday()) {
		case assessment.NoticeReturned:
			out.Returned = append(out.Returned, frontend.WaitingRow{Href: href, LAName: w.LAName,
				What: "returned by the calibration panel on " + govDate(w.Last.At, s.loc), Quote: excerpt(w.Last.Comment, maxQuote)})
		case assessment.NoticeToAnswer:
			comments += w.Standing.Unanswered
			out.ToAnswer = append(out.ToAnswer, frontend.WaitingRow{Href: href, LAName: w.LAName,
				What: assessment.Plural(w.Standing.Unanswered, "comment") + " to answer"})
		}
	}
	var parts []string
	if n := len(out.Returned); n > 0 {
		parts = append(parts, assessment.Plural(n, "assessment")+" returned by the calibration panel")
	}
	if comments > 0 {
		parts = append(parts, assessment.Plural(comments, "comment")+" to answer")
	}
	out.Heading = strings.Join(parts, " and ")
	return out, nil
}

// factualAccuracyDue is the council's factual accuracy checks it may still
// send comments to, with their deadlines, as its assessment's page says.
func (s *Server) factualAccuracyDue(c echo.Context, p authz.Principal) ([]frontend.DueRow, error) {
	ws, err := s.store.AssessmentsWaiting(c.Request().Context(), p.Scope(), "", store.MaxWaiting)
	if err != nil {
		return nil, err
	}
	var out []frontend.DueRow
	for _, w := range ws {
		if w.Standing.NoticeFor(assessment.AudienceCouncil, s.ukToday()) != assessment.NoticeSendComments {
			continue
		}
		d := *w.Standing.Deadline
		out = append(out, frontend.DueRow{Title: "Factual accuracy check: any comments on the draft scores and report",
			Href: fmt.Sprintf("/assessments/%d", w.ID), Due: d.Format("2 January 2006"), DueText: assessment.DueText(d, s.ukToday())})
	}
	return out, nil
}

// excerpt is the first n characters of text, "…" marking a cut.
func excerpt(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	return strings.TrimSpace(string([]rune(text)[:n])) + "…"
}
