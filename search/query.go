package search

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrBadQuery means the query could not be understood. The wrapped message
// says what is wrong in words a searcher can act on.
var ErrBadQuery = errors.New("bad query")

// QueryError says where and why a query could not be parsed.
type QueryError struct {
	Pos int // byte offset in the query
	Msg string
}

func (e *QueryError) Error() string { return e.Msg }

// Unwrap makes every QueryError an ErrBadQuery.
func (e *QueryError) Unwrap() error { return ErrBadQuery }

// Node is a parsed query: a term, a phrase, or a boolean of nodes.
type Node interface{ node() }

// Term is one word, optionally limited to a field, as a prefix (carer*) or
// fuzzy (carer~) match.
type Term struct {
	Field  string
	Text   string
	Prefix bool
	Fuzzy  bool
}

// Phrase is words that must appear together, in order.
type Phrase struct {
	Field string
	Text  string
}

// And matches what all its parts match.
type And struct{ Parts []Node }

// Or matches what any of its parts match.
type Or struct{ Parts []Node }

// Not matches what its part does not.
type Not struct{ Part Node }

func (Term) node()   {}
func (Phrase) node() {}
func (And) node()    {}
func (Or) node()     {}
func (Not) node()    {}

// Fields are the field names the query language knows, with what they
// search; "qs" and "type" take slugs or names, "year" a four-digit year.
var Fields = map[string]string{
	"qs":       "quality statement",
	"category": "evidence category",
	"type":     "document type",
	"la":       "local authority ONS code",
	"year":     "year the document covers",
	"title":    "document title",
}

