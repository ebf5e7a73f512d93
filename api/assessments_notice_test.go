package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/report"
)

// TestAssessmentNotices follows one assessment of Ashford from the panel's
// return to publication, with Brookmere's in factual accuracy beside it:
// each banner on the assessment's page and each count on a home page is
// shown to whom it waits for, and another council or inspector sees none of it.
func TestAssessmentNotices(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ins, panel := "inspector.a@demo.test", "panel@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	a := fmt.Sprintf("/assessments/%d", id)
	brook := env.toFactualAccuracy(t, "E06009902", "inspector.b@demo.test")
	b := fmt.Sprintf("/assessments/%d", brook)
	if rec := env.request(t, http.MethodPost, b+"/comments", "submitter.b@demo.test",
		url.Values{"qs": {"equity"}, "comment": {"Brookmere's own comment"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("Brookmere's comment = %d: %.300s", rec.Code, rec.Body.String())
	}
	for _, q := range env.srv.catalogue.Statements {
		if rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", 3, 0, "x")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score = %d", rec.Code)
		}
	}
	move := func(who, to, comment string) {
		t.Helper()
		if rec := env.request(t, http.MethodPost, a+"/state", who, url.Values{"to": {to}, "comment": {comment}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("move to %s = %d: %.300s", to, rec.Code, rec.Body.String())
		}
	}
	move(ins, "calibration", "")
	move(panel, "in_progress", "The equity evidence is thin.\nCite the 2024 survey.")
	returned := []string{"Returned by the calibration panel", "panel@demo.test returned the assessment to its inspectors on",
		"The equity evidence is thin.\nCite the 2024 survey."}
	env.run(t, []step{
		{"its inspector is told why it came back", "GET", a, ins, nil, 200, returned, []string{"to answer"}},
		{"so are the panel", "GET", a, panel, nil, 200, returned, nil},
		{"and admins", "GET", a, "admin@demo.test", nil, 200, returned, nil},
		{"but not right after the move, beside its success banner", "GET", a + "?moved=1", panel, nil, 200,
			[]string{"The assessment is now: In progress"}, []string{"Returned by the calibration panel"}},
		{"the council never sees calibration", "GET", a, "submitter.a@demo.test", nil, 200, []string{"In progress"},
			[]string{"Returned by", "equity evidence is thin", "govuk-notification-banner"}},
		{"another council's inspector", "GET", a, "inspector.b@demo.test", nil, 404, nil, []string{"equity evidence"}},
		{"the inspector's home counts it", "GET", "/", ins, nil, 200,
			[]string{"Waiting for you", "1 assessment returned by the calibration panel", `href="` + a + `"`,
				"returned by the calibration panel on", "saying “The equity evidence is thin."},
			[]string{"to answer", "Brookmere&#39;s own comment", `href="` + b}},
		{"the inspector's list says it", "GET", "/assessments", ins, nil, 200, []string{"Returned by the calibration panel"}, nil},
		{"the council's list does not", "GET", "/assessments", "submitter.a@demo.test", nil, 200, []string{"In progress"},
			[]string{"Returned by the calibration panel"}},
		{"another inspector's list has only their own comment to answer", "GET", "/assessments", "inspector.b@demo.test", nil, 200,
			[]string{"1 comment to answer"}, []string{"Returned by the calibration panel"}},
		{"another inspector's home does not", "GET", "/", "inspector.b@demo.test", nil, 200,
			[]string{"Waiting for you", "1 comment to answer", `href="` + b + `"`},
			[]string{"returned by the calibration panel", `href="` + a}},
	})

	move(ins, "calibration", "")
	move(panel, "factual_accuracy", "")
	deadline, err := env.srv.calendar.AddWorkingDays(time.Now().In(env.srv.loc), assessment.FactualAccuracyDays)
	if err != nil {
		t.Fatal(err)
	}
	day := deadline.Format("Monday 2 January 2006")
	due := assessment.DueText(assessment.Day(deadline), env.srv.ukToday())
	env.run(t, []step{
		{"the inspector waits for the council", "GET", a, ins, nil, 200,
			[]string{"The council can send comments until " + day}, []string{"Returned by", "to answer"}},
		{"the panel is told nothing in factual accuracy", "GET", a, panel, nil, 200, nil, []string{"Returned by", "The council can send comments until"}},
		{"the submitter is told the deadline", "GET", a, "submitter.a@demo.test", nil, 200,
			[]string{"Send any comments by " + day, "(" + due + ")", `href="#send-comment"`, `id="send-comment"`, `href="#end-comments"`}, nil},
		{"a viewer, that the submitters can", "GET", a, "viewer.a@demo.test", nil, 200,
			[]string{"Your council can send comments until " + day}, []string{`href="#send-comment"`}},
		{"the council's home lists the check", "GET", "/", "viewer.a@demo.test", nil, 200,
			[]string{"Due next", "Factual accuracy check", `href="` + a + `"`, due}, []string{`href="` + b}},
		{"the submitter's list says it too", "GET", "/assessments", "submitter.a@demo.test", nil, 200,
			[]string{"Send any comments by " + assessment.Day(deadline).Format("2 January 2006") + " (" + due + ")"}, nil},
		{"the inspector's list, that the council may comment", "GET", "/assessments", ins, nil, 200,
			[]string{"The council can send comments until " + assessment.Day(deadline).Format("2 January 2006")}, []string{"Send any comments by"}},
		{"Brookmere's home lists only its own", "GET", "/", "submitter.b@demo.test", nil, 200,
			[]string{"Factual accuracy check", `href="` + b + `"`}, []string{`href="` + a + `"`}},
	})

	section := report.Sections(env.srv.catalogue)[0]
	for _, f := range []struct{ path, comment string }{{a + "/comments", "Equity: the 2024 survey is missing"},
		{a + "/report/comments", "The summary misnames the council"}} {
		form := url.Values{"qs": {"equity"}, "section": {section.Key}, "kind": {"typo"}, "comment": {f.comment}}
		if rec := env.request(t, http.MethodPost, f.path, "submitter.a@demo.test", form); rec.Code != http.StatusSeeOther {
			t.Fatalf("comment %s = %d: %.300s", f.path, rec.Code, rec.Body.String())
		}
	}
	cs, err := env.st.Comments(context.Background(), authz.AllLAs(), id)
	if err != nil || len(cs) != 2 {
		t.Fatal(cs, err)
	}
	env.run(t, []step{
		{"the inspector has two comments to answer, linked", "GET", a, ins, nil, 200,
			[]string{"2 comments to answer", fmt.Sprintf(`href="#comment-%d"`, cs[0].ID), "Equity in experience and outcomes",
				fmt.Sprintf(`href="%s/report#comment-%d"`, a, cs[1].ID), "The draft report: " + section.Title, "sent by submitter.a@demo.test"},
			[]string{"The council can send comments until"}},
		{"admins are not told to answer", "GET", a, "admin@demo.test", nil, 200, nil, []string{"comments to answer"}},
		{"the inspector's home counts them", "GET", "/", ins, nil, 200,
			[]string{"2 comments to answer", `href="` + a + `"`}, []string{"returned by the calibration panel", "Brookmere"}},
		{"Brookmere's inspector still has only Brookmere's", "GET", "/", "inspector.b@demo.test", nil, 200,
			[]string{"1 comment to answer"}, []string{`href="` + a, "2 comments"}},
		{"answer the first", "POST", fmt.Sprintf("%s/comments/%d/answer", a, cs[0].ID), ins, url.Values{"answer": {"Added"}}, 303, nil, nil},
		{"one left", "GET", a, ins, nil, 200, []string{"1 comment to answer", fmt.Sprintf(`href="%s/report#comment-%d"`, a, cs[1].ID)},
			[]string{fmt.Sprintf(`href="#comment-%d"`, cs[0].ID)}},
		{"the council says it has no more", "POST", a + "/comments/end", "submitter.a@demo.test", url.Values{}, 303, nil, nil},
		{"and is told so", "GET", a, "submitter.a@demo.test", nil, 200,
			[]string{"You said you have no more comments", "submitter.a@demo.test told CQC on"}, []string{"Send any comments by"}},
		{"its home no longer lists the check", "GET", "/", "submitter.a@demo.test", nil, 200, nil, []string{"Factual accuracy check"}},
		{"the inspector still has one to answer", "GET", a, ins, nil, 200, []string{"1 comment to answer"}, []string{"The rating can be published"}},
		{"answer the second", "POST", fmt.Sprintf("%s/comments/%d/answer", a, cs[1].ID), ins, url.Values{"answer": {"Renamed"}, "from": {"report"}}, 303, nil, nil},
		{"the inspector may publish", "GET", a, ins, nil, 200,
			[]string{"The rating can be published", "The council has said it has no more factual accuracy comments", `href="#state"`, "Publish the rating"},
			[]string{"to answer"}},
		{"nothing waits on the home page", "GET", "/", ins, nil, 200, nil, []string{"Waiting for you"}},
		{"the list says it can be published", "GET", "/assessments", ins, nil, 200, []string{"The rating can be published"}, nil},
		{"but not to the panel", "GET", "/assessments", panel, nil, 200, nil, []string{"The rating can be published", "to answer"}},
	})

	move(ins, "published", "")
	published := []string{"Published on " + govDate(time.Now(), env.srv.loc), fmt.Sprintf(`href="/reports/%d"`, id)}
	for _, who := range []string{ins, panel, "submitter.a@demo.test", "viewer.a@demo.test"} {
		env.run(t, []step{{"published, as " + who, "GET", a, who, nil, 200, published, []string{"The rating can be published"}}})
	}
	env.run(t, []step{
		{"Brookmere's council sees nothing of it", "GET", "/", "submitter.b@demo.test", nil, 200, nil, []string{`href="` + a}},
	})
}

// TestSendToCalibrationOffered: "Send to calibration" is offered only once
// every statement is scored; until then the page says why, in the words a
// forced request is refused with.
func TestSendToCalibrationOffered(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ins := "inspector.a@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	a := fmt.Sprintf("/assessments/%d", id)
	qs := env.srv.catalogue.Statements
	for _, q := range qs[:len(qs)-1] {
		if rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", 3, 0, "x")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score = %d", rec.Code)
		}
	}
	wait := fmt.Sprintf("Score every quality statement before sending the assessment to calibration: %d of %d scored", len(qs)-1, len(qs))
	env.run(t, []step{
		{"not offered with one statement to score", "GET", a, ins, nil, 200, []string{wait, "Cannot start yet"}, []string{`href="` + a + `/check"`, `value="calibration"`}},
		{"nor on the check answers page", "GET", a + "/check", ins, nil, 200, []string{wait}, []string{`value="calibration"`}},
		{"the panel is not told to score", "GET", a, "panel@demo.test", nil, 200, nil, []string{"Score every quality statement"}},
		{"refused in the same words", "POST", a + "/state", ins, url.Values{"to": {"calibration"}}, 422, []string{wait}, nil},
		{"the last score", "POST", a + "/scores", ins, scoreValues(qs[len(qs)-1].Slug, "", 3, 0, "x"), 303, nil, nil},
		{"offered once complete, after checking the answers", "GET", a, ins, nil, 200, []string{`href="` + a + `/check"`}, []string{"Score every quality statement", "Cannot start yet"}},
		{"on the check answers page", "GET", a + "/check", ins, nil, 200, []string{"Send to calibration", `value="calibration"`}, []string{"Score every quality statement"}},
	})
}
