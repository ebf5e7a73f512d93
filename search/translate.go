package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// toBleve turns a parsed query into a Bleve query. Free words search the
// body and, boosted, the title; fields map to their index fields. Every
// leaf is checked (deadline.go), so a search stops soon after its deadline.
func toBleve(n Node, stem func(string) string) query.Query {
	switch n := cancelNots(n).(type) {
	case nil:
		return checked(bleve.NewMatchAllQuery())
	case Term:
		return termQuery(n, stem)
	case Phrase:
		if n.Field == "title" {
			return phrase("title", n.Text)
		}
		if n.Field != "" {
			return termQuery(Term{Field: n.Field, Text: n.Text}, stem)
		}
		return bleve.NewDisjunctionQuery(phrase("body", n.Text), boost(phrase("title", n.Text), 2))
	case And:
		var must, not []query.Query
		for _, p := range flatten(n) {
			p = cancelNots(p)
			if stopWord(p, stem) {
				continue // "the carers" means carers: the body holds no "the"
			}
			if x, ok := p.(Not); ok {
				not = append(not, toBleve(x.Part, stem))
				continue
			}
			must = append(must, toBleve(p, stem))
		}
		if len(must) == 0 && len(not) == 0 {
			return bleve.NewMatchNoneQuery() // only stop words
		}
		return boolean(must, not)
	case Or:
		var parts, negated []query.Query
		for _, p := range flatten(n) {
			p = cancelNots(p)
			if stopWord(p, stem) {
				continue
			}
			if x, ok := p.(Not); ok {
				negated = append(negated, toBleve(x.Part, stem))
				continue
			}
			parts = append(parts, toBleve(p, stem))
		}
		switch len(negated) {
		case 0:
		case 1:
			parts = append(parts, boolean(nil, negated))
		default:
			// NOT a OR NOT b is NOT (a AND b): one pass over every page in
			// scope, not one per NOT (16 of them cost 16 times as much).
			parts = append(parts, boolean(nil, []query.Query{bleve.NewConjunctionQuery(negated...)}))
		}
		if len(parts) == 0 {
			return bleve.NewMatchNoneQuery()
		}
		return bleve.NewDisjunctionQuery(parts...)
	case Not:
		return boolean(nil, []query.Query{toBleve(n.Part, stem)})
	}
	return bleve.NewMatchNoneQuery()
}

// flatten lists the parts of an And or an Or with the parts of the same
// operator inside it brought up ("a OR (b OR c)" is "a OR b OR c"), so
// that the negations among them are merged into one pass over the pages,
// however the brackets nest them.
func flatten(n Node) []Node {
	var out []Node
	var walk func(Node)
	walk = func(p Node) {
		p = cancelNots(p)
		switch x := p.(type) {
		case And:
			if _, same := n.(And); same {
				for _, q := range x.Parts {
					walk(q)
				}
				return
			}
		case Or:
			if _, same := n.(Or); same {
				for _, q := range x.Parts {
					walk(q)
				}
				return
			}
		}
		out = append(out, p)
	}
	switch x := n.(type) {
	case And:
		for _, q := range x.Parts {
			walk(q)
		}
	case Or:
		for _, q := range x.Parts {
			walk(q)
		}
	}
	return out
}

// cancelNots drops pairs of negations from the top of n. Parse already
// does; this keeps a query built some other way from running a negation
// per NOT, each of which reads every page in scope.
func cancelNots(n Node) Node {
	for {
		x, ok := n.(Not)
		if !ok {
			return n
		}
		y, ok := x.Part.(Not)
		if !ok {
			return n
		}
		n = y.Part
	}
}

// stopWord reports whether n is a plain word the English analyzer drops
// ("the", "in", "of"): the index holds no such terms, so requiring one
// would match nothing.
func stopWord(n Node, stem func(string) string) bool {
	t, ok := n.(Term)
	return ok && !t.Prefix && !t.Fuzzy && (t.Field == "" || t.Field == "title") && stem(t.Text) == ""
}

func boolean(must, not []query.Query) query.Query {
	b := bleve.NewBooleanQuery()
	if len(must) == 0 {
		must = []query.Query{checked(bleve.NewMatchAllQuery())}
	}
	b.AddMust(must...)
	if len(not) > 0 {
		b.AddMustNot(not...)
	}
	return b
}

func termQuery(t Term, stem func(string) string) query.Query {
	switch t.Field {
	case "qs":
		slug := strings.ToLower(t.Text)
		return bleve.NewDisjunctionQuery(keywordQ("qs_confirmed", slug), keywordQ("qs_suggested", slug))
	case "category":
		return keywordQ("category", strings.ToLower(t.Text))
	case "type":
		return keywordQ("type", strings.ToLower(t.Text))
	case "la":
		return keywordQ("la", strings.ToUpper(t.Text))
	case "year":
		return keywordQ("year", t.Text)
	case "title":
		return wordQuery("title", t, stem)
	}
	return bleve.NewDisjunctionQuery(wordQuery("body", t, stem), boost(wordQuery("title", t, stem), 2))
}

// wordQuery matches a word. Fuzzy words are stemmed first, as the index
// holds stems, and long ones may be two edits away (a swapped pair of
// letters is two).
func wordQuery(field string, t Term, stem func(string) string) query.Query {
	text := strings.ToLower(t.Text)
	switch {
	case t.Prefix:
		q := bleve.NewPrefixQuery(text)
		q.SetField(field)
		return checked(q)
	case t.Fuzzy:
		stemmed := stem(text)
		if stemmed == "" {
			stemmed = text
		}
		q := bleve.NewFuzzyQuery(stemmed)
		q.SetFuzziness(1)
		if len([]rune(text)) >= 7 {
			q.SetFuzziness(2)
		}
		q.SetField(field)
		return checked(q)
	}
	q := bleve.NewMatchQuery(t.Text)
	q.SetField(field)
	return checked(q)
}

func phrase(field, text string) query.Query {
	q := bleve.NewMatchPhraseQuery(text)
	q.SetField(field)
	return checked(q)
}

func keywordQ(field, value string) query.Query {
	q := bleve.NewTermQuery(value)
	q.SetField(field)
	return checked(q)
}

type booster interface {
	query.Query
	SetBoost(float64)
}

func boost(q query.Query, b float64) query.Query {
	if x, ok := q.(booster); ok {
		x.SetBoost(b)
	}
	return q
}
