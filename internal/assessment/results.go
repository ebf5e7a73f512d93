package assessment

import (
	"github.com/evidenceportal/portal/internal/framework"
)

// Score is one saved score as the rules see it: of a quality statement
// (Category empty) or of one evidence category of it.
type Score struct {
	QS       string
	Category string
	Score    int
}

// QSResult is one quality statement's computed score.
type QSResult struct {
	QS framework.QualityStatement
	// Score is 0 when the statement is not scored yet.
	Score int
	// Detail is the category roll-up under a version with category scores.
	Detail framework.QSScore
	// Scores are the statement's saved scores by category slug ("" for a
	// direct score).
	Scores map[string]Score
}

// Results is everything worked out from an assessment's scores.
type Results struct {
	QS        []QSResult
	QSScores  map[string]int
	Overall   *framework.Overall
	Section50 framework.Section50
}

// Complete reports whether every quality statement has a score.
func (r Results) Complete() bool { return r.Overall != nil && r.Overall.Complete() }

// Method is how an assessment under one framework version turns scores into
// results: the version's rules, over the catalogue's statements in order.
type Method struct {
	cat *framework.Catalogue
	v   *framework.Version
}

// NewMethod is the method of framework version v.
func NewMethod(cat *framework.Catalogue, v *framework.Version) Method { return Method{cat: cat, v: v} }

// Version is the framework version the method applies.
func (m Method) Version() *framework.Version { return m.v }

// Results rolls the scores up under the version's rules: category scores
// into statement scores (interim version), statement scores into the
// overall percentage and rating, and the section 50 check.
func (m Method) Results(scores []Score) (Results, error) {
	by := map[string]map[string]Score{}
	for _, s := range scores {
		if by[s.QS] == nil {
			by[s.QS] = map[string]Score{}
		}
		by[s.QS][s.Category] = s
	}
	r := Results{QSScores: map[string]int{}}
	for _, qs := range m.cat.Statements {
		res := QSResult{QS: qs, Scores: by[qs.Slug]}
		if m.v.CategoryScores {
			cats := map[string]int{}
			for slug, s := range by[qs.Slug] {
				if slug != "" {
					cats[slug] = s.Score
				}
			}
			if len(cats) > 0 {
				d, err := m.v.ScoreQS(cats)
				if err != nil {
					return Results{}, err
				}
				res.Detail, res.Score = d, d.Score
			}
		} else if s, ok := by[qs.Slug][""]; ok {
			res.Score = s.Score
		}
		if res.Score > 0 {
			r.QSScores[qs.Slug] = res.Score
		}
		r.QS = append(r.QS, res)
	}
	if len(r.QSScores) > 0 {
		o, err := m.v.Overall(r.QSScores)
		if err != nil {
			return Results{}, err
		}
		r.Overall = &o
	}
	s50, err := m.v.Section50(r.QSScores)
	if err != nil {
		return Results{}, err
	}
	r.Section50 = s50
	return r, nil
}

// Rollup is the part of the results a change of band is judged on.
type Rollup struct {
	QS map[string]int
	// Rating is the overall rating's slug, "" when nothing is scored.
	Rating   string
	Complete bool
}

// Rollup works out the rollup of the scores. Scores that break the
// version's rules (which saving checks first) roll up to nothing.
func (m Method) Rollup(scores []Score) Rollup {
	r, err := m.Results(scores)
	if err != nil {
		return Rollup{}
	}
	out := Rollup{QS: r.QSScores, Complete: r.Complete()}
	if r.Overall != nil {
		out.Rating = r.Overall.Rating.Slug
	}
	return out
}
