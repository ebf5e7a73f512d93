package middleware

import (
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// SecurityHeaders sets the headers every answer carries: a CSP with no
// inline script or style, no framing, no sniffing, no caching of pages, and
// HSTS over https. The identity provider's origin is allowed as a form
// action because sign-out posts a form that redirects to its end-session
// page, and browsers apply form-action to that redirect.
func SecurityHeaders(issuer string, https bool) echo.MiddlewareFunc {
	formAction := "'self'"
	if u, err := url.Parse(issuer); err == nil && u.Host != "" {
		formAction += " " + u.Scheme + "://" + u.Host
	}
	csp := strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"frame-ancestors 'none'",
		"form-action " + formAction,
	}, "; ")
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Content-Security-Policy", csp)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
			if https {
				h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
			}
			// Pages carry council data: never cache them. Static files set their own.
			h.Set("Cache-Control", "no-store")
			return next(c)
		}
	}
}
