package search

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNotChainIsPlain: the NOT chain of issue 15 is parsed to, and runs as,
// the query its last NOT or word makes, whatever the number of NOTs.
func TestNotChainIsPlain(t *testing.T) {
	chain := func(nots int) Node {
		n := Node(Term{Text: "zz"})
		for range nots {
			n = Not{Part: n}
		}
		return n
	}
	tests := []struct {
		name   string
		q      string
		built  Node // the same query built without Parse
		likeQ  string
		likeOf Node
	}{
		{"248 NOTs", strings.Repeat("NOT ", 248) + "zz", chain(248), "zz", Term{Text: "zz"}},
		{"249 NOTs", strings.Repeat("NOT ", 249) + "zz", chain(249), "NOT zz", Not{Part: Term{Text: "zz"}}},
		{"NOT and - mixed", strings.Repeat("NOT -", 124) + "zz", chain(248), "zz", Term{Text: "zz"}},
		{"through brackets", "-(-(NOT (NOT zz)))", chain(4), "zz", Term{Text: "zz"}},
		{"inside AND", "carers " + strings.Repeat("NOT ", 201) + "zz", And{Parts: []Node{Term{Text: "carers"}, chain(201)}},
			"carers NOT zz", And{Parts: []Node{Term{Text: "carers"}, Not{Part: Term{Text: "zz"}}}}},
	}
	stem := func(s string) string { return s }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.q)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.q, err)
			}
			want, err := Parse(tt.likeQ)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.likeQ, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Parse(%q) differs from Parse(%q) (-want +got):\n%s", tt.q, tt.likeQ, diff)
			}
			if diff := cmp.Diff(tt.likeOf, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.q, diff)
			}
			wantQ := bleveJSON(t, toBleve(want, stem))
			for _, n := range []Node{got, tt.built} {
				if gotQ := bleveJSON(t, toBleve(n, stem)); gotQ != wantQ {
					t.Errorf("toBleve(%s) = %s, want %s", Format(n)[:min(40, len(Format(n)))], gotQ, wantQ)
				}
			}
		})
	}
}

func bleveJSON(t *testing.T, q any) string {
	t.Helper()
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestNegationsOfAnOrAreOnePass: the NOTs of an OR, however bracketed,
// are merged into one negation (NOT a OR NOT b is NOT (a AND b)), so that
// a query costs one pass over the pages in scope, not one per NOT; and
// the merged query finds what the De Morgan form finds.
func TestNegationsOfAnOrAreOnePass(t *testing.T) {
	ix := testIndex(t)
	stem := func(s string) string { return s }
	tests := []struct{ q, same string }{
		{"NOT carers OR NOT respite", "NOT (carers AND respite)"},
		{"NOT carers OR (NOT respite OR (NOT breaks OR NOT strategy))", "NOT (carers AND respite AND breaks AND strategy)"},
		{strings.TrimSuffix(strings.Repeat("NOT zz OR ", 16), " OR "), "NOT zz"},
		{"NOT carers OR respite OR NOT breaks", "respite OR NOT (carers AND breaks)"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			n, err := Parse(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(bleveJSON(t, toBleve(n, stem)), `"match_all"`); got != 1 {
				t.Errorf("%d passes over every page, want 1", got)
			}
			m, err := Parse(tt.same)
			if err != nil {
				t.Fatal(err)
			}
			a, err := ix.Search(t.Context(), Request{Query: n, Scope: Scope{All: true}})
			if err != nil {
				t.Fatal(err)
			}
			b, err := ix.Search(t.Context(), Request{Query: m, Scope: Scope{All: true}})
			if err != nil {
				t.Fatal(err)
			}
			if a.TotalPages != b.TotalPages || a.TotalPages == 0 {
				t.Errorf("%q finds %d pages, %q %d: want the same, and some", tt.q, a.TotalPages, tt.same, b.TotalPages)
			}
		})
	}
}
