package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/api/session"
	"github.com/evidenceportal/portal/internal/store"
)

// TestBearerTokenRefusedAfterSignOut: an id token that still has hours to
// run is refused once its person is signed out everywhere by an admin, or
// signs out themselves; a token issued afterwards works.
func TestBearerTokenRefusedAfterSignOut(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	me := func(tok string) int {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		env.srv.Handler().ServeHTTP(rec, req)
		return rec.Code
	}
	// A fresh token must come from a later second than the cut-off: token
	// times have whole seconds.
	nextSecond := func() {
		time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 10*time.Millisecond)))
	}
	old := passwordGrantToken(t, "submitter.b@demo.test")
	if code := me(old); code != http.StatusOK {
		t.Fatalf("token before sign-out = %d", code)
	}
	// dexUser is the user the provider's tokens name (the test sign-ins
	// of env.request have an identity of their own).
	dexUser := func(t *testing.T) store.User {
		users, err := env.st.Users(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range users {
			if x.Email == "submitter.b@demo.test" && x.Issuer != "test" {
				return x
			}
		}
		t.Fatal("no user from the provider's token")
		return store.User{}
	}
	t.Run("sign out everywhere", func(t *testing.T) {
		id := dexUser(t).ID
		if rec := env.request(t, http.MethodPost, "/admin/users/"+strconv.FormatInt(id, 10)+"/sign-out", "admin@demo.test", url.Values{}); rec.Code != http.StatusSeeOther {
			t.Fatalf("sign out everywhere = %d", rec.Code)
		}
		if code := me(old); code != http.StatusUnauthorized {
			t.Errorf("token issued before sign-out everywhere = %d, want 401", code)
		}
		nextSecond()
		if code := me(passwordGrantToken(t, "submitter.b@demo.test")); code != http.StatusOK {
			t.Errorf("token issued after = %d, want 200", code)
		}
	})
	t.Run("own sign-out", func(t *testing.T) {
		nextSecond()
		tok := passwordGrantToken(t, "submitter.b@demo.test")
		if code := me(tok); code != http.StatusOK {
			t.Fatalf("token = %d", code)
		}
		// The person the token names signs out in their browser.
		id, csrf := session.NewToken(), session.NewToken()
		if err := env.st.CreateSession(context.Background(), store.Session{IDHash: env.srv.sessions.Hash(id), UserID: dexUser(t).ID,
			CSRFToken: csrf, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodPost, "/logout", strings.NewReader(url.Values{"csrf_token": {csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: env.srv.sessions.CookieName(), Value: id})
		if rec := env.serve(req); rec.Code != http.StatusSeeOther {
			t.Fatalf("sign out = %d: %.300s", rec.Code, rec.Body.String())
		}
		if code := me(tok); code != http.StatusUnauthorized {
			t.Errorf("token issued before the person signed out = %d, want 401", code)
		}
	})
}
