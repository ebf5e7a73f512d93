package api

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestFactualAccuracyDeadline: deadlines within the bank holiday calendar
// skip bank holidays; past it they count weekends only, never fail, and
// the first such deadline logs one warning.
func TestFactualAccuracyDeadline(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{loc: ukTime(), log: slog.New(slog.NewTextHandler(&logs, nil))}
	tests := []struct {
		name string
		now  time.Time
		want string
		warn bool
	}{
		{"over Christmas 2026", time.Date(2026, 12, 18, 16, 0, 0, 0, time.UTC), "2027-01-06", false},
		// 23:30 UTC on 30 April 2030 is already 1 May in the UK (BST).
		{"a UK date, not a UTC one", time.Date(2030, 4, 30, 23, 30, 0, 0, time.UTC), "2030-05-16", false},
		{"ending past the calendar", time.Date(2030, 12, 20, 10, 0, 0, 0, time.UTC), "2031-01-07", true},
		{"wholly past the calendar", time.Date(2035, 3, 2, 10, 0, 0, 0, time.UTC), "2035-03-16", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.factualAccuracyDeadline(tt.now)
			if err != nil {
				t.Fatalf("factualAccuracyDeadline(%v): %v", tt.now, err)
			}
			if got.Format(time.DateOnly) != tt.want || got.Location() != time.UTC {
				t.Errorf("factualAccuracyDeadline(%v) = %v, want %s at midnight UTC", tt.now, got, tt.want)
			}
		})
	}
	if n := strings.Count(logs.String(), "past the bank holiday calendar"); n != 1 {
		t.Errorf("logged %d warnings, want 1:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "calendar_last_year=2030") {
		t.Errorf("warning = %s", logs.String())
	}
}
