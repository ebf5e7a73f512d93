package problem

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/evidenceportal/portal/api/csrf"
	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/api/signin"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// TestClassify: each kind of error has its status and code, wrapped or
// not, and anything unknown is a 500 that says nothing of its cause.
func TestClassify(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"missing row", fmt.Errorf("get document: %w", store.ErrNotFound), http.StatusNotFound, "not_found"},
		{"no route", echo.ErrNotFound, http.StatusNotFound, "not_found"},
		{"not signed in", request.ErrUnauthenticated, http.StatusUnauthorized, "unauthenticated"},
		{"role does not allow", fmt.Errorf("x: %w", authz.ErrForbidden), http.StatusForbidden, "forbidden"},
		{"csrf", csrf.ErrRejected, http.StatusForbidden, "csrf"},
		{"sign-in expired", fmt.Errorf("exchange: %w", signin.ErrExpired), http.StatusBadRequest, "login_expired"},
		{"provider down", fmt.Errorf("discover: %w", signin.ErrProvider), http.StatusServiceUnavailable, "provider_unavailable"},
		{"wrong method", echo.ErrMethodNotAllowed, http.StatusMethodNotAllowed, "method_not_allowed"},
		{"too large", fmt.Errorf("read: %w", echo.NewHTTPError(http.StatusRequestEntityTooLarge)), http.StatusRequestEntityTooLarge, "too_large"},
		{"bad request", echo.NewHTTPError(http.StatusBadRequest, "malformed"), http.StatusBadRequest, "bad_request"},
		{"too many uploads", fmt.Errorf("slot: %w", request.ErrTooManyUploads), http.StatusTooManyRequests, "too_many_uploads"},
		{"too many searches", fmt.Errorf("slot: %w", request.ErrTooManySearches), http.StatusTooManyRequests, "too_many_searches"},
		{"stalled body", fmt.Errorf("read part: %w", request.ErrBodyStalled), http.StatusRequestTimeout, "body_stalled"},
		{"client went away", fmt.Errorf("store upload: %w", io.ErrUnexpectedEOF), http.StatusBadRequest, "body_incomplete"},
		{"anything else", errors.New("database exploded"), http.StatusInternalServerError, "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := classify(tt.err)
			if p.status != tt.status || p.code != tt.code || p.heading == "" {
				t.Errorf("classify(%v) = %d %s %q, want %d %s with a heading", tt.err, p.status, p.code, p.heading, tt.status, tt.code)
			}
		})
	}
}
