package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/api/signin"
)

const anon = ""

var roles = []string{anon, "submitter.a@demo.test", "viewer.a@demo.test", "submitter.b@demo.test",
	"inspector.a@demo.test", "inspector.b@demo.test", "panel@demo.test", "admin@demo.test"}

// statuses gives the expected status for each role, in the order of roles.
type statuses [8]int

func all(code int) statuses { return statuses{code, code, code, code, code, code, code, code} }

// signedIn is the same code for every signed-in role, and anonCode for anonymous.
func signedIn(anonCode, code int) statuses {
	s := all(code)
	s[0] = anonCode
	return s
}

// adminOnly: anonymous sent to sign in, admins get code, everyone else 403.
func adminOnly(code int) statuses {
	return statuses{302, 403, 403, 403, 403, 403, 403, code}
}

// submitters: council submitters get code, other signed-in people 403.
func submitters(anonCode, code int) statuses {
	return statuses{anonCode, code, 403, code, 403, 403, 403, 403}
}

// ashford is what each role gets for council E06009901: its own staff, its
// inspector, panel and admins see it; Brookmere's staff and inspector get 404
// exactly as for a council that does not exist.
func ashford(anonCode int) statuses {
	return statuses{anonCode, 200, 200, 404, 200, 404, 200, 200}
}

type routeCase struct {
	method, route, target string
	form                  url.Values
	want                  statuses
}

// routeFixtures are the ids the route table's targets point at. Each feature
// that needs its own records (an assessment, a saved search) adds a field and
// fills it in its setup function, called by TestRouteAuthorization.
type routeFixtures struct {
	StaticCSS, DocID string
	// Assessment is an assessment of Ashford Vale Council (E06009901).
	Assessment string
	// SavedSearch is a saved search of inspector.a@demo.test; SavedSearchAPI
	// another, for the API routes, since the page's delete removes the first.
	SavedSearch, SavedSearchAPI string
	// Withdrawable is a ready document of Ashford Vale Council that the
	// withdrawal routes may withdraw.
	Withdrawable string
	// ReturnItem is a text item of the Assessment's issued information return.
	ReturnItem string
	// Request is an open further evidence request on the Assessment;
	// RequestAPI another, for the API's routes.
	Request, RequestAPI string
	// InspectorC is the user id of inspector.c@demo.test, who has signed
	// in as an inspector and is on no assessment.
	InspectorC string
}

// routeSetups create each feature's fixtures; they run in order, once.
var routeSetups = []func(t *testing.T, env *testEnv, fx *routeFixtures){
	setupWithdrawable,
	setupAssessmentRoutes,
	setupReturnRoutes,
	setupSavedSearchRoutes,
}

// routeTable lists every route the server registers with what each demo role
// gets. TestEveryRouteHasAnEntry fails when a route is added without one.
func routeTable(fx routeFixtures) []routeCase {
	var cases []routeCase
	cases = append(cases, coreRouteTable(fx.StaticCSS, fx.DocID)...)
	cases = append(cases, withdrawRouteTable(fx)...)
	cases = append(cases, assessmentRouteTable(fx)...)
	cases = append(cases, taggingRouteTable(fx)...)
	cases = append(cases, savedSearchRouteTable(fx)...)
	cases = append(cases, reportRouteTable(fx)...)
	cases = append(cases, packRouteTable(fx)...)
	cases = append(cases, section50RouteTable(fx)...)
	cases = append(cases, outcomesRouteTable(fx)...)
	cases = append(cases, returnRouteTable(fx)...)
	cases = append(cases, journeyRouteTable(fx)...)
	return cases
}

