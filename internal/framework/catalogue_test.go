package framework

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func load(t *testing.T) *Catalogue {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	return c
}

func version(t *testing.T, slug string) *Version {
	t.Helper()
	v, err := load(t).Version(slug)
	if err != nil {
		t.Fatalf("Version(%q) = %v", slug, err)
	}
	return v
}

var versionSlugs = []string{"interim-2023", "qs-only-2024"}

func TestCatalogueStatements(t *testing.T) {
	c := load(t)
	var slugs, leadership []string
	themes := map[string]string{}
	for _, s := range c.Statements {
		slugs = append(slugs, s.Slug)
		themes[s.Slug] = s.Theme
		if s.Leadership {
			leadership = append(leadership, s.Slug)
		}
		if s.We == "" {
			t.Errorf("%s has no we statement", s.Slug)
		}
		if len(s.Topics) == 0 {
			t.Errorf("%s has no topics", s.Slug)
		}
		if s.Leadership && len(s.I) != 0 {
			t.Errorf("Leadership statement %s has I statements %q", s.Slug, s.I)
		}
		if !s.Leadership && len(s.I) == 0 {
			t.Errorf("%s (themes 1-3) has no I statements", s.Slug)
		}
	}
	wantSlugs := []string{"assessing-needs", "healthier-lives", "equity", "care-provision", "partnerships", "safe-systems", "safeguarding", "governance", "learning"}
	if diff := cmp.Diff(wantSlugs, slugs); diff != "" {
		t.Errorf("statement slugs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"governance", "learning"}, leadership); diff != "" {
		t.Errorf("Leadership statements (-want +got):\n%s", diff)
	}
	wantThemes := map[string]string{
		"assessing-needs": "working-with-people", "healthier-lives": "working-with-people", "equity": "working-with-people",
		"care-provision": "providing-support", "partnerships": "providing-support",
		"safe-systems": "ensuring-safety", "safeguarding": "ensuring-safety",
		"governance": "leadership", "learning": "leadership",
	}
	if diff := cmp.Diff(wantThemes, themes); diff != "" {
		t.Errorf("statement themes (-want +got):\n%s", diff)
	}
	if len(c.Themes) != 4 {
		t.Errorf("%d themes, want 4", len(c.Themes))
	}
	for _, th := range c.Themes {
		if len(c.StatementsOf(th.Slug)) == 0 {
			t.Errorf("theme %s has no statements", th.Slug)
		}
	}
}

func TestCatalogueStatementText(t *testing.T) {
	got, err := load(t).Statement("safe-systems")
	if err != nil {
		t.Fatalf("Statement(safe-systems) = %v", err)
	}
	want := QualityStatement{
		Number:     6,
		Slug:       "safe-systems",
		Name:       "Safe pathways, systems and transitions",
		Synonyms:   []string{"Safe systems, pathways and transitions"},
		Theme:      "ensuring-safety",
		Leadership: false,
		We:         "We work with people and our partners to establish and maintain safe systems of care, in which safety is managed, monitored and assured. We ensure continuity of care, including when people move between different services.",
		I: []string{
			"When I move between services, settings or areas, there is a plan for what happens next and who will do what, and all the practical arrangements are in place.",
			"I feel safe and am supported to understand and manage any risks.",
		},
	}
	got.Topics = nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Statement(safe-systems) (-want +got):\n%s", diff)
	}
}

func TestCatalogueTopics(t *testing.T) {
	c := load(t)
	tests := []struct{ qs, topic string }{
		{"assessing-needs", "carers' assessments"},
		{"healthier-lives", "technology-enabled care"},
		{"equity", "JSNA"},
		{"care-provision", "market position statement"},
		{"partnerships", "section 75 agreements"},
		{"safe-systems", "transitions from children's services"},
		{"safeguarding", "section 42 enquiries"},
		{"safeguarding", "s42"},
		{"governance", "principal social worker"},
		{"learning", "co-production"},
		{"equity", "co-production"},
	}
	for _, tt := range tests {
		t.Run(tt.qs+"/"+tt.topic, func(t *testing.T) {
			s, err := c.Statement(tt.qs)
			if err != nil {
				t.Fatalf("Statement(%q) = %v", tt.qs, err)
			}
			if !slices.Contains(s.Topics, tt.topic) {
				t.Errorf("Statement(%q).Topics = %q, want it to hold %q", tt.qs, s.Topics, tt.topic)
			}
		})
	}
}

func TestCatalogueCategories(t *testing.T) {
	c := load(t)
	var slugs []string
	for _, cat := range c.Categories {
		slugs = append(slugs, cat.Slug)
	}
	want := []string{"people-experience", "staff-leaders-feedback", "partners-feedback", "processes", "outcomes", "observation"}
	if diff := cmp.Diff(want, slugs); diff != "" {
		t.Errorf("category slugs (-want +got):\n%s", diff)
	}
	for _, v := range c.Versions {
		if v.Uses("observation") {
			t.Errorf("version %s uses observation, which is never used for local authorities", v.Slug)
		}
	}
}

