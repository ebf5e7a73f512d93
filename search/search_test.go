package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var testPages = []Page{
	{DocID: "d1", Number: 1, LA: "E06009901", Title: "Carers strategy 2024", Type: "strategy", Year: 2024, Uploaded: "2024-03-01T10:00:00Z",
		Body: "Our carers strategy was written through co-production with unpaid carers.", QSConfirmed: []string{"healthier-lives"}},
	{DocID: "d1", Number: 2, LA: "E06009901", Title: "Carers strategy 2024", Type: "strategy", Year: 2024, Uploaded: "2024-03-01T10:00:00Z",
		Body: "Carer assessments are offered within 28 days.", QSSuggested: []string{"assessing-needs"}},
	{DocID: "d2", Number: 1, LA: "E06009901", Title: "Safeguarding adults policy", Type: "policy", Year: 2023, Uploaded: "2023-06-01T10:00:00Z",
		Body: "Section 42 enquiries waiting times fell in 2024. <script>alert('x')</script> <mark>fake</mark>", QSConfirmed: []string{"safeguarding"}},
	{DocID: "d3", Number: 1, LA: "E06009902", Title: "Brookmere carers plan", Type: "strategy", Year: 2024, Uploaded: "2024-05-01T10:00:00Z",
		Body: "Brookmere carers plan and section 42 enquiries.", QSConfirmed: []string{"healthier-lives"}},
}

func testIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Put(context.Background(), testPages); err != nil {
		t.Fatal(err)
	}
	return ix
}

func search(t *testing.T, ix *Index, q string, scope Scope, filters map[string]string) Result {
	t.Helper()
	n, err := Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	res, err := ix.Search(context.Background(), Request{Query: n, Scope: scope, Filters: filters})
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return res
}

func docIDs(r Result) []string {
	ids := []string{}
	for _, h := range r.Hits {
		ids = append(ids, h.DocID)
	}
	return ids
}

