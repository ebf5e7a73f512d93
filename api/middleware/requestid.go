package middleware

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"

	"github.com/evidenceportal/portal/api/request"
	"github.com/labstack/echo/v4"
)

// RequestIDHeader carries a request's id in and out.
const RequestIDHeader = "X-Request-Id"

// An incoming request id is kept only when it is short and plain, so that a
// client cannot write what it likes into our logs.
var requestIDRe = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// RequestID gives every request an id: the client's when it is plain, else a
// new random one, echoed in the response.
func RequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(RequestIDHeader)
		if !requestIDRe.MatchString(id) {
			b := make([]byte, 12)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		request.SetID(c, id)
		c.Response().Header().Set(RequestIDHeader, id)
		return next(c)
	}
}
