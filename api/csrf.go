package api

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// errCSRF means a state-changing request did not carry the session's token.
var errCSRF = errors.New("missing or wrong CSRF token")

// checkCSRF guards every state-changing request made with a session cookie:
// it must carry the session's own token (synchronizer token pattern, bound to
// the server-side session) and must not come from another site. Requests with
// a bearer token carry no ambient credentials and need no token.
func (s *Server) checkCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if c.Request().Header.Get("Sec-Fetch-Site") == "cross-site" {
			return errCSRF
		}
		sess, ok := sessionOf(c)
		if !ok {
			return next(c)
		}
		if ct := c.Request().Header.Get(echo.HeaderContentType); strings.HasPrefix(ct, echo.MIMEMultipartForm) {
			// Uploads stream: their handler checks the token, which the
			// form sends before its files, without buffering the body.
			if c.Path() == "/documents/upload" || c.Path() == "/api/v1/documents" {
				return next(c)
			}
			return errCSRF
		}
		token := c.Request().Header.Get("X-CSRF-Token")
		if token == "" {
			if err := c.Request().ParseForm(); err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
				}
				return echo.NewHTTPError(http.StatusBadRequest)
			}
			token = c.Request().PostFormValue("csrf_token")
		}
		if subtle.ConstantTimeCompare([]byte(token), []byte(sess.CSRFToken)) != 1 {
			return errCSRF
		}
		return next(c)
	}
}
