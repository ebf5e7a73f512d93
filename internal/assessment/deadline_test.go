package assessment

import (
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/framework"
)

// TestFactualAccuracyDeadline: deadlines within the bank holiday calendar
// skip bank holidays; past it they count weekends only, never fail, and
// are marked estimated.
func TestFactualAccuracyDeadline(t *testing.T) {
	cal, err := framework.LoadCalendar()
	if err != nil {
		t.Fatal(err)
	}
	uk, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		now       time.Time
		want      string
		estimated bool
	}{
		{"over Christmas 2026", time.Date(2026, 12, 18, 16, 0, 0, 0, time.UTC), "2027-01-06", false},
		// 23:30 UTC on 30 April 2030 is already 1 May in the UK (BST).
		{"a UK date, not a UTC one", time.Date(2030, 4, 30, 23, 30, 0, 0, time.UTC), "2030-05-16", false},
		{"ending past the calendar", time.Date(2030, 12, 20, 10, 0, 0, 0, time.UTC), "2031-01-07", true},
		{"wholly past the calendar", time.Date(2035, 3, 2, 10, 0, 0, 0, time.UTC), "2035-03-16", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FactualAccuracyDeadline(cal, tt.now, uk)
			if err != nil {
				t.Fatalf("FactualAccuracyDeadline(%v): %v", tt.now, err)
			}
			if got.Day.Format(time.DateOnly) != tt.want || got.Day.Location() != time.UTC || !got.Day.Equal(Day(got.Day)) {
				t.Errorf("FactualAccuracyDeadline(%v) = %v, want %s at midnight UTC", tt.now, got.Day, tt.want)
			}
			if got.Estimated != tt.estimated {
				t.Errorf("FactualAccuracyDeadline(%v).Estimated = %v, want %v", tt.now, got.Estimated, tt.estimated)
			}
		})
	}
}