// assessmentRouteTable: scoring, calibration, factual accuracy, public ratings.
// The fixture is in progress, with inspector.a as its inspector: scoring is
// theirs, moving it on needs every statement scored (422), comments and
// answers wait for factual accuracy (409).
func assessmentRouteTable(fx routeFixtures) []routeCase {
	a := "/assessments/" + fx.Assessment
	return []routeCase{
		{"GET", "/ratings", "/ratings", nil, all(200)},
		{"GET", "/assessments", "/assessments", nil, signedIn(302, 200)},
		{"GET", "/assessments/:id", a, nil, ashford(302)},
		{"POST", "/assessments/:id/scores", a + "/scores", url.Values{"qs": {"equity"}, "score": {"3"}, "rationale": {"Seen"}, "version": {"0"}},
			statuses{302, 403, 403, 404, 303, 404, 403, 403}},
		{"POST", "/assessments/:id/state", a + "/state", url.Values{"to": {"calibration"}}, statuses{302, 403, 403, 404, 422, 404, 403, 403}},
		{"POST", "/assessments/:id/comments", a + "/comments", url.Values{"qs": {"equity"}, "comment": {"Wrong"}},
			statuses{302, 409, 403, 404, 403, 404, 403, 403}},
		{"POST", "/assessments/:id/comments/:comment/answer", a + "/comments/1/answer", url.Values{"answer": {"Fixed"}},
			statuses{302, 403, 403, 404, 409, 404, 403, 403}},
		{"GET", "/assessments/:id/export.csv", a + "/export.csv", nil, statuses{302, 403, 403, 404, 200, 404, 403, 200}},
		{"GET", "/api/v1/assessments/:id", "/api/v1" + a, nil, ashford(401)},
		{"GET", "/admin/assessments", "/admin/assessments", nil, adminOnly(200)},
		{"POST", "/admin/assessments", "/admin/assessments", url.Values{"la": {"E06009902"}, "version": {"interim-2023"}}, adminOnly(303)},
		{"GET", "/admin/assessments/:id/inspectors", "/admin/assessments/" + fx.Assessment + "/inspectors", nil, adminOnly(200)},
		{"POST", "/admin/assessments/inspectors", "/admin/assessments/inspectors",
			url.Values{"assessment": {fx.Assessment}, "inspector": {fx.InspectorC}}, adminOnly(303)},
		{"POST", "/admin/assessments/inspectors/remove", "/admin/assessments/inspectors/remove",
			url.Values{"assessment": {fx.Assessment}, "email": {"inspector.c@demo.test"}}, adminOnly(303)},
	}
}

// taggingRouteTable: tag review, coverage, models.
func taggingRouteTable(fx routeFixtures) []routeCase {
	doc := "/documents/" + fx.DocID
	// Only inspectors decide; Brookmere's inspector gets 404 for Ashford's document.
	reviewers := statuses{302, 403, 403, 403, 303, 404, 403, 403}
	return []routeCase{
		{"POST", "/documents/:id/tags", doc + "/tags", url.Values{"kind": {"qs"}, "label": {"safeguarding"}, "decision": {"accept"}}, reviewers},
		{"POST", "/documents/:id/hints", doc + "/hints", url.Values{"tag": {"qs:partnerships"}}, statuses{302, 303, 403, 404, 403, 403, 403, 403}},
		{"POST", "/tags/bulk", "/tags/bulk", url.Values{"tag": {"qs:learning"}, "doc": {fx.DocID}}, reviewers},
		{"GET", "/las/:code/coverage", "/las/E06009901/coverage", nil, ashford(302)},
		{"GET", "/api/v1/documents/:id/tags", "/api/v1" + doc + "/tags", nil, ashford(401)},
		{"GET", "/admin/tagging", "/admin/tagging", nil, adminOnly(200)},
		{"POST", "/admin/tagging/retrain", "/admin/tagging/retrain", url.Values{}, adminOnly(303)},
		{"POST", "/admin/tagging/rollback", "/admin/tagging/rollback", url.Values{}, adminOnly(303)},
	}
}

