package api

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
)

// apiStep is one call of an API scenario. {req} in path and body is the
// request the scenario raised; with bearer, the call carries a Dex id
// token instead of a session (and so no CSRF token).
type apiStep struct {
	name, method, path, as, body string
	bearer                       bool
	want                         int
	contains, notContains        []string
}

func (e *testEnv) runAPI(t *testing.T, steps []apiStep, vars map[string]string) {
	t.Helper()
	tokens := map[string]string{}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			path, body := st.path, st.body
			for k, v := range vars {
				path, body = strings.ReplaceAll(path, k, v), strings.ReplaceAll(body, k, v)
			}
			var rec *httptest.ResponseRecorder
			if st.bearer {
				if tokens[st.as] == "" {
					tokens[st.as] = passwordGrantToken(t, st.as)
				}
				req := httptest.NewRequest(st.method, path, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tokens[st.as])
				rec = e.serve(req)
			} else {
				rec = e.requestJSON(t, st.method, path, st.as, body)
			}
			got := rec.Body.String()
			if rec.Code != st.want {
				t.Fatalf("%s %s as %s = %d, want %d; %.600s", st.method, path, st.as, rec.Code, st.want, got)
			}
			for _, w := range st.contains {
				if !strings.Contains(got, w) {
					t.Errorf("%s %s as %s lacks %q: %.600s", st.method, path, st.as, w, got)
				}
			}
			for _, w := range st.notContains {
				if strings.Contains(got, w) {
					t.Errorf("%s %s as %s holds %q: %.600s", st.method, path, st.as, w, got)
				}
			}
			if rec.Code == 201 {
				var doc requestThreadJSON
				if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
					t.Fatal(err)
				}
				vars["{req}"] = fmt.Sprint(doc.ID)
				if loc := rec.Header().Get("Location"); loc != doc.Href {
					t.Errorf("Location = %q, want %q", loc, doc.Href)
				}
			}
		})
	}
}

