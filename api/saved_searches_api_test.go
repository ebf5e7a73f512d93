package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/search"
)

// indexCarers puts three Ashford documents and one Brookmere document about
// carers in the index, enough for a second page of results at size 1.
func (e *testEnv) indexCarers(t *testing.T) {
	t.Helper()
	if err := e.ix.Put(context.Background(), []search.Page{
		{DocID: e.doc.ID, Number: 1, LA: "E06009901", Title: "Ashford carers strategy", Type: "strategy", Year: 2024,
			Body: "Unpaid carers helped write this strategy."},
		{DocID: "ashford-respite", Number: 1, LA: "E06009901", Title: "Ashford respite for carers", Type: "policy", Year: 2023,
			Body: "Respite for carers, planned with carers."},
		{DocID: "ashford-survey", Number: 2, LA: "E06009901", Title: "Ashford carers survey", Type: "survey", Year: 2024,
			Body: "What carers told us in the survey."},
		{DocID: "brookmere-plan", Number: 1, LA: "E06009902", Title: "Brookmere carers plan", Type: "strategy", Year: 2024,
			Body: "Brookmere carers plan and respite."},
	}); err != nil {
		t.Fatal(err)
	}
}

// TestSavedSearchesAPI goes through the API's saved searches in order:
// create, list, run and delete, and every refusal. {id} in a path is the
// first search saved.
func TestSavedSearchesAPI(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	env.indexCarers(t)
	const a, b = "inspector.a@demo.test", "inspector.b@demo.test"
	tests := []struct {
		name, method, path, as, body string
		wantStatus                   int
		wantContains                 []string
		wantNotContains              []string
	}{
		{"save", "POST", "/api/v1/searches", a, `{"name": " Carers <b> ", "q": "carers", "sort": "date", "year": "2024"}`, 201,
			[]string{`"name":"Carers \u003cb\u003e"`, `"query":"q=carers\u0026sort=date\u0026year=2024"`,
				`"description":"carers, year covered 2024 (newest first)"`, `"run":"/api/v1/search?q=carers\u0026sort=date\u0026year=2024"`, `"created_at":"`}, nil},
		{"save with filters, named in words", "POST", "/api/v1/searches", a, `{"name": "Policies", "la": "E06009901", "type": "policy", "qs": "safeguarding"}`, 201,
			[]string{`"description":"local authority Ashford Vale Council, quality statement Safeguarding, document type Policy"`}, nil},
		{"name needed", "POST", "/api/v1/searches", a, `{"name": " ", "q": "carers"}`, 422,
			[]string{`"code":"invalid"`, `"message":"Enter a name for this search"`, `"fields":{"name":"Enter a name for this search"}`}, nil},
		{"name too long", "POST", "/api/v1/searches", a, `{"name": "` + strings.Repeat("é", 101) + `", "q": "carers"}`, 422,
			[]string{`"message":"Name must be 100 characters or fewer"`}, nil},
		{"name of 100 characters", "POST", "/api/v1/searches", a, `{"name": "` + strings.Repeat("é", 100) + `", "q": "carers"}`, 201, nil, nil},
		{"name with a control character", "POST", "/api/v1/searches", a, `{"name": "Tab\there", "q": "carers"}`, 422,
			[]string{`"message":"Name must not contain control characters"`}, nil},
		{"name taken", "POST", "/api/v1/searches", a, `{"name": "Carers <b>", "q": "respite"}`, 422,
			[]string{`"message":"You already have a saved search called Carers \u003cb\u003e"`}, nil},
		{"bad query", "POST", "/api/v1/searches", a, `{"name": "Bad", "q": "\"open"}`, 422,
			[]string{`"code":"bad_query"`, `"message":"Your search has an opening quotation mark without a closing one"`, `"position":0`}, nil},
		{"query too long for search", "POST", "/api/v1/searches", a, `{"name": "Long", "q": "` + strings.Repeat("a", 1001) + `"}`, 422,
			[]string{`"code":"bad_query"`, `"message":"Your search must be 1000 characters or fewer"`}, nil},
		{"query too long to save", "POST", "/api/v1/searches", a, `{"name": "Longer", "q": "` + strings.Repeat("a", 2001) + `"}`, 422,
			[]string{`"code":"invalid"`, `"fields":{"q":"There is no search to save"}`}, nil},
		{"nothing to search for", "POST", "/api/v1/searches", a, `{"name": "Empty", "q": "  "}`, 422,
			[]string{`"message":"There is no search to save"`}, nil},
		{"NUL byte", "POST", "/api/v1/searches", a, `{"name": "Nul", "q": "x\u0000"}`, 422,
			[]string{`"message":"There is no search to save"`}, nil},
		{"not JSON", "POST", "/api/v1/searches", a, `name=Form&q=carers`, 400, []string{`"code":"bad_request"`}, nil},
		{"council staff cannot save", "POST", "/api/v1/searches", "submitter.a@demo.test", `{"name": "x", "q": "carers"}`, 403,
			[]string{`"code":"forbidden"`}, nil},
		{"listed", "GET", "/api/v1/searches", a, "", 200,
			[]string{`{"searches":[{"id":`, `"name":"Carers \u003cb\u003e"`, `"name":"Policies"`}, []string{`"Bad"`, `"Empty"`, `"Longer"`}},
		{"not listed for another inspector", "GET", "/api/v1/searches", b, "", 200, []string{`{"searches":[]}`}, nil},
		{"run", "GET", "/api/v1/searches/{id}/results", a, "", 200,
			[]string{`"total":2`, "Ashford carers strategy", "Ashford carers survey"}, []string{"Brookmere", "respite"}},
		{"run a page", "GET", "/api/v1/searches/{id}/results?page=2&size=1", a, "", 200,
			[]string{`"total":2`, `"total_pages":2`}, nil},
		{"another inspector's run", "GET", "/api/v1/searches/{id}/results", b, "", 404, []string{`"code":"not_found"`}, nil},
		{"another inspector's delete", "DELETE", "/api/v1/searches/{id}", b, "", 404, []string{`"code":"not_found"`}, nil},
		{"delete", "DELETE", "/api/v1/searches/{id}", a, "", 204, nil, nil},
		{"run after delete", "GET", "/api/v1/searches/{id}/results", a, "", 404, nil, nil},
		{"delete again", "DELETE", "/api/v1/searches/{id}", a, "", 404, nil, nil},
		{"gone from the list", "GET", "/api/v1/searches", a, "", 200, []string{`"name":"Policies"`}, []string{"Carers"}},
	}
	id := ""
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.requestJSON(t, tt.method, strings.ReplaceAll(tt.path, "{id}", id), tt.as, tt.body)
			body := rec.Body.String()
			if rec.Code != tt.wantStatus {
				t.Fatalf("%s %s = %d, want %d; %.300s", tt.method, tt.path, rec.Code, tt.wantStatus, body)
			}
			if id == "" && rec.Code == http.StatusCreated {
				var ss savedSearchJSON
				if err := json.Unmarshal(rec.Body.Bytes(), &ss); err != nil {
					t.Fatal(err)
				}
				id = strconv.FormatInt(ss.ID, 10)
			}
			if rec.Code == http.StatusNoContent && body != "" {
				t.Errorf("204 with a body: %q", body)
			}
			for _, w := range tt.wantContains {
				if !strings.Contains(body, w) {
					t.Errorf("answer lacks %s; %.500s", w, body)
				}
			}
			for _, w := range tt.wantNotContains {
				if strings.Contains(body, w) {
					t.Errorf("answer shows %s; %.500s", w, body)
				}
			}
		})
	}
	log, err := env.st.AuditLog(context.Background(), authz.AllLAs(), 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range log.Entries {
		if e.ActorEmail == a && e.ObjectID == id {
			seen[e.Action]++
		}
	}
	if seen["saved_search_created"] != 1 || seen["saved_search_deleted"] != 1 {
		t.Errorf("audit of saved search %s by %s = %v, want one created and one deleted", id, a, seen)
	}
}

