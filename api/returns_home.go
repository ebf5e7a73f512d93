package api

import (
	"fmt"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/labstack/echo/v4"
)

// dueForCouncil is what the council must send CQC next: returns issued
// and not yet submitted, then open further requests, soonest due first.
func (s *Server) dueForCouncil(c echo.Context, p authz.Principal) ([]frontend.DueRow, error) {
	rs, err := s.store.Returns(c.Request().Context(), p.Scope(), false)
	if err != nil {
		return nil, err
	}
	var out []frontend.DueRow
	for _, r := range rs {
		if r.State != assessment.ReturnIssued || r.DueOn == nil {
			continue
		}
		out = append(out, frontend.DueRow{Title: "Information return", Href: fmt.Sprintf("/assessments/%d/return", r.AssessmentID),
			Due: r.DueOn.Format("2 January 2006"), DueText: assessment.DueText(*r.DueOn, s.today()),
			Overdue: assessment.DaysLeft(*r.DueOn, s.today()) < 0})
	}
	reqs, err := s.store.Requests(c.Request().Context(), p.Scope(), 0, true)
	if err != nil {
		return nil, err
	}
	for _, q := range reqs {
		out = append(out, frontend.DueRow{Title: "Further evidence request: " + s.qsNames(q.QS),
			Href: fmt.Sprintf("/assessments/%d/requests/%d", q.AssessmentID, q.ID), Due: q.DueOn.Format("2 January 2006"),
			DueText: assessment.DueText(q.DueOn, s.today()), Overdue: assessment.DaysLeft(q.DueOn, s.today()) < 0})
	}
	return out, nil
}

// overdueRequests are the open requests past their due date on the
// assessments the inspector is on.
func (s *Server) overdueRequests(c echo.Context, p authz.Principal) ([]frontend.DueRow, error) {
	reqs, err := s.store.Requests(c.Request().Context(), p.Scope(), 0, true)
	if err != nil {
		return nil, err
	}
	var out []frontend.DueRow
	on := s.inspectorOn(c, p)
	for _, q := range reqs {
		if assessment.DaysLeft(q.DueOn, s.today()) >= 0 {
			continue
		}
		mine, err := on(q.AssessmentID)
		if err != nil {
			return nil, err
		}
		if mine {
			out = append(out, frontend.DueRow{Title: "Further evidence request: " + s.qsNames(q.QS),
				Href: fmt.Sprintf("/assessments/%d/requests/%d", q.AssessmentID, q.ID), Due: q.DueOn.Format("2 January 2006"),
				DueText: assessment.DueText(q.DueOn, s.today()), Overdue: true})
		}
	}
	return out, nil
}

// inspectorOn tells whether p is one of an assessment's inspectors, reading
// each assessment once: requests do not carry their inspectors.
func (s *Server) inspectorOn(c echo.Context, p authz.Principal) func(assessmentID int64) (bool, error) {
	on := map[int64]bool{}
	return func(id int64) (bool, error) {
		mine, seen := on[id]
		if !seen {
			a, err := s.store.Assessment(c.Request().Context(), p.Scope(), fmt.Sprint(id))
			if err != nil {
				return false, err
			}
			mine = a.HasInspector(p.Email)
			on[id] = mine
		}
		return mine, nil
	}
}
