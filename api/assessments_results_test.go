package api

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/framework"
)

// TestFactualAccuracyDeadlineWarnsOnce: the rule is internal/assessment's
// (tested there); deadlines past the bank holiday calendar log one warning,
// however many there are.
func TestFactualAccuracyDeadlineWarnsOnce(t *testing.T) {
	cal, err := framework.LoadCalendar()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	s := &Server{loc: ukTime(), calendar: cal, log: slog.New(slog.NewTextHandler(&logs, nil))}
	for _, now := range []time.Time{
		time.Date(2026, 12, 18, 16, 0, 0, 0, time.UTC), // within the calendar
		time.Date(2030, 12, 20, 10, 0, 0, 0, time.UTC), // ending past it
		time.Date(2035, 3, 2, 10, 0, 0, 0, time.UTC),   // wholly past it
	} {
		got, err := s.factualAccuracyDeadline(now)
		if err != nil || got.Location() != time.UTC || got.Hour() != 0 {
			t.Errorf("factualAccuracyDeadline(%v) = %v, %v; want a day at midnight UTC", now, got, err)
		}
	}
	if n := strings.Count(logs.String(), "past the bank holiday calendar"); n != 1 {
		t.Errorf("logged %d warnings, want 1:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "calendar_last_year=2030") {
		t.Errorf("warning = %s", logs.String())
	}
}
