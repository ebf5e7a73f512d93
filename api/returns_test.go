package api

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
)

// setupReturnRoutes issues the information return of the route table's
// assessment; ReturnItem is its waiting lists item (a short text); Request
// and RequestAPI two open requests on it.
func setupReturnRoutes(t *testing.T, env *testEnv, fx *routeFixtures) {
	t.Helper()
	id, _ := strconv.ParseInt(fx.Assessment, 10, 64)
	_, items := env.issueReturn(t, id)
	fx.ReturnItem = strconv.FormatInt(items["waiting-lists"], 10)
	rq, err := env.st.RaiseRequest(context.Background(), authz.AllLAs(), id, assessment.RequestInput{QS: []string{"safeguarding"},
		Wanted: "Section 42 enquiries", Due: time.Now().AddDate(0, 0, 7)}, "inspector.a@demo.test", env.auditAs("evidence_request_raised"))
	if err != nil {
		t.Fatal(err)
	}
	fx.Request = strconv.FormatInt(rq, 10)
	// The page's acceptance closes the first: the API's routes get their own.
	rq, err = env.st.RaiseRequest(context.Background(), authz.AllLAs(), id, assessment.RequestInput{QS: []string{"safeguarding"},
		Wanted: "Safeguarding Adults Board minutes", Due: time.Now().AddDate(0, 0, 7)}, "inspector.a@demo.test", env.auditAs("evidence_request_raised"))
	if err != nil {
		t.Fatal(err)
	}
	fx.RequestAPI = strconv.FormatInt(rq, 10)
}

