package search

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"carers", "carers"},
		{"carers strategy", "and(carers, strategy)"},
		{"carers AND strategy", "and(carers, strategy)"},
		{"carers OR strategy", "or(carers, strategy)"},
		{"carers strategy OR plan", "or(and(carers, strategy), plan)"},
		{"carers (strategy OR plan)", "and(carers, or(strategy, plan))"},
		{`"section 42 enquiries" waiting`, `and("section 42 enquiries", waiting)`},
		{"carers NOT draft", "and(carers, not(draft))"},
		{"carers -draft", "and(carers, not(draft))"},
		{"carers +strategy", "and(carers, strategy)"},
		{"co-production", "co-production"},
		{"qs:safeguarding", "qs:safeguarding"},
		{"QS:safeguarding", "qs:safeguarding"},
		{"type:policy year:2024", "and(type:policy, year:2024)"},
		{"la:E06009901 title:carers", "and(la:E06009901, title:carers)"},
		{`title:"carers strategy"`, `title:"carers strategy"`},
		{"carer*", "carer*"},
		{"carer~", "carer~"},
		{"title:carer*", "title:carer*"},
		{"meeting at 10:30", "and(meeting, at, 10:30)"},
		{"https://example.org/x", "https://example.org/x"},
		{"NOT draft", "not(draft)"},
		{"((carers))", "carers"},
		{"a && b || c", "or(and(a, b), c)"},
		{"-(draft OR old) policy", "and(not(or(draft, old)), policy)"},
		{"safeguarding adults’ board", "and(safeguarding, adults’, board)"},
		{"NOT NOT carers", "carers"},
		{"NOT -carers", "carers"},
		{"-NOT carers", "carers"},
		{"-(-carers)", "carers"},
		{"NOT (NOT carers)", "carers"},
		{"NOT ((-carers))", "carers"},
		{"NOT NOT NOT draft", "not(draft)"},
		{"carers NOT NOT NOT draft", "and(carers, not(draft))"},
		{"NOT (NOT draft old)", "not(and(not(draft), old))"},
		{"NOT NOT (carers OR NOT NOT respite)", "or(carers, respite)"},
		{strings.Repeat("NOT ", 248) + "zz", "zz"},
		{strings.Repeat("NOT ", 249) + "zz", "not(zz)"},
		{strings.Repeat("a OR ", MaxOperators) + "a", "or(" + strings.Repeat("a, ", MaxOperators) + "a)"},
		{strings.Repeat("NOT ", 200) + strings.Repeat("a OR ", MaxOperators) + "a", "or(" + strings.Repeat("a, ", MaxOperators) + "a)"},
	}
	for _, tt := range tests {
		t.Run(tt.in[:min(len(tt.in), 40)], func(t *testing.T) {
			n, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if got := Format(n); got != tt.want {
				t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"unclosed phrase`, "opening quotation mark without a closing one"},
		{`title:"unclosed`, "opening quotation mark without a closing one"},
		{"(carers", "opening bracket without a closing one"},
		{"carers)", "closing bracket without an opening one"},
		{"()", "empty brackets"},
		{"carers AND (", "ends with an opening bracket"},
		{"carers (", "ends with an opening bracket"},
		{"(", "ends with an opening bracket"},
		{"carers OR", "ends with OR"},
		{"OR carers", "starts with OR"},
		{"AND carers", "starts with AND"},
		{"carers AND", "AND without a word after it"},
		{"carers NOT", "NOT without a word after it"},
		{"colour:red", "colour: which is not a field"},
		{`colour:"red"`, "colour: which is not a field"},
		{"qs:", "qs: without a value"},
		{"year:24", "4-digit year"},
		{"year:abcd", "4-digit year"},
		{"a*", "at least 2 letters before *"},
		{"ab~", "at least 3 letters before ~"},
		{"ca*rer", "only use * and ~ at the end"},
		{`""`, "empty quotation marks"},
		{strings.Repeat("(", 20) + "a" + strings.Repeat(")", 20), "brackets inside each other"},
		{strings.Repeat("a ", 65), "64 words or fewer"},
		{`"` + strings.Repeat("a ", 65) + `"`, "64 words or fewer"},
		{strings.Repeat("co-production ", 33), "64 words or fewer"},
		{"title:" + strings.Repeat("a-", 64) + "a", "64 words or fewer"},
		{strings.Repeat("a OR ", MaxOperators+1) + "a", "no more than 32 times"},
		{strings.Repeat("-a ", MaxOperators+1), "no more than 32 times"},
		{strings.Repeat("NOT ", 201) + strings.Repeat("a OR ", MaxOperators) + "a", "no more than 32 times"},
		{strings.Repeat("(a) ", MaxOperators+1), "no more than 32 times"},
		{strings.Repeat(`"a" `, MaxOperators+1), "no more than 32 times"},
		{strings.Repeat("type:policy ", MaxOperators+1), "no more than 32 times"},
		{strings.Repeat("a AND ", MaxOperators+1) + "a", "no more than 32 times"},
		{strings.Repeat("+a ", MaxOperators+1), "no more than 32 times"},
		{strings.Repeat("carer* ", MaxExpanding+1), "no more than 8 words ending in * or ~"},
		{strings.Repeat("carer* carer~ ", MaxExpanding/2) + "carer~", "no more than 8 words ending in * or ~"},
		{strings.Repeat("a", 1001), "1000 characters or fewer"},
		{"bad \xff byte", "cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.in[:min(len(tt.in), 40)], func(t *testing.T) {
			_, err := Parse(tt.in)
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("Parse(%q) error = %v, want ErrBadQuery", tt.in, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) error = %q, want it to say %q", tt.in, err, tt.want)
			}
			var qe *QueryError
			if !errors.As(err, &qe) || qe.Pos < 0 || qe.Pos > len(tt.in) {
				t.Errorf("error position %+v outside the query", qe)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"carers", `"a b" OR (c -d)`, "qs:safeguarding year:2024", "carer* carer~", "((", `"`, "a AND OR b", "la:E06009901 NOT type:policy"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n, err := Parse(q)
		if err != nil {
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("Parse(%q) error %v is not ErrBadQuery", q, err)
			}
			if n != nil {
				t.Fatalf("Parse(%q) gave a node and an error", q)
			}
			return
		}
		// Parsing is deterministic, and every leaf is a term or phrase with
		// text and a known field.
		n2, _ := Parse(q)
		if Format(n) != Format(n2) {
			t.Fatalf("Parse(%q) is not deterministic", q)
		}
		checkLeaves(t, q, n)
		if nots, words := size(n); nots > MaxOperators || words > MaxWords {
			t.Fatalf("Parse(%q) has %d NOTs and %d words, over the limits", q, nots, words)
		}
	})
}

// size counts the negations and the terms and phrases of a parsed query.
func size(n Node) (nots, leaves int) {
	switch n := n.(type) {
	case Term, Phrase:
		return 0, 1
	case And:
		for _, p := range n.Parts {
			a, b := size(p)
			nots, leaves = nots+a, leaves+b
		}
	case Or:
		for _, p := range n.Parts {
			a, b := size(p)
			nots, leaves = nots+a, leaves+b
		}
	case Not:
		a, b := size(n.Part)
		return a + 1, b
	}
	return nots, leaves
}

func checkLeaves(t *testing.T, q string, n Node) {
	switch n := n.(type) {
	case nil:
	case Term:
		if n.Text == "" {
			t.Fatalf("Parse(%q) has an empty term", q)
		}
		if _, ok := Fields[n.Field]; n.Field != "" && !ok {
			t.Fatalf("Parse(%q) has unknown field %q", q, n.Field)
		}
	case Phrase:
		if strings.TrimSpace(n.Text) == "" {
			t.Fatalf("Parse(%q) has an empty phrase", q)
		}
	case And:
		for _, p := range n.Parts {
			checkLeaves(t, q, p)
		}
	case Or:
		for _, p := range n.Parts {
			checkLeaves(t, q, p)
		}
	case Not:
		if _, ok := n.Part.(Not); ok {
			t.Fatalf("Parse(%q) has a NOT of a NOT: %s", q, Format(n))
		}
		checkLeaves(t, q, n.Part)
	default:
		t.Fatalf("Parse(%q) has a node of type %T", q, n)
	}
}
