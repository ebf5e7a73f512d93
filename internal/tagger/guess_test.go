package tagger

import (
	"slices"
	"testing"
)

func TestDocumentType(t *testing.T) {
	g, err := NewGuesser()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ title, text, want string }{
		{"Adult Safeguarding Policy 2024", "This policy applies to all staff working with adults at risk.", "policy"},
		{"Carers Strategy 2024-2027", "Our vision is that carers are recognised. Our strategic priorities are...", "strategy"},
		{"Minutes of the Safeguarding Adults Board", "Present: the chair, the DASS. Apologies: none. Agenda item 1.", "minutes"},
		{"ASC Survey 2024", "The survey had 1,204 respondents, a response rate of 31%.", "survey-results"},
		{"Improvement action plan", "Action, owner, target date, RAG status.", "action-plan"},
		{"LGA Peer Challenge report", "The peer team spent three days on site.", "peer-review"},
		{"Document", "Lorem ipsum dolor sit amet.", "other"},
		{"", "", "other"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			got := g.DocumentType(tt.title, tt.text)
			if got.Label != tt.want {
				t.Errorf("DocumentType(%q) = %+v, want %s", tt.title, got, tt.want)
			}
			if got.Confidence < 0 || got.Confidence > 1 || (tt.want == "other") != (got.Confidence == 0) {
				t.Errorf("confidence %v out of place", got.Confidence)
			}
		})
	}
}

func TestCategories(t *testing.T) {
	g, err := NewGuesser()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ text, want string }{
		{"People told us they waited too long, and carers told us the same; complaints rose.", "people-experience"},
		{"Staff told us caseloads were high and frontline staff felt supported by senior leaders.", "staff-leaders-feedback"},
		{"Partners told us that health partners and providers said joint working had improved.", "partners-feedback"},
		{"ASCOF data showed 82% of people were satisfied; waiting times reduced and outcomes improved.", "outcomes"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := g.Categories(tt.text)
			if len(got) != 5 || got[0].Label != tt.want {
				t.Errorf("Categories(%q) = %+v, want %s first of 5", tt.text, got, tt.want)
			}
			for _, c := range got {
				if c.Confidence < 0 || c.Confidence > 1 {
					t.Errorf("confidence %v outside [0, 1]", c.Confidence)
				}
			}
		})
	}
	for _, c := range g.Categories("") {
		if c.Confidence != 0 {
			t.Errorf("empty text: %s = %v, want 0", c.Label, c.Confidence)
		}
	}
}

func TestNormaliseMatchesWholeWords(t *testing.T) {
	if n := countPhrase(spaced("Policymakers and the policy, POLICY."), "policy"); n != 2 {
		t.Errorf("countPhrase = %d, want 2 (not policymakers)", n)
	}
	if n := countPhrase(spaced("People’s experience"), "people's experience"); n != 1 {
		t.Errorf("curly apostrophe: countPhrase = %d, want 1", n)
	}
}

func TestCuePassages(t *testing.T) {
	text := "Our policy is short. People told us the service was slow.\nNothing here."
	tests := []struct {
		name string
		cues []string
		want []string
	}{
		{"one cue", []string{"people told us"}, []string{"People told us the service was slow."}},
		{"two sentences", []string{"policy", "service"}, []string{"Our policy is short.", "People told us the service was slow."}},
		{"no cue", nil, nil},
		{"cue absent", []string{"minutes"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range CuePassages(text, tt.cues) {
				if text[p.Start:p.End] != p.Text {
					t.Errorf("passage %q is not text[%d:%d]", p.Text, p.Start, p.End)
				}
				got = append(got, p.Text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("CuePassages(%v) = %q, want %q", tt.cues, got, tt.want)
			}
		})
	}
}