func TestSearchQueries(t *testing.T) {
	ix := testIndex(t)
	all := Scope{All: true}
	tests := []struct {
		q    string
		want []string
	}{
		{"carers", []string{"d1", "d3"}},
		{"carer", []string{"d1", "d3"}},                     // stemming
		{"the carers", []string{"d1", "d3"}},                // stop words are left out
		{"enquiries waiting times in 2024", []string{"d2"}}, // a real question, with "in"
		{"the OR of", []string{}},
		{"the of", []string{}},
		{`"section 42 enquiries"`, []string{"d2", "d3"}},
		{`"enquiries section 42"`, []string{}},
		{"carers NOT brookmere", []string{"d1"}},
		{"carers -brookmere", []string{"d1"}},
		{"safeguarding OR brookmere", []string{"d2", "d3"}},
		{"qs:safeguarding", []string{"d2"}},
		{"qs:assessing-needs", []string{"d1"}},
		{"type:policy", []string{"d2"}},
		{"year:2023", []string{"d2"}},
		{"la:E06009902", []string{"d3"}},
		{"title:policy", []string{"d2"}},
		{"strateg*", []string{"d1"}},
		{"safegaurding~", []string{"d2"}},
		{"polcy~", []string{"d2"}},
		{"(carers OR safeguarding) year:2024", []string{"d1", "d3"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got := docIDs(search(t, ix, tt.q, all, nil))
			less := func(a, b string) bool { return a < b }
			if diff := cmp.Diff(tt.want, got, cmpSort(less)); diff != "" {
				t.Errorf("Search(%q) (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

func TestScopeReadsOnlyItsCouncilsShards(t *testing.T) {
	ix := testIndex(t)
	ashford := Scope{LAs: []string{"E06009901"}}
	tests := []struct {
		name    string
		q       string
		scope   Scope
		filters map[string]string
		want    []string
	}{
		{"own council only", "carers", ashford, nil, []string{"d1"}},
		{"la: to another council gives nothing", "la:E06009902", ashford, nil, []string{}},
		{"facet filter to another council gives nothing", "carers", ashford, map[string]string{"la": "E06009902"}, []string{}},
		{"no councils sees nothing", "carers", Scope{}, nil, []string{}},
		{"two councils", "carers", Scope{LAs: []string{"E06009901", "E06009902"}}, nil, []string{"d1", "d3"}},
		{"facet filter narrows to one of them", "carers", Scope{LAs: []string{"E06009901", "E06009902"}}, map[string]string{"la": "E06009902"}, []string{"d3"}},
		{"a council without evidence and a repeated one", "carers", Scope{LAs: []string{"E06009999", "E06009901", "E06009901"}}, nil, []string{"d1"}},
		{"every council", "carers", Scope{All: true}, nil, []string{"d1", "d3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := search(t, ix, tt.q, tt.scope, tt.filters)
			if diff := cmp.Diff(tt.want, docIDs(res), cmpSort(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for _, fc := range res.Facets["la"] {
				if !tt.scope.All && !contains(tt.scope.LAs, fc.Value) {
					t.Errorf("facet counts reveal council %s (%d pages)", fc.Value, fc.Count)
				}
			}
		})
	}
}

func TestResultsGroupedWithEscapedSnippets(t *testing.T) {
	ix := testIndex(t)
	res := search(t, ix, "carers OR section", Scope{All: true}, nil)
	var d1, d2 DocHit
	for _, h := range res.Hits {
		switch h.DocID {
		case "d1":
			d1 = h
		case "d2":
			d2 = h
		}
	}
	if len(d1.Pages) != 2 || d1.Title != "Carers strategy 2024" || d1.LA != "E06009901" || d1.Year != 2024 {
		t.Errorf("d1 = %+v, want both pages, title, council and year", d1)
	}
	if !strings.Contains(d2.Pages[0].Snippet, "<mark>") {
		t.Errorf("snippet %q has no highlight", d2.Pages[0].Snippet)
	}
	for _, bad := range []string{"<script>", "<mark>fake</mark>"} {
		if strings.Contains(d2.Pages[0].Snippet, bad) {
			t.Errorf("snippet %q lets markup from the document through: %s", d2.Pages[0].Snippet, bad)
		}
	}
	if res.TotalPages != 4 || res.TotalDocs != 3 {
		t.Errorf("totals = %d pages, %d docs; want 4, 3", res.TotalPages, res.TotalDocs)
	}
}

func TestFacets(t *testing.T) {
	ix := testIndex(t)
	res := search(t, ix, "", Scope{All: true}, nil)
	// Counts are of documents, like the total: d1 has two pages.
	want := map[string][]FacetCount{
		"la":           {{"E06009901", 2}, {"E06009902", 1}},
		"type":         {{"strategy", 2}, {"policy", 1}},
		"year":         {{"2024", 2}, {"2023", 1}},
		"qs":           {{"healthier-lives", 2}, {"safeguarding", 1}},
		"qs_suggested": {{"assessing-needs", 1}},
	}
	for name, w := range want {
		if diff := cmp.Diff(w, res.Facets[name]); diff != "" {
			t.Errorf("facet %s (-want +got):\n%s", name, diff)
		}
	}
	if res.TotalDocs != 3 || res.Partial {
		t.Errorf("total = %d documents (partial %v), want 3 of all", res.TotalDocs, res.Partial)
	}
}

func TestStatementFiltersConfirmedOrSuggested(t *testing.T) {
	ix := testIndex(t)
	tests := []struct {
		filters map[string]string
		want    []string
	}{
		{map[string]string{"qs": "healthier-lives"}, []string{"d1", "d3"}},
		{map[string]string{"qs": "assessing-needs"}, []string{}},
		{map[string]string{"qs_suggested": "assessing-needs"}, []string{"d1"}},
		{map[string]string{"qs_suggested": "healthier-lives"}, []string{}},
		{map[string]string{"qs": "healthier-lives", "la": "E06009902"}, []string{"d3"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.filters), func(t *testing.T) {
			got := docIDs(search(t, ix, "", Scope{All: true}, tt.filters))
			slices.Sort(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("filters %v (-want +got):\n%s", tt.filters, diff)
			}
		})
	}
}

func TestDeleteDocumentAndReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(context.Background(), testPages); err != nil {
		t.Fatal(err)
	}
	if err := ix.DeleteDocument(context.Background(), "d1"); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Errorf("pages after deleting d1 = %d, want 2", n)
	}
	ix.Close()
	ix, err = Open(dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Errorf("pages after reopening = %d, want 2", n)
	}
	gen := ix.Generation()
	ix.Close()
	if err := os.WriteFile(filepath.Join(dir, gen, versionFile), []byte("0"), 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrMappingChanged) {
		t.Errorf("Open of an index with another mapping version = %v, want ErrMappingChanged", err)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestSimilar(t *testing.T) {
	ix := testIndex(t)
	more := []Page{
		{DocID: "d4", Number: 1, LA: "E06009901", Title: "Young carers offer", Type: "strategy", Year: 2024,
			Body: "Unpaid carers and young carers get a carers assessment and respite through co-production."},
		{DocID: "d5", Number: 1, LA: "E06009901", Title: "Minutes", Type: "minutes", Year: 2024,
			Body: "The board agreed the budget and the risk register."},
		// Another council's copy of d1's words: must never be "like" it.
		{DocID: "d6", Number: 1, LA: "E06009902", Title: "Brookmere co-production", Type: "strategy", Year: 2024,
			Body: "Our carers strategy was written through co-production with unpaid carers and carer assessments."},
	}
	if err := ix.Put(context.Background(), more); err != nil {
		t.Fatal(err)
	}
	ashford := Scope{LAs: []string{"E06009901"}}
	res, err := ix.Similar(context.Background(), "d1", ashford, 10)
	if err != nil {
		t.Fatal(err)
	}
	ids := docIDs(res)
	if len(ids) == 0 || ids[0] != "d4" {
		t.Errorf("Similar(d1) = %v, want d4 first", ids)
	}
	for _, id := range ids {
		if id == "d1" || id == "d3" || id == "d6" {
			t.Errorf("Similar(d1) includes %s (itself, or another council's)", id)
		}
	}
	for _, fc := range res.Facets["la"] {
		if fc.Value != "E06009901" {
			t.Errorf("Similar(d1) facet counts reveal %s", fc.Value)
		}
	}
	if res, _ := ix.Similar(context.Background(), "d3", ashford, 10); len(res.Hits) != 0 {
		t.Errorf("Similar on another council's document = %v, want nothing", docIDs(res))
	}
}

// TestPagesPastTheEnd: any page number, however large, gives an empty page
// of results with the same totals, never a panic.
func TestPagesPastTheEnd(t *testing.T) {
	ix := testIndex(t)
	n, err := Parse("carers")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		page     int
		size     int
		wantHits int
	}{
		{"first", 1, 1, 1},
		{"second", 2, 1, 1},
		{"past the results", 3, 1, 0},
		{"past the window", pageWindow + 1, 20, 0},
		{"largest int", int(^uint(0) >> 1), 20, 0},
		{"largest int, largest size", int(^uint(0) >> 1), 100, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: n, Scope: Scope{All: true}, Page: tt.page, Size: tt.size})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != tt.wantHits || res.TotalDocs != 2 {
				t.Errorf("page %d: %d hits of %d documents, want %d of 2", tt.page, len(res.Hits), res.TotalDocs, tt.wantHits)
			}
		})
	}
}