// Parse turns a query into a tree. Words side by side must all match (AND);
// OR and NOT (or - before a word) combine them; + before a word is the same
// as the word; parentheses group; field:value limits to a field; "..." is an
// exact phrase; a trailing * matches a prefix and ~ a near spelling. An empty
// query gives a nil node and no error.
//
// A NOT (or -) of a NOT is what the second one negates, brackets or not:
// NOT NOT carers and -(-carers) are carers, and cost what carers costs. A
// query over one of the limits of limits.go is refused with a QueryError.
func Parse(q string) (Node, error) {
	if len(q) > MaxQueryBytes {
		return nil, &QueryError{MaxQueryBytes, fmt.Sprintf("Your search must be %d characters or fewer", MaxQueryBytes)}
	}
	if !utf8.ValidString(q) {
		return nil, &QueryError{0, "Your search contains characters that cannot be read"}
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if len(toks) == 0 {
		return nil, nil
	}
	n, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if !p.done() {
		t := p.peek()
		if t.kind == tokRParen {
			return nil, &QueryError{t.pos, "Your search has a closing bracket without an opening one"}
		}
		return nil, &QueryError{t.pos, fmt.Sprintf("Your search has %q where it was not expected", t.text)}
	}
	if err := p.count.check(); err != nil {
		return nil, err
	}
	return n, nil
}

type parser struct {
	toks  []token
	i     int
	count counts
}

func (p *parser) done() bool        { return p.i >= len(p.toks) }
func (p *parser) peek() token       { return p.toks[p.i] }
func (p *parser) next() token       { t := p.toks[p.i]; p.i++; return t }
func (p *parser) is(k tokKind) bool { return !p.done() && p.peek().kind == k }

func (p *parser) or(depth int) (Node, error) {
	left, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	parts := []Node{left}
	for p.is(tokOr) {
		t := p.next()
		p.count.operators++
		if p.done() || p.is(tokRParen) {
			return nil, &QueryError{t.pos, "Your search ends with OR: add a word after it"}
		}
		right, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		parts = append(parts, right)
	}
	if len(parts) == 1 {
		return left, nil
	}
	return Or{Parts: parts}, nil
}

func (p *parser) and(depth int) (Node, error) {
	var parts []Node
	for !p.done() && !p.is(tokOr) && !p.is(tokRParen) {
		if p.is(tokAnd) {
			t := p.next()
			if len(parts) == 0 {
				return nil, &QueryError{t.pos, "Your search starts with AND: add a word before it"}
			}
			if p.done() || p.is(tokRParen) || p.is(tokOr) || p.is(tokAnd) {
				return nil, &QueryError{t.pos, "Your search has AND without a word after it"}
			}
			p.count.operators++
			continue
		}
		n, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		parts = append(parts, n)
	}
	switch len(parts) {
	case 0:
		if p.is(tokOr) {
			return nil, &QueryError{p.peek().pos, "Your search starts with OR: add a word before it"}
		}
		if p.is(tokRParen) {
			return nil, &QueryError{p.peek().pos, "Your search has empty brackets or a closing bracket without an opening one"}
		}
		return nil, &QueryError{0, "Enter words to search for"}
	case 1:
		return parts[0], nil
	}
	return And{Parts: parts}, nil
}

func (p *parser) unary(depth int) (Node, error) {
	t := p.next()
	switch t.kind {
	case tokNot, tokMinus:
		if p.done() || p.is(tokRParen) || p.is(tokOr) || p.is(tokAnd) {
			return nil, &QueryError{t.pos, fmt.Sprintf("Your search has %s without a word after it", t.text)}
		}
		n, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		if inner, ok := n.(Not); ok {
			// Two negations cancel out, and so does their count: a chain
			// of NOTs is as cheap as the word it ends with.
			p.count.operators--
			return inner.Part, nil
		}
		p.count.operators++
		return Not{Part: n}, nil
	case tokPlus:
		if p.done() || p.is(tokRParen) {
			return nil, &QueryError{t.pos, "Your search has + without a word after it"}
		}
		p.count.operators++
		return p.unary(depth)
	case tokLParen:
		if depth >= MaxDepth {
			return nil, &QueryError{t.pos, fmt.Sprintf("Your search must have no more than %d brackets inside each other", MaxDepth)}
		}
		if p.done() {
			// "carers AND (" is a bracket left open with nothing in it, not
			// a search without words.
			return nil, &QueryError{t.pos, "Your search ends with an opening bracket: add words and a closing bracket after it, or remove it"}
		}
		p.count.operators++
		n, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if !p.is(tokRParen) {
			return nil, &QueryError{t.pos, "Your search has an opening bracket without a closing one"}
		}
		p.next()
		return n, nil
	case tokPhrase:
		if t.field != "" {
			if _, ok := Fields[t.field]; !ok {
				return nil, unknownField(t)
			}
		}
		if strings.TrimSpace(t.text) == "" {
			return nil, &QueryError{t.pos, "Your search has empty quotation marks"}
		}
		ph := Phrase{Field: t.field, Text: t.text}
		p.count.add(ph)
		return ph, nil
	case tokWord:
		n, err := wordTerm(t)
		if err != nil {
			return nil, err
		}
		p.count.add(n)
		return n, nil
	case tokRParen:
		return nil, &QueryError{t.pos, "Your search has a closing bracket without an opening one"}
	}
	return nil, &QueryError{t.pos, fmt.Sprintf("Your search has %q where it was not expected", t.text)}
}

func unknownField(t token) error {
	names := make([]string, 0, len(Fields))
	for _, f := range []string{"qs", "category", "type", "la", "year", "title"} {
		names = append(names, f+":")
	}
	return &QueryError{t.pos, fmt.Sprintf("Your search uses %s: which is not a field. Use one of %s", t.field, strings.Join(names, ", "))}
}

func wordTerm(t token) (Node, error) {
	text := t.text
	var field string
	if f, v, ok := strings.Cut(text, ":"); ok && f != "" && !strings.HasPrefix(v, "/") {
		field = strings.ToLower(f)
		if _, known := Fields[field]; !known {
			// A colon inside an ordinary word ("10:30") is not a field.
			if isWordish(f) && v != "" && !strings.ContainsAny(f, "0123456789") {
				t.field = field
				return nil, unknownField(t)
			}
			field, v = "", text
		}
		if field != "" && v == "" {
			return nil, &QueryError{t.pos, fmt.Sprintf("Your search has %s: without a value after it", field)}
		}
		text = v
	}
	term := Term{Field: field}
	switch {
	case strings.HasSuffix(text, "*"):
		term.Prefix = true
		text = strings.TrimRight(text, "*")
		if utf8.RuneCountInString(text) < 2 {
			return nil, &QueryError{t.pos, "Your search needs at least 2 letters before *"}
		}
	case strings.HasSuffix(text, "~"):
		term.Fuzzy = true
		text = strings.TrimRight(text, "~")
		if utf8.RuneCountInString(text) < 3 {
			return nil, &QueryError{t.pos, "Your search needs at least 3 letters before ~"}
		}
	}
	if strings.ContainsAny(text, "*~") {
		return nil, &QueryError{t.pos, "Your search can only use * and ~ at the end of a word"}
	}
	if text == "" {
		return nil, &QueryError{t.pos, "Enter words to search for"}
	}
	if field == "year" && !isYear(text) {
		return nil, &QueryError{t.pos, "Year must be a 4-digit year, like 2024"}
	}
	term.Text = text
	return term, nil
}

func isWordish(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && r != '_' && r != '-' {
			return false
		}
	}
	return s != ""
}

func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s >= "1900" && s <= "2100"
}

// Format writes a node in a canonical form, for tests and logs:
// and(carer, or(strategy, plan), not(qs:safeguarding)).
func Format(n Node) string {
	switch n := n.(type) {
	case nil:
		return ""
	case Term:
		s := n.Text
		if n.Prefix {
			s += "*"
		}
		if n.Fuzzy {
			s += "~"
		}
		if n.Field != "" {
			s = n.Field + ":" + s
		}
		return s
	case Phrase:
		s := fmt.Sprintf("%q", n.Text)
		if n.Field != "" {
			s = n.Field + ":" + s
		}
		return s
	case And:
		return "and(" + formatAll(n.Parts) + ")"
	case Or:
		return "or(" + formatAll(n.Parts) + ")"
	case Not:
		return "not(" + Format(n.Part) + ")"
	}
	return "?"
}

func formatAll(parts []Node) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = Format(p)
	}
	return strings.Join(s, ", ")
}