// savedSearchRouteTable: saved searches, inspectors' own only.
func savedSearchRouteTable(fx routeFixtures) []routeCase {
	ss := "/searches/" + fx.SavedSearch
	// inspector.a owns the fixture; inspector.b gets 404 as for a missing one.
	own := func(code int) statuses { return statuses{302, 403, 403, 403, code, 404, 403, 403} }
	return []routeCase{
		{"GET", "/searches", "/searches", nil, statuses{302, 403, 403, 403, 200, 200, 403, 403}},
		{"POST", "/searches", "/searches", url.Values{"name": {"Route table"}, "query": {"q=carers"}}, statuses{302, 403, 403, 403, 303, 303, 403, 403}},
		{"GET", "/searches/:id", ss, nil, own(302)},
		{"POST", "/searches/:id/delete", ss + "/delete", url.Values{}, own(303)},
		{"GET", "/api/v1/searches", "/api/v1/searches", nil, statuses{401, 403, 403, 403, 200, 200, 403, 403}},
		// Sent as JSON: see routeJSON.
		{"POST", "/api/v1/searches", "/api/v1/searches", nil, statuses{401, 403, 403, 403, 201, 201, 403, 403}},
		{"GET", "/api/v1/searches/:id/results", "/api/v1/searches/" + fx.SavedSearchAPI + "/results", nil, statuses{401, 403, 403, 403, 200, 404, 403, 403}},
		{"DELETE", "/api/v1/searches/:id", "/api/v1/searches/" + fx.SavedSearchAPI, url.Values{}, statuses{401, 403, 403, 403, 204, 404, 403, 403}},
	}
}

// routeJSON holds the body of each route that takes JSON rather than a
// form, by method and route; TestRouteAuthorization sends it instead.
var routeJSON = map[string]string{
	"POST /api/v1/searches": `{"name": "Route table API", "q": "carers"}`,
	// The page's answer (version 0) came first: this is version 1.
	"POST /api/v1/assessments/:id/return/items/:item": `{"kind": "text", "text": "41 people wait", "version": 1}`,
	"POST /api/v1/assessments/:id/return/issue":       `{"due_days": 21}`,
	"POST /api/v1/assessments/:id/return/submit":      `{}`,
	"POST /api/v1/assessments/:id/return":             `{}`,
	"POST /api/v1/assessments/:id/return/items": `{"part": "evidence", "title": "Carers' survey", "wanted": "The latest",
		"kind": "documents"}`,
	"PATCH /api/v1/assessments/:id/return/items/:item":  `{"required": true}`,
	"DELETE /api/v1/assessments/:id/return/items/:item": ``,
	"POST /api/v1/assessments/:id/requests": `{"qs": ["safeguarding"], "wanted": "More", "due_on": "` +
		time.Now().AddDate(0, 0, 10).Format(time.DateOnly) + `"}`,
	"POST /api/v1/assessments/:id/requests/:request/messages": `{"text": "Attached"}`,
	"POST /api/v1/assessments/:id/requests/:request/accept":   ``,
}

// setupSavedSearchRoutes saves the searches the route table's saved
// search routes use.
func setupSavedSearchRoutes(t *testing.T, env *testEnv, fx *routeFixtures) {
	fx.SavedSearch = env.savedSearch(t, "inspector.a@demo.test", "Carers", "q=carers")
	fx.SavedSearchAPI = env.savedSearch(t, "inspector.a@demo.test", "Carers through the API", "q=carers")
}