// TestSavedSearchAPIOthersIDIsMissing: another inspector's saved search
// answers exactly as one that does not exist, to every method.
func TestSavedSearchAPIOthersIDIsMissing(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	id := env.savedSearch(t, "inspector.a@demo.test", "Carers", "q=carers")
	for _, method := range []string{"GET", "DELETE"} {
		t.Run(method, func(t *testing.T) {
			suffix := map[string]string{"GET": "/results", "DELETE": ""}[method]
			others := env.requestJSON(t, method, "/api/v1/searches/"+id+suffix, "inspector.b@demo.test", "")
			for _, missing := range []string{"999999", "x"} {
				rec := env.requestJSON(t, method, "/api/v1/searches/"+missing+suffix, "inspector.b@demo.test", "")
				if rec.Code != http.StatusNotFound || others.Code != rec.Code || others.Body.String() != rec.Body.String() {
					t.Errorf("%s another's = %d %s, missing %s = %d %s; want the same 404",
						method, others.Code, others.Body.String(), missing, rec.Code, rec.Body.String())
				}
			}
		})
	}
	if rec := env.requestJSON(t, "GET", "/api/v1/searches/"+id+"/results", "inspector.a@demo.test", ""); rec.Code != http.StatusOK {
		t.Errorf("owner's run after another's delete = %d, want 200", rec.Code)
	}
}

