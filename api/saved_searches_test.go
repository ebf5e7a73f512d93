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

// savedSearch saves a search for a demo inspector and returns its id.
func (e *testEnv) savedSearch(t *testing.T, email, name, query string) string {
	t.Helper()
	ctx := context.Background()
	u, err := e.st.UpsertUser(ctx, store.Identity{Issuer: "test", Subject: email, Email: email}, authz.Assignment{Role: authz.RoleInspector}, false)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := e.st.SaveSearch(ctx, store.SavedSearch{UserID: u.ID, Name: name, Query: query}, e.auditAs("saved_search_created"))
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(ss.ID, 10)
}

func TestSavedSearches(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	const a, b = "inspector.a@demo.test", "inspector.b@demo.test"
	tests := []struct {
		name, method, path, as string
		form                   url.Values
		wantStatus             int
		wantLocation           string
		wantContains           []string
		wantNotContains        []string
	}{
		{"save", "POST", "/searches", a, url.Values{"name": {"Carers <b>"}, "query": {"sort=date&q=carers&page=3&evil=1"}}, 303, "/searches?saved=1", nil, nil},
		{"listed, escaped, in words", "GET", "/searches?saved=1", a, nil, 200, "", []string{"Your search has been saved", "Carers &lt;b&gt;", "carers (newest first)"}, []string{"Carers <b>"}},
		{"not listed for another inspector", "GET", "/searches", b, nil, 200, "", []string{"You have no saved searches"}, []string{"Carers"}},
		{"name needed", "POST", "/searches", a, url.Values{"name": {" "}, "query": {"q=carers"}}, 422, "", []string{"There is a problem", "Enter a name for this search"}, nil},
		{"name taken", "POST", "/searches", a, url.Values{"name": {"Carers <b>"}, "query": {"q=respite"}}, 422, "", []string{"You already have a saved search called Carers &lt;b&gt;"}, nil},
		{"nothing to save", "POST", "/searches", a, url.Values{"name": {"Empty"}, "query": {"page=2"}}, 400, "", nil, nil},
		{"malformed query", "POST", "/searches", a, url.Values{"name": {"Bad"}, "query": {`q="open`}}, 400, "", nil, nil},
		{"query with a NUL byte, which search refuses", "POST", "/searches", a, url.Values{"name": {"Nul"}, "query": {"q=x%00"}}, 400, "", nil, nil},
		{"council staff cannot", "POST", "/searches", "submitter.a@demo.test", url.Values{"name": {"x"}, "query": {"q=carers"}}, 403, "", nil, nil},
		{"save with filters", "POST", "/searches", b, url.Values{"name": {"Filtered"}, "query": {"q=respite&la=E06009902&qs=safeguarding&type=policy&category=outcomes"}}, 303, "/searches?saved=1", nil, nil},
		{"save for a council not assigned", "POST", "/searches", b, url.Values{"name": {"Elsewhere"}, "query": {"la=E06009901"}}, 303, "/searches?saved=1", nil, nil},
		{"filters named as people know them, only within scope", "GET", "/searches", b, nil, 200, "",
			[]string{"respite, local authority Brookmere Borough Council, quality statement Safeguarding, document type Policy, evidence category Outcomes", "local authority E06009901"},
			[]string{"Ashford"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.request(t, tt.method, tt.path, tt.as, tt.form)
			if rec.Code != tt.wantStatus {
				t.Fatalf("%s %s = %d, want %d; %.300s", tt.method, tt.path, rec.Code, tt.wantStatus, rec.Body.String())
			}
			if loc := rec.Header().Get("Location"); tt.wantLocation != "" && loc != tt.wantLocation {
				t.Errorf("Location = %q, want %q", loc, tt.wantLocation)
			}
			for _, w := range tt.wantContains {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tt.wantNotContains {
				if strings.Contains(rec.Body.String(), w) {
					t.Errorf("page shows %q", w)
				}
			}
		})
	}
	ctx := context.Background()
	u, _ := env.st.UpsertUser(ctx, store.Identity{Issuer: "test", Subject: a, Email: a}, authz.Assignment{Role: authz.RoleInspector}, false)
	list, err := env.st.SavedSearches(ctx, u.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("saved searches = %v, %v; want 1", list, err)
	}
	id := strconv.FormatInt(list[0].ID, 10)
	if list[0].Query != "q=carers&sort=date" {
		t.Errorf("saved query = %q, want only the search's own parameters, in order", list[0].Query)
	}
	if rec := env.request(t, "GET", "/searches/"+id, a, nil); rec.Code != 302 || rec.Header().Get("Location") != "/search?q=carers&sort=date" {
		t.Errorf("rerun = %d %q", rec.Code, rec.Header().Get("Location"))
	}
	for _, path := range []string{"/searches/" + id, "/searches/999999", "/searches/x"} {
		if rec := env.request(t, "GET", path, b, nil); rec.Code != 404 {
			t.Errorf("GET %s as another inspector = %d, want 404", path, rec.Code)
		}
	}
	if rec := env.request(t, "POST", "/searches/"+id+"/delete", b, url.Values{}); rec.Code != 404 {
		t.Errorf("delete by another inspector = %d, want 404", rec.Code)
	}
	if rec := env.request(t, "POST", "/searches/"+id+"/delete", a, url.Values{}); rec.Code != http.StatusSeeOther {
		t.Errorf("delete = %d, want 303", rec.Code)
	}
	if rec := env.request(t, "GET", "/searches/"+id, a, nil); rec.Code != 404 {
		t.Errorf("rerun after delete = %d, want 404", rec.Code)
	}
	log, err := env.st.AuditLog(ctx, authz.AllLAs(), 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range log.Entries {
		if e.ActorEmail == a {
			seen[e.Action] = true
		}
	}
	if !seen["saved_search_created"] || !seen["saved_search_deleted"] {
		t.Errorf("audit actions by %s = %v, want saved_search_created and saved_search_deleted", a, seen)
	}
}