func coreRouteTable(staticCSS, docID string) []routeCase {
	doc := "/documents/" + docID
	return []routeCase{
		{"GET", "/static/*", staticCSS, nil, all(200)},
		{"GET", "/assets/*", "/assets/images/favicon.svg", nil, all(200)},
		{"GET", "/favicon.ico", "/favicon.ico", nil, all(301)},
		{"GET", "/healthz", "/healthz", nil, all(200)},
		{"GET", "/readyz", "/readyz", nil, all(200)},
		{"GET", "/", "/", nil, all(200)},
		{"GET", "/cookies", "/cookies", nil, all(200)},
		{"GET", "/accessibility", "/accessibility", nil, all(200)},
		{"GET", "/login", "/login", nil, all(302)},
		{"GET", "/auth/callback", "/auth/callback?code=x&state=y", nil, all(400)},
		{"POST", "/logout", "/logout", url.Values{}, all(303)},
		{"GET", "/signed-out", "/signed-out", nil, all(200)},
		{"GET", "/las/:code", "/las/E06009901", nil, ashford(302)},
		{"GET", "/search", "/search?q=carers", nil, signedIn(302, 200)},
		{"GET", "/search/help", "/search/help", nil, signedIn(302, 200)},
		{"GET", "/api/v1/search", "/api/v1/search?q=carers", nil, signedIn(401, 200)},
		{"GET", "/documents", "/documents", nil, signedIn(302, 200)},
		{"GET", "/documents/upload", "/documents/upload", nil, submitters(302, 200)},
		{"POST", "/documents/upload", "/documents/upload", url.Values{}, submitters(302, 400)},
		// The details of an upload of several files: no ids are no files.
		{"GET", "/documents/details", "/documents/details", nil, submitters(302, 404)},
		{"POST", "/documents/details", "/documents/details", url.Values{}, submitters(302, 404)},
		{"GET", "/documents/:id", doc, nil, ashford(302)},
		{"GET", "/documents/:id/file", doc + "/file", nil, ashford(302)},
		{"POST", "/api/v1/documents", "/api/v1/documents", url.Values{}, submitters(401, 400)},
		{"GET", "/api/v1/documents", "/api/v1/documents", nil, signedIn(401, 200)},
		{"GET", "/api/v1/documents/:id", "/api/v1" + doc, nil, ashford(401)},
		// Another council's id is left out, as a missing one: an empty list.
		{"GET", "/api/v1/documents/status", "/api/v1/documents/status?id=" + docID, nil, signedIn(401, 200)},
		{"GET", "/api/v1/documents/:id/file", "/api/v1" + doc + "/file", nil, ashford(401)},
		// tus: a POST without the protocol's headers is refused by tusd; an
		// upload nobody began is 404 (TestTus* cover the protocol).
		{"POST", "/api/v1/uploads", "/api/v1/uploads", url.Values{}, submitters(401, 412)},
		{"HEAD", "/api/v1/uploads/:id", "/api/v1/uploads/x", nil, submitters(401, 404)},
		{"PATCH", "/api/v1/uploads/:id", "/api/v1/uploads/x", url.Values{}, submitters(401, 404)},
		{"DELETE", "/api/v1/uploads/:id", "/api/v1/uploads/x", url.Values{}, submitters(401, 404)},
		{"GET", "/admin/las", "/admin/las", nil, adminOnly(200)},
		{"POST", "/admin/las", "/admin/las", url.Values{"code": {"E06009903"}, "name": {"Carrow Council"}}, adminOnly(303)},
		{"POST", "/admin/las/:code", "/admin/las/E06009902", url.Values{"name": {"Brookmere Borough Council"}}, adminOnly(303)},
		{"GET", "/admin/assignments", "/admin/assignments", nil, adminOnly(200)},
		{"POST", "/admin/assignments", "/admin/assignments", url.Values{"email": {"new.inspector@demo.test"}, "la": {"E06009901"}}, adminOnly(303)},
		{"POST", "/admin/assignments/remove", "/admin/assignments/remove", url.Values{"email": {"spare@demo.test"}, "la": {"E06009901"}}, adminOnly(303)},
		{"GET", "/admin/users", "/admin/users", nil, adminOnly(200)},
		{"POST", "/admin/users/:id/sign-out", "/admin/users/1/sign-out", url.Values{}, adminOnly(303)},
		{"GET", "/admin/audit", "/admin/audit", nil, adminOnly(200)},
		{"GET", "/admin/audit.csv", "/admin/audit.csv?outcome=refused", nil, adminOnly(200)},
		{"POST", "/admin/documents/:id/retry", "/admin" + doc + "/retry", url.Values{}, adminOnly(303)},
		{"GET", "/api/v1/me", "/api/v1/me", nil, signedIn(401, 200)},
		{"GET", "/api/v1/las", "/api/v1/las", nil, signedIn(401, 200)},
		{"GET", "/api/v1/las/:code", "/api/v1/las/E06009901", nil, ashford(401)},
	}
}

