package api

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// TestScoringTaskList scores a whole interim assessment through the task
// list: the summary of the nine statements, one page per statement where
// each save shows where it leaves the statement and the overall rating,
// and the check answers page that sends it to calibration.
func TestScoringTaskList(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ins := "inspector.a@demo.test"
	id := env.openAssessment(t, "E06009901", "interim-2023", ins)
	a := fmt.Sprintf("/assessments/%d", id)
	stmts := env.srv.catalogue.Statements
	v, err := env.srv.catalogue.Version("interim-2023")
	if err != nil {
		t.Fatal(err)
	}
	cats := v.CategoriesInUse()

	env.run(t, []step{
		{"the task list, nothing scored", "GET", a, ins, nil, 200,
			[]string{"Score the quality statements", "You have scored 0 of 9 quality statements", `href="` + a + `/statements/equity"`,
				`id="task-equity-status"><strong class="govuk-tag govuk-tag--blue">Not started</strong>`, "Cannot start yet",
				"Score every quality statement before sending the assessment to calibration"},
			[]string{`name="rationale"`, `value="calibration"`}},
		{"a statement's page opens its first category", "GET", a + "/statements/equity", ins, nil, 200,
			[]string{"3. Equity in experience and outcomes", "Quality statement 3 of 9", "Where this statement stands", "Not scored yet",
				`id="score-equity-people-experience"`, "Back to the task list", `rel="next"`, `rel="prev"`},
			[]string{`id="score-equity-processes"`, "Success"}},
		{"a save without a rationale stays on the statement's page", "POST", a + "/scores", ins, scoreValues("equity", "processes", 3, 0, ""), 422,
			[]string{"There is a problem", `href="#rationale-equity-processes"`, "3. Equity in experience and outcomes", `id="score-equity-processes"`},
			[]string{`id="score-equity-people-experience"`, "Assessing needs</a></h2>"}},
	})

	rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues("equity", "people-experience", 3, 0, "Co-produced strategy", env.doc.ID, "1"))
	loc := rec.Header().Get("Location")
	if want := a + "/statements/equity?saved=equity-people-experience"; rec.Code != http.StatusSeeOther || loc != want {
		t.Fatalf("save = %d to %q, want 303 to %q", rec.Code, loc, want)
	}
	env.run(t, []step{
		{"the banner says where the score leaves the statement and the rating", "GET", loc, ins, nil, 200,
			[]string{"The score has been saved: People&#39;s experience, 3 – Good standard",
				"Equity in experience and outcomes is now 3 – Good standard: 75% from 1 of 5 evidence categories (3 out of 4). 13 points from 4 – Exceptional standard (88%).",
				"Overall: Good, 75% (provisional: 1 of 9 quality statements scored). 13 points from Outstanding (88%).",
				`href="#item-equity-staff-leaders-feedback">Score the next evidence category: Feedback from staff and leaders`,
				`id="score-equity-staff-leaders-feedback"`},
			[]string{`id="score-equity-people-experience"`}},
		{"the task list shows it in progress", "GET", a, ins, nil, 200,
			[]string{`id="task-equity-status"><strong class="govuk-tag govuk-tag--light-blue">In progress</strong>`, "You have scored 1 of 9",
				"Score: 3 – Good standard · 75% from 1 of 5 evidence categories", "Overall so far: Good, 75%, 13 points from Outstanding (88%)."}, nil},
	})

	// The rest: 4 on every category but one 2, so that the last save of
	// a statement leads on to the next statement.
	for _, q := range stmts {
		for _, c := range cats {
			if q.Slug == "equity" && c.Slug == "people-experience" {
				continue
			}
			score := 4
			if c.Slug == "outcomes" {
				score = 2
			}
			rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, c.Slug, score, 0, "Seen "+c.Name, env.doc.ID, "1"))
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("score %s %s = %d: %.400s", q.Slug, c.Slug, rec.Code, rec.Body.String())
			}
		}
		if q.Slug == "assessing-needs" {
			env.run(t, []step{{"a statement's last save leads on to the next statement", "GET", a + "/statements/assessing-needs?saved=assessing-needs-outcomes", ins, nil, 200,
				[]string{"Continue to 2. Supporting people to live healthier lives", "Assessing needs is now 4 – Exceptional standard: 90% from 5 of 5",
					"The highest score"}, []string{`name="rationale"`}}})
		}
	}
	env.run(t, []step{
		{"the last save leads to the check", "GET", a + "/statements/learning?saved=learning-outcomes", ins, nil, 200,
			[]string{`href="` + a + `/check">Every statement is scored: check your answers`}, nil},
		{"every statement completed", "GET", a, ins, nil, 200,
			[]string{"You have scored 9 of 9", `id="task-learning-status">Completed`, `href="` + a + `/check"`}, []string{"govuk-tag--light-blue", "Cannot start yet"}},
		{"check your answers", "GET", a + "/check", ins, nil, 200,
			[]string{"Check your answers before sending the assessment to calibration", "Co-produced strategy", "Seen Feedback from partners",
				a + "/statements/equity?edit=equity-people-experience#item-equity-people-experience", "Change<span class=\"govuk-visually-hidden\"> the score for Equity in experience and outcomes: Processes",
				`value="calibration"`}, []string{"Not scored", "No evidence cited"}},
		{"the panel reads the check page without changing", "GET", a + "/check", "panel@demo.test", nil, 200, nil, []string{`value="calibration"`, "Change<span"}},
		{"the council may not", "GET", a + "/check", "submitter.a@demo.test", nil, 403, nil, nil},
		{"sent to calibration", "POST", a + "/state", ins, url.Values{"to": {"calibration"}}, 303, nil, nil},
		{"then every statement is on one page, read-only", "GET", a + "?moved=1", ins, nil, 200,
			[]string{"The assessment is now: In calibration", "9. Learning, improvement and innovation"}, []string{`name="rationale"`, "govuk-task-list"}},
		{"statement pages read-only", "GET", a + "/statements/equity", ins, nil, 200, []string{"Co-produced strategy"}, []string{`name="rationale"`, "Change score"}},
	})
}
