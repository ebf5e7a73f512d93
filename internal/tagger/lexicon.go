package tagger

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/evidenceportal/portal/internal/framework"
)

//go:embed data/lexicon.json
var lexiconJSON []byte

// lexicon is domain vocabulary per quality statement slug, on top of what
// the framework catalogue holds; see data/lexicon.json. Every term names
// its source, all outside the labelled paragraphs that measure the tagger
// (a lexicon written from those would inflate every figure).
func lexicon() (map[string][]string, error) {
	var l struct {
		Statements map[string][]struct {
			Term   string `json:"term"`
			Source string `json:"source"`
		} `json:"statements"`
	}
	if err := json.Unmarshal(lexiconJSON, &l); err != nil {
		return nil, fmt.Errorf("parse tagger lexicon: %w", err)
	}
	out := make(map[string][]string, len(l.Statements))
	for slug, terms := range l.Statements {
		for _, t := range terms {
			if t.Term == "" || t.Source == "" {
				return nil, fmt.Errorf("tagger lexicon: %s: a term without its text or source", slug)
			}
			out[slug] = append(out[slug], t.Term)
		}
	}
	return out, nil
}

// pseudoExamples turns the catalogue and the lexicon into short labelled
// texts, one per name, synonym, sentence of the we statement, I statement,
// topic and lexicon entry: what a model knows before any labelled example.
func pseudoExamples(cat *framework.Catalogue) ([]Example, error) {
	lex, err := lexicon()
	if err != nil {
		return nil, err
	}
	var out []Example
	for _, s := range cat.Statements {
		group := "catalogue:" + s.Slug
		add := func(text string) { out = append(out, Example{Text: text, QS: s.Slug, Group: group}) }
		add(s.Name)
		for _, syn := range s.Synonyms {
			add(syn)
		}
		for _, sp := range sentences(s.We) {
			add(s.We[sp.start:sp.end])
		}
		for _, i := range s.I {
			add(i)
		}
		for _, t := range s.Topics {
			add(t)
		}
		for _, t := range lex[s.Slug] {
			add(t)
		}
	}
	for slug := range lex {
		if _, err := cat.Statement(slug); err != nil {
			return nil, fmt.Errorf("tagger lexicon: %w", err)
		}
	}
	return out, nil
}

// hashExamples returns a short hash of the examples, to record what a model
// was trained on.
func hashExamples(ex []Example) string {
	h := sha256.New()
	for _, e := range ex {
		if e.Negative || e.weight() != 1 {
			// Only then, so that the hash of plain examples (and with it
			// the shipped model's version) stays what it was.
			fmt.Fprintf(h, "%q %q %q %t %g\n", e.QS, e.Group, e.Text, e.Negative, e.weight())
			continue
		}
		fmt.Fprintf(h, "%q %q %q\n", e.QS, e.Group, e.Text)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
