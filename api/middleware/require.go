package middleware

import (
	"net/http"
	"net/url"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/labstack/echo/v4"
)

// RequireUser lets signed-in people through; pages send others to sign in
// and come back, the API answers 401.
func RequireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := request.Principal(c); ok {
			return next(c)
		}
		if request.IsAPI(c) {
			return request.ErrUnauthenticated
		}
		target := "/login"
		if c.Request().Method == http.MethodGet {
			target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI())
		}
		return c.Redirect(http.StatusFound, target)
	}
}

// Require lets through only principals whose role allows the action.
func Require(a authz.Action) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p, _ := request.Principal(c)
			if err := p.Require(a); err != nil {
				return err
			}
			return next(c)
		}
	}
}
