package middleware

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// CheckText refuses a request whose path, query or url-encoded form holds
// text no page could have sent and PostgreSQL cannot store: a NUL byte or
// invalid UTF-8. Without it such input reached the database and failed
// there as a server error. Uploads stream, and their handler checks their
// fields itself.
func CheckText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if !Storable(r.URL.Path) || !StorableValues(r.URL.Query()) {
			return echo.NewHTTPError(http.StatusBadRequest, "unstorable text in the address")
		}
		if strings.HasPrefix(r.Header.Get(echo.HeaderContentType), echo.MIMEApplicationForm) {
			// A body too large or broken is left to the handler, which
			// meets the same error as before.
			if err := r.ParseForm(); err == nil && !StorableValues(r.PostForm) {
				return echo.NewHTTPError(http.StatusBadRequest, "unstorable text in the form")
			}
		}
		return next(c)
	}
}

// Storable reports whether PostgreSQL can store s as text: valid UTF-8
// without NUL bytes.
func Storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// StorableValues reports whether every key and value is Storable.
func StorableValues(v url.Values) bool {
	for k, vs := range v {
		if !Storable(k) {
			return false
		}
		for _, x := range vs {
			if !Storable(x) {
				return false
			}
		}
	}
	return true
}
