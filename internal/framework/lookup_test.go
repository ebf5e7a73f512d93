package framework

import (
	"errors"
	"testing"
)

func TestFindQS(t *testing.T) {
	c := load(t)
	tests := []struct {
		text    string
		want    string
		wantErr error
	}{
		{"assessing-needs", "assessing-needs", nil},
		{"Assessing needs", "assessing-needs", nil},
		{"lead healthier lives", "healthier-lives", nil},
		{"Supporting people to live healthier lives", "healthier-lives", nil},
		{"EQUITY IN EXPERIENCE AND OUTCOMES", "equity", nil},
		{"Care provision, integration and continuity", "care-provision", nil},
		{"partnerships and communities", "partnerships", nil},
		{"Safe systems, pathways and transitions", "safe-systems", nil},
		{"Safe pathways, systems and transitions", "safe-systems", nil},
		{"safe_systems", "safe-systems", nil},
		{"  Safeguarding ", "safeguarding", nil},
		{"Governance, management & sustainability", "governance", nil},
		{"Learning, improvement and innovation.", "learning", nil},
		{"Assessing people’s needs", "assessing-needs", nil},
		{"s42", "", ErrUnknownQS},
		{"safe", "", ErrUnknownQS},
		{"", "", ErrUnknownQS},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := c.FindQS(tt.text)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("FindQS(%q) error = %v, want %v", tt.text, err, tt.wantErr)
			}
			if got.Slug != tt.want {
				t.Errorf("FindQS(%q) = %q, want %q", tt.text, got.Slug, tt.want)
			}
		})
	}
}

func TestLookups(t *testing.T) {
	c := load(t)
	if _, err := c.Statement("Safeguarding"); !errors.Is(err, ErrUnknownQS) {
		t.Errorf("Statement(Safeguarding) error = %v, want %v (slugs only)", err, ErrUnknownQS)
	}
	if th, err := c.Theme("leadership"); err != nil || th.Name != "Leadership" {
		t.Errorf("Theme(leadership) = %+v, %v", th, err)
	}
	if _, err := c.Theme("safety"); !errors.Is(err, ErrUnknownTheme) {
		t.Errorf("Theme(safety) error = %v, want %v", err, ErrUnknownTheme)
	}
	if cat, err := c.Category("observation"); err != nil || cat.Name != "Observation" {
		t.Errorf("Category(observation) = %+v, %v", cat, err)
	}
	if _, err := c.Category("vibes"); !errors.Is(err, ErrUnknownCategory) {
		t.Errorf("Category(vibes) error = %v, want %v", err, ErrUnknownCategory)
	}
}
