package middleware

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// FormBodyLimit caps the body of ordinary requests (forms, JSON).
const FormBodyLimit = 1 << 20

// LimitBody caps every request body: at FormBodyLimit, or, for the
// requests streamed says are uploads, at the limit it gives (uploads stream
// under their own limits and are not read into memory).
func LimitBody(streamed func(*http.Request) (limit int64, ok bool)) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if limit, ok := streamed(req); ok {
				req.Body = http.MaxBytesReader(c.Response(), req.Body, limit)
				return next(c)
			}
			if req.ContentLength > FormBodyLimit {
				return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
			}
			req.Body = http.MaxBytesReader(c.Response(), req.Body, FormBodyLimit)
			return next(c)
		}
	}
}
