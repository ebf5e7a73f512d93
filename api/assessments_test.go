package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

// setupAssessmentRoutes opens the route table's assessment of Ashford Vale
// Council, in progress, with inspector.a as its inspector.
func setupAssessmentRoutes(t *testing.T, env *testEnv, fx *routeFixtures) {
	t.Helper()
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	fx.Assessment = strconv.FormatInt(id, 10)
	// The route table adds inspector.c, who must have signed in as one.
	u, err := env.st.UpsertUser(context.Background(), store.Identity{Issuer: "test", Subject: "inspector.c@demo.test", Email: "inspector.c@demo.test"},
		authz.Assignment{Role: authz.RoleInspector}, true)
	if err != nil {
		t.Fatal(err)
	}
	fx.InspectorC = strconv.FormatInt(u.ID, 10)
}

// openAssessment opens an assessment as an admin would and puts the
// inspectors on it.
func (e *testEnv) openAssessment(t testing.TB, la, version string, inspectors ...string) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := e.st.CreateAssessment(ctx, la, version, "admin@demo.test", e.auditAs("assessment_opened"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inspectors {
		if err := e.st.AddAssessmentInspector(ctx, id, in, e.auditAs("assessment_inspector_added")); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// endComments has Ashford's submitter say the council has no more factual
// accuracy comments on the assessment at path a, so that it may be
// published before the deadline.
func (e *testEnv) endComments(t testing.TB, a string) {
	t.Helper()
	if rec := e.request(t, http.MethodPost, a+"/comments/end", "submitter.a@demo.test", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("no more comments = %d: %.300s", rec.Code, rec.Body.String())
	}
}

type step struct {
	name       string
	method     string
	path       string
	as         string
	form       url.Values
	wantStatus int
	want       []string
	wantNot    []string
}

func (e *testEnv) run(t *testing.T, steps []step) {
	t.Helper()
	for _, st := range steps {
		rec := e.request(t, st.method, st.path, st.as, st.form)
		if rec.Code != st.wantStatus {
			t.Fatalf("%s: %s %s as %s = %d, want %d; %.600s", st.name, st.method, st.path, st.as, rec.Code, st.wantStatus, rec.Body.String())
		}
		body := rec.Body.String()
		for _, w := range st.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: response lacks %q", st.name, w)
			}
		}
		for _, w := range st.wantNot {
			if strings.Contains(body, w) {
				t.Errorf("%s: response holds %q", st.name, w)
			}
		}
	}
}

func scoreValues(qs, category string, score, version int, rationale string, cites ...string) url.Values {
	f := url.Values{"qs": {qs}, "category": {category}, "score": {strconv.Itoa(score)}, "version": {strconv.Itoa(version)},
		"rationale": {rationale}}
	for i := 0; i+1 < len(cites); i += 2 {
		f.Add("cite_doc", cites[i])
		f.Add("cite_page", cites[i+1])
	}
	return f
}

func (e *testEnv) assessmentJSON(t *testing.T, id int64, as string) (int, assessmentJSON) {
	t.Helper()
	rec := e.request(t, http.MethodGet, fmt.Sprintf("/api/v1/assessments/%d", id), as, nil)
	var doc assessmentJSON
	if rec.Code == http.StatusOK {
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatalf("decode %s: %v", rec.Body.String(), err)
		}
	}
	return rec.Code, doc
}

