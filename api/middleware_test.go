package api

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestSecurityHeaders(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	for _, path := range []string{"/", "/las/E06009901", "/nope", "/api/v1/me"} {
		t.Run(path, func(t *testing.T) {
			rec := env.request(t, http.MethodGet, path, "viewer.a@demo.test", nil)
			h := rec.Header()
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "default-src 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") {
				t.Errorf("CSP allows inline code: %q", csp)
			}
			for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
				"Referrer-Policy": "same-origin", "Cache-Control": "no-store"} {
				if got := h.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if h.Get("X-Request-Id") == "" {
				t.Errorf("no X-Request-Id")
			}
		})
	}
}

func TestCSRF(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	form := url.Values{"code": {"E06009904"}, "name": {"Dunmore Council"}}
	tests := []struct {
		name       string
		token      string
		header     map[string]string
		wantStatus int
	}{
		{"no token", "", nil, http.StatusForbidden},
		{"wrong token", "forged", nil, http.StatusForbidden},
		{"another session's token", "OTHER", nil, http.StatusForbidden},
		{"right token from another site", "RIGHT", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"right token", "RIGHT", nil, http.StatusSeeOther},
	}
	_, otherToken := env.signIn(t, "admin@demo.test")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ck, token := env.signIn(t, "admin@demo.test")
			f := cloneValues(form)
			switch tt.token {
			case "RIGHT":
				f.Set("csrf_token", token)
			case "OTHER":
				f.Set("csrf_token", otherToken)
			case "":
			default:
				f.Set("csrf_token", tt.token)
			}
			req := httptest.NewRequest(http.MethodPost, "/admin/las", strings.NewReader(f.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			req.AddCookie(ck)
			rec := httptest.NewRecorder()
			env.srv.Handler().ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Errorf("POST /admin/las (%s) = %d, want %d", tt.name, rec.Code, tt.wantStatus)
			}
			if rec.Code == http.StatusForbidden && !strings.Contains(rec.Body.String(), "Your form could not be sent") {
				t.Errorf("CSRF refusal page lacks its GOV.UK message")
			}
		})
	}
}

func TestReadinessNamesTheFailedService(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	env.srv.clamd = newClosedClamd()
	rec := env.request(t, http.MethodGet, "/readyz", anon, nil)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("GET /readyz with clamd down = %d, want 503", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{`"clamd":"unavailable"`, `"postgres":"ok"`, `"s3":"ok"`, `"not ready"`} {
		if !strings.Contains(body, want) {
			t.Errorf("readiness %s lacks %s", body, want)
		}
	}
}

func TestRequestIDFromClient(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	tests := []struct {
		in   string
		keep bool
	}{
		{"abcdef12-3456", true},
		{"short", false},
		{"bad id\nwith newline", false},
		{strings.Repeat("a", 65), false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
			req.Header.Set("X-Request-Id", tt.in)
			rec := httptest.NewRecorder()
			env.srv.Handler().ServeHTTP(rec, req)
			got := rec.Header().Get("X-Request-Id")
			if (got == tt.in) != tt.keep || got == "" {
				t.Errorf("X-Request-Id %q became %q, keep=%v", tt.in, got, tt.keep)
			}
		})
	}
}

func TestNotFoundPages(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	tests := []struct {
		path, as, want string
		status         int
	}{
		{"/no-such-page", anon, "Page not found", 404},
		{"/no-such-page", "admin@demo.test", "Page not found", 404},
		{"/api/v1/no-such", anon, `"code":"not_found"`, 404},
		{"/las/E06009999", "admin@demo.test", "Page not found", 404},
		{"/las/%3Cscript%3E", "admin@demo.test", "Page not found", 404},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := env.request(t, http.MethodGet, tt.path, tt.as, nil)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("GET %s = %d, want %d containing %q", tt.path, rec.Code, tt.status, tt.want)
			}
			if strings.Contains(rec.Body.String(), "<script>") {
				t.Errorf("path reached the page unescaped")
			}
		})
	}
}

func TestClientAddressIgnoresForgedForwardedFor(t *testing.T) {
	_, proxies, _ := net.ParseCIDR("10.1.0.0/16")
	tests := []struct {
		name    string
		trusted []*net.IPNet
		remote  string
		xff     string
		want    string
	}{
		{"no proxies configured: header ignored", nil, "203.0.113.9:5000", "1.2.3.4", "203.0.113.9"},
		{"trusted proxy: header believed", []*net.IPNet{proxies}, "10.1.2.3:5000", "1.2.3.4", "1.2.3.4"},
		{"untrusted sender: header ignored", []*net.IPNet{proxies}, "203.0.113.9:5000", "1.2.3.4", "203.0.113.9"},
		{"private but not configured: header ignored", []*net.IPNet{proxies}, "192.168.1.1:5000", "1.2.3.4", "192.168.1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions(t)
			opts.TrustedProxies = tt.trusted
			env := newTestEnv(t, opts)
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = tt.remote
			req.Header.Set("X-Forwarded-For", tt.xff)
			if got := env.srv.echo.IPExtractor(req); got != tt.want {
				t.Errorf("client address = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestOversizedFormIsRefused(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	big := url.Values{"code": {"E06009908"}, "name": {strings.Repeat("x", 2<<20)}}
	rec := env.request(t, http.MethodPost, "/admin/las", "admin@demo.test", big)
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "What you sent is too large") {
		t.Errorf("POST of a 2 MB form = %d, want 413 with a GOV.UK message", rec.Code)
	}
	// Chunked, so no Content-Length to refuse early: the reader stops it.
	ck, csrf := env.signIn(t, "admin@demo.test")
	body := strings.NewReader("csrf_token=" + csrf + "&code=E06009908&name=" + strings.Repeat("x", 2<<20))
	req := httptest.NewRequest(http.MethodPost, "/admin/las", io.NopCloser(body))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(ck)
	if rec := env.serve(req); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked 2 MB form = %d, want 413", rec.Code)
	}
}
