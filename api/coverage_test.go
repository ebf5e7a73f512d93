package api

import (
	"testing"

	"github.com/evidenceportal/portal/internal/store"
)

func TestCoverageCategories(t *testing.T) {
	cat := func(label string, conf float64) store.TagSuggestion {
		return store.TagSuggestion{Kind: store.TagCategory, Label: label, Confidence: conf}
	}
	tests := []struct {
		name string
		tags store.DocumentTags
		want string
	}{
		{"weak cues: the strongest", store.DocumentTags{Suggestions: []store.TagSuggestion{cat("outcomes", 0.2), cat("processes", 0.3)}}, "processes"},
		{"a rejected one is passed over", store.DocumentTags{Suggestions: []store.TagSuggestion{cat("outcomes", 0.2), cat("processes", 0.3)},
			Decisions: []store.TagDecision{{Kind: store.TagCategory, Label: "processes", Decision: store.DecisionReject, Source: "inspector"}}}, "outcomes"},
		{"no cue at all", store.DocumentTags{Suggestions: []store.TagSuggestion{cat("outcomes", 0)}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bestCategory(tt.tags); got != tt.want {
				t.Errorf("bestCategory = %q, want %q", got, tt.want)
			}
		})
	}
	// A hint the inspector has not decided on counts as suggested, never confirmed.
	confirmed, suggested := coverageTags(store.DocumentTags{QSHint: "safeguarding"}, store.TagQS)
	if len(confirmed) != 0 || len(suggested) != 1 || suggested[0] != "safeguarding" {
		t.Errorf("coverageTags of a hint = %v, %v; want it suggested only", confirmed, suggested)
	}
}