// TestAssessmentEndToEnd scores a whole assessment through the pages, checks
// the computed rating on the page and in the API, takes it through
// calibration and factual accuracy, with each transition tried by every role,
// and publishes it.
func TestAssessmentEndToEnd(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	a := fmt.Sprintf("/assessments/%d", id)
	ins := "inspector.a@demo.test"

	// Five 4s and four 3s: 32/36 = 88.9, shown as 89%, Outstanding, near the lower threshold.
	scores := map[string]int{"assessing-needs": 4, "healthier-lives": 4, "equity": 4, "care-provision": 4, "partnerships": 4,
		"safe-systems": 3, "safeguarding": 3, "governance": 3, "learning": 3}
	for _, q := range env.srv.catalogue.Statements {
		rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", scores[q.Slug], 0, "Finding for "+q.Name, env.doc.ID, "1"))
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("score %s = %d: %.500s", q.Slug, rec.Code, rec.Body.String())
		}
	}
	env.run(t, []step{
		{"the task list shows the rating", "GET", a, ins, nil, 200,
			[]string{"Outstanding", "89%", "Near the lower threshold of Outstanding", "Not triggered", "You have scored 9 of 9 quality statements",
				"Check your answers and send to calibration", `id="task-equity-status">Completed`}, []string{"provisional", "In progress</strong></div>", "Cannot start yet"}},
		{"the check answers page every score and rationale", "GET", a + "/check", ins, nil, 200,
			[]string{"Send to calibration", "Finding for Equity", "4 – Exceptional standard", "?edit=equity-qs#item-equity-qs"}, []string{"No evidence cited"}},
		{"the council sees only the state while in progress", "GET", a, "viewer.a@demo.test", nil, 200,
			[]string{"In progress", "You will see your draft scores"}, []string{"Outstanding", "Finding for"}},
		{"another council's assessment is missing", "GET", a, "submitter.b@demo.test", nil, 404, nil, nil},
	})
	code, doc := env.assessmentJSON(t, id, ins)
	if code != 200 || doc.Results == nil || doc.Results.Overall == nil || doc.Results.Overall.Percent != 89 ||
		doc.Results.Overall.Rating != "outstanding" || doc.Results.Overall.Position != "lower" || !doc.Results.Overall.Complete ||
		len(doc.Scores) != 9 || len(doc.History) != 9 || doc.Results.Section50.Triggered {
		t.Fatalf("API as inspector = %d %+v", code, doc)
	}
	if code, doc := env.assessmentJSON(t, id, "viewer.a@demo.test"); code != 200 || doc.Scores != nil || doc.Results != nil || doc.History != nil {
		t.Errorf("API as the council in progress = %d %+v, want the state only", code, doc)
	}
	if code, _ := env.assessmentJSON(t, id, "inspector.b@demo.test"); code != 404 {
		t.Errorf("API as another council's inspector = %d, want 404", code)
	}

	// Each transition, by every role: only the right one moves it.
	move := func(to, comment string) url.Values { return url.Values{"to": {to}, "comment": {comment}} }
	tryAll := func(to string, right string, wrong map[string]int) {
		t.Helper()
		for who, want := range wrong {
			if rec := env.request(t, http.MethodPost, a+"/state", who, move(to, "because")); rec.Code != want {
				t.Errorf("move to %s as %s = %d, want %d", to, who, rec.Code, want)
			}
		}
		if rec := env.request(t, http.MethodPost, a+"/state", right, move(to, "because")); rec.Code != http.StatusSeeOther {
			t.Fatalf("move to %s as %s = %d: %.500s", to, right, rec.Code, rec.Body.String())
		}
	}
	others := func(ok ...string) map[string]int {
		m := map[string]int{"submitter.a@demo.test": 403, "viewer.a@demo.test": 403, "submitter.b@demo.test": 404,
			"inspector.a@demo.test": 403, "inspector.b@demo.test": 404, "panel@demo.test": 403, "admin@demo.test": 403}
		for _, o := range ok {
			delete(m, o)
		}
		return m
	}
	tryAll("calibration", ins, others(ins))
	env.run(t, []step{
		{"scores are frozen in calibration", "POST", a + "/scores", ins, scoreValues("equity", "", 1, 1, "Lower"), 409,
			[]string{"Scores cannot be changed now"}, nil},
		{"the panel sees it read-only", "GET", a, "panel@demo.test", nil, 200,
			[]string{"Validate and send for factual accuracy", "Return to the inspectors", "Finding for Equity"}, []string{`name="rationale"`}},
		{"returning needs a reason", "POST", a + "/state", "panel@demo.test", move("in_progress", ""), 422,
			[]string{"Enter why you are returning the assessment"}, nil},
	})
	tryAll("in_progress", "panel@demo.test", others("panel@demo.test"))
	tryAll("calibration", ins, nil)
	wrongFA := others("panel@demo.test")
	tryAll("factual_accuracy", "panel@demo.test", wrongFA)

	deadline, err := env.srv.calendar.AddWorkingDays(time.Now().In(env.srv.loc), 10)
	if err != nil {
		t.Fatal(err)
	}
	env.run(t, []step{
		{"the council now sees its draft scores and the deadline", "GET", a, "viewer.a@demo.test", nil, 200,
			[]string{"Outstanding", "89%", "Finding for Equity", deadline.Format("Monday 2 January 2006")}, []string{"Send comment"}},
		{"a comment needs text", "POST", a + "/comments", "submitter.a@demo.test", url.Values{"qs": {"equity"}}, 422,
			[]string{"Enter your comment", "There is a problem"}, nil},
		{"a comment cannot cite another council's document", "POST", a + "/comments", "submitter.a@demo.test",
			url.Values{"qs": {"equity"}, "comment": {"x"}, "document": {env.readyDocument(t, "E06009902", "submitter.b@demo.test", "Brookmere").ID}, "page": {"1"}}, 422,
			[]string{"Select one of your council"}, nil},
		{"viewers cannot comment", "POST", a + "/comments", "viewer.a@demo.test", url.Values{"qs": {"equity"}, "comment": {"x"}}, 403, nil, nil},
		{"the submitter comments with evidence", "POST", a + "/comments", "submitter.a@demo.test",
			url.Values{"qs": {"equity"}, "comment": {"The 2024 survey is missing"}, "document": {env.doc.ID}, "page": {"1"}}, 303, nil, nil},
		{"publishing waits for the deadline", "POST", a + "/state", ins, move("published", ""), 422,
			[]string{"You can publish the rating after the council&#39;s deadline for factual accuracy comments (the end of " + deadline.Format("Monday 2 January 2006"),
				"or sooner if the council says it has no more comments", "(1 comment to answer)"}, nil},
		{"the inspector sees the comment and why publishing waits", "GET", a, ins, nil, 200,
			[]string{"The 2024 survey is missing", "Save answer", "You can publish the rating after the council&#39;s deadline"}, []string{"Publish the rating"}},
		{"the council is offered to say it has no more", "GET", a, "submitter.a@demo.test", nil, 200, []string{"We have no more comments", "or sooner if you tell it"}, nil},
		{"a viewer cannot say it", "POST", a + "/comments/end", "viewer.a@demo.test", url.Values{}, 403, nil, nil},
		{"another council cannot say it", "POST", a + "/comments/end", "submitter.b@demo.test", url.Values{}, 404, nil, nil},
		{"the council has no more comments", "POST", a + "/comments/end", "submitter.a@demo.test", url.Values{}, 303, nil, nil},
		{"the council sees what it said", "GET", a + "?ended=1", "submitter.a@demo.test", nil, 200,
			[]string{"You have told CQC that your council has no more factual accuracy comments", "submitter.a@demo.test told CQC on"}, []string{"Send comment", "We have no more comments"}},
		{"no comment after it", "POST", a + "/comments", "submitter.a@demo.test", url.Values{"qs": {"equity"}, "comment": {"One more"}}, 409,
			[]string{"Comments can no longer be sent"}, nil},
		{"saying it twice", "POST", a + "/comments/end", "submitter.a@demo.test", url.Values{}, 409, []string{"The factual accuracy check is not open"}, nil},
		{"publishing still waits for answers", "POST", a + "/state", ins, move("published", ""), 422,
			[]string{"Answer every factual accuracy comment before publishing: 1 comment to answer"}, nil},
	})
	code, doc = env.assessmentJSON(t, id, "viewer.a@demo.test")
	if code != 200 || len(doc.Comments) != 1 || doc.Results.Overall.Percent != 89 || doc.History != nil || doc.Inspectors != nil {
		t.Fatalf("API as the council in factual accuracy = %d %+v", code, doc)
	}
	cs, err := env.st.Comments(context.Background(), authz.AllLAs(), id)
	if err != nil || len(cs) != 1 {
		t.Fatal(cs, err)
	}
	answer := fmt.Sprintf("%s/comments/%d/answer", a, cs[0].ID)
	env.run(t, []step{
		{"an answer needs text", "POST", answer, ins, url.Values{"answer": {" "}}, 422, []string{"Enter your answer"}, nil},
		{"another inspector cannot answer", "POST", answer, "inspector.b@demo.test", url.Values{"answer": {"x"}}, 404, nil, nil},
		{"the inspector answers", "POST", answer, ins, url.Values{"answer": {"Added to the findings"}}, 303, nil, nil},
		{"the council sees the answer", "GET", a, "submitter.a@demo.test", nil, 200, []string{"Added to the findings"}, nil},
		{"nothing is published yet", "GET", "/ratings", anon, nil, 200, []string{"No ratings have been published yet"}, nil},
	})
	tryAll("published", ins, others(ins))
	env.run(t, []step{
		{"the public page lists the rating", "GET", "/ratings", anon, nil, 200,
			[]string{"Ashford Vale Council", "Outstanding", "(89%)", "Near the lower threshold", "Assessing needs", "Rating last changed"},
			[]string{"Brookmere", "Finding for"}},
		{"the ratings say what the scores mean and can be searched", "GET", "/ratings", anon, nil, 200,
			[]string{"What the quality statement scores mean", "Exceptional standard", "1 local authority", `<option value="Outstanding">`}, nil},
		{"a search by part of the name", "GET", "/ratings?q=ashford", anon, nil, 200, []string{"Ashford Vale Council", "1 of 1 local authorities", "Clear the search"}, nil},
		{"a search by code", "GET", "/ratings?q=E06009901", anon, nil, 200, []string{"Ashford Vale Council"}, nil},
		{"a search that finds none", "GET", "/ratings?q=%3Cscript%3Ebrook", anon, nil, 200,
			[]string{"No local authority matches your search", "&lt;script&gt;brook"}, []string{"Ashford Vale Council</h2>", "<script>brook"}},
		{"a filter by rating", "GET", "/ratings?rating=Outstanding", anon, nil, 200, []string{"Ashford Vale Council", `<option value="Outstanding" selected>`}, nil},
		{"a filter by another rating", "GET", "/ratings?rating=Good", anon, nil, 200, []string{"No local authority matches your search"}, []string{"(89%)"}},
		{"regions to filter by", "GET", "/ratings", anon, nil, 200, []string{`<option value="E12000007">London</option>`, "Any region"}, nil},
		{"a filter by a region the (demo) council is not known in", "GET", "/ratings?region=E12000007", anon, nil, 200,
			[]string{"No local authority matches your search", `<option value="E12000007" selected>London</option>`}, []string{"(89%)"}},
		{"the council sees it published", "GET", a, "viewer.a@demo.test", nil, 200, []string{"Published", "Outstanding", "Rating last changed"}, []string{"Send comment"}},
	})
	// Every step is in the audit log.
	log, err := env.st.AuditLog(context.Background(), authz.AllLAs(), 200, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range log.Entries {
		seen[e.Action]++
	}
	for action, n := range map[string]int{"score_saved": 9, "assessment_calibration": 2, "assessment_in_progress": 1,
		"assessment_factual_accuracy": 1, "fa_comment_sent": 1, "fa_comments_ended": 1, "fa_comment_answered": 1, "assessment_published": 1} {
		if seen[action] != n {
			t.Errorf("audit log has %d %s, want %d", seen[action], action, n)
		}
	}
}

