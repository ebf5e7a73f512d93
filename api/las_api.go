package api

import (
	"net/http"

	"github.com/evidenceportal/portal/api/request"
	"github.com/labstack/echo/v4"
)

type laJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func (s *Server) listLAsJSON(c echo.Context) error {
	p, _ := request.Principal(c)
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
	p, _ := request.Principal(c)
	la, err := s.store.LA(c.Request().Context(), p.Scope(), c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, laJSON{Code: la.Code, Name: la.Name})
}
