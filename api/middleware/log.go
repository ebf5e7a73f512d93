package middleware

import (
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/evidenceportal/portal/api/request"
	"github.com/labstack/echo/v4"
)

// Log writes one line per request, after the error handler has turned any
// error into a response, so the line has the final status; and counts it.
func Log(log *slog.Logger, m *Metrics) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			if err := next(c); err != nil {
				c.Error(err)
			}
			d := time.Since(start)
			req, res := c.Request(), c.Response()
			route := c.Path()
			m.observe(req.Method, route, res.Status, d)
			attrs := []any{
				"request_id", request.ID(c),
				"method", req.Method,
				"path", req.URL.Path,
				"route", route,
				"status", res.Status,
				"bytes", res.Size,
				"duration", d.Seconds(),
				"ip", c.RealIP(),
			}
			if p, ok := request.Principal(c); ok {
				attrs = append(attrs, "user", p.UserID, "role", string(p.Role))
				if p.LA != "" {
					attrs = append(attrs, "la", p.LA)
				}
			}
			log.Info("request", attrs...)
			return nil
		}
	}
}

// Recover turns a panic in a handler into an error, which the error handler
// logs and answers as a server error.
func Recover(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		return next(c)
	}
}
