package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// auditEntry starts an audit entry for the signed-in admin's request.
func (s *Server) auditEntry(c echo.Context, action, objType, objID, la string) store.AuditEntry {
	p, _ := request.Principal(c)
	uid := p.UserID
	return store.AuditEntry{ActorUserID: &uid, ActorEmail: p.Email, ActorRole: string(p.Role), Action: action,
		ObjectType: objType, ObjectID: objID, LA: la, IP: c.RealIP(), RequestID: request.ID(c)}
}

func (s *Server) adminLAsPage(c echo.Context, page frontend.AdminLAsPage) (frontend.AdminLAsPage, error) {
	las, err := s.store.LAs(c.Request().Context(), authz.AllLAs())
	if err != nil {
		return page, err
	}
	for _, la := range las {
		page.LAs = append(page.LAs, frontend.LALink{Code: la.Code, Name: la.Name, Href: "/las/" + la.Code})
	}
	page.Layout = s.layout(c)
	return page, nil
}

func (s *Server) showAdminLAs(c echo.Context) error {
	var page frontend.AdminLAsPage
	for _, k := range []string{"added", "renamed"} {
		if code := c.QueryParam(k); code != "" {
			if la, err := s.store.LA(c.Request().Context(), authz.AllLAs(), code); err == nil {
				page.Flash = fmt.Sprintf("%s has been %s", la.Name, map[string]string{"added": "added", "renamed": "renamed"}[k])
			}
		}
	}
	page, err := s.adminLAsPage(c, page)
	if err != nil {
		return err
	}
	return s.pages.Render(c, http.StatusOK, "admin_las", page)
}

func validLAName(name string) string {
	switch {
	case name == "":
		return "Enter the local authority's name"
	case utf8.RuneCountInString(name) > 200:
		return "Name must be 200 characters or fewer"
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "Name must not contain control characters"
	}
	return ""
}

func (s *Server) submitNewLA(c echo.Context) error {
	page := frontend.AdminLAsPage{
		Code: strings.ToUpper(strings.TrimSpace(c.FormValue("code"))),
		Name: strings.TrimSpace(c.FormValue("name")),
	}
	switch {
	case page.Code == "":
		page.CodeError = "Enter an ONS code"
	case !authz.ValidLACode(page.Code):
		page.CodeError = "Enter an ONS code in the correct format, like E08000025"
	}
	page.NameError = validLAName(page.Name)
	if page.CodeError == "" && page.NameError == "" {
		err := s.store.CreateLA(c.Request().Context(), page.Code, page.Name,
			s.auditEntry(c, "la_created", "la", page.Code, page.Code))
		if err == nil {
			return c.Redirect(http.StatusSeeOther, "/admin/las?added="+page.Code)
		}
		if !errors.Is(err, store.ErrConflict) {
			return err
		}
		page.CodeError = "A local authority with this ONS code already exists"
	}
	page, err := s.adminLAsPage(c, page)
	if err != nil {
		return err
	}
	page.Layout.Errors = fieldErrors("code", page.CodeError, "name", page.NameError)
	return s.pages.Render(c, http.StatusUnprocessableEntity, "admin_las", page)
}

func (s *Server) submitRenameLA(c echo.Context) error {
	code := c.Param("code")
	name := strings.TrimSpace(c.FormValue("name"))
	if msg := validLAName(name); msg != "" {
		page, err := s.adminLAsPage(c, frontend.AdminLAsPage{})
		if err != nil {
			return err
		}
		page.Layout.Errors = []frontend.FieldError{{Field: "name-" + code, Message: msg}}
		return s.pages.Render(c, http.StatusUnprocessableEntity, "admin_las", page)
	}
	if err := s.store.RenameLA(c.Request().Context(), code, name, s.auditEntry(c, "la_renamed", "la", code, code)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/las?renamed="+code)
}

func fieldErrors(pairs ...string) []frontend.FieldError {
	var out []frontend.FieldError
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			out = append(out, frontend.FieldError{Field: pairs[i], Message: pairs[i+1]})
		}
	}
	return out
}

