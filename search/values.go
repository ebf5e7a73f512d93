package search

import (
	"fmt"
	"slices"
	"strings"
)

// CheckValues refuses a query that limits a field to a value the field
// never holds, such as qs:nonsense, which would otherwise silently find
// nothing. known lists each checked field's values (the search package
// knows no framework); fields not in it, and words ending in * or ~, are
// not checked. q is the query n was parsed from, to place the error.
func CheckValues(q string, n Node, known map[string][]string) error {
	var bad *QueryError
	walk(n, func(field, text string) {
		vals, ok := known[field]
		if bad != nil || !ok || slices.Contains(vals, strings.ToLower(text)) {
			return
		}
		pos := max(strings.Index(strings.ToLower(q), field+":"), 0)
		list := make([]string, len(vals))
		for i, v := range vals {
			list[i] = field + ":" + v
		}
		bad = &QueryError{pos, fmt.Sprintf("Your search uses %s:%s, but there is no %s %q. Use one of %s",
			field, text, Fields[field], text, strings.Join(list, ", "))}
	})
	if bad != nil {
		return bad
	}
	return nil
}

// walk calls f with the field and text of every exact term and phrase
// limited to a field.
func walk(n Node, f func(field, text string)) {
	switch n := n.(type) {
	case Term:
		if n.Field != "" && !n.Prefix && !n.Fuzzy {
			f(n.Field, n.Text)
		}
	case Phrase:
		if n.Field != "" {
			f(n.Field, n.Text)
		}
	case And:
		for _, p := range n.Parts {
			walk(p, f)
		}
	case Or:
		for _, p := range n.Parts {
			walk(p, f)
		}
	case Not:
		walk(n.Part, f)
	}
}
