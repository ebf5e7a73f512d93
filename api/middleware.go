package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/evidenceportal/portal/ingest"
	"github.com/labstack/echo/v4"
)

const requestIDHeader = "X-Request-Id"

// An incoming request id is kept only when it is short and plain, so that a
// client cannot write what it likes into our logs.
var requestIDRe = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

func (s *Server) requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(requestIDHeader)
		if !requestIDRe.MatchString(id) {
			b := make([]byte, 12)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Set(ctxRequestID, id)
		c.Response().Header().Set(requestIDHeader, id)
		return next(c)
	}
}

// logRequests writes one line per request, after the error handler has
// turned any error into a response, so the line has the final status.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		d := time.Since(start)
		req, res := c.Request(), c.Response()
		route := c.Path()
		s.metrics.observe(req.Method, route, res.Status, d)
		attrs := []any{
			"request_id", requestIDOf(c),
			"method", req.Method,
			"path", req.URL.Path,
			"route", route,
			"status", res.Status,
			"bytes", res.Size,
			"duration", d.Seconds(),
			"ip", c.RealIP(),
		}
		if p, ok := principalOf(c); ok {
			attrs = append(attrs, "user", p.UserID, "role", string(p.Role))
			if p.LA != "" {
				attrs = append(attrs, "la", p.LA)
			}
		}
		s.log.Info("request", attrs...)
		return nil
	}
}

func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		return next(c)
	}
}

func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	formAction := "'self'"
	if u, err := url.Parse(s.opts.OIDC.Issuer); err == nil && u.Host != "" {
		// Sign-out posts a form that redirects to the provider's end-session
		// page, and browsers apply form-action to that redirect.
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
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		// Pages carry council data: never cache them. Static files set their own.
		h.Set("Cache-Control", "no-store")
		return next(c)
	}
}

// formBodyLimit caps the body of ordinary requests (forms, JSON). Uploads,
// when they come, stream under their own configured limit instead.
const formBodyLimit = 1 << 20

func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method == http.MethodPost && (req.URL.Path == "/documents/upload" || req.URL.Path == "/api/v1/documents") {
			// Each file is held to the upload limit as it streams; this
			// bounds the whole form.
			req.Body = http.MaxBytesReader(c.Response(), req.Body, ingest.MaxFiles*s.opts.UploadMaxBytes+formBodyLimit)
			return next(c)
		}
		if (req.Method == http.MethodPatch || req.Method == http.MethodPost) && strings.HasPrefix(req.URL.Path+"/", tusBase) {
			// tusd itself stops a chunk at the upload's declared length.
			req.Body = http.MaxBytesReader(c.Response(), req.Body, s.opts.UploadMaxBytes)
			return next(c)
		}
		if req.ContentLength > formBodyLimit {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		req.Body = http.MaxBytesReader(c.Response(), req.Body, formBodyLimit)
		return next(c)
	}
}

func requestIDOf(c echo.Context) string {
	id, _ := c.Get(ctxRequestID).(string)
	return id
}

const (
	ctxRequestID = "request_id"
	ctxPrincipal = "principal"
	ctxSession   = "session"
)

// logAttrs are the stable keys for a request-scoped log line.
func logAttrs(c echo.Context) []any {
	attrs := []any{"request_id", requestIDOf(c)}
	if p, ok := principalOf(c); ok {
		attrs = append(attrs, "user", p.UserID)
	}
	return attrs
}
