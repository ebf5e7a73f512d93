// Package csrf guards the portal's state-changing requests against
// cross-site request forgery with the synchronizer token pattern: a request
// made with a session cookie must carry that session's own token (form
// field csrf_token or header X-CSRF-Token, compared in constant time) and
// must not come from another site. The token is bound to the server-side
// session, which echo's double-submit middleware could not do. Requests
// with a bearer token carry no ambient credentials and need no token.
package csrf

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/evidenceportal/portal/api/request"
	"github.com/labstack/echo/v4"
)

// ErrRejected means a state-changing request did not carry the session's
// token, or came from another site.
var ErrRejected = errors.New("missing or wrong CSRF token")

// FieldName is the form field that carries the token.
const FieldName = "csrf_token"

// HeaderName is the header that carries the token for scripts.
const HeaderName = "X-CSRF-Token"

// Valid reports whether token is the session's own, in constant time.
func Valid(token, sessionToken string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(sessionToken)) == 1
}

// Check guards every state-changing request. Multipart bodies are read only
// by the routes streamed says stream them: their handlers check the token,
// which the form sends before its files, without buffering the body; any
// other multipart request with a session is refused.
func Check(streamed func(route string) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			switch c.Request().Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				return next(c)
			}
			if c.Request().Header.Get("Sec-Fetch-Site") == "cross-site" {
				return ErrRejected
			}
			sess, ok := request.Session(c)
			if !ok {
				return next(c)
			}
			if ct := c.Request().Header.Get(echo.HeaderContentType); strings.HasPrefix(ct, echo.MIMEMultipartForm) {
				if streamed(c.Path()) {
					return next(c)
				}
				return ErrRejected
			}
			token := c.Request().Header.Get(HeaderName)
			if token == "" {
				if err := c.Request().ParseForm(); err != nil {
					var tooBig *http.MaxBytesError
					if errors.As(err, &tooBig) {
						return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
					}
					return echo.NewHTTPError(http.StatusBadRequest)
				}
				token = c.Request().PostFormValue(FieldName)
			}
			if !Valid(token, sess.CSRFToken) {
				return ErrRejected
			}
			return next(c)
		}
	}
}
