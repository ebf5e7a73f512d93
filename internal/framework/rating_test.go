package framework

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// qs keys scores by quality statement in number order.
func qs(scores ...int) map[string]int {
	slugs := []string{"assessing-needs", "healthier-lives", "equity", "care-provision", "partnerships", "safe-systems", "safeguarding", "governance", "learning"}
	m := map[string]int{}
	for i, s := range scores {
		m[slugs[i]] = s
	}
	return m
}

var (
	inadequate  = Rating{"inadequate", "Inadequate"}
	requiresImp = Rating{"requires-improvement", "Requires improvement"}
	good        = Rating{"good", "Good"}
	outstanding = Rating{"outstanding", "Outstanding"}
)

func TestOverall(t *testing.T) {
	tests := []struct {
		name   string
		scores map[string]int
		want   Overall
	}{
		{"published: nine 3s is 75% Good", qs(3, 3, 3, 3, 3, 3, 3, 3, 3),
			Overall{Placement{75, good, 63, 87, PositionMiddle, 13, 13}, 27, 36, 9, 9}},
		{"published: five 4s and four 3s is 89% Outstanding", qs(4, 4, 4, 4, 4, 3, 3, 3, 3),
			Overall{Placement{89, outstanding, 88, 100, PositionLower, 0, 2}, 32, 36, 9, 9}},
		{"all 1s is 25% Inadequate", qs(1, 1, 1, 1, 1, 1, 1, 1, 1),
			Overall{Placement{25, inadequate, 25, 38, PositionMiddle, 14, 0}, 9, 36, 9, 9}},
		{"all 4s is 100% Outstanding", qs(4, 4, 4, 4, 4, 4, 4, 4, 4),
			Overall{Placement{100, outstanding, 88, 100, PositionMiddle, 0, 13}, 36, 36, 9, 9}},
		{"37.5% rounds to 38 Inadequate", qs(1, 2),
			Overall{Placement{38, inadequate, 25, 38, PositionUpper, 1, 0}, 3, 8, 2, 9}},
		{"38.9% rounds to 39 Requires improvement", qs(1, 1, 1, 1, 1, 1, 2, 2, 4),
			Overall{Placement{39, requiresImp, 39, 62, PositionLower, 24, 1}, 14, 36, 9, 9}},
		{"published (Windsor and Maidenhead): 61.1% rounds up to 62 Requires improvement", qs(3, 3, 3, 3, 2, 2, 2, 2, 2),
			Overall{Placement{62, requiresImp, 39, 62, PositionUpper, 1, 24}, 22, 36, 9, 9}},
		{"published (North Somerset): 58.3% rounds up to 59 Requires improvement", qs(3, 3, 3, 2, 2, 2, 2, 2, 2),
			Overall{Placement{59, requiresImp, 39, 62, PositionUpper, 4, 21}, 21, 36, 9, 9}},
		{"published (Camden): 88.9% rounds up to 89 Outstanding", qs(4, 4, 4, 4, 4, 3, 3, 3, 3),
			Overall{Placement{89, outstanding, 88, 100, PositionLower, 0, 2}, 32, 36, 9, 9}},
		{"62.5% rounds to 63 Good", qs(3, 3, 3, 3, 2, 2, 2, 2),
			Overall{Placement{63, good, 63, 87, PositionLower, 25, 1}, 20, 32, 8, 9}},
		{"86.1% rounds up to 87 Good", qs(4, 4, 4, 4, 3, 3, 3, 3, 3),
			Overall{Placement{87, good, 63, 87, PositionUpper, 1, 25}, 31, 36, 9, 9}},
		{"87.5% rounds to 88 Outstanding", qs(4, 4, 4, 4, 3, 3, 3, 3),
			Overall{Placement{88, outstanding, 88, 100, PositionLower, 0, 1}, 28, 32, 8, 9}},
	}
	for _, slug := range versionSlugs {
		v := version(t, slug)
		for _, tt := range tests {
			t.Run(slug+"/"+tt.name, func(t *testing.T) {
				got, err := v.Overall(tt.scores)
				if err != nil {
					t.Fatalf("Overall(%v) = %v", tt.scores, err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Overall(%v) (-want +got):\n%s", tt.scores, diff)
				}
				if got.Complete() != (got.Scored == 9) {
					t.Errorf("Complete() = %v with %d of %d scored", got.Complete(), got.Scored, got.Total)
				}
			})
		}
	}
}

func TestOverallInvalid(t *testing.T) {
	tests := []struct {
		name    string
		scores  map[string]int
		wantErr error
	}{
		{"empty", map[string]int{}, ErrNoScores},
		{"nil", nil, ErrNoScores},
		{"score 0", qs(3, 3, 0), ErrScoreOutOfRange},
		{"score 5", qs(5), ErrScoreOutOfRange},
		{"unknown statement", map[string]int{"equity": 3, "wellbeing": 3}, ErrUnknownQS},
		{"name instead of slug", map[string]int{"Safeguarding": 3}, ErrUnknownQS},
	}
	for _, slug := range versionSlugs {
		v := version(t, slug)
		for _, tt := range tests {
			t.Run(slug+"/"+tt.name, func(t *testing.T) {
				got, err := v.Overall(tt.scores)
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("Overall(%v) = %+v, %v, want error %v", tt.scores, got, err, tt.wantErr)
				}
			})
		}
	}
}