func (s *Server) adminAssignmentsPage(c echo.Context, page frontend.AdminAssignmentsPage, selected string) (frontend.AdminAssignmentsPage, error) {
	ctx := c.Request().Context()
	as, err := s.store.Assignments(ctx)
	if err != nil {
		return page, err
	}
	for _, a := range as {
		page.Assignments = append(page.Assignments, frontend.AssignmentRow{Email: a.Email, LA: a.LA, LAName: a.LAName,
			When: govDate(a.CreatedAt, s.loc), By: a.CreatedBy})
	}
	las, err := s.store.LAs(ctx, authz.AllLAs())
	if err != nil {
		return page, err
	}
	for _, la := range las {
		page.LAOptions = append(page.LAOptions, frontend.Option{Value: la.Code, Label: la.Name + " (" + la.Code + ")", Selected: la.Code == selected})
	}
	page.Layout = s.layout(c)
	return page, nil
}

func (s *Server) showAdminAssignments(c echo.Context) error {
	var page frontend.AdminAssignmentsPage
	switch {
	case c.QueryParam("assigned") != "":
		page.Flash = "The inspector has been assigned"
	case c.QueryParam("removed") != "":
		page.Flash = "The assignment has been removed"
	}
	page, err := s.adminAssignmentsPage(c, page, "")
	if err != nil {
		return err
	}
	return s.pages.Render(c, http.StatusOK, "admin_assignments", page)
}

func (s *Server) submitAssignment(c echo.Context) error {
	email := strings.ToLower(strings.TrimSpace(c.FormValue("email")))
	la := strings.TrimSpace(c.FormValue("la"))
	page := frontend.AdminAssignmentsPage{Email: email}
	if email == "" {
		page.EmailError = "Enter the inspector's email address"
	} else if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		page.EmailError = "Enter an email address in the correct format, like name@example.com"
	}
	if la == "" {
		page.LAError = "Select a local authority"
	}
	if page.EmailError == "" && page.LAError == "" {
		err := s.store.Assign(c.Request().Context(), email, la, s.auditEntry(c, "inspector_assigned", "assignment", email, la))
		switch {
		case err == nil:
			return c.Redirect(http.StatusSeeOther, "/admin/assignments?assigned=1")
		case errors.Is(err, store.ErrConflict):
			page.EmailError = "This inspector is already assigned to that local authority"
		case errors.Is(err, store.ErrNotFound):
			page.LAError = "Select a local authority from the list"
		default:
			return err
		}
	}
	page, err := s.adminAssignmentsPage(c, page, la)
	if err != nil {
		return err
	}
	page.Layout.Errors = fieldErrors("email", page.EmailError, "la", page.LAError)
	return s.pages.Render(c, http.StatusUnprocessableEntity, "admin_assignments", page)
}

func (s *Server) submitUnassignment(c echo.Context) error {
	email := strings.ToLower(strings.TrimSpace(c.FormValue("email")))
	la := strings.TrimSpace(c.FormValue("la"))
	if err := s.store.Unassign(c.Request().Context(), email, la, s.auditEntry(c, "inspector_unassigned", "assignment", email, la)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/assignments?removed=1")
}

func (s *Server) showAdminUsers(c echo.Context) error {
	users, err := s.store.Users(c.Request().Context())
	if err != nil {
		return err
	}
	page := frontend.AdminUsersPage{Layout: s.layout(c)}
	if c.QueryParam("signed_out") != "" {
		page.Flash = "The user has been signed out everywhere"
	}
	for _, u := range users {
		row := frontend.UserRow{ID: u.ID, Email: u.Email, Role: u.Role.Label(), LA: u.LA, LastLogin: "Never"}
		if u.LastLoginAt != nil {
			row.LastLogin = govDate(*u.LastLoginAt, s.loc)
		}
		page.Users = append(page.Users, row)
	}
	return s.pages.Render(c, http.StatusOK, "admin_users", page)
}

// submitUserSignOut ends every session of a user and refuses every bearer
// token issued to them so far, e.g. when a laptop is lost or someone leaves; their next sign-in takes role and council afresh from
// the identity provider.
func (s *Server) submitUserSignOut(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	ctx := c.Request().Context()
	u, err := s.store.User(ctx, id)
	if err != nil {
		return err
	}
	if err := s.store.DeleteUserSessions(ctx, u.ID); err != nil {
		return err
	}
	if err := s.store.RevokeTokens(ctx, u.ID); err != nil {
		return err
	}
	if err := s.store.Audit(ctx, s.auditEntry(c, "user_signed_out", "user", u.Email, u.LA)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users?signed_out=1")
}
