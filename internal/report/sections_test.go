package report

import (
	"errors"
	"testing"

	"github.com/evidenceportal/portal/internal/framework"
)

func catalogue(t *testing.T) *framework.Catalogue {
	t.Helper()
	c, err := framework.Load()
	if err != nil {
		t.Fatalf("framework.Load: %v", err)
	}
	return c
}

func TestSections(t *testing.T) {
	cat := catalogue(t)
	secs := Sections(cat)
	var keys []string
	for _, s := range secs {
		keys = append(keys, s.Key)
	}
	want := []string{"summary", "people",
		"theme-working-with-people", "qs-assessing-needs", "qs-healthier-lives", "qs-equity",
		"theme-providing-support", "qs-care-provision", "qs-partnerships",
		"theme-ensuring-safety", "qs-safe-systems", "qs-safeguarding",
		"theme-leadership", "qs-governance", "qs-learning",
		"strengths", "development", "direction", "about"}
	if len(keys) != len(want) {
		t.Fatalf("Sections keys = %v, want %v", keys, want)
	}
	for i := range want {
		if keys[i] != want[i] {
			t.Errorf("section %d = %q, want %q", i, keys[i], want[i])
		}
	}
	for _, s := range secs {
		if s.Kind != KindQS {
			continue
		}
		if s.Commitment() == "" {
			t.Errorf("section %s has no commitment", s.Key)
		}
		if got := len(s.WhatPeopleExpect()) > 0; got == s.QS.Leadership {
			t.Errorf("section %s: has I statements %v, leadership %v", s.Key, got, s.QS.Leadership)
		}
	}
	if s, err := Find(cat, "qs-equity"); err != nil || s.QS.Slug != "equity" || s.Theme != "working-with-people" {
		t.Errorf("Find(qs-equity) = %+v, %v", s, err)
	}
	for _, bad := range []string{"", "qs-", "qs-wellbeing", "theme-", "../summary", "Summary"} {
		if _, err := Find(cat, bad); !errors.Is(err, ErrUnknownSection) {
			t.Errorf("Find(%q) error = %v, want %v", bad, err, ErrUnknownSection)
		}
	}
}

func TestCheckCitations(t *testing.T) {
	text := "One.\n\nTwo."
	tests := []struct {
		name  string
		cites []Citation
		ok    bool
	}{
		{"none", nil, true},
		{"first and last", []Citation{{1, "d", "", 1}, {2, "d", "", 9}}, true},
		{"paragraph 0", []Citation{{0, "d", "", 1}}, false},
		{"past the last paragraph", []Citation{{3, "d", "", 1}}, false},
		{"page 0", []Citation{{1, "d", "", 0}}, false},
		{"no document", []Citation{{1, " ", "", 1}}, false},
		{"too many", make([]Citation, MaxCitations+1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCitations(text, tt.cites)
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrBadParagraph)) {
				t.Errorf("CheckCitations = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
