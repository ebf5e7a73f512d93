package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/servicetest"
)

// dexLogin walks the authorization code flow the way a browser would, with
// no browser: start at the portal's /login, sign in on Dex's password form,
// and bring the provider's redirect back to the portal under test. It returns
// the portal's final response to the callback.
func dexLogin(t *testing.T, ts *httptest.Server, client *http.Client, startPath, email, password string) *http.Response {
	t.Helper()
	redirect, err := url.Parse(servicetest.Env(t, "PORTAL_OIDC_REDIRECT_URL"))
	if err != nil {
		t.Fatal(err)
	}
	var callback *url.URL
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Host == redirect.Host && req.URL.Path == redirect.Path {
			callback = req.URL
			return http.ErrUseLastResponse
		}
		return nil
	}
	res, err := client.Get(ts.URL + startPath)
	if err != nil {
		t.Fatalf("GET %s: %v", startPath, err)
	}
	res.Body.Close()
	if !strings.Contains(res.Request.URL.Path, "/auth/local") {
		t.Fatalf("expected Dex's login form, ended at %s (%d)", res.Request.URL, res.StatusCode)
	}
	res, err = client.PostForm(res.Request.URL.String(), url.Values{"login": {email}, "password": {password}})
	if err != nil {
		t.Fatalf("post Dex login form: %v", err)
	}
	res.Body.Close()
	if callback == nil {
		t.Fatalf("Dex did not redirect to the portal's callback (status %d at %s)", res.StatusCode, res.Request.URL)
	}
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err = client.Get(ts.URL + callback.RequestURI())
	if err != nil {
		t.Fatalf("GET callback: %v", err)
	}
	return res
}

func newClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

func getJSON(t *testing.T, client *http.Client, u string, v any) int {
	t.Helper()
	res, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if v != nil && res.StatusCode == http.StatusOK {
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			t.Fatalf("decode %s: %v", u, err)
		}
	}
	return res.StatusCode
}

