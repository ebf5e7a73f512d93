package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
)

// documentIn is a document of the council moved to status, as if the
// pipeline had left it there.
func (e *testEnv) documentIn(t *testing.T, la, uploader, body string, status document.Status) store.Document {
	t.Helper()
	d := e.readyDocument(t, la, uploader, body)
	if _, err := e.st.MoveDocument(context.Background(), store.Transition{ID: d.ID, From: []document.Status{"ready"}, To: status}); err != nil {
		t.Fatal(err)
	}
	d.Status = status
	return d
}

// toFactualAccuracy opens an assessment of the council, scores every
// statement 3 as the inspector, and takes it through calibration.
func (e *testEnv) toFactualAccuracy(t *testing.T, la, inspector string) int64 {
	t.Helper()
	id := e.openAssessment(t, la, "qs-only-2024", inspector)
	a := fmt.Sprintf("/assessments/%d", id)
	for _, q := range e.srv.catalogue.Statements {
		if rec := e.request(t, http.MethodPost, a+"/scores", inspector, scoreValues(q.Slug, "", 3, 0, "x")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score = %d: %.300s", rec.Code, rec.Body.String())
		}
	}
	for _, mv := range [][2]string{{inspector, "calibration"}, {"panel@demo.test", "factual_accuracy"}} {
		if rec := e.request(t, http.MethodPost, a+"/state", mv[0], url.Values{"to": {mv[1]}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("move to %s = %d: %.300s", mv[1], rec.Code, rec.Body.String())
		}
	}
	return id
}

// TestForgedScoreForms: whatever a hand-made request puts in a score form,
// nothing is saved that the framework version, the council's evidence or
// the score's current version does not allow.
func TestForgedScoreForms(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	interim := env.openAssessment(t, "E06009902", "interim-2023", "inspector.b@demo.test")
	a := fmt.Sprintf("/assessments/%d", id)
	ins := "inspector.a@demo.test"
	unscanned := env.documentIn(t, "E06009901", "submitter.a@demo.test", "Waiting for its scan", "received")
	withdrawn := env.documentIn(t, "E06009901", "submitter.a@demo.test", "Withdrawn since", "withdrawn")
	rejected := env.documentIn(t, "E06009901", "submitter.a@demo.test", "Infected", "rejected")
	form := func(score string, extra ...string) url.Values {
		f := url.Values{"qs": {"equity"}, "category": {""}, "score": {score}, "version": {"0"}, "rationale": {"Seen"}}
		for i := 0; i+1 < len(extra); i += 2 {
			f.Set(extra[i], extra[i+1])
		}
		return f
	}
	env.run(t, []step{
		{"score x", "POST", a + "/scores", ins, form("x"), 422, []string{"Score must be 1, 2, 3 or 4"}, nil},
		{"score 3.5", "POST", a + "/scores", ins, form("3.5"), 422, []string{"Score must be 1, 2, 3 or 4"}, nil},
		{"score -1", "POST", a + "/scores", ins, form("-1"), 422, []string{"Score must be 1, 2, 3 or 4"}, nil},
		{"no quality statement", "POST", a + "/scores", ins, url.Values{"score": {"3"}, "rationale": {"x"}}, 400, nil, nil},
		{"a category under a version that scores statements", "POST", a + "/scores", ins, form("3", "category", "processes"), 400, nil, nil},
		{"a category no version has", "POST", fmt.Sprintf("/assessments/%d/scores", interim), "inspector.b@demo.test",
			url.Values{"qs": {"equity"}, "category": {"gossip"}, "score": {"3"}, "rationale": {"x"}}, 400, nil, nil},
		{"page 0", "POST", a + "/scores", ins, form("3", "cite_doc", env.doc.ID, "cite_page", "0"), 422, []string{"Enter the page number of the cited evidence"}, nil},
		{"page abc", "POST", a + "/scores", ins, form("3", "cite_doc", env.doc.ID, "cite_page", "abc"), 422, []string{"Enter the page number of the cited evidence"}, nil},
		{"a page too big for an integer", "POST", a + "/scores", ins, form("3", "cite_doc", env.doc.ID, "cite_page", "99999999999999999999"), 422,
			[]string{"Enter the page number of the cited evidence"}, nil},
		{"a page past the end", "POST", a + "/scores", ins, form("3", "cite_doc", env.doc.ID, "cite_page", "2"), 422, []string{"Page 2 is past the end: " + env.doc.Title + " has 1 page"}, nil},
		{"a pasted link past the end", "POST", a + "/scores", ins, form("3", "cite_link", "/documents/"+env.doc.ID+"#page-2"), 422, []string{"Page 2 is past the end"}, nil},
		{"a document waiting for its virus scan", "POST", a + "/scores", ins, form("3", "cite_doc", unscanned.ID, "cite_page", "1"), 422, []string{unscanned.Title + " cannot be cited yet: it is still being checked and read"}, nil},
		{"a withdrawn document", "POST", a + "/scores", ins, form("3", "cite_doc", withdrawn.ID, "cite_page", "1"), 422, []string{withdrawn.Title + " cannot be cited: it has been withdrawn"}, nil},
		{"a rejected document", "POST", a + "/scores", ins, form("3", "cite_doc", rejected.ID, "cite_page", "1"), 422, []string{rejected.Title + " cannot be cited: it could not be checked and read"}, nil},
		{"not a document id", "POST", a + "/scores", ins, form("3", "cite_doc", "' OR 1=1 --", "cite_page", "1"), 422, []string{"Select a document of this local authority and a page within it"}, nil},
		{"a score given twice: the first counts", "POST", a + "/scores", ins, url.Values{"qs": {"equity"}, "score": {"4", "1"}, "rationale": {"x"}, "version": {"0"}}, 303, nil, nil},
		{"a version from the future", "POST", a + "/scores", ins, url.Values{"qs": {"healthier-lives"}, "score": {"3"}, "rationale": {"x"}, "version": {"7"}}, 409,
			[]string{"Someone else saved this score"}, nil},
		{"a stale version", "POST", a + "/scores", ins, form("2"), 409, []string{"Someone else saved this score", "4 – Exceptional standard"}, nil},
		{"a version that is not a number", "POST", a + "/scores", ins, form("2", "version", "abc"), 409, []string{"Someone else saved this score"}, nil},
		{"the panel", "POST", a + "/scores", "panel@demo.test", form("2", "version", "1"), 403, nil, nil},
		{"an admin", "POST", a + "/scores", "admin@demo.test", form("2", "version", "1"), 403, nil, nil},
		{"the council", "POST", a + "/scores", "submitter.a@demo.test", form("2", "version", "1"), 403, nil, nil},
	})
	scores, err := env.st.Scores(context.Background(), authz.AllLAs(), id)
	if err != nil || len(scores) != 1 || scores[0].Score != 4 || scores[0].Version != 1 || len(scores[0].Citations) != 0 {
		t.Errorf("scores after the forged forms = %+v, %v; want only the one valid save", scores, err)
	}
}

// TestForgedCommentsAndAnswers: factual accuracy comments and answers take
// only what the council's evidence and the assessment allow.
func TestForgedCommentsAndAnswers(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	id := env.toFactualAccuracy(t, "E06009901", "inspector.a@demo.test")
	other := env.toFactualAccuracy(t, "E06009902", "inspector.b@demo.test")
	a := fmt.Sprintf("/assessments/%d", id)
	sub := "submitter.a@demo.test"
	unscanned := env.documentIn(t, "E06009901", sub, "Waiting for its scan", "received")
	comment := func(extra ...string) url.Values {
		f := url.Values{"qs": {"equity"}, "comment": {"Missing the survey"}}
		for i := 0; i+1 < len(extra); i += 2 {
			f.Set(extra[i], extra[i+1])
		}
		return f
	}
	if rec := env.request(t, http.MethodPost, fmt.Sprintf("/assessments/%d/comments", other), "submitter.b@demo.test", comment()); rec.Code != http.StatusSeeOther {
		t.Fatalf("Brookmere's comment = %d", rec.Code)
	}
	cs, err := env.st.Comments(context.Background(), authz.AllLAs(), other)
	if err != nil || len(cs) != 1 {
		t.Fatal(cs, err)
	}
	otherComment := fmt.Sprint(cs[0].ID)
	env.run(t, []step{
		{"a statement not in the framework", "POST", a + "/comments", sub, comment("qs", "wellbeing"), 422, []string{"Select the quality statement"}, nil},
		{"no statement", "POST", a + "/comments", sub, comment("qs", ""), 422, []string{"Select the quality statement"}, nil},
		{"too long", "POST", a + "/comments", sub, comment("comment", strings.Repeat("x", 10001)), 422, []string{"10,000 characters or fewer"}, nil},
		{"page 0", "POST", a + "/comments", sub, comment("document", env.doc.ID, "page", "0"), 422, []string{"Enter the page number of your evidence"}, nil},
		{"page abc", "POST", a + "/comments", sub, comment("document", env.doc.ID, "page", "abc"), 422, []string{"Enter the page number of your evidence"}, nil},
		{"a page past the end", "POST", a + "/comments", sub, comment("document", env.doc.ID, "page", "2"), 422, []string{"Page 2 is past the end: " + env.doc.Title + " has 1 page"}, nil},
		{"a document waiting for its virus scan", "POST", a + "/comments", sub, comment("document", unscanned.ID, "page", "1"), 422, []string{unscanned.Title + " cannot be cited yet"}, nil},
		{"an inspector", "POST", a + "/comments", "inspector.a@demo.test", comment(), 403, nil, nil},
		{"another council's submitter", "POST", a + "/comments", "submitter.b@demo.test", comment(), 404, nil, nil},
		{"a comment of another assessment", "POST", a + "/comments/" + otherComment + "/answer", "inspector.a@demo.test", url.Values{"answer": {"x"}}, 404, nil, nil},
		{"a comment that does not exist", "POST", a + "/comments/999999/answer", "inspector.a@demo.test", url.Values{"answer": {"x"}}, 404, nil, nil},
		{"a comment id that is not a number", "POST", a + "/comments/abc/answer", "inspector.a@demo.test", url.Values{"answer": {"x"}}, 404, nil, nil},
		{"the other assessment's inspector answers their own", "POST", fmt.Sprintf("/assessments/%d/comments/%s/answer", other, otherComment), "inspector.b@demo.test",
			url.Values{"answer": {"Corrected"}}, 303, nil, nil},
		{"a second answer", "POST", fmt.Sprintf("/assessments/%d/comments/%s/answer", other, otherComment), "inspector.b@demo.test",
			url.Values{"answer": {"Replaced"}}, 409, []string{"This comment has already been answered"}, nil},
		{"the first answer stands", "GET", fmt.Sprintf("/assessments/%d", other), "submitter.b@demo.test", nil, 200, []string{"Corrected"}, []string{"Replaced"}},
		{"an unknown stage", "POST", a + "/state", "inspector.a@demo.test", url.Values{"to": {"archived"}}, 400, nil, nil},
		{"a step back the rules do not have", "POST", a + "/state", "panel@demo.test", url.Values{"to": {"in_progress"}, "comment": {"x"}}, 409,
			[]string{"cannot be moved to that stage"}, nil},
		{"the council publishing", "POST", a + "/state", sub, url.Values{"to": {"published"}}, 403, nil, nil},
	})
	if cs, _ := env.st.Comments(context.Background(), authz.AllLAs(), id); len(cs) != 0 {
		t.Errorf("comments after the forged forms = %+v, want none", cs)
	}
}

var volatile = regexp.MustCompile(`(name="csrf_token" value=")[^"]*"|[0-9a-f]{24}`)

// TestAnotherCouncilsAssessmentIsMissing: on every assessment route,
// another council's assessment answers exactly as one that does not exist,
// for its staff and for inspectors not assigned to it.
func TestAnotherCouncilsAssessmentIsMissing(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	routes := []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/assessments/%s", nil},
		{"GET", "/assessments/%s?edit=equity-qs", nil},
		{"GET", "/assessments/%s/statements/equity", nil},
		{"GET", "/assessments/%s/check", nil},
		{"POST", "/assessments/%s/scores", scoreValues("equity", "", 3, 0, "x")},
		{"POST", "/assessments/%s/state", url.Values{"to": {"calibration"}}},
		{"POST", "/assessments/%s/comments", url.Values{"qs": {"equity"}, "comment": {"x"}}},
		{"POST", "/assessments/%s/comments/1/answer", url.Values{"answer": {"x"}}},
		{"GET", "/assessments/%s/export.csv", nil},
		{"GET", "/api/v1/assessments/%s", nil},
	}
	for _, who := range []string{"submitter.b@demo.test", "inspector.b@demo.test"} {
		for _, r := range routes {
			t.Run(who+" "+r.method+" "+r.path, func(t *testing.T) {
				theirs := env.request(t, r.method, fmt.Sprintf(r.path, fmt.Sprint(id)), who, r.form)
				missing := env.request(t, r.method, fmt.Sprintf(r.path, "999999"), who, r.form)
				if theirs.Code != http.StatusNotFound || missing.Code != http.StatusNotFound {
					t.Fatalf("another council's = %d, a missing one = %d; want 404 both", theirs.Code, missing.Code)
				}
				got := volatile.ReplaceAllString(theirs.Body.String(), "$1")
				want := volatile.ReplaceAllString(missing.Body.String(), "$1")
				if got != want {
					t.Errorf("another council's assessment answers\n%s\nbut a missing one\n%s", got, want)
				}
			})
		}
	}
}
