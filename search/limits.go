package search

import (
	"fmt"
	"strings"
	"unicode"
)

// Limits keep a hostile query from costing more than a real one would.
// The longest query of the help page and the tests, (carers OR "unpaid
// carers" OR "young carers") AND (strategy OR plan) NOT draft -old, has 11
// words and 10 operators; each limit is several times what an inspector
// writes.
const (
	// MaxQueryBytes is the longest query, in bytes.
	MaxQueryBytes = 1000
	// MaxDepth is how many brackets may be inside each other.
	MaxDepth = 16
	// MaxWords is how many words a query may search for: every word, each
	// word of a phrase, each value of a field. A word the analyzer splits
	// (co-production, 10:30) counts as its parts.
	MaxWords = 64
	// MaxOperators is how many of AND, OR, NOT, +, -, pairs of brackets,
	// phrases and fields a query may have, once double negatives cancel
	// out (NOT NOT carers counts as carers).
	MaxOperators = 32
	// MaxExpanding is how many words may end in * or ~: each stands for
	// every word of the index that starts like it or is spelt nearly
	// like it.
	MaxExpanding = 8
	// MaxShardTerms is how many index terms a search may look up in one
	// council's shard, once words ending in * and ~ are expanded (Bleve
	// counts them: each is a term searcher). A free word is two (body and
	// title). As Lucene's default clause limit, 1024.
	MaxShardTerms = 1024
)

// counts are what a query holds, against the limits.
type counts struct {
	words     int
	operators int
	expanding int
}

// add counts a term or phrase.
func (c *counts) add(n Node) {
	switch n := n.(type) {
	case Term:
		if n.Field != "" {
			c.operators++
		}
		switch {
		case n.Prefix || n.Fuzzy:
			c.words++
			c.expanding++
		case keywordField(n.Field):
			c.words++
		default:
			c.words += analyzedWords(n.Text)
		}
	case Phrase:
		c.operators++
		if n.Field != "" {
			c.operators++
		}
		if keywordField(n.Field) {
			c.words++
		} else {
			c.words += analyzedWords(n.Text)
		}
	}
}

func (c counts) check() error {
	switch {
	case c.words > MaxWords:
		return &QueryError{0, fmt.Sprintf("Your search must have %d words or fewer", MaxWords)}
	case c.operators > MaxOperators:
		return &QueryError{0, fmt.Sprintf("Your search must use AND, OR, NOT, +, -, brackets, quotation marks and fields no more than %d times in total", MaxOperators)}
	case c.expanding > MaxExpanding:
		return &QueryError{0, fmt.Sprintf("Your search must have no more than %d words ending in * or ~", MaxExpanding)}
	}
	return nil
}

// errTooManyExpansions is what a search says when its words ending in * or
// ~ stand for more than MaxShardTerms terms of a shard.
func errTooManyExpansions() error {
	return &QueryError{0, "Your search matches too many different words: add more letters before * or ~"}
}

// keywordField reports whether a field holds whole values (a slug, a code,
// a year) rather than analysed text: its value is one term.
func keywordField(f string) bool { return f != "" && f != "title" }

// analyzedWords is about how many terms the analyzer makes of text: its runs
// of letters and digits, and at least one.
func analyzedWords(text string) int {
	n := len(strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	return max(n, 1)
}