// TestReturnsAPI: the JSON API issues, lists and submits returns and
// raises, answers and accepts further requests with the pages' rules and
// messages: refusals by role (403), another council's ids (404 as missing
// ones), bad bodies (422 with the form's message, 400 when not JSON) and
// changes in the wrong state (409); the lists give no answers, and no
// CQC staff address to the council; every change is audited once.
func TestReturnsAPI(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	ins, sub, viewer := "inspector.a@demo.test", "submitter.a@demo.test", "viewer.a@demo.test"
	subB, insB := "submitter.b@demo.test", "inspector.b@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	rid, err := env.st.CreateReturn(ctx, authz.AllLAs(), id, env.srv.returnTpl, ins, env.auditAs("return_started"))
	if err != nil {
		t.Fatal(err)
	}
	items := env.returnItemIDs(t, rid)
	// Brookmere's issued return, which nobody of Ashford's sees.
	bid := env.openAssessment(t, "E06009902", "qs-only-2024", insB)
	brid, err := env.st.CreateReturn(ctx, authz.AllLAs(), bid, env.srv.returnTpl, insB, env.auditAs("setup"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.st.IssueReturn(ctx, authz.AllLAs(), brid, 0, time.Now(), env.srv.loc, insB, env.auditAs("setup")); err != nil {
		t.Fatal(err)
	}
	doc := env.readyDocument(t, "E06009901", sub, "Ashford Safeguarding Adults Board report")
	other := env.readyDocument(t, "E06009902", subB, "Brookmere Safeguarding Adults Board report")
	audits := map[string]int{}
	for _, a := range []string{"return_issued", "return_submitted", "return_personal_data_viewed", "evidence_request_raised",
		"evidence_request_message", "evidence_request_accepted"} {
		audits[a] = env.auditCount(t, a)
	}

	ret := fmt.Sprintf("/api/v1/assessments/%d/return", id)
	due := assessment.DueOn(time.Now(), 14, env.srv.loc).Format(time.DateOnly)
	ashford, brookmere := fmt.Sprintf(`"assessment":%d`, id), fmt.Sprintf(`"assessment":%d`, bid)
	// Reasons for every required item but the two answered below.
	var reasons []string
	var first int64 // the first of them
	rs, err := env.st.ReturnItems(ctx, authz.AllLAs(), rid, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range rs {
		if it.Required && it.Key != "waiting-lists" && it.Key != "interview-contacts" {
			reasons = append(reasons, fmt.Sprintf(`{"item": %d, "reason": "To follow in the site visit"}`, it.ID))
			first = cmp.Or(first, it.ID)
		}
	}
	missing := fmt.Sprintf(`"reason-%d"`, first)
	withReasons := `{"reasons": [` + strings.Join(reasons, ", ") + `]}`
	longReason := fmt.Sprintf(`{"reasons": [{"item": %d, "reason": %q}]}`, first, strings.Repeat("x", assessment.MaxAnswerText+1))

	t.Run("returns", func(t *testing.T) {
		env.runAPI(t, []apiStep{
			{name: "the council sees no draft", method: "GET", path: "/api/v1/returns", as: sub, want: 200, contains: []string{`{"returns":[]}`}},
			{name: "its inspector sees the draft", method: "GET", path: "/api/v1/returns", as: ins, want: 200,
				contains: []string{ashford, `"state":"draft"`}, notContains: []string{brookmere}},
			{name: "Brookmere's inspector only Brookmere's", method: "GET", path: "/api/v1/returns", as: insB, want: 200,
				contains: []string{brookmere, `"state":"issued"`}, notContains: []string{ashford}},
			{name: "the council cannot issue", method: "POST", path: ret + "/issue", as: sub, body: `{}`, want: 403, contains: []string{"forbidden"}},
			{name: "nor the panel", method: "POST", path: ret + "/issue", as: "panel@demo.test", body: `{}`, want: 403},
			{name: "another council's inspector", method: "POST", path: ret + "/issue", as: insB, body: `{}`, want: 404, contains: []string{"not_found"}},
			{name: "a missing assessment", method: "POST", path: fmt.Sprintf("/api/v1/assessments/%d/return/issue", id+100000), as: ins, body: `{}`, want: 404},
			{name: "days out of range", method: "POST", path: ret + "/issue", as: ins, body: `{"due_days": 0}`, want: 422,
				contains: []string{"Enter a number of days from 1 to 120", `"due_days"`}},
			{name: "not JSON", method: "POST", path: ret + "/issue", as: ins, body: `{"due_days": "soon"}`, want: 400},
			{name: "issued", method: "POST", path: ret + "/issue", as: ins, body: `{"due_days": 14}`, want: 204},
			{name: "issuing twice", method: "POST", path: ret + "/issue", as: ins, body: `{}`, want: 409, contains: []string{"wrong_state", "issued already"}},
			{name: "the council lists it", method: "GET", path: "/api/v1/returns", as: viewer, want: 200,
				contains:    []string{ashford, `"state":"issued"`, `"due_on":"` + due + `"`, `"required_answered":0`, `"href":"` + ret + `"`},
				notContains: []string{brookmere, ins}},
			{name: "an answer", method: "POST", path: fmt.Sprintf("%s/items/%d", ret, items["waiting-lists"]), as: sub,
				body: `{"kind": "text", "text": "42 people wait", "version": 0}`, want: 204},
			{name: "a personal answer", method: "POST", path: fmt.Sprintf("%s/items/%d", ret, items["interview-contacts"]), as: sub,
				body: `{"kind": "table", "rows": [["Ann Smith", "Director", "", "ann@ashford.example", ""]], "version": 0}`, want: 204},
			{name: "the list says what is answered, not what", method: "GET", path: "/api/v1/returns", as: sub, bearer: true, want: 200,
				contains: []string{`"required_answered":2`, `"answered":true,"version":1`}, notContains: []string{"42 people wait", "Ann Smith"}},
			{name: "the viewer cannot submit", method: "POST", path: ret + "/submit", as: viewer, body: withReasons, want: 403},
			{name: "nor the inspector", method: "POST", path: ret + "/submit", as: ins, body: withReasons, want: 403},
			{name: "another council's submitter", method: "POST", path: ret + "/submit", as: subB, body: withReasons, want: 404},
			{name: "required items missing", method: "POST", path: ret + "/submit", as: sub, body: `{}`, want: 422,
				contains: []string{"Answer this required item, or say why you cannot", missing}},
			{name: "a reason too long", method: "POST", path: ret + "/submit", as: sub, body: longReason, want: 422,
				contains: []string{"The reason must be 10,000 characters or fewer", missing}},
			{name: "not JSON", method: "POST", path: ret + "/submit", as: sub, body: `{"reasons": {}}`, want: 400},
			{name: "submitted with reasons", method: "POST", path: ret + "/submit", as: sub, body: withReasons, want: 204},
			{name: "submitting twice", method: "POST", path: ret + "/submit", as: sub, body: withReasons, want: 409,
				contains: []string{"wrong_state", "submitted already"}},
			{name: "the inspector lists it submitted", method: "GET", path: "/api/v1/returns", as: ins, want: 200,
				contains: []string{ashford, `"state":"submitted"`, `"submitted_at"`}},
			{name: "the answers are in the return", method: "GET", path: ret, as: ins, want: 200, contains: []string{"42 people wait", "Ann Smith"}},
		}, map[string]string{})
	})

	reqs := fmt.Sprintf("/api/v1/assessments/%d/requests", id)
	soon := time.Now().In(env.srv.loc).AddDate(0, 0, 5).Format(time.DateOnly)
	raise := `{"qs": ["safeguarding"], "wanted": "Section 42 enquiries by outcome", "due_on": "` + soon + `"}`
	t.Run("requests", func(t *testing.T) {
		env.runAPI(t, []apiStep{
			{name: "the council cannot raise one", method: "POST", path: reqs, as: sub, body: raise, want: 403},
			{name: "nor an admin", method: "POST", path: reqs, as: "admin@demo.test", body: raise, want: 403},
			{name: "another council's inspector", method: "POST", path: reqs, as: insB, body: raise, want: 404},
			{name: "no statement", method: "POST", path: reqs, as: ins, body: `{"wanted": "x", "due_on": "2099-01-01"}`, want: 422,
				contains: []string{"Select at least one quality statement", `"qs"`}},
			{name: "a statement not in the framework", method: "POST", path: reqs, as: ins, body: `{"qs": ["nope"], "wanted": "x", "due_on": "` + soon + `"}`,
				want: 422, contains: []string{"Select quality statements from the list"}},
			{name: "a date in the past", method: "POST", path: reqs, as: ins, body: `{"qs": ["safeguarding"], "wanted": "x", "due_on": "2020-01-01"}`,
				want: 422, contains: []string{"today or in the future", `"due"`}},
			{name: "not a date", method: "POST", path: reqs, as: ins, body: `{"qs": ["safeguarding"], "wanted": "x", "due_on": "next week"}`,
				want: 422, contains: []string{"Enter the date the evidence is due"}},
			{name: "raised", method: "POST", path: reqs, as: ins, body: raise, want: 201,
				contains: []string{`"state":"open"`, `"wanted":"Section 42 enquiries by outcome"`, `"due_on":"` + soon + `"`, `"messages":[]`}},
			{name: "the council lists it without who raised it", method: "GET", path: "/api/v1/requests", as: viewer, want: 200,
				contains: []string{"Section 42 enquiries by outcome", `"overdue":false`}, notContains: []string{ins}},
			{name: "open ones", method: "GET", path: "/api/v1/requests?open=true", as: sub, bearer: true, want: 200, contains: []string{"Section 42"}},
			{name: "open is a boolean", method: "GET", path: "/api/v1/requests?open=maybe", as: sub, want: 400},
			{name: "Brookmere's lists are empty", method: "GET", path: "/api/v1/requests", as: subB, want: 200, contains: []string{`{"requests":[]}`}},
			{name: "and its inspector's", method: "GET", path: "/api/v1/requests", as: insB, want: 200, contains: []string{`{"requests":[]}`}},
			{name: "the inspector sees who raised it", method: "GET", path: reqs, as: ins, want: 200, contains: []string{`"raised_by":"` + ins + `"`}},
			{name: "Brookmere gets 404", method: "GET", path: reqs, as: subB, want: 404},
			{name: "a javascript: link", method: "POST", path: reqs + "/{req}/messages", as: sub, body: `{"text": "see", "link": "javascript:alert(1)"}`,
				want: 422, contains: []string{"https://"}},
			{name: "another council's document", method: "POST", path: reqs + "/{req}/messages", as: sub, body: `{"document_id": "` + other.ID + `"}`,
				want: 422, contains: []string{"Choose a document of the council that has been read", `"document"`}},
			{name: "a page past the end", method: "POST", path: reqs + "/{req}/messages", as: sub, body: `{"document_id": "` + doc.ID + `", "page": 9}`,
				want: 422, contains: []string{"Page 9 is past the end", `"document"`}},
			{name: "an empty message", method: "POST", path: reqs + "/{req}/messages", as: sub, body: `{}`, want: 422,
				contains: []string{"Write a message, give a link or choose a document"}},
			{name: "the viewer cannot write", method: "POST", path: reqs + "/{req}/messages", as: viewer, body: `{"text": "x"}`, want: 403},
			{name: "nor the panel", method: "POST", path: reqs + "/{req}/messages", as: "panel@demo.test", body: `{"text": "x"}`, want: 403},
			{name: "another council's submitter", method: "POST", path: reqs + "/{req}/messages", as: subB, body: `{"text": "x"}`, want: 404},
			{name: "a request of another assessment", method: "POST", path: fmt.Sprintf("/api/v1/assessments/%d/requests/{req}/messages", bid),
				as: insB, body: `{"text": "x"}`, want: 404},
			{name: "the council answers, with a bearer token", method: "POST", path: reqs + "/{req}/messages", as: sub, bearer: true,
				body: `{"text": "In the board report", "document_id": "` + doc.ID + `", "page": 1, "link": "https://www.ashford.example/sab"}`, want: 204},
			{name: "the inspector writes", method: "POST", path: reqs + "/{req}/messages", as: ins, body: `{"text": "Thank you"}`, want: 204},
			{name: "the thread for the council", method: "GET", path: reqs + "/{req}", as: viewer, want: 200,
				contains:    []string{"In the board report", `"author":"` + sub + `"`, `"document_id":"` + doc.ID + `"`, `"page":1`, `"role":"inspector"`, "Thank you"},
				notContains: []string{ins}},
			{name: "the threads for the inspector", method: "GET", path: reqs, as: ins, want: 200,
				contains: []string{"In the board report", `"author":"` + ins + `"`}},
			{name: "the council cannot accept", method: "POST", path: reqs + "/{req}/accept", as: sub, want: 403},
			{name: "nor may an admin", method: "POST", path: reqs + "/{req}/accept", as: "admin@demo.test", want: 403},
			{name: "another council's inspector may not", method: "POST", path: reqs + "/{req}/accept", as: insB, want: 404},
			{name: "a missing request", method: "POST", path: reqs + "/0/accept", as: ins, want: 404},
			{name: "accepted", method: "POST", path: reqs + "/{req}/accept", as: ins, want: 204},
			{name: "accepting twice", method: "POST", path: reqs + "/{req}/accept", as: ins, want: 409, contains: []string{"wrong_state", "closed already"}},
			{name: "no more messages", method: "POST", path: reqs + "/{req}/messages", as: sub, body: `{"text": "late"}`, want: 409,
				contains: []string{"The request is closed"}},
			{name: "no open ones left", method: "GET", path: "/api/v1/requests?open=true", as: sub, want: 200, contains: []string{`{"requests":[]}`}},
			{name: "closed, for the inspector", method: "GET", path: "/api/v1/requests", as: ins, want: 200,
				contains: []string{`"state":"closed"`, `"closed_by":"` + ins + `"`}},
		}, map[string]string{})
	})

	// An inspector assigned to Ashford but not on its assessment lists
	// neither its return nor its requests.
	if err := env.st.Assign(ctx, insB, "E06009901", env.auditAs("setup")); err != nil {
		t.Fatal(err)
	}
	t.Run("inspectors list their assessments' only", func(t *testing.T) {
		env.runAPI(t, []apiStep{
			{name: "returns", method: "GET", path: "/api/v1/returns", as: insB, want: 200, contains: []string{brookmere}, notContains: []string{ashford}},
			{name: "requests", method: "GET", path: "/api/v1/requests", as: insB, want: 200, contains: []string{`{"requests":[]}`}},
			{name: "the admin lists both", method: "GET", path: "/api/v1/returns", as: "admin@demo.test", want: 200, contains: []string{ashford, brookmere}},
		}, map[string]string{})
	})

	for action, want := range map[string]int{"return_issued": 1, "return_submitted": 1, "return_personal_data_viewed": 1,
		"evidence_request_raised": 1, "evidence_request_message": 2, "evidence_request_accepted": 1} {
		if got := env.auditCount(t, action) - audits[action]; got != want {
			t.Errorf("%s audited %d times, want %d", action, got, want)
		}
	}
}
