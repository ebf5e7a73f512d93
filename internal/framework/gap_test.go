package framework

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPlaceQS(t *testing.T) {
	v := version(t, "interim-2023")
	tests := []struct {
		name    string
		percent int
		want    QSPlacement
		wantErr error
	}{
		{"below every band", 24, QSPlacement{}, ErrPercentOutOfRange},
		{"the lowest", 25, QSPlacement{25, 1, 25, 38, 14, 2, 0}, nil},
		{"top of 1", 38, QSPlacement{38, 1, 25, 38, 1, 2, 0}, nil},
		{"bottom of 2", 39, QSPlacement{39, 2, 39, 62, 24, 3, 1}, nil},
		{"11 of 16 is 69%", 69, QSPlacement{69, 3, 63, 87, 19, 4, 7}, nil},
		{"top of 3", 87, QSPlacement{87, 3, 63, 87, 1, 4, 25}, nil},
		{"bottom of 4", 88, QSPlacement{88, 4, 88, 100, 0, 0, 1}, nil},
		{"all 4s", 100, QSPlacement{100, 4, 88, 100, 0, 0, 13}, nil},
		{"above every band", 101, QSPlacement{}, ErrPercentOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.PlaceQS(tt.percent)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("PlaceQS(%d) error = %v, want %v", tt.percent, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("PlaceQS(%d) (-want +got):\n%s", tt.percent, diff)
			}
		})
	}
	if _, err := version(t, "qs-only-2024").PlaceQS(75); !errors.Is(err, ErrNotCategoryScored) {
		t.Errorf("PlaceQS under a version that scores statements = %v, want ErrNotCategoryScored", err)
	}
}

func TestRatingAbove(t *testing.T) {
	tests := []struct {
		percent int
		want    string // "" for none
	}{
		{25, "Requires improvement"}, {38, "Requires improvement"}, {39, "Good"}, {75, "Outstanding"}, {87, "Outstanding"},
		{88, ""}, {100, ""}, {101, ""},
	}
	for _, slug := range versionSlugs {
		v := version(t, slug)
		for _, tt := range tests {
			b, ok := v.RatingAbove(tt.percent)
			if got := b.Rating.Name; ok != (tt.want != "") || got != tt.want {
				t.Errorf("%s RatingAbove(%d) = %q, %v, want %q", slug, tt.percent, got, ok, tt.want)
			}
		}
	}
}
