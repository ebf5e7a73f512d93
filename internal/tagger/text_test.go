package tagger

import (
	"strings"
	"testing"
)

func stems(text string) string {
	var b []string
	for _, t := range terms(text, nil) {
		if t.stem == "" {
			b = append(b, "|")
		} else {
			b = append(b, t.stem)
		}
	}
	return strings.Join(b, " ")
}

func TestTerms(t *testing.T) {
	tests := []struct{ in, want string }{
		{"People’s assessments were timely.", "peopl assess time |"},
		{"A section 42 enquiry; s.75 and s42 agreements", "s42 enquiri | s75 s42 agreement"},
		{"Carers' co-production and strengths-based practice", "carer coproduct strength base practic"},
		{"80.12% of people (ASCS, 2023) felt safe", "#pct | peopl | asc | felt safe"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := stems(tt.in); got != tt.want {
				t.Errorf("terms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two three! Four?", []string{"One.", "Two three!", "Four?"}},
		{"Data (e.g. ASCS) showed 80.12% felt safe. Staff agreed.", []string{"Data (e.g. ASCS) showed 80.12% felt safe.", "Staff agreed."}},
		{"Heading\n\n  Body text here.  ", []string{"Heading", "Body text here."}},
		{"He said “it works.” Then left", []string{"He said “it works.”", "Then left"}},
		{"lower. case stays", []string{"lower. case stays"}},
		{"   ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []string
			for _, s := range sentences(tt.in) {
				got = append(got, tt.in[s.start:s.end])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("sentences(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestEachFeatureCharGrams: with chars n, each stem longer than n also
// gives its character n-grams, marked at the ends, and pairs stay pairs.
func TestEachFeatureCharGrams(t *testing.T) {
	tests := []struct {
		name    string
		bigrams bool
		chars   int
		want    string
	}{
		{"stems and pairs", true, 0, "reablement|reablement team|team"},
		{"char 5-grams", true, 5, "reablement|<reab|reabl|eable|ablem|bleme|lemen|ement|ment>|reablement team|team"},
		// "team" is not longer than 4 letters.
		{"char 4-grams, no pairs", false, 4, "reablement|<rea|reab|eabl|able|blem|leme|emen|ment|ent>|team"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			eachFeature(terms("Reablement team", nil), tt.bigrams, tt.chars, nil, func(k []byte) { got = append(got, string(k)) })
			if s := strings.Join(got, "|"); s != tt.want {
				t.Errorf("features = %q, want %q", s, tt.want)
			}
		})
	}
}
