package assessment

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitColumns(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Name, Role, Email", []string{"Name", "Role", "Email"}},
		{"Name\nRole, team\r\nEmail\n", []string{"Name", "Role, team", "Email"}},
		{" , ,", nil},
		{"", nil},
		{"Name", []string{"Name"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := SplitColumns(tt.in); !cmp.Equal(got, tt.want) {
				t.Errorf("SplitColumns(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCheckNewItem(t *testing.T) {
	part := func(s string) bool { return s == "contacts" || s == "evidence" }
	known := func(s string) bool { return s == "safeguarding" || s == "equity" }
	good := NewItem{Part: "evidence", Title: " Carers' survey ", Wanted: " The latest survey of carers. ", Kind: "documents",
		QS: []string{"equity", "safeguarding", "equity"}, Required: true}
	table := NewItem{Part: "contacts", Title: "Carers' forum", Wanted: "Who leads it", Kind: "table",
		Columns: []string{" Name ", "Role"}, Personal: true}
	with := func(it NewItem, f func(*NewItem)) NewItem { f(&it); return it }
	cols := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "Column " + string(rune('A'+i))
		}
		return out
	}
	tests := []struct {
		name string
		in   NewItem
		want NewItem
		// errs are the fields refused, in order, with the start of each message.
		errs []string
	}{
		{"documents, statements once each", good, NewItem{Part: "evidence", Title: "Carers' survey", Wanted: "The latest survey of carers.",
			Kind: "documents", QS: []string{"equity", "safeguarding"}, Required: true}, nil},
		{"a table of personal data", table, NewItem{Part: "contacts", Title: "Carers' forum", Wanted: "Who leads it", Kind: "table",
			Columns: []string{"Name", "Role"}, Personal: true}, nil},
		{"no statements", with(good, func(it *NewItem) { it.QS = nil }), NewItem{Part: "evidence", Title: "Carers' survey",
			Wanted: "The latest survey of carers.", Kind: "documents", Required: true}, nil},
		{"ten columns", with(table, func(it *NewItem) { it.Columns = cols(10) }), NewItem{Part: "contacts", Title: "Carers' forum",
			Wanted: "Who leads it", Kind: "table", Columns: cols(10), Personal: true}, nil},
		{"everything missing", NewItem{}, NewItem{}, []string{"part:Select the part", "title:Enter a title", "wanted:Say what is wanted",
			"kind:Select how the council answers"}},
		{"an unknown part", with(good, func(it *NewItem) { it.Part = "other" }), NewItem{}, []string{"part:Select the part"}},
		{"a title too long", with(good, func(it *NewItem) { it.Title = strings.Repeat("x", MaxItemTitle+1) }), NewItem{},
			[]string{"title:The title must be 300 characters or fewer"}},
		{"a control character", with(good, func(it *NewItem) { it.Title = "a\x07b" }), NewItem{}, []string{"title:Remove control characters"}},
		{"what is wanted too long", with(good, func(it *NewItem) { it.Wanted = strings.Repeat("x", MaxItemWanted+1) }), NewItem{},
			[]string{"wanted:What is wanted must be 5,000 characters or fewer"}},
		{"a forged kind", with(good, func(it *NewItem) { it.Kind = "file" }), NewItem{}, []string{"kind:Select how the council answers"}},
		{"a table without columns", with(table, func(it *NewItem) { it.Columns = nil }), NewItem{}, []string{"columns:Enter the columns"}},
		{"eleven columns", with(table, func(it *NewItem) { it.Columns = cols(11) }), NewItem{}, []string{"columns:A table can have up to 10 columns"}},
		{"a column too long", with(table, func(it *NewItem) { it.Columns = []string{strings.Repeat("x", MaxColumnName+1)} }), NewItem{},
			[]string{"columns:Each column name must be 60 characters or fewer"}},
		{"a blank column", with(table, func(it *NewItem) { it.Columns = []string{"Name", " "} }), NewItem{}, []string{"columns:Enter a name for each column"}},
		{"a column twice", with(table, func(it *NewItem) { it.Columns = []string{"Name", "name "} }), NewItem{}, []string{"columns:Give each column a different name"}},
		{"a control character in a column", with(table, func(it *NewItem) { it.Columns = []string{"Na\tme"} }), NewItem{},
			[]string{"columns:Remove control characters"}},
		{"columns on a link", with(good, func(it *NewItem) { it.Kind, it.Columns = "link", []string{"Name"} }), NewItem{},
			[]string{"columns:Only a table has columns"}},
		{"an unknown statement", with(good, func(it *NewItem) { it.QS = []string{"equity", "wellbeing"} }), NewItem{},
			[]string{"qs:Select quality statements from the list"}},
		{"two fields at once", with(table, func(it *NewItem) { it.Title, it.Columns = "", nil }), NewItem{},
			[]string{"title:Enter a title", "columns:Enter the columns"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckNewItem(tt.in, part, known)
			var ies InputErrors
			if err != nil && !errors.As(err, &ies) {
				t.Fatalf("CheckNewItem error %v is not InputErrors", err)
			}
			var fields []string
			for i, ie := range ies {
				fields = append(fields, ie.Field+":"+ie.Message)
				if i < len(tt.errs) && strings.HasPrefix(fields[i], tt.errs[i]) {
					fields[i] = tt.errs[i]
				}
			}
			if diff := cmp.Diff(tt.errs, fields); diff != "" {
				t.Errorf("CheckNewItem(%+v) errors (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckNewItem(%+v) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
