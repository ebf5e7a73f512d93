package framework

import (
	"errors"
	"testing"
	"time"
)

func TestAddWorkingDays(t *testing.T) {
	c, err := LoadCalendar()
	if err != nil {
		t.Fatal(err)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone data")
	}
	day := func(s string) time.Time {
		d, err := time.ParseInLocation(time.DateOnly, s, london)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name  string
		start string
		n     int
		want  string
	}{
		{"plain fortnight", "2026-11-06", 10, "2026-11-20"},
		{"from a Monday", "2026-11-02", 10, "2026-11-16"},
		{"from a Saturday", "2026-11-07", 10, "2026-11-20"},
		{"zero days is the same date", "2026-11-10", 0, "2026-11-10"},
		{"over Christmas with the Boxing Day substitute", "2026-12-18", 10, "2027-01-06"},
		{"over Easter 2027", "2027-03-19", 10, "2027-04-06"},
		{"over the 2023 coronation holiday", "2023-04-28", 10, "2023-05-16"},
		{"over the early May and spring holidays", "2025-05-01", 20, "2025-06-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.AddWorkingDays(day(tt.start).Add(15*time.Hour), tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if got.Format(time.DateOnly) != tt.want {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.start, tt.n, got.Format(time.DateOnly), tt.want)
			}
		})
	}
	if _, err := c.AddWorkingDays(day("2028-12-20"), 10); !errors.Is(err, ErrOutsideCalendar) {
		t.Errorf("deadline beyond the calendar: %v, want ErrOutsideCalendar", err)
	}
	if _, err := c.AddWorkingDays(day("2026-01-01"), -1); err == nil {
		t.Errorf("negative days accepted")
	}
}

func TestIsWorkingDay(t *testing.T) {
	c, err := LoadCalendar()
	if err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]bool{
		"2026-12-25": false, "2026-12-28": false, "2026-12-29": true, "2026-11-21": false, "2026-11-23": true, "2024-05-27": false,
	} {
		tm, _ := time.Parse(time.DateOnly, d)
		got, err := c.IsWorkingDay(tm)
		if err != nil || got != want {
			t.Errorf("IsWorkingDay(%s) = %v, %v; want %v", d, got, err, want)
		}
	}
}
