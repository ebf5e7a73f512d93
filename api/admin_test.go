package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

func TestAdminForms(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	tests := []struct {
		name       string
		path       string
		form       url.Values
		wantStatus int
		wantBody   []string
	}{
		{"council without code", "/admin/las", url.Values{"name": {"X"}}, 422, []string{"Enter an ONS code", "There is a problem", `href="#code"`}},
		{"council with malformed code", "/admin/las", url.Values{"code": {"W06000001"}, "name": {"X"}}, 422, []string{"Enter an ONS code in the correct format, like E08000025"}},
		{"council without name", "/admin/las", url.Values{"code": {"E06009905"}}, 422, []string{"Enter the local authority&#39;s name"}},
		{"council name too long", "/admin/las", url.Values{"code": {"E06009905"}, "name": {strings.Repeat("a", 201)}}, 422, []string{"200 characters or fewer"}},
		// NUL never reaches the form's check: checkText refuses it (400).
		{"council name with control characters", "/admin/las", url.Values{"code": {"E06009905"}, "name": {"A\x01B"}}, 422, []string{"control characters"}},
		{"duplicate council", "/admin/las", url.Values{"code": {"E06009901"}, "name": {"Again"}}, 422, []string{"already exists"}},
		{"hostile council name is escaped", "/admin/las", url.Values{"code": {"e06009906"}, "name": {`<img src=x onerror=alert(1)>`}}, 303, nil},
		{"rename missing council", "/admin/las/E06000000", url.Values{"name": {"Nobody"}}, 404, []string{"Page not found"}},
		{"rename to empty", "/admin/las/E06009901", url.Values{"name": {" "}}, 422, []string{"Enter the local authority&#39;s name"}},
		{"assign without email", "/admin/assignments", url.Values{"la": {"E06009901"}}, 422, []string{"Enter the inspector&#39;s email address"}},
		{"assign bad email", "/admin/assignments", url.Values{"email": {"not an email"}, "la": {"E06009901"}}, 422, []string{"correct format"}},
		{"assign without council", "/admin/assignments", url.Values{"email": {"x@demo.test"}}, 422, []string{"Select a local authority"}},
		{"assign to unknown council", "/admin/assignments", url.Values{"email": {"x@demo.test"}, "la": {"E06000000"}}, 422, []string{"Select a local authority from the list"}},
		{"assign twice", "/admin/assignments", url.Values{"email": {"inspector.a@demo.test"}, "la": {"E06009901"}}, 422, []string{"already assigned"}},
		{"remove missing assignment", "/admin/assignments/remove", url.Values{"email": {"x@demo.test"}, "la": {"E06009901"}}, 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.request(t, http.MethodPost, tt.path, "admin@demo.test", tt.form)
			if rec.Code != tt.wantStatus {
				t.Fatalf("POST %s = %d, want %d; %.400s", tt.path, rec.Code, tt.wantStatus, rec.Body.String())
			}
			for _, want := range tt.wantBody {
				if !strings.Contains(rec.Body.String(), want) {
					t.Errorf("response lacks %q", want)
				}
			}
		})
	}
	rec := env.request(t, http.MethodGet, "/admin/las", "admin@demo.test", nil)
	if body := rec.Body.String(); strings.Contains(body, "<img src=x") || !strings.Contains(body, "&lt;img src=x") {
		t.Errorf("hostile council name was not escaped on the list")
	}
	// Only the one successful change was recorded, by the admin, with the council.
	log, err := env.st.AuditLog(context.Background(), authz.AllLAs(), 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	var changes []string
	for _, e := range log.Entries {
		if e.Action != "document_uploaded" && e.Outcome != store.OutcomeRefused { // the test env's own document; the refused forms
			changes = append(changes, e.Action+" "+e.ObjectID+" by "+e.ActorEmail)
		}
	}
	if len(changes) != 1 || changes[0] != "la_created E06009906 by admin@demo.test" {
		t.Errorf("audit log = %q, want just the one council created by the admin", changes)
	}
}

func TestAssignmentTakesEffectAtOnce(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ck, _ := env.signIn(t, "inspector.b@demo.test")
	get := func() int {
		req, _ := http.NewRequest(http.MethodGet, "/las/E06009901", nil)
		req.AddCookie(ck)
		return env.serve(req).Code
	}
	if got := get(); got != http.StatusNotFound {
		t.Fatalf("inspector.b on Ashford before assignment = %d, want 404", got)
	}
	if rec := env.request(t, http.MethodPost, "/admin/assignments", "admin@demo.test",
		url.Values{"email": {"Inspector.B@demo.test"}, "la": {"E06009901"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("assign = %d", rec.Code)
	}
	if got := get(); got != http.StatusOK {
		t.Errorf("inspector.b on Ashford after assignment = %d, want 200 in the same session", got)
	}
	if rec := env.request(t, http.MethodPost, "/admin/assignments/remove", "admin@demo.test",
		url.Values{"email": {"inspector.b@demo.test"}, "la": {"E06009901"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("unassign = %d", rec.Code)
	}
	if got := get(); got != http.StatusNotFound {
		t.Errorf("inspector.b on Ashford after removal = %d, want 404", got)
	}
}

func TestAdminSignsUserOutEverywhere(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ck1, _ := env.signIn(t, "viewer.a@demo.test")
	ck2, _ := env.signIn(t, "viewer.a@demo.test")
	users, err := env.st.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, u := range users {
		if u.Email == "viewer.a@demo.test" {
			id = u.ID
		}
	}
	for _, bad := range []string{"abc", "999999"} {
		if rec := env.request(t, http.MethodPost, "/admin/users/"+bad+"/sign-out", "admin@demo.test", url.Values{}); rec.Code != http.StatusNotFound {
			t.Errorf("sign out user %s = %d, want 404", bad, rec.Code)
		}
	}
	if rec := env.request(t, http.MethodPost, "/admin/users/"+strconv.FormatInt(id, 10)+"/sign-out", "admin@demo.test", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign out = %d, want 303", rec.Code)
	}
	for _, ck := range []*http.Cookie{ck1, ck2} {
		req, _ := http.NewRequest(http.MethodGet, "/api/v1/me", nil)
		req.AddCookie(ck)
		if rec := env.serve(req); rec.Code != http.StatusUnauthorized {
			t.Errorf("viewer's session after being signed out everywhere: %d, want 401", rec.Code)
		}
	}
}

func TestAdminFlashAfterChange(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	rec := env.request(t, http.MethodPost, "/admin/las", "admin@demo.test", url.Values{"code": {"E06009907"}, "name": {"Eastfold Council"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create = %d", rec.Code)
	}
	page := env.request(t, http.MethodGet, rec.Header().Get("Location"), "admin@demo.test", nil)
	if !strings.Contains(page.Body.String(), "Eastfold Council has been added") || !strings.Contains(page.Body.String(), "govuk-notification-banner--success") {
		t.Errorf("list after adding lacks the success banner")
	}
	// A flash naming a council that does not exist shows nothing.
	page = env.request(t, http.MethodGet, "/admin/las?added=E06000000", "admin@demo.test", nil)
	if strings.Contains(page.Body.String(), "govuk-notification-banner") {
		t.Errorf("a forged flash parameter produced a banner")
	}
}
