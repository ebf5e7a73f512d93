package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/search"
)

func TestSearchPagesAndMoreLikeThis(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	brook := env.readyDocument(t, "E06009902", "submitter.b@demo.test", "Brookmere respite plan")
	pages := []search.Page{
		{DocID: env.doc.ID, Number: 1, LA: "E06009901", Title: "Ashford carers strategy", Body: "Carers respite breaks, shared lives and day opportunities."},
		{DocID: brook.ID, Number: 1, LA: "E06009902", Title: "Brookmere respite plan", Body: "Carers respite breaks, shared lives and day opportunities."},
	}
	for i := range 44 {
		body := "Carers assessment waiting times, again."
		if i < 3 {
			body = "Carers respite breaks with shared lives carers and day opportunities."
		}
		var suggested []string
		if i == 0 {
			suggested = []string{"safeguarding"}
		}
		pages = append(pages, search.Page{DocID: fmt.Sprintf("gen-%02d", i), Number: 1, LA: "E06009901", Title: fmt.Sprintf("Generated %02d", i),
			Body: body, Covers: []int{2024, 2025}, QSSuggested: suggested})
	}
	if err := env.ix.Put(ctx, pages); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, as  string
		wantStatus      int
		wantContains    []string
		wantNotContains []string
	}{
		{"first page links on", "/search?q=carers", "inspector.a@demo.test", 200,
			[]string{"45 documents", `href="/search?page=2&amp;q=carers"`, `aria-current="page"`, "Year covered", "2025", "More like this", "Save this search"}, []string{`rel="prev"`}},
		{"last page", "/search?q=carers&page=3", "inspector.a@demo.test", 200, []string{`rel="prev"`}, []string{`rel="next"`}},
		{"year covered filter", "/search?q=carers&year=2025", "inspector.a@demo.test", 200, []string{"44 documents"}, nil},
		{"chosen filters are shown, kept by a new search and removable one by one or all at once",
			"/search?q=carers&year=2025&la=E06009901", "inspector.a@demo.test", 200,
			[]string{"44 documents", "Selected filters",
				`<input type="hidden" name="la" value="E06009901">`, `<input type="hidden" name="year" value="2025">`,
				`href="/search?la=E06009901&amp;q=carers">Remove<span class="govuk-visually-hidden"> filter</span> Year covered: 2025</a>`,
				`href="/search?q=carers&amp;year=2025">Remove<span class="govuk-visually-hidden"> filter</span> Local authority: Ashford Vale Council</a>`,
				`href="/search?q=carers">Clear filters</a>`, "<strong>2025</strong> (44, selected)"},
			[]string{`href="/search?la=E06009901&amp;q=carers&amp;year=2025"`}},
		{"suggested statements are a facet and a filter of their own",
			"/search?q=carers", "inspector.a@demo.test", 200,
			[]string{"Quality statement (suggested, not yet confirmed)", `href="/search?q=carers&amp;qs_suggested=safeguarding">Safeguarding</a> (1)`}, nil},
		{"a suggested statement filter", "/search?q=carers&qs_suggested=safeguarding", "inspector.a@demo.test", 200,
			[]string{"1 document", "Generated 00", "Quality statement (suggested, not yet confirmed): Safeguarding"}, []string{"Generated 01"}},
		{"a filter is kept when the query is refused", "/search?q=carers+AND+(&type=policy", "inspector.a@demo.test", 400,
			[]string{`<input type="hidden" name="type" value="policy">`}, nil},
		{"council staff cannot save", "/search?q=carers", "submitter.a@demo.test", 200, []string{"More like this"}, []string{"Save this search"}},
		{"more like this stays in scope", "/search?like=" + env.doc.ID, "inspector.a@demo.test", 200,
			[]string{"Evidence like " + env.doc.Title, "Generated 00", "3 documents"}, []string{"Brookmere"}},
		{"another council's document is 404", "/search?like=" + brook.ID, "inspector.a@demo.test", 404, nil, []string{"Brookmere"}},
		{"a missing document is 404", "/search?like=00000000-0000-0000-0000-000000000000", "inspector.a@demo.test", 404, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.request(t, "GET", tt.path, tt.as, nil)
			body := rec.Body.String()
			if rec.Code != tt.wantStatus {
				t.Fatalf("GET %s = %d, want %d", tt.path, rec.Code, tt.wantStatus)
			}
			for _, w := range tt.wantContains {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tt.wantNotContains {
				if i := strings.Index(body, w); i >= 0 {
					t.Errorf("page shows %q: %s", w, body[max(0, i-300):i+50])
				}
			}
		})
	}
}