func TestOIDCLoginThroughDex(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ts := httptest.NewServer(env.srv.Handler())
	defer ts.Close()

	tests := []struct {
		email     string
		next      string
		wantLoc   string
		wantRole  string
		wantLA    string
		wantLAs   []string
		wantAudit string
	}{
		{"submitter.a@demo.test", "/las/E06009901", "/las/E06009901", "la_submitter", "E06009901", nil, "login"},
		{"inspector.a@demo.test", "", "/", "inspector", "", []string{"E06009901"}, "login"},
		{"admin@demo.test", "https://evil.example/steal", "/", "admin", "", nil, "login"},
		{"panel@demo.test", "//evil.example/x", "/", "panel", "", nil, "login"},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			client := newClient(t)
			start := "/login"
			if tt.next != "" {
				start += "?next=" + url.QueryEscape(tt.next)
			}
			res := dexLogin(t, ts, client, start, tt.email, "demo-password")
			res.Body.Close()
			if res.StatusCode != http.StatusFound || res.Header.Get("Location") != tt.wantLoc {
				t.Fatalf("callback = %d to %q, want 302 to %q", res.StatusCode, res.Header.Get("Location"), tt.wantLoc)
			}
			var sessionCookie *http.Cookie
			for _, c := range res.Cookies() {
				if c.Name == "portal_session" {
					sessionCookie = c
				}
			}
			if sessionCookie == nil || !sessionCookie.HttpOnly || sessionCookie.SameSite != http.SameSiteLaxMode || sessionCookie.Path != "/" {
				t.Fatalf("session cookie = %+v, want HttpOnly, SameSite=Lax, Path=/", sessionCookie)
			}
			var me meResponse
			if code := getJSON(t, client, ts.URL+"/api/v1/me", &me); code != http.StatusOK {
				t.Fatalf("GET /api/v1/me = %d after sign-in", code)
			}
			la := ""
			if me.LA != nil {
				la = *me.LA
			}
			if me.Email != tt.email || me.Role != tt.wantRole || la != tt.wantLA {
				t.Errorf("me = %+v, want %s %s %s", me, tt.email, tt.wantRole, tt.wantLA)
			}
			if tt.wantLAs != nil && strings.Join(me.AssignedLAs, ",") != strings.Join(tt.wantLAs, ",") {
				t.Errorf("assigned_las = %v, want %v", me.AssignedLAs, tt.wantLAs)
			}

			// Sign out with the page's CSRF token; the session is gone after.
			token := csrfTokenFromPage(t, client, ts.URL+"/")
			res, err := client.PostForm(ts.URL+"/logout", url.Values{"csrf_token": {token}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusSeeOther {
				t.Errorf("POST /logout = %d, want 303", res.StatusCode)
			}
			if code := getJSON(t, client, ts.URL+"/api/v1/me", nil); code != http.StatusUnauthorized {
				t.Errorf("GET /api/v1/me after sign-out = %d, want 401", code)
			}
			// The old cookie value, replayed, is dead too.
			req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/me", nil)
			req.AddCookie(sessionCookie)
			if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusUnauthorized {
				t.Errorf("replayed session cookie after sign-out: %v %v, want 401", res.StatusCode, err)
			}
		})
	}

	log, err := env.st.AuditLog(context.Background(), authz.AllLAs(), 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range log.Entries {
		counts[e.Action]++
	}
	if counts["login"] != len(tests) || counts["logout"] != len(tests) {
		t.Errorf("audit log counts = %v, want %d logins and %d logouts", counts, len(tests), len(tests))
	}
}

func csrfTokenFromPage(t *testing.T, client *http.Client, u string) string {
	t.Helper()
	res, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	const marker = `name="csrf_token" value="`
	i := strings.Index(string(b), marker)
	if i < 0 {
		t.Fatalf("no CSRF token on %s", u)
	}
	rest := string(b)[i+len(marker):]
	return rest[:strings.Index(rest, `"`)]
}

func TestLoginWithoutRoleIsRefused(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ts := httptest.NewServer(env.srv.Handler())
	defer ts.Close()
	client := newClient(t)
	res := dexLogin(t, ts, client, "/login", "nobody@demo.test", "demo-password")
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "You do not have access to this service") {
		t.Errorf("callback for a user with no role = %d, want 403 with the no-access page", res.StatusCode)
	}
	for _, c := range res.Cookies() {
		if c.Name == "portal_session" && c.Value != "" {
			t.Errorf("a refused login got a session cookie")
		}
	}
	if code := getJSON(t, client, ts.URL+"/api/v1/me", nil); code != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/me after refused login = %d, want 401", code)
	}
	log, err := env.st.AuditLog(context.Background(), authz.AllLAs(), 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if log.Total != 2 || log.Entries[0].Action != "login_refused" || log.Entries[0].ActorEmail != "nobody@demo.test" {
		t.Errorf("audit log = %+v, want one login_refused for nobody@demo.test after the env's upload", log.Entries)
	}
	if _, err := env.st.Users(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestCallbackRejectsForgedState(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ts := httptest.NewServer(env.srv.Handler())
	defer ts.Close()
	client := newClient(t)
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	// A real login cookie for one attempt...
	res, err := client.Get(ts.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	// ...cannot be used with another state.
	res, err = client.Get(ts.URL + "/auth/callback?code=abc&state=forged")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "Your sign-in has expired") {
		t.Errorf("callback with forged state = %d, want 400 with the expired page", res.StatusCode)
	}
}

// passwordGrantToken gets an id token from Dex without a browser, as a
// script of a council's system would.
func passwordGrantToken(t *testing.T, email string) string {
	t.Helper()
	issuer := servicetest.Env(t, "PORTAL_OIDC_ISSUER")
	res, err := http.PostForm(issuer+"/token", url.Values{
		"grant_type": {"password"}, "username": {email}, "password": {"demo-password"},
		"scope":     {"openid email profile groups"},
		"client_id": {servicetest.Env(t, "PORTAL_OIDC_CLIENT_ID")}, "client_secret": {servicetest.Env(t, "PORTAL_OIDC_CLIENT_SECRET")},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var tok struct {
		IDToken string `json:"id_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil || tok.IDToken == "" {
		t.Fatalf("password grant for %s: status %d, %v", email, res.StatusCode, err)
	}
	return tok.IDToken
}

func TestBearerTokens(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	sub := passwordGrantToken(t, "submitter.b@demo.test")
	tests := []struct {
		name       string
		auth       string
		path       string
		wantStatus int
		wantBody   string
	}{
		{"me", "Bearer " + sub, "/api/v1/me", 200, `"la":"E06009902"`},
		{"own council", "Bearer " + sub, "/api/v1/las/E06009902", 200, "Brookmere"},
		{"other council is not found", "Bearer " + sub, "/api/v1/las/E06009901", 404, `"not_found"`},
		{"list only own", "Bearer " + sub, "/api/v1/las", 200, "E06009902"},
		{"tampered token", "Bearer " + sub[:len(sub)-4] + "AAAA", "/api/v1/me", 401, `"unauthenticated"`},
		{"garbage", "Bearer not-a-jwt", "/api/v1/me", 401, `"unauthenticated"`},
		{"no role", "Bearer " + passwordGrantToken(t, "nobody@demo.test"), "/api/v1/me", 403, `"forbidden"`},
		{"basic auth is not a bearer", "Basic YTpi", "/api/v1/me", 401, `"unauthenticated"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tt.path, nil)
			req.Header.Set("Authorization", tt.auth)
			rec := httptest.NewRecorder()
			env.srv.Handler().ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantBody) {
				t.Errorf("GET %s = %d %s, want %d containing %s", tt.path, rec.Code, rec.Body.String(), tt.wantStatus, tt.wantBody)
			}
			if strings.Contains(rec.Body.String(), "E06009901") && tt.wantStatus == 200 {
				t.Errorf("response for Brookmere's submitter mentions Ashford: %s", rec.Body.String())
			}
		})
	}
	// The bearer user is the same user a browser sign-in creates.
	u, err := env.st.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range u {
		if x.Email == "submitter.b@demo.test" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("users named submitter.b = %d, want 1", n)
	}
}
