package api

import "github.com/labstack/echo/v4"

// assessmentRoutes registers scoring, calibration, factual accuracy and the
// public ratings page.
func (s *Server) assessmentRoutes(e *echo.Echo, user, admin addRoute) {}