func TestVersionCategoriesInUse(t *testing.T) {
	tests := []struct {
		version        string
		want           []string
		categoryScores bool
	}{
		{"interim-2023", []string{"people-experience", "staff-leaders-feedback", "partners-feedback", "processes", "outcomes"}, true},
		{"qs-only-2024", []string{"people-experience", "staff-leaders-feedback", "partners-feedback", "processes"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			v := version(t, tt.version)
			var got []string
			for _, c := range v.CategoriesInUse() {
				got = append(got, c.Slug)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CategoriesInUse() (-want +got):\n%s", diff)
			}
			if v.CategoryScores != tt.categoryScores {
				t.Errorf("CategoryScores = %v, want %v", v.CategoryScores, tt.categoryScores)
			}
			if v.PositionMargin != 3 {
				t.Errorf("PositionMargin = %d, want 3", v.PositionMargin)
			}
		})
	}
}

func TestCatalogueVersion(t *testing.T) {
	c := load(t)
	for _, slug := range versionSlugs {
		if v, err := c.Version(slug); err != nil || v.Slug != slug {
			t.Errorf("Version(%q) = %v, %v", slug, v, err)
		}
	}
	if got := len(c.Versions); got != len(versionSlugs) {
		t.Errorf("%d versions, want %d", got, len(versionSlugs))
	}
	if _, err := c.Version("interim-2022"); !errors.Is(err, ErrUnknownVersion) {
		t.Errorf("Version(interim-2022) error = %v, want %v", err, ErrUnknownVersion)
	}
}

func TestCatalogueScoresAndSources(t *testing.T) {
	c := load(t)
	want := []ScoreMeaning{{1, "Significant shortfalls"}, {2, "Some shortfalls"}, {3, "Good standard"}, {4, "Exceptional standard"}}
	if diff := cmp.Diff(want, c.Scores); diff != "" {
		t.Errorf("Scores (-want +got):\n%s", diff)
	}
	if got, err := c.Meaning(3); err != nil || got != "Good standard" {
		t.Errorf("Meaning(3) = %q, %v, want Good standard", got, err)
	}
	if _, err := c.Meaning(5); !errors.Is(err, ErrScoreOutOfRange) {
		t.Errorf("Meaning(5) error = %v, want %v", err, ErrScoreOutOfRange)
	}
	var sources []string
	for _, s := range c.Sources {
		sources = append(sources, s.Slug)
	}
	if diff := cmp.Diff([]string{"has", "requests", "collects"}, sources); diff != "" {
		t.Errorf("source slugs (-want +got):\n%s", diff)
	}
}

// TestCheck shows Load would refuse inconsistent data.
func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Catalogue)
	}{
		{"gap between rating bands", func(c *Catalogue) { c.Versions[0].RatingBands[1].Low = 40 }},
		{"rating bands stop short of 100", func(c *Catalogue) { c.Versions[1].RatingBands[3].High = 99 }},
		{"gap between quality statement bands", func(c *Catalogue) { c.Versions[0].QSBands[2].Low = 64 }},
		{"quality statement bands out of order", func(c *Catalogue) { c.Versions[0].QSBands[0].Score = 2 }},
		{"bands without category scores", func(c *Catalogue) { c.Versions[1].QSBands = c.Versions[0].QSBands }},
		{"margin too wide for a band", func(c *Catalogue) { c.Versions[0].PositionMargin = 7 }},
		{"unknown category in use", func(c *Catalogue) { c.Versions[0].Categories = append(c.Versions[0].Categories, "vibes") }},
		{"category in use twice", func(c *Catalogue) { c.Versions[0].Categories = append(c.Versions[0].Categories, "processes") }},
		{"synonym of two statements", func(c *Catalogue) { c.Statements[8].Synonyms = append(c.Statements[8].Synonyms, "Governance") }},
		{"unknown theme", func(c *Catalogue) { c.Statements[0].Theme = "people" }},
		{"statement numbers out of order", func(c *Catalogue) { c.Statements[0].Number = 2 }},
		{"duplicate slug", func(c *Catalogue) { c.Statements[1].Slug = "assessing-needs" }},
		{"missing we statement", func(c *Catalogue) { c.Statements[4].We = "" }},
		{"missing score meaning", func(c *Catalogue) { c.Scores = c.Scores[:3] }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := load(t)
			if err := c.check(); err != nil {
				t.Fatalf("check() of embedded data = %v", err)
			}
			tt.change(c)
			if err := c.check(); err == nil {
				t.Errorf("check() = nil, want an error")
			}
		})
	}
}