func TestEveryRouteHasAnEntry(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	have := map[string]bool{}
	for _, rc := range routeTable(routeFixtures{DocID: "x", Assessment: "1", SavedSearch: "1", Withdrawable: "y"}) {
		have[rc.method+" "+rc.route] = true
	}
	for _, r := range env.srv.Routes() {
		if !have[r.Method+" "+r.Path] {
			t.Errorf("route %s %s has no entry in routeTable: say what each role may do with it", r.Method, r.Path)
		}
	}
}

func TestRouteAuthorization(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	// The assignment the removal route removes, once.
	if err := env.st.Assign(ctx, "spare@demo.test", "E06009901", env.auditAs("setup")); err != nil {
		t.Fatal(err)
	}
	fx := routeFixtures{StaticCSS: env.srv.assets.URL("govuk/govuk-frontend.min.css"), DocID: env.doc.ID}
	for _, setup := range routeSetups {
		setup(t, env, &fx)
	}
	for _, rc := range routeTable(fx) {
		for i, role := range roles {
			name := role
			if name == anon {
				name = "anonymous"
			}
			t.Run(rc.method+" "+rc.target+" as "+name, func(t *testing.T) {
				var rec *httptest.ResponseRecorder
				if body, ok := routeJSON[rc.method+" "+rc.route]; ok {
					rec = env.requestJSON(t, rc.method, rc.target, role, body)
				} else {
					rec = env.request(t, rc.method, rc.target, role, rc.form)
				}
				if rec.Code != rc.want[i] {
					t.Errorf("%s %s as %s = %d, want %d; body: %.300s", rc.method, rc.target, name, rec.Code, rc.want[i], rec.Body.String())
				}
				if rec.Code == 302 && role == anon && strings.HasPrefix(rc.route, "/las") {
					if loc := rec.Header().Get("Location"); loc != "/login?next="+url.QueryEscape(rc.target) {
						t.Errorf("redirect to %q, want the sign-in with next", loc)
					}
				}
			})
		}
	}
}

func TestLoginRedirectCarriesPKCEStateAndNonce(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	rec := env.request(t, http.MethodGet, "/login?next=/las/E06009901", anon, nil)
	loc, err := url.Parse(rec.Header().Get("Location"))
	if err != nil || rec.Code != http.StatusFound {
		t.Fatalf("GET /login = %d %q", rec.Code, rec.Header().Get("Location"))
	}
	q := loc.Query()
	for _, k := range []string{"state", "nonce", "code_challenge", "client_id", "redirect_uri"} {
		if q.Get(k) == "" {
			t.Errorf("authorization URL lacks %s: %s", k, loc)
		}
	}
	if q.Get("code_challenge_method") != "S256" {
		t.Errorf("code_challenge_method = %q, want S256", q.Get("code_challenge_method"))
	}
	if !strings.Contains(q.Get("scope"), "groups") {
		t.Errorf("scope %q does not ask for groups", q.Get("scope"))
	}
	ck := rec.Result().Cookies()
	if len(ck) != 1 || ck[0].Name != signin.StateCookie || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteLaxMode {
		t.Fatalf("login cookie = %+v, want one HttpOnly SameSite=Lax %s", ck, signin.StateCookie)
	}
	if strings.Contains(ck[0].Value, q.Get("state")) {
		t.Errorf("login cookie holds the state in clear; it must be sealed")
	}
}
