package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/pack"
	"github.com/evidenceportal/portal/internal/store"
)

// submittedReturn starts the return of the council's assessment, gives
// waiting-lists the title given, issues it, answers waiting-lists, the
// personal interview-contacts item and, with doc, strategies-policies by
// page 1 of doc, gives reasons for the other required items and, when
// submit, submits it; its items' ids by key.
func (e *testEnv) submittedReturn(t *testing.T, la string, id int64, title, doc string, submit bool) (int64, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	scope := authz.OnlyLAs(la)
	rid, err := e.st.CreateReturn(ctx, scope, id, e.srv.returnTpl, "inspector@demo.test", e.auditAs("return_started"))
	if err != nil {
		t.Fatal(err)
	}
	items := e.returnItemIDs(t, rid)
	if err := e.st.EditReturnItem(ctx, scope, store.ItemEdit{Return: rid, Item: items["waiting-lists"], Title: title,
		Wanted: "How many people wait", Required: true}, e.auditAs("return_item_changed")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.IssueReturn(ctx, scope, rid, 0, time.Now(), e.srv.loc, "inspector@demo.test", e.auditAs("return_issued")); err != nil {
		t.Fatal(err)
	}
	answers := map[string]assessment.Answer{
		"waiting-lists":      {Kind: "text", Text: "42 people wait"},
		"interview-contacts": {Kind: "table", Rows: [][]string{{"Ann", "Director", "Adults", "ann@council.test", "01"}}},
	}
	if doc != "" {
		answers["strategies-policies"] = assessment.Answer{Kind: "documents", Citations: []assessment.Citation{{DocumentID: doc, Page: 1}}}
	}
	for key, a := range answers {
		if err := e.st.AnswerItem(ctx, scope, store.AnswerInput{Return: rid, Item: items[key], Answer: a, By: "submitter@demo.test"},
			e.auditAs("return_item_answered")); err != nil {
			t.Fatal(err)
		}
	}
	if submit {
		e.submitReturn(t, la, rid)
	}
	return rid, items
}

// submitReturn submits the return with a reason for each required item
// not answered.
func (e *testEnv) submitReturn(t *testing.T, la string, rid int64) {
	t.Helper()
	ctx := context.Background()
	scope := authz.OnlyLAs(la)
	all, err := e.st.ReturnItems(ctx, scope, rid, true)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[int64]string{}
	for _, it := range all {
		if it.Required && it.Answer == nil {
			reasons[it.ID] = "We do not have this"
		}
	}
	if err := e.st.SubmitReturn(ctx, scope, rid, reasons, "submitter@demo.test", e.auditAs("return_submitted")); err != nil {
		t.Fatal(err)
	}
}

// TestReportCitesReturn: a paragraph of the draft cites an answer of the
// council's submitted information return through the section form (a
// select of its items, no JavaScript), shown escaped as "Information
// return, <title>" in the draft (linked to the item), the pack's report and
// the published pages (not linked); items of a return not submitted, of
// another council, with only a reason or personal data are refused with
// the same GOV.UK message and nothing saved. In the factual accuracy check
// the council comments on one cited piece of evidence of a paragraph, and
// the inspectors see which.
func TestReportCitesReturn(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ins, sub := "inspector.a@demo.test", "submitter.a@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	title := "<script>alert(1)</script> Waiting lists"
	esc := "&lt;script&gt;alert(1)&lt;/script&gt; Waiting lists"
	rid, items := env.submittedReturn(t, "E06009901", id, title, env.doc.ID, false)
	bid := env.openAssessment(t, "E06009902", "qs-only-2024", "inspector.b@demo.test")
	_, bItems := env.submittedReturn(t, "E06009902", bid, "Brookmere waiting lists", "", true)

	a := fmt.Sprintf("/assessments/%d", id)
	r := a + "/report"
	body := "Ashford Vale is good.\n\nPeople wait for assessments."
	cite := func(item any, extra ...string) url.Values {
		return sectionForm(body, 0, append([]string{"cite_para", "2", "cite_doc", env.doc.ID, "cite_page", "1",
			"cite_rpara", "2", "cite_item", fmt.Sprint(item)}, extra...)...)
	}
	wl := items["waiting-lists"]
	refused := []string{"Choose an answer of the council&#39;s submitted information return from the list"}
	env.run(t, []step{
		{"nothing to cite before submission", "GET", r + "?edit=summary", ins, nil, 200, nil, []string{`name="cite_item"`}},
		{"an answer of a return not submitted", "POST", r + "/sections/summary", ins, cite(wl), 422, refused, nil},
	})
	env.submitReturn(t, "E06009901", rid)
	itemHref := fmt.Sprintf("%s/return/items/%d", a, wl)
	env.run(t, []step{
		{"the form offers the submitted answers", "GET", r + "?edit=summary", ins, nil, 200,
			[]string{`name="cite_rpara"`, `name="cite_item"`, fmt.Sprintf(`<option value="%d">%s</option>`, wl, esc)},
			[]string{fmt.Sprintf(`<option value="%d">`, items["interview-contacts"]), fmt.Sprintf(`<option value="%d">`, items["self-assessment"]), "<script>alert"}},
	})
	for _, tt := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"a personal item", cite(items["interview-contacts"]), refused},
		{"an item given only a reason", cite(items["self-assessment"]), refused},
		{"another council's item", cite(bItems["waiting-lists"]), refused},
		{"no such item", cite(1 << 40), refused},
		{"not an id", cite("abc"), refused},
		{"a paragraph the text lacks", sectionForm(body, 0, "cite_rpara", "3", "cite_item", fmt.Sprint(wl)), []string{"Cite paragraphs from 1 to 2"}},
		{"no paragraph", sectionForm(body, 0, "cite_rpara", "", "cite_item", fmt.Sprint(wl)), []string{"Enter the number of the paragraph"}},
		{"a paragraph and no answer", sectionForm(body, 0, "cite_rpara", "1", "cite_item", ""), []string{"Choose the answer of the information return"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env.run(t, []step{{tt.name, "POST", r + "/sections/summary", ins, tt.form, 422, append(tt.want, "There is a problem"),
				[]string{"Brookmere waiting lists"}}})
		})
	}
	if secs, err := env.st.ReportSections(context.Background(), authz.AllLAs(), id); err != nil || len(secs) != 0 {
		t.Fatalf("refused saves left %+v, %v", secs, err)
	}
	evidence := "Evidence: <a class=\"govuk-link\" href=\"/documents/" + env.doc.ID
	env.run(t, []step{
		{"cited", "POST", r + "/sections/summary", ins, cite(wl, "cite_rpara", "1", "cite_item", fmt.Sprint(items["strategies-policies"])), 303, nil, nil},
		{"shown under the paragraph, escaped and linked", "GET", r, ins, nil, 200,
			[]string{evidence, fmt.Sprintf(`, page 1; Information return, <a class="govuk-link" href="%s">%s</a>`, itemHref, esc)}, []string{"<script>alert"}},
		{"kept in the form", "GET", r + "?edit=summary", ins, nil, 200, []string{fmt.Sprintf(`<option value="%d" selected>%s</option>`, wl, esc)}, nil},
		{"Brookmere's inspector cannot cite into it", "POST", r + "/sections/summary", "inspector.b@demo.test", cite(bItems["waiting-lists"]), 404, nil, nil},
	})
	if n := env.auditCount(t, "report_section_saved"); n != 1 {
		t.Errorf("report_section_saved entries = %d, want 1", n)
	}

	// The factual accuracy check: the council comments on the cited answer.
	for _, q := range env.srv.catalogue.Statements {
		if rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", 3, 0, "x")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score = %d", rec.Code)
		}
	}
	onReturn := fmt.Sprintf("summary|2|return:%d", wl)
	onDoc := fmt.Sprintf("summary|2|doc:%s:1", env.doc.ID)
	comment := func(extra ...string) url.Values {
		v := url.Values{"kind": {"inaccurate"}, "comment": {"Now 40 people."}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return v
	}
	mixed := []string{"Choose a paragraph, a figure or a piece of cited evidence, not more than one"}
	env.run(t, []step{
		{"to calibration", "POST", a + "/state", ins, url.Values{"to": {"calibration"}}, 303, nil, nil},
		{"to factual accuracy", "POST", a + "/state", "panel@demo.test", url.Values{"to": {"factual_accuracy"}}, 303, nil, nil},
		{"the council reads the citation and may comment on it", "GET", r, sub, nil, 200,
			[]string{"Information return, <a class=\"govuk-link\" href=\"" + itemHref, `name="citation"`, `<optgroup label="Overall summary">`,
				`<option value="` + onReturn + `">Paragraph 2: Information return, ` + esc + `</option>`,
				`<option value="` + onDoc + `">Paragraph 2: ` + env.doc.Title + `, page 1</option>`}, []string{"<script>alert"}},
		{"evidence the paragraph does not cite", "POST", r + "/comments", sub, comment("citation", fmt.Sprintf("summary|2|return:%d", items["self-assessment"])), 422,
			[]string{"Choose a piece of evidence the report cites from the list"}, nil},
		{"evidence of another paragraph", "POST", r + "/comments", sub, comment("citation", fmt.Sprintf("summary|1|return:%d", wl)), 422,
			[]string{"Choose a piece of evidence the report cites from the list"}, nil},
		{"a forged value", "POST", r + "/comments", sub, comment("citation", "<b>x</b>"), 422,
			[]string{"Choose a piece of evidence the report cites from the list"}, []string{"<b>x</b>"}},
		{"another section", "POST", r + "/comments", sub, comment("section", "people", "citation", onReturn), 422,
			[]string{"The evidence you chose is cited in another section"}, nil},
		{"with a figure", "POST", r + "/comments", sub, comment("section", "summary", "figure", "budget_actual", "citation", onReturn), 422, mixed, nil},
		{"with another paragraph", "POST", r + "/comments", sub, comment("paragraph", "1", "citation", onReturn), 422, mixed, nil},
		{"Brookmere cannot comment", "POST", r + "/comments", "submitter.b@demo.test", comment("citation", onReturn), 404, nil, nil},
		{"on the cited answer, the section taken from it", "POST", r + "/comments", sub, comment("citation", onReturn), 303, nil, nil},
		{"on the cited page, with its paragraph", "POST", r + "/comments", sub, comment("section", "summary", "paragraph", "2", "citation", onDoc), 303, nil, nil},
		{"the inspectors see what each is about", "GET", r, ins, nil, 200, []string{
			"(Paragraph 2, cited evidence: Information return, " + esc + "; Inaccurate information)",
			"(Paragraph 2, cited evidence: " + env.doc.Title + ", page 1; Inaccurate information)"}, []string{"<script>alert"}},
	})
	log, err := env.st.AuditLog(context.Background(), authz.AllLAs(), 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	var cited []string
	for _, en := range log.Entries {
		if en.Action == "fa_report_comment_sent" {
			cited = append(cited, en.Detail["citation"])
		}
	}
	if len(cited) != 2 || !strings.Contains(strings.Join(cited, " "), fmt.Sprintf("return:%d", wl)) {
		t.Errorf("fa_report_comment_sent citations = %q, want the two comments' evidence", cited)
	}

	// The pack's report (the draft here) carries the citation, unlinked.
	m, files := readPack(t, env.request(t, http.MethodGet, a+"/evidence-pack", ins, nil))
	if html := files["report/report.html"]; !strings.Contains(html, "page 1; Information return, "+esc+"</p>") {
		t.Errorf("pack report.html lacks the cited answer: %.2000s", html)
	}
	// The document the cited answer submitted is cited by the paragraph.
	f, ok := docFile(m, env.doc.ID)
	want := pack.Citation{Kind: "report", Ref: "summary paragraph 1 (return item strategies-policies)", Page: 1}
	if !ok || !slices.Contains(f.CitedBy, want) {
		t.Errorf("pack cites %s by %+v, want %+v among them", env.doc.ID, f.CitedBy, want)
	}

	// Published: the public pages cite it by title, with no link.
	env.endComments(t, a)
	for _, n := range []string{"1", "2"} {
		env.run(t, []step{{"answer " + n, "POST", a + "/comments/" + commentID(t, env, id, n) + "/answer", ins, url.Values{"answer": {"Noted."}, "from": {"report"}}, 303, nil, nil}})
	}
	env.run(t, []step{
		{"publish", "POST", a + "/state", ins, url.Values{"to": {"published"}}, 303, nil, nil},
		{"the public summary cites the answer", "GET", fmt.Sprintf("/reports/%d", id), anon, nil, 200,
			[]string{env.doc.Title + ", page 1; Information return, " + esc + "</p>"}, []string{"/return/items/", "<script>alert"}},
	})
	t.Run("the PDF", func(t *testing.T) {
		needChromium(t)
		in, _ := env.getPDF(t, fmt.Sprintf("/reports/%d/report.pdf", id))
		if want := "Evidence: " + env.doc.Title + ", page 1; Information return, " + title; !in.Has(want) {
			t.Errorf("PDF lacks %q; text: %.2000s", want, in.Text)
		}
	})
}

// commentID is the id of the assessment's nth comment (from "1").
func commentID(t *testing.T, env *testEnv, id int64, nth string) string {
	t.Helper()
	cs, err := env.st.Comments(context.Background(), authz.AllLAs(), id)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	fmt.Sscan(nth, &n)
	if n < 1 || n > len(cs) {
		t.Fatalf("comment %s of %d", nth, len(cs))
	}
	return fmt.Sprint(cs[n-1].ID)
}
