package ingest

import (
	"fmt"
	"testing"
)

func TestCoveredYears(t *testing.T) {
	tests := []struct {
		period string
		want   string
	}{
		{"", "[]"},
		{"2024", "[2024]"},
		{"2023 to 2025", "[2023 2024 2025]"},
		{"April 2024 - March 2025", "[2024 2025]"},
		{"2024/25", "[2024 2025]"},
		{"2024-2025", "[2024 2025]"},
		{"2019 to 2099", "[2019 2099]"}, // too long a range: just the years named
		{"Q3 2024 and Q1 2026", "[2024 2026]"},
		{"year 1999", "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.period, func(t *testing.T) {
			if got := fmt.Sprint(coveredYears(tt.period)); got != tt.want {
				t.Errorf("coveredYears(%q) = %s, want %s", tt.period, got, tt.want)
			}
		})
	}
}
