package api

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
)

// reportRouteTable: the draft report of the route table's assessment, in
// progress with inspector.a on it. Councils see a page saying the draft is
// not theirs to read yet; Brookmere's staff and inspector get 404.
func reportRouteTable(fx routeFixtures) []routeCase {
	a := "/assessments/" + fx.Assessment
	return []routeCase{
		{"GET", "/assessments/:id/report", a + "/report", nil, ashford(302)},
		{"POST", "/assessments/:id/report/sections/:section", a + "/report/sections/summary",
			url.Values{"body": {"Route table summary."}, "version": {"0"}}, statuses{302, 403, 403, 404, 303, 404, 403, 403}},
		{"POST", "/assessments/:id/report/comments", a + "/report/comments",
			url.Values{"section": {"summary"}, "kind": {"typo"}, "comment": {"Wrong"}}, statuses{302, 409, 403, 404, 403, 404, 403, 403}},
		// Only the assessment's inspectors correct a report, and only once
		// it is published (409 for the fixture in progress).
		{"POST", "/assessments/:id/report/correction", a + "/report/correction", url.Values{},
			statuses{302, 403, 403, 404, 409, 404, 403, 403}},
		{"POST", "/assessments/:id/report/correction/publish", a + "/report/correction/publish", url.Values{"reason": {"Fixed a figure."}},
			statuses{302, 403, 403, 404, 409, 404, 403, 403}},
		// Only a published assessment has a public report.
		{"GET", "/reports/:id", "/reports/" + fx.Assessment, nil, all(404)},
		{"GET", "/reports/:id/themes/:theme", "/reports/" + fx.Assessment + "/themes/leadership", nil, all(404)},
		{"GET", "/reports/:id/about", "/reports/" + fx.Assessment + "/about", nil, all(404)},
		{"GET", "/reports/:id/versions/:version", "/reports/" + fx.Assessment + "/versions/1", nil, all(404)},
		{"GET", "/reports/:id/versions/:version/themes/:theme", "/reports/" + fx.Assessment + "/versions/1/themes/leadership", nil, all(404)},
		{"GET", "/reports/:id/versions/:version/about", "/reports/" + fx.Assessment + "/versions/1/about", nil, all(404)},
		{"GET", "/admin/report-facts", "/admin/report-facts", nil, adminOnly(200)},
		// A form that is not multipart is refused before anything is read.
		{"POST", "/admin/report-facts", "/admin/report-facts", url.Values{"x": {"1"}}, adminOnly(400)},
		{"GET", "/reports/:id/report.pdf", "/reports/" + fx.Assessment + "/report.pdf", nil, all(404)},
		{"GET", "/reports/:id/versions/:version/report.pdf", "/reports/" + fx.Assessment + "/versions/1/report.pdf", nil, all(404)},
	}
}

func sectionForm(body string, version int, extra ...string) url.Values {
	f := url.Values{"body": {body}, "version": {fmt.Sprint(version)}}
	for i := 0; i+1 < len(extra); i += 2 {
		f.Add(extra[i], extra[i+1])
	}
	return f
}