// TestInterimCategoryScores scores evidence categories under the 2023
// interim method and checks each quality statement's computed score, the
// section 50 flag, the band-change history and the CSV export.
func TestInterimCategoryScores(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	id := env.openAssessment(t, "E06009901", "interim-2023", "inspector.a@demo.test")
	a := fmt.Sprintf("/assessments/%d", id)
	ins := "inspector.a@demo.test"
	save := func(qs, cat string, score, version int) {
		t.Helper()
		if rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues(qs, cat, score, version, "Seen "+cat, env.doc.ID, "1")); rec.Code != http.StatusSeeOther {
			t.Fatalf("save %s/%s = %d: %.500s", qs, cat, rec.Code, rec.Body.String())
		}
	}
	// Equity 3,3,3,2 = 11/16 = 69%, so 3; safeguarding 1,2 = 3/8 = 38%, so 1.
	for i, cat := range []string{"people-experience", "staff-leaders-feedback", "partners-feedback", "processes"} {
		save("equity", cat, []int{3, 3, 3, 2}[i], 0)
	}
	save("safeguarding", "people-experience", 1, 0)
	save("safeguarding", "processes", 2, 0)
	env.run(t, []step{
		{"computed scores", "GET", a, ins, nil, 200, []string{"69% from 4 of 5 evidence categories (11 out of 16)",
			"3 – Good standard", "38% from 2 of 5 evidence categories", "1 – Significant shortfalls", "Triggered", "Scored 1: Safeguarding",
			"provisional: 2 of 9"}, nil},
		{"a direct score is refused under the interim method", "POST", a + "/scores", ins, scoreValues("equity", "", 3, 0, "x"), 400, nil, nil},
		{"observation is never scored", "POST", a + "/scores", ins, scoreValues("equity", "observation", 3, 0, "x"), 400, nil, nil},
	})
	// Processes 2 to 4 gives 13/16 = 81%, still 3; outcomes 4 gives 17/20 = 85%, still 3.
	save("equity", "processes", 4, 1)
	save("equity", "outcomes", 4, 0)
	// People's experience 3 to 4: 18/20 = 90%, so 4: a change of band.
	save("equity", "people-experience", 4, 1)
	save("equity", "people-experience", 4, 2) // reviewed, unchanged
	env.run(t, []step{
		{"history flags the band change and the review", "GET", a, ins, nil, 200,
			[]string{"Quality statement score changed from 3 to 4", "Reviewed, unchanged", "90% from 5 of 5"}, nil},
	})
	code, doc := env.assessmentJSON(t, id, ins)
	if code != 200 || len(doc.History) != 10 || !doc.History[1].QSBandChanged || !doc.History[0].Reviewed || doc.History[2].QSBandChanged {
		t.Fatalf("history = %d %+v", code, doc.History)
	}
	var eq qsResultJSON
	for _, q := range doc.Results.QualityStatements {
		if q.QS == "equity" {
			eq = q
		}
	}
	if eq.Score != 4 || eq.Percent != 90 || eq.Categories["outcomes"] != 4 || !doc.Results.Section50.Triggered {
		t.Errorf("equity result = %+v, section 50 %+v", eq, doc.Results.Section50)
	}
	rec := env.request(t, http.MethodGet, a+"/export.csv", "admin@demo.test", nil)
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
		!strings.Contains(body, "equity,Equity in experience and outcomes,quality statement score,4") ||
		!strings.Contains(body, "safeguarding,Safeguarding,people-experience,1,Seen people-experience") {
		t.Errorf("CSV export = %d %q:\n%s", rec.Code, rec.Header().Get("Content-Type"), body)
	}
}

