package api

import "github.com/labstack/echo/v4"

// savedSearchRoutes registers inspectors' saved searches.
func (s *Server) savedSearchRoutes(e *echo.Echo, user, admin addRoute) {}