// TestReportDrafting: an inspector drafts sections with citations and
// facts through the pages; every kind of bad input is refused with a GOV.UK
// message and nothing saved; markup is shown as text; the council sees
// nothing before the factual accuracy check; another council's people get
// 404; each save is audited.
func TestReportDrafting(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ins := "inspector.a@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	r := fmt.Sprintf("/assessments/%d/report", id)
	other := env.readyDocument(t, "E06009902", "submitter.b@demo.test", "Brookmere plan")
	about := []string{"year", "2022/23", "budget_estimate", "£895,817,000", "budget_actual", "917,896,000",
		"asc_estimate", "230464000", "asc_actual", "234,568,000", "precept_full", "2022/23, 2023/24", "long_term", "10,495",
		"population", "210,390", "over65", "18.9", "imd_decile", "4"}
	long := strings.Repeat("x", 20001)
	env.run(t, []step{
		{"empty report", "GET", r, ins, nil, 200, []string{"Overall summary", "Summary of people&#39;s experiences", "What people expect",
			"The local authority commitment", "We actively seek out", "Not written yet", "Direction of travel", "About the local authority"}, nil},
		{"the council cannot read it yet", "GET", r, "submitter.a@demo.test", nil, 200, []string{"You will read the draft here"}, []string{"Overall summary"}},
		{"open a section's form", "GET", r + "?edit=summary", ins, nil, 200, []string{`action="` + r + `/sections/summary"`, env.doc.Title}, nil},
		{"save the summary with a citation", "POST", r + "/sections/summary", ins,
			sectionForm("Ashford Vale <script>alert(1)</script> listens.\r\n\r\n- carers\n- *waiting lists*", 0,
				"cite_para", "2", "cite_doc", env.doc.ID, "cite_page", "1"), 303, nil, nil},
		{"shown escaped, with its evidence", "GET", r, ins, nil, 200, []string{"Ashford Vale &lt;script&gt;alert(1)&lt;/script&gt; listens.",
			"<li><em>waiting lists</em></li>", "Evidence: <a class=\"govuk-link\" href=\"/documents/" + env.doc.ID + "?page=1#page-1\">" + env.doc.Title + "</a>, page 1",
			"Version 1, saved by inspector.a@demo.test"}, []string{"<script>alert"}},
		{"a stale version", "POST", r + "/sections/summary", ins, sectionForm("Mine.", 0), 409,
			[]string{"Someone else saved this section", "Ashford Vale &lt;script&gt;"}, nil},
		{"too long", "POST", r + "/sections/summary", ins, sectionForm(long, 1), 422, []string{"20,000 characters or fewer"}, nil},
		{"a paragraph the text does not have", "POST", r + "/sections/summary", ins,
			sectionForm("One.", 1, "cite_para", "2", "cite_doc", env.doc.ID, "cite_page", "1"), 422, []string{"Cite paragraphs from 1 to 1"}, nil},
		{"a paragraph that is not a number", "POST", r + "/sections/summary", ins,
			sectionForm("One.", 1, "cite_para", "one", "cite_doc", env.doc.ID, "cite_page", "1"), 422, []string{"number of the paragraph"}, nil},
		{"another council's document", "POST", r + "/sections/summary", ins,
			sectionForm("One.", 1, "cite_para", "1", "cite_doc", other.ID, "cite_page", "1"), 422, []string{"Select a document of this local authority"}, []string{"Brookmere plan"}},
		{"a page past the end", "POST", r + "/sections/summary", ins,
			sectionForm("One.", 1, "cite_para", "1", "cite_doc", env.doc.ID, "cite_page", "2"), 422, []string{"Page 2 is past the end: " + env.doc.Title + " has 1 page"}, nil},
		{"a page that is not a number", "POST", r + "/sections/summary", ins,
			sectionForm("One.", 1, "cite_para", "1", "cite_doc", env.doc.ID, "cite_page", "abc"), 422, []string{"Enter the page number"}, nil},
		{"a section that does not exist", "POST", r + "/sections/epilogue", ins, sectionForm("x", 0), 404, nil, nil},
		{"a figure that is not a number", "POST", r + "/sections/about", ins, sectionForm("", 0, "year", "2022/23", "budget_actual", "lots"), 422,
			[]string{"Total spend, actual (£) must be a whole number"}, nil},
		{"a negative figure", "POST", r + "/sections/about", ins, sectionForm("", 0, "year", "2022/23", "budget_actual", "-5"), 422,
			[]string{"must be a whole number from 0"}, nil},
		{"an absurd figure", "POST", r + "/sections/about", ins, sectionForm("", 0, "year", "2022/23", "budget_actual", "999999999999999"), 422,
			[]string{"must be a whole number from 0"}, nil},
		{"a percentage over 100", "POST", r + "/sections/about", ins, sectionForm("", 0, "over65", "140"), 422, []string{"must be a percentage from 0 to 100"}, nil},
		{"a decile of 11", "POST", r + "/sections/about", ins, sectionForm("", 0, "imd_decile", "11"), 422, []string{"decile as a whole number from 1 to 10"}, nil},
		{"a year written wrongly", "POST", r + "/sections/about", ins, sectionForm("", 0, "year", "2022-2023"), 422, []string{"Enter the financial year like 2022/23"}, nil},
		{"figures with no year", "POST", r + "/sections/about", ins, sectionForm("", 0, "budget_actual", "5"), 422, []string{"Enter the financial year the figures are for"}, nil},
		{"a precept year twice", "POST", r + "/sections/about", ins, sectionForm("", 0, "precept_full", "2022/23", "precept_not", "2022/23"), 422,
			[]string{"Each year can be either raised or not raised"}, nil},
		{"markup in a figure is shown as text", "POST", r + "/sections/about", ins, sectionForm("", 0, "population", "<b>1</b>"), 422,
			[]string{"&lt;b&gt;1&lt;/b&gt;"}, []string{"<b>1</b>"}},
		{"save the facts", "POST", r + "/sections/about", ins, sectionForm("A borough in the south.", 0, about...), 303, nil, nil},
		{"the facts in CQC's sentences", "GET", r, ins, nil, 200, []string{
			"The local authority estimated that in 2022/23, its total budget would be £895,817,000. Its actual spend for that year was £917,896,000, which was £22,079,000 more than estimated.",
			"The local authority estimated that it would spend £230,464,000 of its total budget on adult social care in 2022/23. Its actual spend was £234,568,000, which is £4,104,000 more than estimated.",
			"In 2022/23, 26% of the budget was spent on adult social care.",
			"The local authority has raised the full adult social care precept for 2022/23 and 2023/24.",
			"Approximately 10,495 people were accessing long-term adult social care support in 2022/23.",
			"Approximately 210,390 people live in the local authority area, of whom 18.9% are aged 65 or over."}, nil},
		{"the facts form shows what was saved", "GET", r + "?edit=about", ins, nil, 200, []string{`value="895,817,000"`, `value="18.9"`, `value="2022/23, 2023/24"`}, nil},
		{"Brookmere's inspector", "GET", r, "inspector.b@demo.test", nil, 404, nil, []string{"Ashford"}},
		{"Brookmere's inspector saving", "POST", r + "/sections/summary", "inspector.b@demo.test", sectionForm("x", 1), 404, nil, nil},
		{"Brookmere's submitter", "GET", r, "submitter.b@demo.test", nil, 404, nil, []string{"Ashford"}},
		{"the panel reads the draft", "GET", r, "panel@demo.test", nil, 200, []string{"Ashford Vale &lt;script&gt;", "£22,079,000"}, []string{"?edit=summary"}},
		{"the panel cannot save", "POST", r + "/sections/summary", "panel@demo.test", sectionForm("x", 1), 403, nil, nil},
		{"a submitter cannot save", "POST", r + "/sections/summary", "submitter.a@demo.test", sectionForm("x", 1), 403, nil, nil},
	})
	secs, err := env.st.ReportSections(context.Background(), authz.AllLAs(), id)
	if err != nil {
		t.Fatal(err)
	}
	if s := secs["summary"]; s.Version != 1 || !strings.HasPrefix(s.Body, "Ashford Vale <script>") || len(s.Citations) != 1 {
		t.Errorf("summary after refused saves = %+v, want version 1 as first saved", s)
	}
	if s := secs["about"]; s.Version != 1 || s.Facts == nil || *s.Facts.BudgetActual != 917_896_000 {
		t.Errorf("about = %+v, want the one good save", s)
	}
	log, err := env.st.AuditLog(context.Background(), authz.AllLAs(), 200, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range log.Entries {
		if e.Action == "report_section_saved" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("audit log has %d report_section_saved, want 2", n)
	}
}

// TestReportCheckAndPublication: the inspector drafts, the panel reads the
// draft in calibration, the council comments on a paragraph and a figure
// (bad comments refused), the inspector answers and corrects the draft, the
// council sees what changed, and publication freezes the report into public
// pages that show exactly what was published; Brookmere sees nothing.
func TestReportCheckAndPublication(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ins, sub := "inspector.a@demo.test", "submitter.a@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	a := fmt.Sprintf("/assessments/%d", id)
	r := a + "/report"
	env.run(t, []step{
		{"summary", "POST", r + "/sections/summary", ins, sectionForm("Ashford Vale is good.\n\nCarers wait too long.", 0,
			"cite_para", "2", "cite_doc", env.doc.ID, "cite_page", "1"), 303, nil, nil},
		{"equity findings", "POST", r + "/sections/qs-equity", ins, sectionForm("Equality data is used.", 0), 303, nil, nil},
		{"about", "POST", r + "/sections/about", ins, sectionForm("", 0, "year", "2022/23", "budget_estimate", "895817000", "budget_actual", "917896000"), 303, nil, nil},
	})
	for _, q := range env.srv.catalogue.Statements {
		if rec := env.request(t, "POST", a+"/scores", ins, scoreValues(q.Slug, "", 3, 0, "x")); rec.Code != 303 {
			t.Fatalf("score = %d", rec.Code)
		}
	}
	env.run(t, []step{
		{"to calibration", "POST", a + "/state", ins, url.Values{"to": {"calibration"}}, 303, nil, nil},
		{"the panel reads the draft beside the scores", "GET", r, "panel@demo.test", nil, 200, []string{"Carers wait too long.", "3 – Good standard"}, nil},
		{"frozen in calibration", "POST", r + "/sections/summary", ins, sectionForm("x", 1), 409, []string{"cannot be changed at this stage"}, nil},
		{"to factual accuracy", "POST", a + "/state", "panel@demo.test", url.Values{"to": {"factual_accuracy"}}, 303, nil, nil},
		{"the council reads the whole draft", "GET", r, sub, nil, 200, []string{"Carers wait too long.", "Equality data is used.",
			"£22,079,000 more than estimated", "Send a factual accuracy comment on the report"}, []string{"saved by inspector.a"}},
		{"Brookmere sees nothing", "GET", r, "submitter.b@demo.test", nil, 404, nil, []string{"Carers"}},
		{"no section", "POST", r + "/comments", sub, url.Values{"kind": {"typo"}, "comment": {"x"}}, 422, []string{"Select the section of the report"}, nil},
		{"no kind", "POST", r + "/comments", sub, url.Values{"section": {"summary"}, "comment": {"x"}}, 422, []string{"Select what kind of correction"}, nil},
		{"a paragraph the section lacks", "POST", r + "/comments", sub, url.Values{"section": {"summary"}, "kind": {"typo"}, "paragraph": {"3"}, "comment": {"x"}}, 422,
			[]string{"from 1 to 2 of this section"}, nil},
		{"a figure outside About", "POST", r + "/comments", sub, url.Values{"section": {"summary"}, "kind": {"typo"}, "figure": {"budget_actual"}, "comment": {"x"}}, 422,
			[]string{"Figures are in About the local authority"}, nil},
		{"an empty comment", "POST", r + "/comments", sub, url.Values{"section": {"summary"}, "kind": {"typo"}}, 422, []string{"Enter your comment"}, nil},
		{"a comment on paragraph 2", "POST", r + "/comments", sub, url.Values{"section": {"summary"}, "kind": {"omitted"}, "paragraph": {"2"},
			"comment": {"<b>The new carers hub</b> is missing."}, "document": {env.doc.ID}, "page": {"1"}}, 303, nil, nil},
		{"a comment on a figure", "POST", r + "/comments", sub, url.Values{"section": {"about"}, "kind": {"typo"}, "figure": {"budget_actual"},
			"comment": {"The actual spend was £917,986,000."}}, 303, nil, nil},
		{"the inspector sees both", "GET", r, ins, nil, 200, []string{"Paragraph 2; Omitted information", "&lt;b&gt;The new carers hub&lt;/b&gt;",
			"Figure: Total spend, actual (£); A typo or a number", `name="from" value="report"`}, []string{"<b>The new carers hub"}},
		{"the council has no more comments", "POST", a + "/comments/end", sub, url.Values{}, 303, nil, nil},
		{"publishing waits for answers", "POST", a + "/state", ins, url.Values{"to": {"published"}}, 422, []string{"Answer every factual accuracy comment before publishing: 2 comments to answer"}, nil},
		{"the assessment page points to them", "GET", a, ins, nil, 200, []string{"the council has sent 2 comments on it, 2 not answered yet"}, nil},
		{"an empty answer", "POST", a + "/comments/1/answer", ins, url.Values{"answer": {""}, "from": {"report"}}, 422, []string{"Enter your answer"}, nil},
		{"the inspector corrects the draft", "POST", r + "/sections/summary", ins, sectionForm("Ashford Vale is good.\n\nCarers wait too long; the new carers hub helps.", 1,
			"cite_para", "2", "cite_doc", env.doc.ID, "cite_page", "1"), 303, nil, nil},
		{"and the figure", "POST", r + "/sections/about", ins, sectionForm("", 1, "year", "2022/23", "budget_estimate", "895817000", "budget_actual", "917986000"), 303, nil, nil},
		{"answer 1", "POST", a + "/comments/1/answer", ins, url.Values{"answer": {"Added."}, "from": {"report"}}, 303, nil, nil},
		{"answer 2", "POST", a + "/comments/2/answer", ins, url.Values{"answer": {"Corrected."}, "from": {"report"}}, 303, nil, nil},
		{"the council sees what changed and the answers", "GET", r, sub, nil, 200, []string{"Changes since the council received the draft",
			"<ins><span class=\"govuk-visually-hidden\">Added: </span>Carers wait too long; the new carers hub helps.</ins>",
			"<del><span class=\"govuk-visually-hidden\">Removed: </span>Carers wait too long.</del>", "Corrected.", "£22,169,000 more than estimated"}, nil},
		{"publish", "POST", a + "/state", ins, url.Values{"to": {"published"}}, 303, nil, nil},
		{"no change after publication", "POST", r + "/sections/summary", ins, sectionForm("Later.", 2), 409, nil, nil},
		{"the council's page links to the published report", "GET", a, sub, nil, 200, []string{fmt.Sprintf(`href="/reports/%d"`, id)}, nil},
	})
	pub := fmt.Sprintf("/reports/%d", id)
	env.run(t, []step{
		{"the ratings link to the report", "GET", "/ratings", anon, nil, 200, []string{`href="` + pub + `"`}, nil},
		{"public summary", "GET", pub, anon, nil, 200, []string{"Ashford Vale Council", "Good", "Overall score", "75", "Published", "Page last updated",
			"Equity in experience and outcomes", "3 – Good standard", "Carers wait too long; the new carers hub helps.", "Evidence: " + env.doc.Title + ", page 1"},
			[]string{"Equality data is used.", "/documents/", "inspector.a"}},
		{"public theme page", "GET", pub + "/themes/working-with-people", anon, nil, 200, []string{"Equality data is used.", "What people expect",
			"The local authority commitment", "We actively seek out"}, []string{"Carers wait"}},
		{"public about page", "GET", pub + "/about", anon, nil, 200, []string{"Its actual spend for that year was £917,986,000, which was £22,169,000 more than estimated."}, nil},
		{"an unknown theme", "GET", pub + "/themes/gossip", anon, nil, 404, nil, nil},
		{"a made-up id", "GET", "/reports/99999", anon, nil, 404, nil, nil},
		{"a hostile id", "GET", "/reports/1%27%20OR%201=1", anon, nil, 404, nil, nil},
	})
}
