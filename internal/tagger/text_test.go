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
