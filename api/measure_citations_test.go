package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/outcomes/outcomestest"
	"github.com/evidenceportal/portal/internal/store"
)

// importASCOF imports generated ASCOF files of the two demo councils, one
// per year given.
func (e *testEnv) importASCOF(t testing.TB, years ...string) {
	t.Helper()
	for i, year := range years {
		e.importASCOFSeed(t, year, i, 1)
	}
}

// TestScoreCitesMeasure: an inspector cites an outcome measure's figure for
// a score, as a document's page; the figure shows with the score on the
// scoring page, the council's page, the JSON and the published snapshot.
func TestScoreCitesMeasure(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	env.importASCOF(t, "2022-23", "2023-24")
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	a := fmt.Sprintf("/assessments/%d", id)
	ins := "inspector.a@demo.test"
	views, err := env.srv.outcomeViews(context.Background(), "E06009901")
	if err != nil {
		t.Fatal(err)
	}
	var figure, england string
	for _, v := range views {
		if v.Measure.ID == "2A" {
			figure, england = figureText(v.Measure, v.Comparison.Value), figureText(v.Measure, v.Comparison.England)
		}
	}
	if figure == "" {
		t.Fatal("no figure of 2A for Ashford Vale")
	}
	cites := func(measures ...string) url.Values {
		f := scoreValues("healthier-lives", "", 3, 0, "Short-term support works")
		for _, m := range measures {
			f.Add("cite_measure", m)
		}
		return f
	}
	shown := "ASCOF 2A, "
	env.run(t, []step{
		{"the picker offers the council's figures, the statement's first", "GET", a + "/statements/healthier-lives?edit=healthier-lives-qs", ins, nil, 200,
			[]string{`name="cite_measure"`, `<optgroup label="Measures of this quality statement">`, `value="2A:2023-24"`, `value="2A:2022-23"`,
				"2023-24 – " + figure + " (England " + england + ")", `<optgroup label="Other measures">`}, nil},
		{"a year the council has no figure for", "POST", a + "/scores", ins, cites("2A:2019-20"), 422,
			[]string{"There is no figure of measure 2A for this local authority in 2019-20", `href="#cite-healthier-lives-qs"`}, nil},
		{"a forged value", "POST", a + "/scores", ins, cites("2A"), 422, []string{"Choose an outcome measure and year from the list"}, nil},
		{"an unknown measure", "POST", a + "/scores", ins, cites("ZZ:2023-24"), 422, []string{"Choose an outcome measure and year from the list"}, nil},
		{"cited", "POST", a + "/scores", ins, cites("2A:2023-24"), 303, nil, nil},
		{"shown with the score, which cites evidence", "GET", a + "/statements/healthier-lives", ins, nil, 200,
			[]string{shown, ": " + figure + " in 2023-24 (England " + england + ")"}, []string{"This score cites no evidence"}},
		{"kept selected when the form opens again", "GET", a + "/statements/healthier-lives?edit=healthier-lives-qs", ins, nil, 200,
			[]string{`<option value="2A:2023-24" selected>`}, nil},
		{"in the JSON", "GET", "/api/v1" + a, ins, nil, 200, []string{`"measures":[{"measure":"2A","year":"2023-24","layout":"ascof"`}, nil},
	})
	for _, q := range env.srv.catalogue.Statements {
		if q.Slug == "healthier-lives" {
			continue
		}
		if rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", 3, 0, "x")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score = %d", rec.Code)
		}
	}
	for _, mv := range [][2]string{{ins, "calibration"}, {"panel@demo.test", "factual_accuracy"}} {
		if rec := env.request(t, http.MethodPost, a+"/state", mv[0], url.Values{"to": {mv[1]}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("move to %s = %d", mv[1], rec.Code)
		}
	}
	env.run(t, []step{{"the council's page in factual accuracy", "GET", a, "viewer.a@demo.test", nil, 200,
		[]string{"Outcome measures: " + shown, figure + " in 2023-24"}, nil}})
	env.endComments(t, a)
	if rec := env.request(t, http.MethodPost, a+"/state", ins, url.Values{"to": {"published"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("publish = %d", rec.Code)
	}
	// A later file of the same year changes the live figures, not what was cited.
	env.importASCOFSeed(t, "2023-24", 1, 77)
	env.run(t, []step{
		{"the published page from the snapshot", "GET", a, "viewer.a@demo.test", nil, 200, []string{shown, figure + " in 2023-24 (England " + england + ")"}, nil},
		{"the published JSON", "GET", "/api/v1" + a, "submitter.a@demo.test", nil, 200, []string{`"measures":[{"measure":"2A","year":"2023-24"`}, nil},
	})
}

// importASCOFSeed imports one generated ASCOF year with another seed, as a
// corrected file of the same year would be.
func (e *testEnv) importASCOFSeed(t testing.TB, year string, n int, seed uint64) {
	t.Helper()
	ms := e.srv.catalogue.Measures()
	var b bytes.Buffer
	if err := outcomestest.Write(&b, outcomestest.Options{Layout: outcomes.ASCOF, Councils: outcomestest.Councils(2), Measures: ms, Year: n, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.ImportOutcomes(context.Background(), store.OutcomeDataset{Publication: "ASCOF " + year, Year: year, ImportedBy: "t"}, &b,
		outcomes.ASCOF, ms, e.auditAs("outcomes_imported")); err != nil {
		t.Fatal(err)
	}
}

// TestReportShowsOutcomes: the draft report shows the council's figures
// against England and its region in the summary of people's experiences
// (the measures CQC's reports quote there) and under each quality
// statement; the published report shows them as frozen at publication,
// whatever is imported later, and a correction keeps them.
func TestReportShowsOutcomes(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	env.importASCOF(t, "2022-23", "2023-24")
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	a := fmt.Sprintf("/assessments/%d", id)
	ins := "inspector.a@demo.test"
	figures := func() map[string]string {
		t.Helper()
		views, err := env.srv.outcomeViews(context.Background(), "E06009901")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, v := range views {
			out[v.Measure.ID] = figureText(v.Measure, v.Comparison.Value)
		}
		return out
	}
	before := figures()
	section := func(body, key string) string {
		t.Helper()
		i := strings.Index(body, `id="`+key+`"`)
		if i < 0 {
			t.Fatalf("no section %s", key)
		}
		rest := body[i:]
		if j := strings.Index(rest[1:], "<section"); j > 0 {
			rest = rest[:j+1]
		}
		return rest
	}
	check := func(name, body string, want map[string]string) {
		t.Helper()
		people, healthier := section(body, "people"), section(body, "qs-healthier-lives")
		for _, w := range []string{`id="outcome-3D"`, `id="outcome-3A"`, "Outcomes: national data", "England", want["3D"]} {
			if !strings.Contains(people, w) {
				t.Errorf("%s: summary of people's experiences lacks %q", name, w)
			}
		}
		if strings.Contains(people, `id="outcome-2A"`) {
			t.Errorf("%s: 2A is in the summary of people's experiences", name)
		}
		for _, w := range []string{`id="outcome-2A"`, "<svg", "Region", want["2A"]} {
			if !strings.Contains(healthier, w) {
				t.Errorf("%s: healthier lives lacks %q", name, w)
			}
		}
	}
	rec := env.request(t, http.MethodGet, a+"/report", ins, nil)
	if rec.Code != 200 {
		t.Fatalf("draft report = %d", rec.Code)
	}
	check("draft", rec.Body.String(), before)

	// A paragraph cites a measure, as it cites a document's page.
	r := a + "/report/sections/people"
	body := "People are positive.\n\nMany take direct payments."
	cited := "ASCOF 3D, Proportion of people who use services who receive direct payments: " + before["3D"] + " in 2023-24 (England "
	env.run(t, []step{
		{"the form offers the measures", "GET", a + "/report?edit=people", ins, nil, 200, []string{`name="cite_mpara"`, `value="3D:2023-24"`}, nil},
		{"a paragraph the text does not have", "POST", r, ins, sectionForm(body, 0, "cite_mpara", "3", "cite_measure", "3D:2023-24"), 422,
			[]string{"Cite paragraphs from 1 to 2 of the text"}, nil},
		{"no paragraph", "POST", r, ins, sectionForm(body, 0, "cite_mpara", "", "cite_measure", "3D:2023-24"), 422,
			[]string{"Enter the number of the paragraph each citation supports"}, nil},
		{"a year with no figure", "POST", r, ins, sectionForm(body, 0, "cite_mpara", "2", "cite_measure", "3D:2019-20"), 422,
			[]string{"There is no figure of measure 3D for this local authority in 2019-20"}, nil},
		{"cited", "POST", r, ins, sectionForm(body, 0, "cite_mpara", "2", "cite_measure", "3D:2023-24"), 303, nil, nil},
		{"shown under the paragraph", "GET", a + "/report", ins, nil, 200, []string{"Outcome measures: " + cited}, nil},
		{"kept in the form", "GET", a + "/report?edit=people", ins, nil, 200, []string{`<option value="3D:2023-24" selected>`}, nil},
	})

	for _, q := range env.srv.catalogue.Statements {
		if rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", 3, 0, "x")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score = %d", rec.Code)
		}
	}
	for _, mv := range [][2]string{{ins, "calibration"}, {"panel@demo.test", "factual_accuracy"}, {ins, "published"}} {
		if mv[1] == "published" {
			env.endComments(t, a)
		}
		if rec := env.request(t, http.MethodPost, a+"/state", mv[0], url.Values{"to": {mv[1]}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("move to %s = %d", mv[1], rec.Code)
		}
	}
	env.importASCOFSeed(t, "2023-24", 1, 77)
	after := figures()
	if after["2A"] == before["2A"] || after["3D"] == before["3D"] {
		t.Fatalf("the later file has the same figures: 2A %s, 3D %s", after["2A"], after["3D"])
	}
	public := func(name string) {
		t.Helper()
		th := env.request(t, http.MethodGet, fmt.Sprintf("/reports/%d/themes/working-with-people", id), anon, nil).Body.String()
		summary := env.request(t, http.MethodGet, fmt.Sprintf("/reports/%d", id), anon, nil).Body.String()
		check(name, summary+th, before)
		if !strings.Contains(summary, "Outcome measures: "+cited) {
			t.Errorf("%s: the summary of people's experiences lacks the paragraph's cited measure", name)
		}
		if strings.Contains(th, after["2A"]+"</strong>") || strings.Contains(summary, after["3D"]+"</strong>") {
			t.Errorf("%s: shows a figure imported after publication", name)
		}
	}
	public("published")
	rec = env.request(t, http.MethodGet, a+"/report", ins, nil)
	check("draft after a later import", rec.Body.String(), after)

	if rec := env.request(t, http.MethodPost, a+"/report/correction", ins, url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("start correction = %d", rec.Code)
	}
	if rec := env.request(t, http.MethodPost, a+"/report/correction/publish", ins, url.Values{"reason": {"A typo"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("publish correction = %d: %.300s", rec.Code, rec.Body.String())
	}
	public("corrected")
}
