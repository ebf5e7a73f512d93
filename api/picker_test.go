package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCitationPickers: the citation pickers of the scoring page and of a
// report section find documents with a plain GET form (pick_q, pick_page),
// 50 a page with a count of all, never a superseded version; what a score
// cites stays offered whatever the search; the script's fragment
// (fragment=picker) is the documents found and nothing else.
func TestCitationPickers(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	retitle := func(id, title string) {
		t.Helper()
		if _, err := env.st.Pool().Exec(ctx, `UPDATE documents SET title = $1 WHERE id = $2`, title, id); err != nil {
			t.Fatal(err)
		}
	}
	retitle(env.doc.ID, "Adult social care strategy")
	old := env.readyDocument(t, "E06009901", "submitter.a@demo.test", "Carers plan, first version")
	retitle(old.ID, "Carers plan 2022")
	cur := env.readyDocument(t, "E06009901", "submitter.a@demo.test", "Carers plan, second version")
	retitle(cur.ID, "Carers plan 2024")
	if _, err := env.st.Pool().Exec(ctx, `UPDATE documents SET replaces = $1 WHERE id = $2`, old.ID, cur.ID); err != nil {
		t.Fatal(err)
	}
	for i := range 52 {
		d := env.readyDocument(t, "E06009901", "submitter.a@demo.test", fmt.Sprintf("Bulk %d", i))
		retitle(d.ID, fmt.Sprintf("Bulk return %02d", i))
	}
	brook := env.readyDocument(t, "E06009902", "submitter.b@demo.test", "Brookmere carers plan")
	retitle(brook.ID, "Brookmere carers plan")
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	a := fmt.Sprintf("/assessments/%d", id)
	ins := "inspector.a@demo.test"
	edit := a + "/statements/equity?edit=equity-qs" // the score form is on the statement's page of the task list
	q := func(base string, kv ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		return base + sep + v.Encode()
	}
	env.run(t, []step{
		{"the first page, superseded versions left out", "GET", edit, ins, nil, 200,
			[]string{`name="pick_q"`, `action="` + a + `/statements/equity#item-equity-qs"`, `<input type="hidden" name="edit" value="equity-qs">`,
				"Showing 1 to 50 of 54 documents", "Next documents", `data-picker="picker"`, env.doc.ID, "Bulk return 48"},
			[]string{old.ID, brook.ID, "Previous documents", cur.ID}},
		{"the second page", "GET", q(edit, "pick_page", "2"), ins, nil, 200,
			[]string{"Showing 51 to 54 of 54 documents", "Previous documents", "Bulk return 51", cur.ID}, []string{"Next documents", env.doc.ID}},
		{"found by part of the title, any case", "GET", q(edit, "pick_q", "CARERS"), ins, nil, 200,
			[]string{"Showing 1 to 1 of 1 documents matching “CARERS”", cur.ID, `value="CARERS"`}, []string{old.ID, brook.ID, "Bulk return", env.doc.ID}},
		{"nothing found", "GET", q(edit, "pick_q", "zebra"), ins, nil, 200, []string{"No document that can be cited matches “zebra”"}, nil},
		{"the script's fragment", "GET", q(edit, "pick_q", "carers", "fragment", "picker"), ins, nil, 200,
			[]string{`<div id="picker-results">`, `<option value="` + cur.ID + `">Carers plan 2024</option>`, "Showing 1 to 1 of 1"},
			[]string{"<html", "govuk-header", old.ID}},
		{"no fragment without an open form: the page", "GET", a + "?fragment=picker", ins, nil, 200, []string{"<html"}, nil},
		{"nor on a statement's page with every score saved", "GET", a + "/statements/equity?edit=none&fragment=picker", ins, nil, 200, []string{"<html"}, nil},
		// A score citing the superseded version keeps it offered, chosen.
		{"cite the older version", "POST", a + "/scores", ins, scoreValues("equity", "", 3, 0, "x", old.ID, "1"), 303, nil, nil},
		{"still chosen whatever the search", "GET", q(edit, "pick_q", "bulk"), ins, nil, 200,
			[]string{`<option value="` + old.ID + `" selected>`, "Bulk return 00"}, []string{cur.ID}},
		{"a report section's picker", "GET", q(a+"/report?edit=summary", "pick_q", "2024"), ins, nil, 200,
			[]string{`action="` + a + `/report#summary"`, `value="summary"`, cur.ID, "Showing 1 to 1 of 1 documents"}, []string{old.ID, "Bulk return"}},
		{"another council's person gets 404", "GET", q(edit, "fragment", "picker"), "inspector.b@demo.test", nil, 404, nil, nil},
	})
	if rec := env.request(t, http.MethodGet, q(edit, "pick_page", "x", "pick_q", strings.Repeat("é", 300)), ins, nil); rec.Code != 200 {
		t.Errorf("a bad page and a long query = %d, want the first page", rec.Code)
	}
}