// issueReturn starts and issues the return of an assessment of Ashford
// Vale as its inspector would, and gives its items' ids by key.
func (e *testEnv) issueReturn(t *testing.T, assessmentID int64) (int64, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	scope := authz.OnlyLAs("E06009901")
	rid, err := e.st.CreateReturn(ctx, scope, assessmentID, e.srv.returnTpl, "inspector.a@demo.test", e.auditAs("return_started"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.IssueReturn(ctx, scope, rid, 0, time.Now(), e.srv.loc, "inspector.a@demo.test", e.auditAs("return_issued")); err != nil {
		t.Fatal(err)
	}
	return rid, e.returnItemIDs(t, rid)
}

func (e *testEnv) returnItemIDs(t *testing.T, rid int64) map[string]int64 {
	t.Helper()
	items, err := e.st.ReturnItems(context.Background(), authz.AllLAs(), rid, true)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, it := range items {
		ids[it.Key] = it.ID
	}
	return ids
}

// returnRouteTable: the fixture's return is issued. Its inspector and
// admins may start returns (one exists: shown again) but not change it
// once issued (409); only the council's submitters answer and submit
// (the return is incomplete: 422); Brookmere's staff and inspector get
// 404 for all of it.
func returnRouteTable(fx routeFixtures) []routeCase {
	r := "/assessments/" + fx.Assessment + "/return"
	item := r + "/items/" + fx.ReturnItem
	rq := "/assessments/" + fx.Assessment + "/requests"
	req := rq + "/" + fx.Request
	reqAPI := rq + "/" + fx.RequestAPI
	due := time.Now().AddDate(0, 0, 10)
	council := func(code int) statuses { return statuses{302, code, 403, 404, 403, 404, 403, 403} }
	cqc := func(code int) statuses { return statuses{302, 403, 403, 404, code, 404, 403, code} }
	cqcAPI := func(code int) statuses { return statuses{401, 403, 403, 404, code, 404, 403, code} }
	return []routeCase{
		{"GET", "/assessments/:id/return", r, nil, ashford(302)},
		{"GET", "/assessments/:id/return/items/:item", item, nil, ashford(302)},
		{"POST", "/assessments/:id/return", r, url.Values{}, cqc(303)},
		{"POST", "/assessments/:id/return/issue", r + "/issue", url.Values{"due_days": {"21"}}, cqc(409)},
		{"POST", "/assessments/:id/return/items/:item", item, url.Values{"title": {"T"}, "wanted": {"W"}}, cqc(409)},
		{"POST", "/assessments/:id/return/items", r + "/items", url.Values{"part": {"evidence"}, "title": {"T"}, "wanted": {"W"},
			"kind": {"text"}}, cqc(409)},
		{"POST", "/assessments/:id/return/items/:item/answer", item + "/answer",
			url.Values{"kind": {"text"}, "text": {"42 people wait"}, "version": {"0"}}, council(303)},
		{"POST", "/assessments/:id/return/submit", r + "/submit", url.Values{}, council(422)},
		{"GET", "/assessments/:id/requests", rq, nil, ashford(302)},
		{"POST", "/assessments/:id/requests", rq, url.Values{"qs": {"safeguarding"}, "wanted": {"More"}, "due-day": {due.Format("2")},
			"due-month": {due.Format("1")}, "due-year": {due.Format("2006")}}, statuses{302, 403, 403, 404, 303, 404, 403, 403}},
		{"GET", "/assessments/:id/requests/:request", req, nil, ashford(302)},
		{"POST", "/assessments/:id/requests/:request/messages", req + "/messages", url.Values{"text": {"Attached"}},
			statuses{302, 303, 403, 404, 303, 404, 403, 403}},
		{"POST", "/assessments/:id/requests/:request/accept", req + "/accept", url.Values{}, statuses{302, 403, 403, 404, 303, 404, 403, 403}},
		{"GET", "/notifications", "/notifications", nil, signedIn(302, 200)},
		{"GET", "/api/v1/assessments/:id/return", "/api/v1" + r, nil, ashford(401)},
		// Sent as JSON (routeJSON): a text answer, 204 for the council's submitter.
		{"POST", "/api/v1/assessments/:id/return/items/:item", "/api/v1" + item, nil, statuses{401, 204, 403, 404, 403, 404, 403, 403}},
		// The rest of the API, as the pages above; JSON bodies in routeJSON.
		{"GET", "/api/v1/returns", "/api/v1/returns", nil, signedIn(401, 200)},
		// The draft's routes: the fixture's return is issued (409) and exists
		// already, so starting another is 409 too.
		{"POST", "/api/v1/assessments/:id/return", "/api/v1" + r, nil, cqcAPI(409)},
		{"POST", "/api/v1/assessments/:id/return/items", "/api/v1" + r + "/items", nil, cqcAPI(409)},
		{"PATCH", "/api/v1/assessments/:id/return/items/:item", "/api/v1" + item, nil, cqcAPI(409)},
		{"DELETE", "/api/v1/assessments/:id/return/items/:item", "/api/v1" + item, nil, cqcAPI(409)},
		{"POST", "/api/v1/assessments/:id/return/issue", "/api/v1" + r + "/issue", nil, cqcAPI(409)},
		{"POST", "/api/v1/assessments/:id/return/submit", "/api/v1" + r + "/submit", nil, statuses{401, 422, 403, 404, 403, 404, 403, 403}},
		{"GET", "/api/v1/requests", "/api/v1/requests", nil, signedIn(401, 200)},
		{"GET", "/api/v1/assessments/:id/requests", "/api/v1" + rq, nil, ashford(401)},
		{"POST", "/api/v1/assessments/:id/requests", "/api/v1" + rq, nil, statuses{401, 403, 403, 404, 201, 404, 403, 403}},
		{"GET", "/api/v1/assessments/:id/requests/:request", "/api/v1" + reqAPI, nil, ashford(401)},
		{"POST", "/api/v1/assessments/:id/requests/:request/messages", "/api/v1" + reqAPI + "/messages", nil,
			statuses{401, 204, 403, 404, 204, 404, 403, 403}},
		{"POST", "/api/v1/assessments/:id/requests/:request/accept", "/api/v1" + reqAPI + "/accept", nil,
			statuses{401, 403, 403, 404, 204, 404, 403, 403}},
	}
}

// TestReturnJourney: the inspector starts, edits and issues the return;
// the council's submitter answers by documents with pages, a link, a text
// and a table while the viewer watches and cannot answer; bad answers are
// refused with a message and change nothing; the return is submitted,
// frozen, and a new version of a cited document does not change it;
// Brookmere sees none of it.
func TestReturnJourney(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	r := fmt.Sprintf("/assessments/%d/return", id)
	ins, sub, viewer := "inspector.a@demo.test", "submitter.a@demo.test", "viewer.a@demo.test"
	env.run(t, []step{
		{"no return yet", "GET", r, ins, nil, 200, []string{"Start the information return"}, nil},
		{"the council sees none", "GET", r, viewer, nil, 200, []string{"No information return has been issued yet"}, []string{"Start the information return"}},
		{"the viewer cannot start one", "POST", r, viewer, url.Values{}, 403, nil, nil},
		{"another council's inspector", "POST", r, "inspector.b@demo.test", url.Values{}, 404, nil, nil},
		{"the inspector starts it", "POST", r, ins, url.Values{}, 303, nil, nil},
		{"the draft", "GET", r, ins, nil, 200, []string{"This is a draft", "Contacts for interviews and focus groups",
			"Market position statement", "Issue the return to the council", "Where the text comes from"}, nil},
		{"the council does not see a draft", "GET", r, sub, nil, 200, []string{"No information return has been issued yet"}, []string{"Market position statement"}},
	})
	rt, err := env.st.ReturnOf(context.Background(), authz.AllLAs(), id)
	if err != nil {
		t.Fatal(err)
	}
	items := env.returnItemIDs(t, rt.ID)
	it := func(key string) string { return fmt.Sprintf("%s/items/%d", r, items[key]) }
	env.run(t, []step{
		{"a draft item is missing to the council", "GET", it("jsna"), sub, nil, 404, nil, nil},
		{"an empty title", "POST", it("jsna"), ins, url.Values{"title": {" "}, "wanted": {"x"}}, 422, []string{"Enter a title"}, nil},
		{"the inspector edits an item", "POST", it("jsna"), ins, url.Values{"title": {"Joint strategic needs assessment (JSNA)"},
			"wanted": {"A link to the JSNA."}, "required": {"yes"}}, 303, nil, nil},
		{"and removes one", "POST", it("peer-reviews"), ins, url.Values{"remove": {"yes"}}, 303, nil, nil},
		{"days out of range", "POST", r + "/issue", ins, url.Values{"due_days": {"0"}}, 422, []string{"Enter a number of days from 1 to 120"}, nil},
		{"the inspector issues it", "POST", r + "/issue", ins, url.Values{"due_days": {"21"}}, 303, nil, nil},
		{"issuing twice", "POST", r + "/issue", ins, url.Values{"due_days": {"21"}}, 409, []string{"issued already"}, nil},
		{"editing after issue", "POST", it("jsna"), ins, url.Values{"title": {"x"}, "wanted": {"y"}}, 409, nil, nil},
		{"the council sees it", "GET", r, viewer, nil, 200, []string{"Joint strategic needs assessment (JSNA)", "due in 21 days",
			"0 of 10 required items answered"}, []string{"Peer reviews", "Submit the return"}},
		{"Brookmere does not", "GET", r, "submitter.b@demo.test", nil, 404, nil, nil},
		{"the council is told", "GET", "/notifications", viewer, nil, 200, []string{"CQC has issued your council&#39;s information return", r}, nil},
		{"and only once", "GET", "/notifications", viewer, nil, 200, nil, []string{"New</strong>"}},
		{"Brookmere is not", "GET", "/notifications", "submitter.b@demo.test", nil, 200, []string{"You have no notifications"}, nil},
		{"the council's home page shows it due", "GET", "/", sub, nil, 200, []string{"Due next", r, "(due in 21 days)"}, nil},
		{"Brookmere's does not", "GET", "/", "submitter.b@demo.test", nil, 200, nil, []string{"Due next"}},
		{"the viewer cannot answer", "POST", it("waiting-lists") + "/answer", viewer, url.Values{"kind": {"text"}, "text": {"x"}, "version": {"0"}}, 403, nil, nil},
	})

	// Evidence to cite: a read document of Ashford's, of 3 pages; one of Brookmere's.
	doc := env.readyDocument(t, "E06009901", sub, "Ashford self-assessment 2025")
	other := env.readyDocument(t, "E06009902", "submitter.b@demo.test", "Brookmere self-assessment")
	pages := "1" // readyDocument's documents have one page
	answer := func(kind string, kv ...string) url.Values {
		f := url.Values{"kind": {kind}, "version": {"0"}}
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	before := env.auditCount(t, "return_item_answered")
	env.run(t, []step{
		{"another council's document", "POST", it("self-assessment") + "/answer", sub, answer("documents", "cites", "1", "doc-0", other.ID), 422,
			[]string{"Choose documents of your council that have been read"}, nil},
		{"a page past the end", "POST", it("self-assessment") + "/answer", sub, answer("documents", "cites", "1", "doc-0", doc.ID, "page-0", "99"), 422,
			[]string{"pages within them"}, nil},
		{"a page that is no number", "POST", it("self-assessment") + "/answer", sub, answer("documents", "cites", "1", "doc-0", doc.ID, "page-0", "two"), 422,
			[]string{"Enter a page number of 1 or more"}, nil},
		{"a javascript: link", "POST", it("jsna") + "/answer", sub, answer("link", "link", "javascript:alert(1)"), 422,
			[]string{"Enter a link that starts with https://"}, []string{`href="javascript:`}},
		{"a forged kind", "POST", it("jsna") + "/answer", sub, answer("text", "text", "hello"), 422, []string{"Answer this item as it asks"}, nil},
		{"an oversized text", "POST", it("waiting-lists") + "/answer", sub, answer("text", "text", strings.Repeat("x", 10001)), 422,
			[]string{"10,000 characters or fewer"}, nil},
		{"an item of another return", "POST", fmt.Sprintf("%s/items/%d/answer", r, items["jsna"]+100000), sub, answer("link", "link", "https://example.org"), 404, nil, nil},
	})
	if n := env.auditCount(t, "return_item_answered"); n != before {
		t.Errorf("refused answers wrote %d audit entries", n-before)
	}
	env.run(t, []step{
		{"documents with pages", "POST", it("self-assessment") + "/answer", sub, answer("documents", "cites", "2", "doc-0", doc.ID,
			"page-0", pages, "section-0", "Part 2", "doc-1", doc.ID), 303, nil, nil},
		{"a link", "POST", it("jsna") + "/answer", sub, answer("link", "link", "https://www.ashford.example/jsna"), 303, nil, nil},
		{"a text", "POST", it("waiting-lists") + "/answer", sub, answer("text", "text", "42 people wait for an assessment"), 303, nil, nil},
		{"a table", "POST", it("interview-contacts") + "/answer", sub, answer("table", "rows", "2",
			"cell-0-0", "Ann Smith", "cell-0-1", "Director of adult social care", "cell-0-3", "ann@ashford.example"), 303, nil, nil},
		{"a stale form", "POST", it("waiting-lists") + "/answer", sub, answer("text", "text", "Changed"), 409,
			[]string{"Someone else changed this answer", "42 people wait"}, nil},
		{"the item shows who answered", "GET", it("waiting-lists"), viewer, nil, 200, []string{"42 people wait for an assessment", "by submitter.a@demo.test"},
			[]string{"Save the answer"}},
		{"the documents item links its pages", "GET", it("self-assessment"), ins, nil, 200,
			[]string{doc.Title, "/documents/" + doc.ID + "?page=" + pages + "#page-" + pages, "section Part 2"}, nil},
		{"the link is a link", "GET", it("jsna"), ins, nil, 200, []string{`href="https://www.ashford.example/jsna"`}, nil},
		{"the inspector sees the contacts", "GET", it("interview-contacts"), ins, nil, 200, []string{"Ann Smith", "holds personal data"}, nil},
		{"the panel does not", "GET", it("interview-contacts"), "panel@demo.test", nil, 200, []string{"only the council's staff and the assessment's inspectors"},
			[]string{"Ann Smith"}},
		{"nor does an admin", "GET", r, "admin@demo.test", nil, 200, nil, []string{"Ann Smith"}},
		{"progress", "GET", r + "?part=evidence", viewer, nil, 200, []string{"Information return: Evidence for each theme and quality statement"},
			[]string{"Contacts for interviews and focus groups"}},
		{"by statement", "GET", r + "?qs=safeguarding", ins, nil, 200, []string{"Safeguarding Adults Board annual report"}, []string{"Market position statement"}},
		{"submitting with required items missing", "POST", r + "/submit", sub, url.Values{}, 422,
			[]string{"Answer this required item, or say why you cannot"}, nil},
	})
	if n := env.auditCount(t, "return_personal_data_viewed"); n < 1 {
		t.Errorf("views of personal data audited %d times, want at least 1", n)
	}
	// The same through the JSON API.
	api := fmt.Sprintf("/api/v1/assessments/%d/return", id)
	for _, tc := range []struct {
		name, method, path, as, body string
		want                         int
		contains                     string
	}{
		{"the return as JSON", "GET", api, viewer, "", 200, `"title":"Market position statement"`},
		{"personal answers for the council", "GET", api, viewer, "", 200, "Ann Smith"},
		{"not for the panel", "GET", api, "panel@demo.test", "", 200, `"personal":true`},
		{"Brookmere gets 404", "GET", api, "submitter.b@demo.test", "", 404, "not_found"},
		{"a javascript: link", "POST", fmt.Sprintf("%s/items/%d", api, items["jsna"]), sub, `{"kind": "link", "link": "javascript:alert(1)", "version": 1}`, 422, "https://"},
		{"a forged kind", "POST", fmt.Sprintf("%s/items/%d", api, items["jsna"]), sub, `{"kind": "table", "rows": [["a"]], "version": 1}`, 422, "Answer this item as it asks"},
		{"the viewer may not", "POST", fmt.Sprintf("%s/items/%d", api, items["jsna"]), viewer, `{"kind": "link", "link": "https://example.org", "version": 1}`, 403, "forbidden"},
		{"a link through the API", "POST", fmt.Sprintf("%s/items/%d", api, items["jsna"]), sub, `{"kind": "link", "link": "https://www.ashford.example/jsna-2025", "version": 1}`, 204, ""},
	} {
		rec := env.requestJSON(t, tc.method, tc.path, tc.as, tc.body)
		if rec.Code != tc.want || !strings.Contains(rec.Body.String(), tc.contains) {
			t.Errorf("%s: %s %s = %d %.300s; want %d with %q", tc.name, tc.method, tc.path, rec.Code, rec.Body.String(), tc.want, tc.contains)
		}
	}
	if rec := env.requestJSON(t, "GET", api, "panel@demo.test", ""); strings.Contains(rec.Body.String(), "Ann Smith") {
		t.Errorf("the panel got personal data through the API")
	}
	reasons := url.Values{}
	for _, key := range []string{"case-list", "strategies-policies", "surveys", "market-position", "safeguarding-board", "performance-data"} {
		reasons.Set(fmt.Sprintf("reason-%d", items[key]), "To follow in the site visit")
	}
	env.run(t, []step{
		{"the viewer cannot submit", "POST", r + "/submit", viewer, reasons, 403, nil, nil},
		{"submitted with reasons", "POST", r + "/submit", sub, reasons, 303, nil, nil},
		{"submitting twice", "POST", r + "/submit", sub, reasons, 409, []string{"submitted already"}, nil},
		{"the inspector is told", "GET", "/notifications", ins, nil, 200, []string{"The council has submitted its information return"}, nil},
		{"answering after submission", "POST", it("jsna") + "/answer", sub, answer("link", "link", "https://example.org/x"), 409,
			[]string{"answers can no longer be changed"}, nil},
		{"frozen", "GET", r, ins, nil, 200, []string{"Submitted", "by submitter.a@demo.test", "To follow in the site visit"}, []string{"Submit the return"}},
	})

	// A new version of the cited document: the answer still cites the
	// version submitted, and says a newer one exists.
	nv := env.readyDocument(t, "E06009901", sub, "Ashford self-assessment 2025, revised")
	if _, err := env.st.Pool().Exec(context.Background(), `UPDATE documents SET replaces = $1 WHERE id = $2`, doc.ID, nv.ID); err != nil {
		t.Fatal(err)
	}
	// A further request on safeguarding, answered in its thread and accepted.
	rq := fmt.Sprintf("/assessments/%d/requests", id)
	due := time.Now().In(env.srv.loc).AddDate(0, 0, 5)
	raise := url.Values{"qs": {"safeguarding"}, "wanted": {"Your Section 42 enquiries by outcome"}, "due-day": {due.Format("2")},
		"due-month": {due.Format("1")}, "due-year": {due.Format("2006")}}
	env.run(t, []step{
		{"no statement", "POST", rq, ins, url.Values{"wanted": {"x"}, "due-day": {"1"}, "due-month": {"1"}, "due-year": {"2099"}}, 422,
			[]string{"Select at least one quality statement"}, nil},
		{"a date in the past", "POST", rq, ins, url.Values{"qs": {"safeguarding"}, "wanted": {"x"}, "due-day": {"1"}, "due-month": {"1"}, "due-year": {"2020"}}, 422,
			[]string{"today or in the future"}, nil},
		{"the council cannot raise one", "POST", rq, sub, raise, 403, nil, nil},
		{"the inspector raises one", "POST", rq, ins, raise, 303, nil, nil},
		{"the council sees it", "GET", rq, viewer, nil, 200, []string{"Your Section 42 enquiries by outcome", "Safeguarding"}, []string{"Send the request"}},
		{"and on its home page", "GET", "/", sub, nil, 200, []string{"Further evidence request: Safeguarding", "(due in 5 days)"}, nil},
		{"Brookmere does not", "GET", rq, "submitter.b@demo.test", nil, 404, nil, nil},
	})
	reqs, err := env.st.Requests(context.Background(), authz.AllLAs(), id, true)
	if err != nil || len(reqs) != 1 {
		t.Fatalf("open requests = %d, %v", len(reqs), err)
	}
	req := fmt.Sprintf("%s/%d", rq, reqs[0].ID)
	env.run(t, []step{
		{"a javascript: link in the thread", "POST", req + "/messages", sub, url.Values{"text": {"see"}, "link": {"javascript:alert(1)"}}, 422,
			[]string{"Enter a link that starts with https://"}, nil},
		{"another council's document", "POST", req + "/messages", sub, url.Values{"document": {other.ID}}, 422,
			[]string{"Choose a document of the council that has been read"}, nil},
		{"the council answers", "POST", req + "/messages", sub, url.Values{"text": {"Our enquiries are in the board report"},
			"document": {doc.ID}, "page": {"1"}, "link": {"https://www.ashford.example/sab"}}, 303, nil, nil},
		{"the viewer cannot", "POST", req + "/messages", viewer, url.Values{"text": {"x"}}, 403, nil, nil},
		{"the council cannot accept", "POST", req + "/accept", sub, url.Values{}, 403, nil, nil},
		{"the thread", "GET", req, ins, nil, 200, []string{"Our enquiries are in the board report", "/documents/" + doc.ID + "?page=1#page-1",
			`href="https://www.ashford.example/sab"`, "Accept the answer"}, nil},
		{"the inspector accepts", "POST", req + "/accept", ins, url.Values{}, 303, nil, nil},
		{"accepting twice", "POST", req + "/accept", ins, url.Values{}, 409, []string{"closed already"}, nil},
		{"the inspector heard of the answer", "GET", "/notifications", ins, nil, 200, []string{"The council has answered a further evidence request"}, nil},
		{"the council of the acceptance", "GET", "/notifications", sub, nil, 200, []string{"CQC has accepted your answer", "CQC has asked for further evidence"}, nil},
		{"no more messages", "POST", req + "/messages", sub, url.Values{"text": {"late"}}, 409, []string{"The request is closed"}, nil},
		{"closed", "GET", req, viewer, nil, 200, []string{"Accepted"}, []string{"Send the message"}},
	})
	// An overdue request shows on its inspector's home page, not on another's.
	late, err := env.st.RaiseRequest(context.Background(), authz.AllLAs(), id, assessment.RequestInput{QS: []string{"equity"},
		Wanted: "Equality data", Due: time.Now()}, ins, env.auditAs("evidence_request_raised"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.st.Pool().Exec(context.Background(), `UPDATE evidence_requests SET due_on = due_on - 3 WHERE id = $1`, late); err != nil {
		t.Fatal(err)
	}
	env.run(t, []step{
		{"overdue on the inspector's home page", "GET", "/", ins, nil, 200, []string{"Overdue further evidence requests", "Further evidence request: Equity", "overdue by 3 days"}, nil},
		{"not on another inspector's", "GET", "/", "inspector.b@demo.test", nil, 200, nil, []string{"Overdue further evidence requests"}},
	})
	if n := env.auditCount(t, "evidence_request_accepted"); n != 1 {
		t.Errorf("acceptances audited %d times, want 1", n)
	}

	env.run(t, []step{
		{"a newer version exists", "GET", it("self-assessment"), ins, nil, 200,
			[]string{"/documents/" + doc.ID + "?page=" + pages + "#page-" + pages, "a newer version exists", "/documents/" + nv.ID}, nil},
	})
}

func (e *testEnv) auditCount(t *testing.T, action string) int {
	t.Helper()
	page, err := e.st.AuditLog(context.Background(), authz.AllLAs(), 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, en := range page.Entries {
		if en.Action == action {
			n++
		}
	}
	return n
}
