package api

import "github.com/labstack/echo/v4"

// taggingRoutes registers tag review, coverage and model administration.
func (s *Server) taggingRoutes(e *echo.Echo, user, admin addRoute) {}
