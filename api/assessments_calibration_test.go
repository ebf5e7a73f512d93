package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
)

// TestCalibrationReadsFirst follows the panel through an assessment (issue
// 17 item 4): its decision comes after every statement's scores, rationales
// and citations; it comments on a statement, which only it may do and its
// inspectors see beside the statement once returned; returning needs a
// reason on its confirmation page; validating is confirmed on a page that
// says what will happen.
func TestCalibrationReadsFirst(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ins, panel := "inspector.a@demo.test", "panel@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	a := fmt.Sprintf("/assessments/%d", id)
	stmts := env.srv.catalogue.Statements
	for _, q := range stmts {
		if rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", 3, 0, "Finding for "+q.Name, env.doc.ID, "1")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score %s = %d: %.300s", q.Slug, rec.Code, rec.Body.String())
		}
	}
	move := func(who, to, comment string) {
		t.Helper()
		if rec := env.request(t, http.MethodPost, a+"/state", who, url.Values{"to": {to}, "comment": {comment}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("move to %s = %d: %.300s", to, rec.Code, rec.Body.String())
		}
	}
	move(ins, "calibration", "")

	t.Run("the decision is below the evidence", func(t *testing.T) {
		rec := env.request(t, http.MethodGet, a, panel, nil)
		body := rec.Body.String()
		last := stmts[len(stmts)-1]
		// The last statement's rationale and citation (the history of scores
		// at the foot of the page repeats the rationales).
		sec := strings.Index(body, `id="`+last.Slug+`"`)
		evidence := -1
		if sec >= 0 {
			rest := body[sec:]
			if r, c := strings.Index(rest, "Finding for "+last.Name), strings.Index(rest, `href="/documents/`+env.doc.ID); r >= 0 && c >= 0 {
				evidence = sec + max(r, c)
			}
		}
		decision := strings.Index(body, `id="decision"`)
		validate := strings.Index(body, "Validate and send for factual accuracy")
		ret := strings.Index(body, "Return to the inspectors")
		if rec.Code != 200 || evidence < 0 || decision < evidence || validate < decision || ret < decision {
			t.Errorf("page = %d; last evidence at %d, decision at %d, validate at %d, return at %d: want the decision after the evidence",
				rec.Code, evidence, decision, validate, ret)
		}
		// No one-click move: the buttons lead to confirmation pages.
		for _, w := range []string{`name="to" value="factual_accuracy"`, `name="to" value="in_progress"`} {
			if strings.Contains(body, w) {
				t.Errorf("the assessment page posts %s directly", w)
			}
		}
	})

	comment := a + "/statements/equity/panel-comment"
	say := url.Values{"comment": {"The equity evidence predates the 2024 survey."}}
	env.run(t, []step{
		{"its inspector cannot comment for the panel", "POST", comment, ins, say, 403, nil, nil},
		{"another council's inspector gets 404", "POST", comment, "inspector.b@demo.test", say, 404, nil, nil},
		{"the council cannot", "POST", comment, "submitter.a@demo.test", say, 403, nil, nil},
		{"a viewer cannot", "POST", comment, "viewer.a@demo.test", say, 403, nil, nil},
		{"another council gets 404", "POST", comment, "submitter.b@demo.test", say, 404, nil, nil},
		{"nor may an admin", "POST", comment, "admin@demo.test", say, 403, nil, nil},
		{"an unknown statement", "POST", a + "/statements/nonsense/panel-comment", panel, say, 404, nil, nil},
		{"too long", "POST", comment, panel, url.Values{"comment": {strings.Repeat("x", assessment.MaxStateComment+1)}}, 422,
			[]string{"There is a problem", `href="#panel-comment-equity"`, "Comments must be 5,000 characters or fewer"}, nil},
		{"the panel comments on a statement", "POST", comment, panel, say, 303, nil, nil},
		{"and on another, then removes it", "POST", a + "/statements/learning/panel-comment", panel, url.Values{"comment": {"Fine"}}, 303, nil, nil},
		{"removed", "POST", a + "/statements/learning/panel-comment", panel, url.Values{"comment": {" "}}, 303, nil, nil},
		{"the panel sees its comment", "GET", a + "?panel_commented=1", panel, nil, 200,
			[]string{"Your comment has been saved", "Comment from the calibration panel", "The equity evidence predates the 2024 survey.", `id="panel-comment-equity"`},
			[]string{`id="panel-comment-learning-shown"`}},
		{"the council never sees it", "GET", a, "submitter.a@demo.test", nil, 200, nil, []string{"predates the 2024 survey"}},

		{"validating is confirmed first", "GET", a + "/decision/validate", panel, nil, 200,
			[]string{"Validate and send for factual accuracy", "the council is told", "10 working days", "You cannot undo this",
				"Confirm and send", `href="` + a + `#decision">Cancel</a>`, `name="to" value="factual_accuracy"`}, nil},
		{"returning names the statements commented on", "GET", a + "/decision/return", panel, nil, 200,
			[]string{"Return the assessment to its inspectors", `href="` + a + `#equity"`, `id="state-comment"`, "Cancel"}, []string{`#learning"`}},
		{"an unknown decision", "GET", a + "/decision/frobnicate", panel, nil, 404, nil, nil},
		{"its inspector may not decide", "GET", a + "/decision/validate", ins, nil, 403, nil, nil},
		{"the council may not", "GET", a + "/decision/return", "submitter.a@demo.test", nil, 403, nil, nil},
		{"another council's inspector gets 404", "GET", a + "/decision/validate", "inspector.b@demo.test", nil, 404, nil, nil},
		{"returning without a reason is refused on its page", "POST", a + "/state", panel, url.Values{"to": {"in_progress"}, "comment": {"  "}}, 422,
			[]string{"There is a problem", `href="#state-comment"`, "Enter why you are returning the assessment", "govuk-textarea--error",
				"Return the assessment to its inspectors"}, nil},
	})
	move(panel, "in_progress", "Look again at equity.")
	t.Run("the inspector sees the comment beside the statement", func(t *testing.T) {
		// The task list's banner links the statement's page, which shows
		// the comment in the statement's section.
		rec := env.request(t, http.MethodGet, a, ins, nil)
		body := rec.Body.String()
		for _, w := range []string{"Returned by the calibration panel", "Look again at equity.", "The panel also commented on 1 statement:",
			`href="` + a + `/statements/equity#panel-comment-equity-shown"`, "The calibration panel commented on this statement"} {
			if !strings.Contains(body, w) {
				t.Errorf("inspector's task list lacks %q", w)
			}
		}
		rec = env.request(t, http.MethodGet, a+"/statements/equity", ins, nil)
		body = rec.Body.String()
		sec, at := strings.Index(body, `<section class="govuk-!-margin-top-8" id="equity"`), strings.Index(body, "predates the 2024 survey")
		if rec.Code != 200 || sec < 0 || at < sec {
			t.Errorf("statement page = %d; equity at %d, comment at %d", rec.Code, sec, at)
		}
		for _, w := range []string{"Comment from the calibration panel", "By panel@demo.test on", `id="panel-comment-equity-shown"`} {
			if !strings.Contains(body, w) {
				t.Errorf("inspector's statement page lacks %q", w)
			}
		}
		if strings.Contains(body, `id="panel-comment-equity"`) {
			t.Error("the inspector is offered the panel's comment form")
		}
	})
	env.run(t, []step{
		{"no comment once returned", "POST", comment, panel, say, 409, []string{"only while the assessment is in calibration"}, nil},
		{"no confirmation page once returned", "GET", a + "/decision/validate", panel, nil, 409, nil, nil},
	})
	move(ins, "calibration", "")
	deadline, err := env.srv.calendar.AddWorkingDays(time.Now().In(env.srv.loc), assessment.FactualAccuracyDays)
	if err != nil {
		t.Fatal(err)
	}
	env.run(t, []step{
		{"the confirmation page gives the deadline", "GET", a + "/decision/validate", panel, nil, 200,
			[]string{"until the end of " + deadline.Format("Monday 2 January 2006")}, nil},
		{"confirmed, it moves", "POST", a + "/state", panel, url.Values{"to": {"factual_accuracy"}}, 303, nil, nil},
		{"and is in factual accuracy", "GET", a + "?moved=1", panel, nil, 200, []string{"The assessment is now: Factual accuracy"}, []string{`id="decision"`}},
	})

	log, err := env.st.AuditLog(context.Background(), authz.AllLAs(), 200, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range log.Entries {
		if e.Action == "panel_comment_saved" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("audit log has %d panel_comment_saved, want 3 (two comments and one removal)", n)
	}
}
