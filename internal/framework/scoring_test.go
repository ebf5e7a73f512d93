package framework

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// cats keys scores by the interim categories in order.
func cats(scores ...int) map[string]int {
	slugs := []string{"people-experience", "staff-leaders-feedback", "partners-feedback", "processes", "outcomes"}
	m := map[string]int{}
	for i, s := range scores {
		m[slugs[i]] = s
	}
	return m
}

func TestScoreQS(t *testing.T) {
	v := version(t, "interim-2023")
	tests := []struct {
		name   string
		scores map[string]int
		want   QSScore
	}{
		{"3,3,3,2 is 69% so 3", cats(3, 3, 3, 2), QSScore{Score: 3, Percent: 69, Sum: 11, Possible: 16, Scored: 4, Total: 5}},
		{"2,2,2,2 is 50% so 2", cats(2, 2, 2, 2), QSScore{Score: 2, Percent: 50, Sum: 8, Possible: 16, Scored: 4, Total: 5}},
		{"4,4,3,4 is 94% so 4", cats(4, 4, 3, 4), QSScore{Score: 4, Percent: 94, Sum: 15, Possible: 16, Scored: 4, Total: 5}},
		{"all 1s is 25% so 1", cats(1, 1, 1, 1, 1), QSScore{Score: 1, Percent: 25, Sum: 5, Possible: 20, Scored: 5, Total: 5}},
		{"all 4s is 100% so 4", cats(4, 4, 4, 4, 4), QSScore{Score: 4, Percent: 100, Sum: 20, Possible: 20, Scored: 5, Total: 5}},
		{"37.5% rounds to 38 so 1", cats(1, 2), QSScore{Score: 1, Percent: 38, Sum: 3, Possible: 8, Scored: 2, Total: 5}},
		{"62.5% rounds to 63 so 3", cats(2, 3), QSScore{Score: 3, Percent: 63, Sum: 5, Possible: 8, Scored: 2, Total: 5}},
		{"10/16 is 62.5% rounds to 63 so 3", cats(3, 3, 2, 2), QSScore{Score: 3, Percent: 63, Sum: 10, Possible: 16, Scored: 4, Total: 5}},
		{"87.5% rounds to 88 so 4", cats(3, 3, 4, 4), QSScore{Score: 4, Percent: 88, Sum: 14, Possible: 16, Scored: 4, Total: 5}},
		{"13/16 is 81.25% rounds up to 82 so 3", cats(3, 3, 3, 4), QSScore{Score: 3, Percent: 82, Sum: 13, Possible: 16, Scored: 4, Total: 5}},
		{"12/20 is 60% so 2", cats(3, 3, 2, 2, 2), QSScore{Score: 2, Percent: 60, Sum: 12, Possible: 20, Scored: 5, Total: 5}},
		{"one category", cats(3), QSScore{Score: 3, Percent: 75, Sum: 3, Possible: 4, Scored: 1, Total: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.ScoreQS(tt.scores)
			if err != nil {
				t.Fatalf("ScoreQS(%v) = %v", tt.scores, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ScoreQS(%v) (-want +got):\n%s", tt.scores, diff)
			}
		})
	}
}

func TestScoreQSInvalid(t *testing.T) {
	tests := []struct {
		name    string
		version string
		scores  map[string]int
		wantErr error
	}{
		{"score 0", "interim-2023", cats(3, 0, 3), ErrScoreOutOfRange},
		{"score 5", "interim-2023", cats(3, 5), ErrScoreOutOfRange},
		{"negative score", "interim-2023", cats(-1), ErrScoreOutOfRange},
		{"unknown category", "interim-2023", map[string]int{"processes": 3, "vibes": 3}, ErrUnknownCategory},
		{"observation under interim", "interim-2023", map[string]int{"processes": 3, "observation": 3}, ErrCategoryNotInUse},
		{"empty", "interim-2023", map[string]int{}, ErrNoScores},
		{"nil", "interim-2023", nil, ErrNoScores},
		{"version without category scores", "qs-only-2024", cats(3, 3, 3, 3), ErrNotCategoryScored},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := version(t, tt.version).ScoreQS(tt.scores)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("ScoreQS(%v) = %+v, %v, want error %v", tt.scores, got, err, tt.wantErr)
			}
		})
	}
}

func TestScoreForPercent(t *testing.T) {
	v := version(t, "interim-2023")
	tests := []struct {
		percent int
		want    int
		wantErr error
	}{
		{0, 0, ErrPercentOutOfRange},
		{24, 0, ErrPercentOutOfRange},
		{25, 1, nil},
		{38, 1, nil},
		{39, 2, nil},
		{62, 2, nil},
		{63, 3, nil},
		{87, 3, nil},
		{88, 4, nil},
		{100, 4, nil},
		{101, 0, ErrPercentOutOfRange},
	}
	for _, tt := range tests {
		got, err := v.ScoreForPercent(tt.percent)
		if !errors.Is(err, tt.wantErr) || got != tt.want {
			t.Errorf("ScoreForPercent(%d) = %d, %v, want %d, %v", tt.percent, got, err, tt.want, tt.wantErr)
		}
	}
	if _, err := version(t, "qs-only-2024").ScoreForPercent(75); !errors.Is(err, ErrNotCategoryScored) {
		t.Errorf("qs-only-2024 ScoreForPercent(75) error = %v, want %v", err, ErrNotCategoryScored)
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		name          string
		sum, possible int
		up, halfUp    int
	}{
		{"published: nine 3s", 27, 36, 75, 75},
		{"published (Camden): 88.9", 32, 36, 89, 89},
		{"published (Windsor and Maidenhead): 61.1", 22, 36, 62, 61},
		{"published (North Somerset): 58.3", 21, 36, 59, 58},
		{"38.89", 14, 36, 39, 39},
		{"37.5", 3, 8, 38, 38},
		{"62.5", 5, 8, 63, 63},
		{"87.5", 7, 8, 88, 88},
		{"68.75", 11, 16, 69, 69},
		{"86.1", 31, 36, 87, 86},
		{"lowest", 9, 36, 25, 25},
		{"highest", 36, 36, 100, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RoundUp.percent(tt.sum, tt.possible); got != tt.up {
				t.Errorf("RoundUp.percent(%d, %d) = %d, want %d", tt.sum, tt.possible, got, tt.up)
			}
			if got := RoundHalfUp.percent(tt.sum, tt.possible); got != tt.halfUp {
				t.Errorf("RoundHalfUp.percent(%d, %d) = %d, want %d", tt.sum, tt.possible, got, tt.halfUp)
			}
		})
	}
}

// TestVersionsRoundUp: both versions round as CQC publishes.
func TestVersionsRoundUp(t *testing.T) {
	for _, slug := range versionSlugs {
		if v := version(t, slug); v.Rounding != RoundUp {
			t.Errorf("version %s rounds %q, want %q", slug, v.Rounding, RoundUp)
		}
	}
}
