// Package request holds what the portal knows about the request being
// served, as echo's context carries it: its id, who is asking (the
// principal) and the browser session they came with. The middleware that
// learns these sets them; handlers and the error handler read them here.
package request

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// ErrUnauthenticated means nobody is signed in, or a token did not verify:
// the API answers 401, pages send people to sign in before it arises.
var ErrUnauthenticated = errors.New("not signed in")

const (
	keyID        = "request_id"
	keyPrincipal = "principal"
	keySession   = "session"
)

// ID is the request's id, as logged and shown on error pages.
func ID(c echo.Context) string {
	id, _ := c.Get(keyID).(string)
	return id
}

// SetID records the request's id.
func SetID(c echo.Context, id string) { c.Set(keyID, id) }

// Principal is who is asking, when someone signed in.
func Principal(c echo.Context) (authz.Principal, bool) {
	p, ok := c.Get(keyPrincipal).(authz.Principal)
	return p, ok
}

// SetPrincipal records who is asking.
func SetPrincipal(c echo.Context, p authz.Principal) { c.Set(keyPrincipal, p) }

// Session is the browser session the request came with; API clients with a
// bearer token have none.
func Session(c echo.Context) (store.Session, bool) {
	s, ok := c.Get(keySession).(store.Session)
	return s, ok
}

// SetSession records the browser session.
func SetSession(c echo.Context, s store.Session) { c.Set(keySession, s) }

// IsAPI reports whether the request is for the JSON API, which answers
// errors as JSON rather than pages.
func IsAPI(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/api/") }

// LogAttrs are the stable keys of a request's log lines.
func LogAttrs(c echo.Context) []any {
	attrs := []any{"request_id", ID(c)}
	if p, ok := Principal(c); ok {
		attrs = append(attrs, "user", p.UserID)
	}
	return attrs
}

// Clip cuts text the client sent to at most n bytes, on a character
// boundary, before it is logged or stored.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// ErrBodyStalled means a request body stopped moving: nothing arrived for
// the stall window, or less than the minimum rate over it. The connection
// is dropped; it is the client's doing, not the server's.
var ErrBodyStalled = errors.New("request body stalled")

// ErrTooManyUploads means the person, or the process, has as many uploads
// in flight as allowed; the next may start when one ends.
var ErrTooManyUploads = errors.New("too many uploads in flight")

// ErrTooManySearches means the person, or the process, has as many
// searches running as allowed; the next may start when one ends.
var ErrTooManySearches = errors.New("too many searches in flight")