func TestPlace(t *testing.T) {
	tests := []struct {
		percent int
		want    Placement
		wantErr error
	}{
		{24, Placement{}, ErrPercentOutOfRange},
		{25, Placement{25, inadequate, 25, 38, PositionMiddle, 14, 0}, nil},
		{34, Placement{34, inadequate, 25, 38, PositionMiddle, 5, 0}, nil},
		{35, Placement{35, inadequate, 25, 38, PositionUpper, 4, 0}, nil},
		{38, Placement{38, inadequate, 25, 38, PositionUpper, 1, 0}, nil},
		{39, Placement{39, requiresImp, 39, 62, PositionLower, 24, 1}, nil},
		{42, Placement{42, requiresImp, 39, 62, PositionLower, 21, 4}, nil},
		{43, Placement{43, requiresImp, 39, 62, PositionMiddle, 20, 5}, nil},
		{58, Placement{58, requiresImp, 39, 62, PositionMiddle, 5, 20}, nil},
		{59, Placement{59, requiresImp, 39, 62, PositionUpper, 4, 21}, nil},
		{62, Placement{62, requiresImp, 39, 62, PositionUpper, 1, 24}, nil},
		{63, Placement{63, good, 63, 87, PositionLower, 25, 1}, nil},
		{66, Placement{66, good, 63, 87, PositionLower, 22, 4}, nil},
		{67, Placement{67, good, 63, 87, PositionMiddle, 21, 5}, nil},
		{83, Placement{83, good, 63, 87, PositionMiddle, 5, 21}, nil},
		{84, Placement{84, good, 63, 87, PositionUpper, 4, 22}, nil},
		{87, Placement{87, good, 63, 87, PositionUpper, 1, 25}, nil},
		{88, Placement{88, outstanding, 88, 100, PositionLower, 0, 1}, nil},
		{91, Placement{91, outstanding, 88, 100, PositionLower, 0, 4}, nil},
		{92, Placement{92, outstanding, 88, 100, PositionMiddle, 0, 5}, nil},
		{100, Placement{100, outstanding, 88, 100, PositionMiddle, 0, 13}, nil},
		{101, Placement{}, ErrPercentOutOfRange},
	}
	for _, slug := range versionSlugs {
		v := version(t, slug)
		for _, tt := range tests {
			got, err := v.Place(tt.percent)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("%s Place(%d) error = %v, want %v", slug, tt.percent, err, tt.wantErr)
				continue
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s Place(%d) (-want +got):\n%s", slug, tt.percent, diff)
			}
		}
	}
}
