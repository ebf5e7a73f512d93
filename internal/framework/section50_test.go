package framework

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSection50(t *testing.T) {
	tests := []struct {
		name    string
		scores  map[string]int
		want    Section50
		wantErr error
	}{
		{"all 3s", qs(3, 3, 3, 3, 3, 3, 3, 3, 3), Section50{}, nil},
		{"all 2s", qs(2, 2, 2, 2, 2, 2, 2, 2, 2), Section50{}, nil},
		{"only Leadership at 1", qs(3, 3, 3, 3, 3, 3, 3, 1, 1), Section50{}, nil},
		{"safeguarding at 1", qs(3, 3, 3, 3, 3, 3, 1, 3, 3), Section50{true, []string{"safeguarding"}}, nil},
		{"several at 1, in number order, Leadership left out", map[string]int{"safe-systems": 1, "governance": 1, "assessing-needs": 1, "equity": 2},
			Section50{true, []string{"assessing-needs", "safe-systems"}}, nil},
		{"all 1s", qs(1, 1, 1, 1, 1, 1, 1, 1, 1),
			Section50{true, []string{"assessing-needs", "healthier-lives", "equity", "care-provision", "partnerships", "safe-systems", "safeguarding"}}, nil},
		{"partial, one at 1", map[string]int{"equity": 1}, Section50{true, []string{"equity"}}, nil},
		{"nothing scored yet", map[string]int{}, Section50{}, nil},
		{"score 0", qs(0), Section50{}, ErrScoreOutOfRange},
		{"score 5", qs(3, 5), Section50{}, ErrScoreOutOfRange},
		{"unknown statement", map[string]int{"wellbeing": 1}, Section50{}, ErrUnknownQS},
	}
	for _, slug := range versionSlugs {
		v := version(t, slug)
		for _, tt := range tests {
			t.Run(slug+"/"+tt.name, func(t *testing.T) {
				got, err := v.Section50(tt.scores)
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Section50(%v) error = %v, want %v", tt.scores, err, tt.wantErr)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Section50(%v) (-want +got):\n%s", tt.scores, diff)
				}
			})
		}
	}
}
