package framework

import (
	"errors"
	"fmt"
	"strings"
)

// lowestPercent is the percentage of all scores at MinScore: 25.
const lowestPercent = 100 * MinScore / MaxScore

// check reports every inconsistency in the data and builds the name index.
func (c *Catalogue) check() error {
	var p problems
	themes := map[string]bool{}
	for i, t := range c.Themes {
		p.unique(themes, "theme", t.Slug)
		p.want(t.Number == i+1, "theme %q has number %d, want %d", t.Slug, t.Number, i+1)
	}
	qs := map[string]bool{}
	c.byName = map[string]int{}
	for i, s := range c.Statements {
		p.unique(qs, "quality statement", s.Slug)
		p.want(s.Number == i+1, "quality statement %q has number %d, want %d", s.Slug, s.Number, i+1)
		p.want(themes[s.Theme], "quality statement %q has unknown theme %q", s.Slug, s.Theme)
		p.want(s.We != "", "quality statement %q has no we statement", s.Slug)
		for _, name := range append([]string{s.Slug, s.Name}, s.Synonyms...) {
			key := normalise(name)
			if j, ok := c.byName[key]; ok && j != i {
				p.add("name %q is both %q and %q", name, c.Statements[j].Slug, s.Slug)
			}
			c.byName[key] = i
		}
	}
	cats := map[string]bool{}
	for _, cat := range c.Categories {
		p.unique(cats, "category", cat.Slug)
	}
	p.want(len(c.Scores) == MaxScore-MinScore+1, "%d score meanings, want %d", len(c.Scores), MaxScore-MinScore+1)
	for i, s := range c.Scores {
		p.want(s.Score == MinScore+i, "score meaning %d has score %d, want %d", i, s.Score, MinScore+i)
	}
	sources := map[string]bool{}
	for _, s := range c.Sources {
		p.unique(sources, "source", s.Slug)
	}
	p.want(len(c.Versions) > 0, "no framework versions")
	versions := map[string]bool{}
	for _, v := range c.Versions {
		p.unique(versions, "framework version", v.Slug)
		v.check(&p, cats)
	}
	p.want(len(c.MeasureSets) > 0, "no outcome measure sets")
	for _, m := range c.MeasureSets {
		m.check(&p, qs, cats)
	}
	p.want(len(c.RegionSets) > 0, "no region lookups")
	for _, r := range c.RegionSets {
		r.check(&p)
	}
	return p.err()
}

func (v *Version) check(p *problems, cats map[string]bool) {
	used := map[string]bool{}
	for _, slug := range v.Categories {
		p.want(cats[slug], "version %q uses unknown category %q", v.Slug, slug)
		p.unique(used, "version "+v.Slug+" category", slug)
	}
	p.want(v.Rounding.known(), "version %q has rounding %q, want %q or %q", v.Slug, v.Rounding, RoundUp, RoundHalfUp)
	p.want(v.PositionMargin >= 0, "version %q has negative position margin", v.Slug)
	if v.CategoryScores {
		p.want(len(v.Categories) > 0, "version %q scores categories but uses none", v.Slug)
		p.want(len(v.QSBands) == MaxScore-MinScore+1, "version %q has %d quality statement bands, want %d", v.Slug, len(v.QSBands), MaxScore-MinScore+1)
	} else {
		p.want(len(v.QSBands) == 0, "version %q does not score categories but has quality statement bands", v.Slug)
	}
	next := lowestPercent
	for i, b := range v.QSBands {
		p.want(b.Low == next && b.High >= b.Low, "version %q quality statement band %d-%d does not follow on from %d", v.Slug, b.Low, b.High, next-1)
		p.want(b.Score == MinScore+i, "version %q quality statement band %d-%d has score %d, want %d", v.Slug, b.Low, b.High, b.Score, MinScore+i)
		next = b.High + 1
	}
	p.want(len(v.QSBands) == 0 || next == 101, "version %q quality statement bands end at %d, want 100", v.Slug, next-1)
	next = lowestPercent
	for _, b := range v.RatingBands {
		p.want(b.Low == next && b.High >= b.Low, "version %q rating band %d-%d does not follow on from %d", v.Slug, b.Low, b.High, next-1)
		p.want(b.Rating.Slug != "" && b.Rating.Name != "", "version %q rating band %d-%d has no rating", v.Slug, b.Low, b.High)
		p.want(b.High-b.Low > 2*v.PositionMargin, "version %q rating band %d-%d is too narrow for position margin %d", v.Slug, b.Low, b.High, v.PositionMargin)
		next = b.High + 1
	}
	p.want(next == 101, "version %q rating bands end at %d, want 100", v.Slug, next-1)
}

type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p *problems) want(ok bool, format string, args ...any) {
	if !ok {
		p.add(format, args...)
	}
}

func (p *problems) unique(seen map[string]bool, what, slug string) {
	p.want(slug != "", "%s with no slug", what)
	p.want(!seen[slug], "%s %q twice", what, slug)
	seen[slug] = true
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return errors.New(strings.Join(p, "; "))
}
