package api

import (
	"net/http"
	"slices"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/labstack/echo/v4"
)

type meResponse struct {
	Email       string   `json:"email"`
	Name        string   `json:"name"`
	Role        string   `json:"role"`
	LA          *string  `json:"la"`
	AssignedLAs []string `json:"assigned_las"`
}

func (s *Server) showMeJSON(c echo.Context) error {
	p, _ := request.Principal(c)
	res := meResponse{Email: p.Email, Name: p.Name, Role: string(p.Role), AssignedLAs: []string{}}
	if p.LA != "" {
		la := p.LA
		res.LA = &la
	}
	if p.Role == authz.RoleInspector {
		res.AssignedLAs = p.Assigned
	}
	return c.JSON(http.StatusOK, res)
}

func sortStrings(s []string) []string {
	slices.Sort(s)
	return s
}
