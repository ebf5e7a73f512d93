package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

// TestRefusalsSearchesAndViewsAreAudited: another council's id, a forged
// token, a CSRF failure, a refused upload, a search and an assessment view
// each reach the audit log once (30 tries of one refusal in a minute are one
// entry counting 30), and /admin/audit filters them, to the second, and
// exports them as CSV.
func TestRefusalsSearchesAndViewsAreAudited(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	for range 30 {
		if rec := env.request(t, http.MethodGet, "/documents/"+env.doc.ID, "inspector.b@demo.test", nil); rec.Code != http.StatusNotFound {
			t.Fatalf("another council's document = %d", rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer forged.token.here")
	if rec := env.serve(req); rec.Code != http.StatusUnauthorized {
		t.Fatalf("forged token = %d", rec.Code)
	}
	if rec := env.request(t, http.MethodPost, "/documents/"+env.doc.ID+"/hints", "submitter.a@demo.test", url.Values{"csrf_token": {"wrong"}, "tag": {"qs:learning"}}); rec.Code != http.StatusForbidden {
		t.Fatalf("CSRF failure = %d", rec.Code)
	}
	if rec := env.uploadAs(t, "/api/v1/documents", "submitter.a@demo.test", []part{{field: "title", body: []byte("No file")}}, true); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("upload with no file = %d", rec.Code)
	}
	if rec := env.request(t, http.MethodGet, "/search?q=carers", "inspector.a@demo.test", nil); rec.Code != http.StatusOK {
		t.Fatalf("search = %d", rec.Code)
	}
	if rec := env.request(t, http.MethodGet, fmt.Sprintf("/assessments/%d", id), "inspector.a@demo.test", nil); rec.Code != http.StatusOK {
		t.Fatalf("assessment = %d", rec.Code)
	}
	find := func(f store.AuditFilter) []store.AuditEntry {
		t.Helper()
		page, err := env.st.AuditSearch(ctx, authz.AllLAs(), f, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		return page.Entries
	}
	tests := []struct {
		name   string
		f      store.AuditFilter
		detail string
	}{
		{"another council's id", store.AuditFilter{Actor: "inspector.b@demo.test", Action: "access_refused"}, "404"},
		{"forged token", store.AuditFilter{Action: "access_refused", Outcome: store.OutcomeRefused}, "401"},
		{"csrf", store.AuditFilter{Actor: "submitter.a@demo.test", Action: "access_refused"}, "csrf"},
		{"refused upload", store.AuditFilter{Actor: "submitter.a@demo.test", Action: "upload_refused"}, "file"},
		{"search", store.AuditFilter{Actor: "inspector.a@demo.test", Action: "search"}, "hits"},
		{"assessment view", store.AuditFilter{Actor: "inspector.a@demo.test", Action: "assessment_viewed"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found := false
			for _, e := range find(tt.f) {
				if strings.Contains(auditDetail(e), tt.detail) {
					found = true
				}
			}
			if !found {
				t.Errorf("no audit entry for %+v with %q", tt.f, tt.detail)
			}
		})
	}
	if es := find(store.AuditFilter{Actor: "inspector.b@demo.test", Action: "access_refused"}); len(es) == 0 || es[len(es)-1].Repeats+sumRepeats(es[:len(es)-1]) != 30 {
		t.Errorf("30 refusals in a row = %d entries %+v, want one (or two across a minute) counting 30", len(es), es)
	}
	rec := env.request(t, http.MethodGet, "/admin/audit?outcome=refused&person=inspector.b", "admin@demo.test", nil)
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "access_refused") || strings.Contains(body, "assessment_viewed") ||
		!regexp.MustCompile(`at \d\d:\d\d:\d\d`).MatchString(body) || !strings.Contains(body, "more times in that minute") {
		t.Errorf("/admin/audit filtered = %d:\n%.3000s", rec.Code, body)
	}
	if rec := env.request(t, http.MethodGet, "/admin/audit?from=31/2/2026", "admin@demo.test", nil); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), "Enter the start date as a date") {
		t.Errorf("bad date = %d", rec.Code)
	}
	rec = env.request(t, http.MethodGet, "/admin/audit.csv?action=search", "admin@demo.test", nil)
	lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
	if rec.Code != http.StatusOK || len(lines) < 2 || !strings.HasPrefix(lines[0], "id,at,actor_email") || !strings.Contains(lines[1], "inspector.a@demo.test") {
		t.Errorf("CSV export = %d %q", rec.Code, lines)
	}
	if es := find(store.AuditFilter{Action: "audit_exported"}); len(es) != 1 {
		t.Errorf("exports audited = %d, want 1", len(es))
	}
}

func sumRepeats(es []store.AuditEntry) int {
	n := 0
	for _, e := range es {
		n += e.Repeats
	}
	return n
}
