package api

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/labstack/echo/v4"
)

func (s *Server) showHome(c echo.Context) error {
	p, ok := request.Principal(c)
	if !ok {
		return s.pages.Render(c, http.StatusOK, "start", frontend.StartPage{Layout: s.layout(c)})
	}
	ctx := c.Request().Context()
	switch p.Role {
	case authz.RoleLASubmitter, authz.RoleLAViewer:
		la, err := s.store.LA(ctx, p.Scope(), p.LA)
		if err != nil {
			return err
		}
		due, err := s.dueForCouncil(c, p)
		if err != nil {
			return err
		}
		fa, err := s.factualAccuracyDue(c, p)
		if err != nil {
			return err
		}
		due = append(fa, due...)
		return s.pages.Render(c, http.StatusOK, "home_la", frontend.LAHomePage{Layout: s.layout(c),
			LACode: la.Code, LAName: la.Name, LAHref: "/las/" + la.Code, CanSubmit: p.Can(authz.ActionSubmitEvidence), Due: due})
	case authz.RoleInspector, authz.RolePanel:
		las, err := s.store.LAs(ctx, p.Scope())
		if err != nil {
			return err
		}
		links := make([]frontend.LALink, 0, len(las))
		for _, la := range las {
			links = append(links, frontend.LALink{Code: la.Code, Name: la.Name, Href: "/las/" + la.Code})
		}
		if p.Role == authz.RolePanel {
			awaiting, err := s.awaitingCalibration(c, p)
			if err != nil {
				return err
			}
			return s.pages.Render(c, http.StatusOK, "home_panel", frontend.PanelHomePage{Layout: s.layout(c), LAs: links, Awaiting: awaiting})
		}
		overdue, err := s.overdueRequests(c, p)
		if err != nil {
			return err
		}
		waiting, err := s.waitingForInspector(c, p)
		if err != nil {
			return err
		}
		return s.pages.Render(c, http.StatusOK, "home_inspector", frontend.InspectorHomePage{Layout: s.layout(c), LAs: links,
			Overdue: overdue, Waiting: waiting})
	case authz.RoleAdmin:
		return s.pages.Render(c, http.StatusOK, "home_admin", frontend.AdminHomePage{Layout: s.layout(c)})
	}
	return authz.ErrForbidden
}

// showLA shows one council. Another council's code answers 404, exactly as a
// missing one: the scope is part of the query.
func (s *Server) showLA(c echo.Context) error {
	p, _ := request.Principal(c)
	la, err := s.store.LA(c.Request().Context(), p.Scope(), c.Param("code"))
	if err != nil {
		return err
	}
	page := frontend.LAPage{Layout: s.layout(c), Code: la.Code, Name: la.Name, DocumentsHref: "/documents?la=" + url.QueryEscape(la.Code)}
	counts, err := s.store.DocumentCounts(c.Request().Context(), p.Scope(), la.Code)
	if err != nil {
		return err
	}
	for status, n := range counts {
		// Read documents count as ready while they are tagged or indexed
		// again (after a retrain, say): their text is there to read.
		switch {
		case status.HasText():
			page.Ready += n
		case !status.Final():
			page.Processing += n
		}
	}
	as, err := s.store.Assessments(c.Request().Context(), p.Scope())
	if err != nil {
		return err
	}
	for _, a := range as { // newest first
		if a.LA == la.Code {
			page.Assessment, page.AssessmentClass = stateLabel(a.State)
			page.AssessmentHref = fmt.Sprintf("/assessments/%d", a.ID)
			break
		}
	}
	views, err := s.outcomeViews(c.Request().Context(), la.Code)
	if err != nil {
		return err
	}
	page.Outcomes = s.outcomeStatements(views)
	return s.pages.Render(c, http.StatusOK, "la", page)
}

func (s *Server) showCookies(c echo.Context) error {
	return s.pages.Render(c, http.StatusOK, "cookies", frontend.CookiesPage{Layout: s.layout(c),
		IdleTimeout: humanDuration(s.opts.SessionIdle), MaxAge: humanDuration(s.opts.SessionMaxAge)})
}

func (s *Server) showAccessibility(c echo.Context) error {
	return s.pages.Render(c, http.StatusOK, "accessibility", frontend.AccessibilityPage{Layout: s.layout(c)})
}

func (s *Server) showSearchHelp(c echo.Context) error {
	return s.pages.Render(c, http.StatusOK, "search_help", frontend.SearchHelpPage{Layout: s.layout(c)})
}

func (s *Server) showSignedOut(c echo.Context) error {
	return s.pages.Render(c, http.StatusOK, "signed_out", frontend.SignedOutPage{Layout: s.layout(c)})
}