func TestScoreFormValidation(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	a := fmt.Sprintf("/assessments/%d", id)
	brook := env.readyDocument(t, "E06009902", "submitter.b@demo.test", "Brookmere strategy")
	ins := "inspector.a@demo.test"
	env.run(t, []step{
		{"score 5", "POST", a + "/scores", ins, scoreValues("equity", "", 5, 0, "x"), 422,
			[]string{"There is a problem", "Score must be 1, 2, 3 or 4", `href="#score-equity-qs"`}, nil},
		{"score 0", "POST", a + "/scores", ins, scoreValues("equity", "", 0, 0, "x"), 422, []string{"Score must be 1, 2, 3 or 4"}, nil},
		{"no score", "POST", a + "/scores", ins, url.Values{"qs": {"equity"}, "rationale": {"x"}}, 422, []string{"Select a score"}, nil},
		{"no rationale", "POST", a + "/scores", ins, scoreValues("equity", "", 3, 0, "  "), 422,
			[]string{"Enter the rationale for this score", `href="#rationale-equity-qs"`}, nil},
		{"citation without a page", "POST", a + "/scores", ins, scoreValues("equity", "", 3, 0, "x", env.doc.ID, ""), 422,
			[]string{"Enter the page number of the cited evidence"}, nil},
		{"citation beyond the last page", "POST", a + "/scores", ins, scoreValues("equity", "", 3, 0, "x", env.doc.ID, "7"), 422,
			[]string{"Page 7 is past the end: " + env.doc.Title + " has 1 page"}, nil},
		{"citation of another council's document", "POST", a + "/scores", ins, scoreValues("equity", "", 3, 0, "x", brook.ID, "1"), 422,
			[]string{"Select a document of this local authority"}, nil},
		{"hostile rationale is shown escaped", "POST", a + "/scores", ins, scoreValues("equity", "", 9, 0, "<script>alert(1)</script>"), 422,
			[]string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script>alert(1)"}},
		{"unknown statement", "POST", a + "/scores", ins, scoreValues("wellbeing", "", 3, 0, "x"), 400, nil, nil},
		{"a pasted search result link that is not a page", "POST", a + "/scores", ins,
			url.Values{"qs": {"equity"}, "score": {"3"}, "rationale": {"x"}, "cite_link": {"/documents/" + env.doc.ID}}, 422,
			[]string{"Enter the link of a search result page"}, nil},
		{"a pasted search result link of another council", "POST", a + "/scores", ins,
			url.Values{"qs": {"equity"}, "score": {"3"}, "rationale": {"x"}, "cite_link": {"/documents/" + brook.ID + "#page-1"}}, 422,
			[]string{"Select a document of this local authority"}, nil},
		{"no evidence is saved with a warning", "POST", a + "/scores", ins, scoreValues("equity", "", 3, 0, "No document"), 303, nil, nil},
		{"the warning", "GET", a + "/statements/equity", ins, nil, 200, []string{"This score cites no evidence", "/statements/equity?edit=equity-qs#item-equity-qs", "Change score"},
			[]string{`name="rationale"`}},
		{"the old one-page links open the statement's page", "GET", a + "?edit=equity-qs", ins, nil, 303, nil, nil},
		{"a citation from a search result", "POST", a + "/scores", ins,
			url.Values{"qs": {"healthier-lives"}, "score": {"3"}, "rationale": {"x"}, "cite_link": {"http://127.0.0.1:8080/documents/" + env.doc.ID + "#page-1"}}, 303, nil, nil},
		{"one form at a time", "GET", a + "/statements/equity?edit=equity-qs", ins, nil, 200, []string{`name="rationale"`, "No document", env.doc.ID}, nil},
		{"an unscored statement opens its form", "GET", a + "/statements/governance", ins, nil, 200, []string{`name="rationale"`, `id="score-governance-qs"`}, nil},
		{"no form for someone not on the assessment", "GET", a + "/statements/equity?edit=equity-qs", "inspector.b@demo.test", nil, 404, nil, nil},
		{"nor for the panel", "GET", a + "/statements/equity?edit=equity-qs", "panel@demo.test", nil, 200, nil, []string{`name="rationale"`, "Change score"}},
		{"nor on its one page", "GET", a + "?edit=equity-qs", "panel@demo.test", nil, 200, nil, []string{`name="rationale"`, "Change score"}},
		{"an unknown statement", "GET", a + "/statements/wellbeing", ins, nil, 404, nil, nil},
	})
	h, _ := env.st.ScoreHistory(context.Background(), authz.AllLAs(), id)
	if len(h) != 2 || len(h[0].Citations) != 1 || h[0].Citations[0].DocumentID != env.doc.ID || h[0].Citations[0].Page != 1 {
		t.Errorf("history = %+v, want the two valid saves, the last citing the search result", h)
	}
}

// TestScoreConflict: two inspectors load the same score; the second to
// save is told and shown the first one's value, and can then save knowingly.
func TestScoreConflict(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test", "inspector.c@demo.test")
	demoGroups["inspector.c@demo.test"] = []string{"cqc:inspector"}
	t.Cleanup(func() { delete(demoGroups, "inspector.c@demo.test") })
	a := fmt.Sprintf("/assessments/%d", id)
	env.run(t, []step{
		{"first saves", "POST", a + "/scores", "inspector.a@demo.test", scoreValues("equity", "", 3, 0, "Strong co-production"), 303, nil, nil},
		{"second, from the empty form, is refused", "POST", a + "/scores", "inspector.c@demo.test", scoreValues("equity", "", 2, 0, "Gaps in data"), 409,
			[]string{"Someone else saved this score while you were editing it", "Strong co-production", "3 – Good standard",
				"inspector.a@demo.test", `name="version" value="1"`, "Gaps in data"}, nil},
		{"second saves again knowingly", "POST", a + "/scores", "inspector.c@demo.test", scoreValues("equity", "", 2, 1, "Gaps in data"), 303, nil, nil},
		{"first, from version 1, is refused in turn", "POST", a + "/scores", "inspector.a@demo.test", scoreValues("equity", "", 4, 1, "x"), 409,
			[]string{"Gaps in data", "2 – Some shortfalls"}, nil},
	})
	code, doc := env.assessmentJSON(t, id, "admin@demo.test")
	if code != 200 || len(doc.Scores) != 1 || doc.Scores[0].Score != 2 || doc.Scores[0].Version != 2 || len(doc.History) != 2 {
		t.Errorf("after the conflicts = %d %+v", code, doc)
	}
}

// TestCouncilSeesOnlyItsOwnAssessment: council staff never see another
// council's assessment, nor their own scores before factual accuracy.
func TestCouncilSeesOnlyItsOwnAssessment(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ashford := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	brook := env.openAssessment(t, "E06009902", "qs-only-2024", "inspector.b@demo.test")
	if rec := env.request(t, http.MethodPost, fmt.Sprintf("/assessments/%d/scores", brook), "inspector.b@demo.test",
		scoreValues("equity", "", 2, 0, "Brookmere finding")); rec.Code != http.StatusSeeOther {
		t.Fatalf("save = %d", rec.Code)
	}
	b := fmt.Sprintf("/assessments/%d", brook)
	env.run(t, []step{
		{"list shows only its own", "GET", "/assessments", "viewer.a@demo.test", nil, 200,
			[]string{"Ashford Vale Council"}, []string{"Brookmere", "inspector.a@demo.test"}},
		{"another council's page", "GET", b, "submitter.a@demo.test", nil, 404, nil, []string{"Brookmere"}},
		{"another council's API", "GET", "/api/v1" + b, "viewer.a@demo.test", nil, 404, nil, []string{"Brookmere"}},
		{"another council's export", "GET", b + "/export.csv", "inspector.a@demo.test", nil, 404, nil, nil},
		{"another council's comment", "POST", b + "/comments", "submitter.a@demo.test", url.Values{"qs": {"equity"}, "comment": {"x"}}, 404, nil, nil},
		{"its own in progress: the state only", "GET", b, "submitter.b@demo.test", nil, 200, []string{"In progress"}, []string{"Brookmere finding", "Some shortfalls"}},
		{"its own API in progress: the state only", "GET", "/api/v1" + b, "submitter.b@demo.test", nil, 200, []string{`"state":"in_progress"`},
			[]string{"Brookmere finding", "scores", "history", "inspector.b"}},
		{"its own export is for CQC only", "GET", b + "/export.csv", "submitter.b@demo.test", nil, 403, nil, nil},
		{"the other council's own", "GET", fmt.Sprintf("/assessments/%d", ashford), "submitter.b@demo.test", nil, 404, nil, nil},
		{"missing assessment", "GET", "/assessments/999999", "viewer.a@demo.test", nil, 404, nil, nil},
		{"malformed id", "GET", "/assessments/abc", "viewer.a@demo.test", nil, 404, nil, nil},
	})
}

// publish scores every statement of a new assessment of Ashford with the
// same score, takes it through every stage and returns its published snapshot.
func (e *testEnv) publish(t *testing.T, score int) assessmentJSON {
	t.Helper()
	id := e.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	a := fmt.Sprintf("/assessments/%d", id)
	ins := "inspector.a@demo.test"
	for _, q := range e.srv.catalogue.Statements {
		if rec := e.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", score, 0, "x")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score = %d", rec.Code)
		}
	}
	for _, mv := range [][2]string{{ins, "calibration"}, {"panel@demo.test", "factual_accuracy"}, {ins, "published"}} {
		if mv[1] == "published" {
			e.endComments(t, a)
		}
		if rec := e.request(t, http.MethodPost, a+"/state", mv[0], url.Values{"to": {mv[1]}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("move to %s = %d: %.300s", mv[1], rec.Code, rec.Body.String())
		}
	}
	got, err := e.st.Assessment(context.Background(), authz.AllLAs(), strconv.FormatInt(id, 10))
	if err != nil {
		t.Fatal(err)
	}
	var doc assessmentJSON
	if err := json.Unmarshal(got.Snapshot, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestRatingLastChangedAcrossPublications(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	first := env.publish(t, 3)
	same := env.publish(t, 3)
	moved := env.publish(t, 2)
	if first.RatingChangedAt == nil || same.RatingChangedAt == nil || !same.RatingChangedAt.Equal(*first.RatingChangedAt) {
		t.Errorf("same rating again: changed at %v, want the first publication's %v", same.RatingChangedAt, first.RatingChangedAt)
	}
	if moved.RatingChangedAt == nil || !moved.RatingChangedAt.After(*first.RatingChangedAt) || moved.Results.Overall.Rating != "requires-improvement" {
		t.Errorf("rating moved to %s: changed at %v, want after %v", moved.Results.Overall.Rating, moved.RatingChangedAt, first.RatingChangedAt)
	}
	if first.History != nil || first.Inspectors != nil || first.State != "published" {
		t.Errorf("snapshot = %+v, want the published view without history or inspectors", first)
	}
	rec := env.request(t, http.MethodGet, "/ratings", anon, nil)
	if body := rec.Body.String(); strings.Count(body, "Ashford Vale Council") != 1 || !strings.Contains(body, "Requires improvement") {
		t.Errorf("ratings page should list Ashford once, with its latest rating")
	}
}

func TestParsePageLink(t *testing.T) {
	tests := []struct {
		link   string
		doc    string
		page   int
		wantOK bool
	}{
		{"/documents/abc#page-12", "abc", 12, true},
		{"https://evidence.example/documents/abc#page-1", "abc", 1, true},
		{"/documents/abc", "", 0, false},
		{"/documents/abc#page-0", "", 0, false},
		{"/documents/abc#page-x", "", 0, false},
		{"/documents/abc/file#page-2", "", 0, false},
		{"/search?q=carers#page-2", "", 0, false},
		{"%zz", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.link, func(t *testing.T) {
			doc, page, ok := parsePageLink(tt.link)
			if doc != tt.doc || page != tt.page || ok != tt.wantOK {
				t.Errorf("parsePageLink(%q) = %q, %d, %v; want %q, %d, %v", tt.link, doc, page, ok, tt.doc, tt.page, tt.wantOK)
			}
		})
	}
}

func TestAdminAssessmentForms(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	id := strconv.FormatInt(env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test"), 10)
	adm := "admin@demo.test"
	uid := map[string]string{}
	for _, who := range []string{"inspector.a@demo.test", "inspector.b@demo.test", "submitter.a@demo.test", "panel@demo.test"} {
		env.signIn(t, who) // roles are known from a sign-in
		u, err := env.st.UserByEmail(context.Background(), who)
		if err != nil {
			t.Fatal(err)
		}
		uid[who] = strconv.FormatInt(u.ID, 10)
	}
	add := func(inspector string) url.Values { return url.Values{"assessment": {id}, "inspector": {inspector}} }
	const unknown = "Select an inspector from the list: only people who have signed in to this service as CQC inspectors can be added"
	choices := "/admin/assessments/" + id + "/inspectors"
	env.run(t, []step{
		{"each assessment links to its choice of inspectors", "GET", "/admin/assessments", adm, nil, 200,
			[]string{`href="` + choices + `"`, "Add an inspector<span class=\"govuk-visually-hidden\"> to the assessment of Ashford Vale Council"},
			[]string{`name="email" type="email"`}},
		{"the choice lists known inspectors not on it", "GET", choices, adm, nil, 200,
			[]string{"Which inspector do you want to add?", `name="inspector" type="radio" value="` + uid["inspector.b@demo.test"] + `"`, "inspector.b@demo.test"},
			[]string{`value="` + uid["inspector.a@demo.test"] + `"`, "submitter.a@demo.test", "panel@demo.test"}},
		{"filtered by email, without JavaScript", "GET", choices + "?q=SPECTOR.B", adm, nil, 200,
			[]string{"inspector.b@demo.test", `value="SPECTOR.B"`, "Clear filter"}, nil},
		{"a filter matching nobody says so, escaped", "GET", choices + "?q=%3Cb%3Ezz", adm, nil, 200,
			[]string{"No CQC inspector who is not on this assessment matches “&lt;b&gt;zz”"}, []string{"<b>zz", `name="inspector"`}},
		{"a missing assessment's choice", "GET", "/admin/assessments/999999/inspectors", adm, nil, 404, nil, nil},
		{"nor for an inspector", "GET", choices, "inspector.a@demo.test", nil, 403, nil, nil},
		{"a council's staff cannot be an inspector", "POST", "/admin/assessments/inspectors", adm, add(uid["submitter.a@demo.test"]), 422,
			[]string{"There is a problem", `href="#inspector"`, unknown, "Which inspector do you want to add?"}, nil},
		{"nor a panel member", "POST", "/admin/assessments/inspectors", adm, add(uid["panel@demo.test"]), 422,
			[]string{unknown}, nil},
		{"nor an unknown id", "POST", "/admin/assessments/inspectors", adm, add("999999"), 422,
			[]string{unknown}, nil},
		{"nor an email address typed in", "POST", "/admin/assessments/inspectors", adm, add("inspector.b@demo.test"), 422,
			[]string{unknown}, nil},
		{"no council", "POST", "/admin/assessments", adm, url.Values{"version": {"qs-only-2024"}}, 422,
			[]string{"There is a problem", `href="#la"`, "Select a local authority"}, nil},
		{"unknown version", "POST", "/admin/assessments", adm, url.Values{"la": {"E06009902"}, "version": {"2019"}}, 422,
			[]string{"Select a framework version"}, nil},
		{"unknown council", "POST", "/admin/assessments", adm, url.Values{"la": {"E06000000"}, "version": {"qs-only-2024"}}, 422,
			[]string{"Select a local authority from the list"}, nil},
		{"second open assessment", "POST", "/admin/assessments", adm, url.Values{"la": {"E06009901"}, "version": {"interim-2023"}}, 422,
			[]string{"already has an assessment that is not published"}, nil},
		{"opened", "POST", "/admin/assessments", adm, url.Values{"la": {"E06009902"}, "version": {"interim-2023"}}, 303, nil, nil},
		{"listed", "GET", "/admin/assessments?opened=1", adm, nil, 200,
			[]string{"The assessment has been opened", "Brookmere Borough Council", "2023 interim guidance", "inspector.a@demo.test"}, nil},
		{"no inspector chosen", "POST", "/admin/assessments/inspectors", adm, url.Values{"assessment": {id}}, 422,
			[]string{"Select the inspector to add"}, nil},
		{"no assessment", "POST", "/admin/assessments/inspectors", adm, url.Values{"inspector": {uid["inspector.b@demo.test"]}}, 404, nil, nil},
		{"missing assessment", "POST", "/admin/assessments/inspectors", adm, url.Values{"assessment": {"999999"}, "inspector": {uid["inspector.b@demo.test"]}}, 404, nil, nil},
		{"inspector twice", "POST", "/admin/assessments/inspectors", adm, add(uid["inspector.a@demo.test"]), 422,
			[]string{"inspector.a@demo.test is already on this assessment"}, nil},
		{"inspector added and assigned to the council", "POST", "/admin/assessments/inspectors", adm,
			add(uid["inspector.b@demo.test"]), 303, nil, nil},
		{"then no longer offered", "GET", choices, adm, nil, 200,
			[]string{"Every CQC inspector who has signed in to this service is already on this assessment"}, []string{`name="inspector"`}},
		{"the new inspector reaches it at once", "GET", "/assessments/" + id + "/statements/equity?edit=equity-qs", "inspector.b@demo.test", nil, 200,
			[]string{`name="rationale"`}, nil},
		{"and scores", "POST", "/assessments/" + id + "/scores", "inspector.b@demo.test", scoreValues("equity", "", 3, 0, "Seen"), 303, nil, nil},
		{"each inspector has a remove button", "GET", "/admin/assessments", adm, nil, 200,
			[]string{`action="/admin/assessments/inspectors/remove"`, `name="email" value="inspector.b@demo.test"`,
				"Remove<span class=\"govuk-visually-hidden\"> inspector.b@demo.test from the assessment of Ashford Vale Council"}, nil},
		{"inspector removed", "POST", "/admin/assessments/inspectors/remove", adm,
			url.Values{"assessment": {id}, "email": {"Inspector.B@demo.test "}}, 303, nil, nil},
		{"removal shown, with the assignment that stays", "GET", "/admin/assessments?removed=" + id + "&email=inspector.b%40demo.test", adm, nil, 200,
			[]string{"inspector.b@demo.test has been removed from the assessment of Ashford Vale Council",
				"They can no longer score it. They are still assigned to Ashford Vale Council, so they can still read its evidence and its assessments: to end that, remove the assignment on the <a class=\"govuk-notification-banner__link\" href=\"/admin/assignments\">inspector assignments</a> page."},
			[]string{`value="inspector.b@demo.test"`}},
		{"a made-up removal link shows no banner", "GET", "/admin/assessments?removed=" + id + "&email=inspector.a%40demo.test", adm, nil, 200,
			nil, []string{"has been removed from the assessment"}},
		{"the removed inspector can no longer score, at once", "POST", "/assessments/" + id + "/scores", "inspector.b@demo.test",
			scoreValues("equity", "", 2, 1, "Changed"), 403, nil, nil},
		{"nor gets the form", "GET", "/assessments/" + id + "/statements/equity?edit=equity-qs", "inspector.b@demo.test", nil, 200,
			[]string{"inspector.b@demo.test"}, []string{`name="rationale"`}},
		{"as the banner says, they still read the council's evidence", "GET", "/las/E06009901", "inspector.b@demo.test", nil, 200, nil, nil},
		{"the assignment removed too", "POST", "/admin/assignments/remove", adm,
			url.Values{"email": {"inspector.b@demo.test"}, "la": {"E06009901"}}, 303, nil, nil},
		{"the banner then says they have no access", "GET", "/admin/assessments?removed=" + id + "&email=inspector.b%40demo.test", adm, nil, 200,
			[]string{"They can no longer score it. They are not assigned to Ashford Vale Council, so they can no longer read its evidence or its assessments."}, nil},
		{"and they do not", "GET", "/assessments/" + id, "inspector.b@demo.test", nil, 404, nil, nil},
		{"removed twice", "POST", "/admin/assessments/inspectors/remove", adm,
			url.Values{"assessment": {id}, "email": {"inspector.b@demo.test"}}, 409,
			[]string{"There is a problem", `href="#assessments"`, "inspector.b@demo.test is not an inspector on this assessment"}, nil},
		{"someone never on it, escaped", "POST", "/admin/assessments/inspectors/remove", adm,
			url.Values{"assessment": {id}, "email": {"<b>x</b>@demo.test"}}, 409,
			[]string{"&lt;b&gt;x&lt;/b&gt;@demo.test is not an inspector"}, []string{"<b>x</b>"}},
		{"removal from a missing assessment", "POST", "/admin/assessments/inspectors/remove", adm,
			url.Values{"assessment": {"999999"}, "email": {"inspector.a@demo.test"}}, 404, nil, nil},
		{"removal from a malformed assessment id", "POST", "/admin/assessments/inspectors/remove", adm,
			url.Values{"assessment": {"1 OR 1=1"}, "email": {"inspector.a@demo.test"}}, 404, nil, nil},
		{"removal by an inspector", "POST", "/admin/assessments/inspectors/remove", "inspector.a@demo.test",
			url.Values{"assessment": {id}, "email": {"inspector.a@demo.test"}}, 403, nil, nil},
	})
	log, err := env.st.AuditLog(context.Background(), authz.AllLAs(), 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var removed []string
	for _, e := range log.Entries {
		if e.Action == "assessment_inspector_removed" {
			removed = append(removed, e.ActorEmail+" "+e.ObjectID+" "+e.LA+" "+e.Detail["email"])
		}
	}
	if want := "admin@demo.test " + id + " E06009901 inspector.b@demo.test"; len(removed) != 1 || removed[0] != want {
		t.Errorf("audit of removals = %q, want [%q]", removed, want)
	}
	// The score they saved stays, with who saved it.
	code, doc := env.assessmentJSON(t, mustInt(t, id), adm)
	if code != 200 || len(doc.History) != 1 || doc.History[0].By != "inspector.b@demo.test" || len(doc.Inspectors) != 1 {
		t.Errorf("after removal = %d %+v", code, doc)
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestInspectorStaysOnPublishedAssessment: who assessed a published rating
// is part of its record.
func TestInspectorStaysOnPublishedAssessment(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	doc := env.publish(t, 3)
	id := strconv.FormatInt(doc.ID, 10)
	env.signIn(t, "inspector.b@demo.test")
	b, err := env.st.UserByEmail(context.Background(), "inspector.b@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	env.run(t, []step{
		{"no remove button once published", "GET", "/admin/assessments", "admin@demo.test", nil, 200,
			[]string{"inspector.a@demo.test"}, []string{`action="/admin/assessments/inspectors/remove"`, `href="/admin/assessments/` + id + `/inspectors"`}},
		{"nor a choice of inspectors", "GET", "/admin/assessments/" + id + "/inspectors", "admin@demo.test", nil, 200,
			[]string{"This assessment is published"}, []string{`name="inspector"`}},
		{"a forged addition refused", "POST", "/admin/assessments/inspectors", "admin@demo.test",
			url.Values{"assessment": {id}, "inspector": {strconv.FormatInt(b.ID, 10)}}, 422,
			[]string{`href="#inspector"`, "Inspectors cannot be added to a published assessment", `id="inspector">This assessment is published`}, nil},
		{"removal refused", "POST", "/admin/assessments/inspectors/remove", "admin@demo.test",
			url.Values{"assessment": {strconv.FormatInt(doc.ID, 10)}, "email": {"inspector.a@demo.test"}}, 409,
			[]string{"Inspectors cannot be removed from a published assessment"}, nil},
	})
}

// TestPanelHomeListsCalibration: the panel's home page lists the
// assessments awaiting calibration, and only those.
func TestPanelHomeListsCalibration(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	panel := "panel@demo.test"
	env.run(t, []step{
		{"nothing waiting", "GET", "/", panel, nil, 200, []string{"No assessment is awaiting calibration", `href="/assessments"`}, nil},
	})
	ash := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	brook := env.openAssessment(t, "E06009902", "interim-2023", "inspector.b@demo.test")
	for _, q := range env.srv.catalogue.Statements {
		if rec := env.request(t, http.MethodPost, fmt.Sprintf("/assessments/%d/scores", ash), "inspector.a@demo.test",
			scoreValues(q.Slug, "", 3, 0, "x")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score = %d", rec.Code)
		}
	}
	a := fmt.Sprintf("/assessments/%d", ash)
	env.run(t, []step{
		{"in progress is not waiting", "GET", "/", panel, nil, 200, []string{"No assessment is awaiting calibration"}, []string{`href="` + a + `"`}},
		{"sent", "POST", a + "/state", "inspector.a@demo.test", url.Values{"to": {"calibration"}}, 303, nil, nil},
		{"waiting", "GET", "/", panel, nil, 200,
			[]string{"Awaiting calibration (1)", `href="` + a + `"`, "Ashford Vale Council", "Later guidance: quality statements scored directly", "inspector.a@demo.test"},
			[]string{fmt.Sprintf(`href="/assessments/%d"`, brook), "No assessment is awaiting"}},
		{"returned", "POST", a + "/state", panel, url.Values{"to": {"in_progress"}, "comment": {"Check equity"}}, 303, nil, nil},
		{"no longer waiting", "GET", "/", panel, nil, 200, []string{"No assessment is awaiting calibration"}, []string{`href="` + a + `"`}},
	})
}

// TestCouncilSeesPublishedSnapshot: the council never sees draft scores
// before factual accuracy, through the page or the API; from publication
// it sees the snapshot frozen then, whatever happens to the live rows,
// while CQC staff see the live rows; inspectors' names are never shown to it.
func TestCouncilSeesPublishedSnapshot(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	a := fmt.Sprintf("/assessments/%d", id)
	ins := "inspector.a@demo.test"
	for _, q := range env.srv.catalogue.Statements {
		if rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", 3, 0, "Finding for "+q.Name, env.doc.ID, "1")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score = %d", rec.Code)
		}
	}
	council := []string{"submitter.a@demo.test", "viewer.a@demo.test"}
	stateOnly := func(stage string) {
		t.Helper()
		for _, who := range council {
			env.run(t, []step{
				{"page " + stage, "GET", a, who, nil, 200, []string{"You will see your draft scores"},
					[]string{"Finding for", "Good", "75%", ins, env.doc.Title}},
				{"API " + stage, "GET", "/api/v1" + a, who, nil, 200, []string{`"state":"` + stage + `"`},
					[]string{"Finding for", `"scores"`, `"results"`, `"history"`, ins, env.doc.ID}},
			})
		}
	}
	stateOnly("in_progress")
	move := func(who, to string) {
		t.Helper()
		if rec := env.request(t, http.MethodPost, a+"/state", who, url.Values{"to": {to}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("move to %s = %d: %.300s", to, rec.Code, rec.Body.String())
		}
	}
	move(ins, "calibration")
	stateOnly("calibration")
	move("panel@demo.test", "factual_accuracy")
	for _, who := range council {
		env.run(t, []step{
			{"draft page in factual accuracy", "GET", a, who, nil, 200, []string{"Finding for Equity", "Good", "75%", env.doc.Title}, []string{ins}},
			{"draft API in factual accuracy", "GET", "/api/v1" + a, who, nil, 200, []string{"Finding for Equity", `"percent":75`}, []string{ins, `"history"`}},
		})
	}
	env.endComments(t, a)
	move(ins, "published")

	// Behind the snapshot's back: every live score lowered and the cited
	// document renamed, as a later bug or a data fix might.
	if _, err := env.st.Pool().Exec(ctx, `UPDATE assessment_scores SET score = 1, rationale = 'Tampered' WHERE assessment_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := env.st.Pool().Exec(ctx, `UPDATE documents SET title = 'Renamed later' WHERE id = $1`, env.doc.ID); err != nil {
		t.Fatal(err)
	}
	for _, who := range council {
		env.run(t, []step{
			{"published page from the snapshot", "GET", a, who, nil, 200,
				[]string{"Published", "Finding for Equity", "Good", "75%", env.doc.Title, "3 – Good standard", "Rating last changed", "Evidence last assessed"},
				[]string{"Tampered", "Renamed later", "Inadequate", ins, "Send comment"}},
			{"published API from the snapshot", "GET", "/api/v1" + a, who, nil, 200,
				[]string{`"state":"published"`, "Finding for Equity", `"percent":75`, `"rating":"good"`, env.doc.Title},
				[]string{"Tampered", "Renamed later", ins, `"history"`, `"updated_by"`}},
		})
	}
	env.run(t, []step{
		// The rating of the council's row: the page's filter and key name every rating.
		{"the public page from the snapshot", "GET", "/ratings", anon, nil, 200, []string{"<strong>Good</strong> (75%)"}, []string{"<strong>Inadequate</strong>"}},
		{"inspectors see the live rows", "GET", "/api/v1" + a, ins, nil, 200, []string{"Tampered", `"updated_by":"inspector.a@demo.test"`, `"history"`}, nil},
		{"so do the panel", "GET", a, "panel@demo.test", nil, 200, []string{"Tampered", "Renamed later"}, nil},
	})
	code, doc := env.assessmentJSON(t, id, "viewer.a@demo.test")
	if code != 200 || doc.ID != id || doc.PublishedAt == nil || len(doc.Scores) != 9 || doc.Results == nil || doc.Results.Overall == nil ||
		doc.Results.Overall.Rating != "good" || doc.Inspectors != nil || doc.Transitions != nil {
		t.Errorf("council's API after publication = %d %+v", code, doc)
	}
}
