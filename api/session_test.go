package api

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/api/problem"
	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

func TestSessionCookieFlags(t *testing.T) {
	tests := []struct {
		publicURL  string
		wantName   string
		wantSecure bool
		wantHSTS   bool
	}{
		{"http://127.0.0.1:8080", "portal_session", false, false},
		{"https://evidence.example.gov.uk", "__Host-portal_session", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.publicURL, func(t *testing.T) {
			opts := testOptions(t)
			opts.PublicURL = tt.publicURL
			env := newTestEnv(t, opts)
			u, err := env.st.UpsertUser(context.Background(), store.Identity{Issuer: "t", Subject: "s", Email: "admin@demo.test"},
				authz.Assignment{Role: authz.RoleAdmin}, true)
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			c := env.srv.echo.NewContext(httptest.NewRequest(http.MethodGet, "/auth/callback", nil), rec)
			if err := env.srv.sessions.Start(c, u); err != nil {
				t.Fatal(err)
			}
			cks := rec.Result().Cookies()
			if len(cks) != 1 {
				t.Fatalf("cookies = %v, want one", cks)
			}
			ck := cks[0]
			if ck.Name != tt.wantName || ck.Secure != tt.wantSecure || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Domain != "" {
				t.Errorf("session cookie = %+v, want %s Secure=%v HttpOnly SameSite=Lax Path=/ no Domain", ck, tt.wantName, tt.wantSecure)
			}
			if time.Duration(ck.MaxAge)*time.Second != opts.SessionMaxAge {
				t.Errorf("MaxAge = %ds, want the absolute session limit %s", ck.MaxAge, opts.SessionMaxAge)
			}
			// The stored session is a keyed hash, not the cookie value.
			if _, _, err := env.st.ActiveSession(context.Background(), []byte(ck.Value), time.Hour); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("the raw cookie value finds a session: the id must be stored hashed")
			}
			if _, _, err := env.st.ActiveSession(context.Background(), env.srv.sessions.Hash(ck.Value), time.Hour); err != nil {
				t.Errorf("hashed session id not found: %v", err)
			}
			h := env.request(t, http.MethodGet, "/", anon, nil).Header().Get("Strict-Transport-Security")
			if (h != "") != tt.wantHSTS {
				t.Errorf("Strict-Transport-Security = %q, want present=%v", h, tt.wantHSTS)
			}
		})
	}
}

func TestServerErrorPageAndLog(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	var logs bytes.Buffer
	env.srv.log = slog.New(slog.NewJSONHandler(&logs, nil))
	for _, path := range []string{"/las/E06009901", "/api/v1/me"} {
		t.Run(path, func(t *testing.T) {
			logs.Reset()
			rec := httptest.NewRecorder()
			c := env.srv.echo.NewContext(httptest.NewRequest(http.MethodGet, path, nil), rec)
			request.SetID(c, "req-12345678")
			problem.Handler(env.srv.log, env.srv.pages, env.srv.layout, nil)(errors.New("database exploded: password=hunter2"), c)
			if rec.Code != http.StatusInternalServerError {
				t.Errorf("status = %d, want 500", rec.Code)
			}
			body := rec.Body.String()
			if strings.Contains(body, "hunter2") || strings.Contains(body, "exploded") {
				t.Errorf("internal error text reached the client: %s", body)
			}
			if !strings.Contains(body, "Sorry, there is a problem with the service") {
				t.Errorf("500 response lacks the GOV.UK message: %s", body)
			}
			if strings.HasPrefix(path, "/las") && !strings.Contains(body, "req-12345678") {
				t.Errorf("500 page does not show the request id to quote")
			}
			if n := strings.Count(logs.String(), "database exploded"); n != 1 {
				t.Errorf("error logged %d times, want once: %s", n, logs.String())
			}
		})
	}
}
