package api

import (
	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/labstack/echo/v4"
)

// layout is what every page shows of the signed-in person.
func (s *Server) layout(c echo.Context) frontend.Layout {
	p, ok := request.Principal(c)
	if !ok {
		return frontend.Layout{}
	}
	l := frontend.Layout{User: &frontend.User{Email: p.Email, Role: p.Role.Label()}}
	if sess, ok := request.Session(c); ok {
		l.CSRFToken = sess.CSRFToken
	}
	if p.LA != "" {
		if la, err := s.store.LA(c.Request().Context(), p.Scope(), p.LA); err == nil {
			l.User.LAName = la.Name
		}
	}
	l.Nav = navFor(p, c.Request().URL.Path)
	return l
}

func navFor(p authz.Principal, current string) []frontend.NavItem {
	var items []frontend.NavItem
	switch p.Role {
	case authz.RoleLASubmitter, authz.RoleLAViewer:
		items = []frontend.NavItem{{Label: "Home", Href: "/"}, {Label: "Evidence", Href: "/documents"}, {Label: "Search", Href: "/search"}, {Label: "Your council", Href: "/las/" + p.LA}, {Label: "Scores", Href: "/assessments"}}
	case authz.RoleInspector:
		items = []frontend.NavItem{{Label: "Your local authorities", Href: "/"}, {Label: "Search", Href: "/search"}, {Label: "Saved searches", Href: "/searches"}, {Label: "Evidence", Href: "/documents"}, {Label: "Assessments", Href: "/assessments"}}
	case authz.RolePanel:
		items = []frontend.NavItem{{Label: "Calibration", Href: "/"}, {Label: "Assessments", Href: "/assessments"}}
	case authz.RoleAdmin:
		items = []frontend.NavItem{
			{Label: "Administration", Href: "/"},
			{Label: "Local authorities", Href: "/admin/las"},
			{Label: "Assignments", Href: "/admin/assignments"},
			{Label: "Assessments", Href: "/admin/assessments"},
			{Label: "Users", Href: "/admin/users"},
			{Label: "Audit log", Href: "/admin/audit"},
			{Label: "Tagging", Href: "/admin/tagging"},
			{Label: "Outcomes data", Href: "/admin/outcomes"},
			{Label: "Report facts", Href: "/admin/report-facts"},
		}
	}
	for i := range items {
		items[i].Active = items[i].Href == current
	}
	return items
}
