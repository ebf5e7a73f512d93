package api

import (
	"net/http"
	"slices"

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

func (s *Server) showMe(c echo.Context) error {
	p, _ := principalOf(c)
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

type laJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func (s *Server) listLAs(c echo.Context) error {
	p, _ := principalOf(c)
	las, err := s.store.LAs(c.Request().Context(), p.Scope())
	if err != nil {
		return err
	}
	out := make([]laJSON, 0, len(las))
	for _, la := range las {
		out = append(out, laJSON{Code: la.Code, Name: la.Name})
	}
	return c.JSON(http.StatusOK, map[string]any{"las": out})
}

func (s *Server) showLAJSON(c echo.Context) error {
	p, _ := principalOf(c)
	la, err := s.store.LA(c.Request().Context(), p.Scope(), c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, laJSON{Code: la.Code, Name: la.Name})
}

func sortStrings(s []string) []string {
	slices.Sort(s)
	return s
}