// TestSavedSearchAPIRunsLikeSearch: a saved search's results are byte for
// byte GET /api/v1/search's for the same parameters, page and size.
func TestSavedSearchAPIRunsLikeSearch(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	env.indexCarers(t)
	tests := []struct {
		name       string
		save       map[string]string
		page, size string
		as         string
	}{
		{"words", map[string]string{"q": "carers"}, "", "", "inspector.a@demo.test"},
		{"newest first, second page of one", map[string]string{"q": "carers", "sort": "date"}, "2", "1", "inspector.a@demo.test"},
		{"filters only", map[string]string{"type": "policy", "year": "2023"}, "", "", "inspector.a@demo.test"},
		{"phrase and NOT", map[string]string{"q": `"carers plan" OR respite NOT survey`}, "1", "5", "inspector.a@demo.test"},
		{"another council's filter finds nothing", map[string]string{"q": "carers", "la": "E06009902"}, "", "", "inspector.a@demo.test"},
		{"within the other inspector's scope", map[string]string{"q": "carers respite"}, "", "", "inspector.b@demo.test"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]string{"name": "Search " + strconv.Itoa(i)}
			v := url.Values{}
			for k, x := range tt.save {
				body[k] = x
				v.Set(k, x)
			}
			js, _ := json.Marshal(body)
			rec := env.requestJSON(t, "POST", "/api/v1/searches", tt.as, string(js))
			var ss savedSearchJSON
			if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &ss) != nil {
				t.Fatalf("save = %d %s", rec.Code, rec.Body.String())
			}
			paging := url.Values{}
			for k, x := range map[string]string{"page": tt.page, "size": tt.size} {
				if x != "" {
					paging.Set(k, x)
					v.Set(k, x)
				}
			}
			run := env.requestJSON(t, "GET", "/api/v1/searches/"+strconv.FormatInt(ss.ID, 10)+"/results?"+paging.Encode(), tt.as, "")
			direct := env.requestJSON(t, "GET", "/api/v1/search?"+v.Encode(), tt.as, "")
			if run.Code != http.StatusOK || run.Code != direct.Code || run.Body.String() != direct.Body.String() {
				t.Errorf("run = %d %s\nsearch = %d %s", run.Code, run.Body.String(), direct.Code, direct.Body.String())
			}
			// The run address the API gives is the same search too.
			if tt.page == "" {
				if got := env.requestJSON(t, "GET", ss.Run, tt.as, ""); got.Body.String() != direct.Body.String() {
					t.Errorf("GET %s = %s, want %s", ss.Run, got.Body.String(), direct.Body.String())
				}
			}
		})
	}
}

// TestSavedSearchAPICSRF: like the API's other POSTs, a session must send
// its CSRF token; a bearer token carries no ambient credentials and needs
// none. {id} is the search saved with the bearer token.
func TestSavedSearchAPICSRF(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	const a = "inspector.a@demo.test"
	token := passwordGrantToken(t, a)
	ck, _ := env.signIn(t, a)
	tests := []struct {
		name, method, path, body string
		session, crossSite       bool
		bearer                   string
		wantStatus               int
		wantContains             string
	}{
		{"bearer", "POST", "/api/v1/searches", `{"name": "Bearer", "q": "carers"}`, false, false, token, 201, `"name":"Bearer"`},
		{"bearer list", "GET", "/api/v1/searches", "", false, false, token, 200, `"name":"Bearer"`},
		{"session without its token", "POST", "/api/v1/searches", `{"name": "No token", "q": "carers"}`, true, false, "", 403, `"code":"csrf"`},
		{"session delete without its token", "DELETE", "/api/v1/searches/{id}", "", true, false, "", 403, `"code":"csrf"`},
		{"from another site", "POST", "/api/v1/searches", `{"name": "Cross", "q": "carers"}`, false, true, token, 403, `"code":"csrf"`},
		{"bearer delete", "DELETE", "/api/v1/searches/{id}", "", false, false, token, 204, ""},
	}
	id := ""
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, strings.ReplaceAll(tt.path, "{id}", id), strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			if tt.session {
				req.AddCookie(ck)
			}
			if tt.crossSite {
				req.Header.Set("Sec-Fetch-Site", "cross-site")
			}
			if tt.bearer != "" {
				req.Header.Set("Authorization", "Bearer "+tt.bearer)
			}
			rec := env.serve(req)
			if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantContains) {
				t.Fatalf("%s %s = %d %s, want %d with %s", tt.method, tt.path, rec.Code, rec.Body.String(), tt.wantStatus, tt.wantContains)
			}
			if rec.Code == http.StatusCreated {
				var ss savedSearchJSON
				if err := json.Unmarshal(rec.Body.Bytes(), &ss); err != nil {
					t.Fatal(err)
				}
				id = strconv.FormatInt(ss.ID, 10)
			}
		})
	}
}
