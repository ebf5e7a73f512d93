package framework

import (
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
		{"over Easter 2029", "2029-03-23", 10, "2029-04-10"},
		{"over the August holiday 2030", "2030-08-16", 10, "2030-09-02"},
		{"into the first year past the calendar: 1 January 2031 counted", "2030-12-20", 10, "2031-01-07"},
		{"past the calendar: weekends only", "2031-06-06", 10, "2031-06-20"},
		{"past the calendar over a Christmas", "2032-12-17", 10, "2032-12-31"},
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
		"2029-03-30": false, "2030-05-06": false, "2030-12-26": false, "2031-12-25": true, "2031-12-27": false,
	} {
		tm, _ := time.Parse(time.DateOnly, d)
		if got := c.IsWorkingDay(tm); got != want {
			t.Errorf("IsWorkingDay(%s) = %v; want %v", d, got, want)
		}
	}
}

func TestCalendarCovers(t *testing.T) {
	c, err := LoadCalendar()
	if err != nil {
		t.Fatal(err)
	}
	if c.LastYear() < 2030 {
		t.Errorf("calendar ends %d, want 2030 or later", c.LastYear())
	}
	for d, want := range map[string]bool{"2022-12-31": false, "2023-01-01": true, "2030-12-31": true, "2031-01-01": false} {
		tm, _ := time.Parse(time.DateOnly, d)
		if got := c.Covers(tm); got != want {
			t.Errorf("Covers(%s) = %v, want %v", d, got, want)
		}
	}
}

// TestCalendarFollowsTheRules checks every listed year after 2023 against
// the usual rules, so that a typo in a date added by hand is caught; 2023
// had the coronation holiday, which no rule gives.
func TestCalendarFollowsTheRules(t *testing.T) {
	c, err := LoadCalendar()
	if err != nil {
		t.Fatal(err)
	}
	for y := 2024; y <= c.LastYear(); y++ {
		var got []string
		for d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == y; d = d.AddDate(0, 0, 1) {
			if c.holidays[d.Format(time.DateOnly)] {
				got = append(got, d.Format(time.DateOnly))
			}
		}
		want := ruleHolidays(y)
		if len(got) != len(want) {
			t.Errorf("%d: %v, want %v", y, got, want)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%d: %v, want %v", y, got, want)
				break
			}
		}
	}
}

// ruleHolidays are England and Wales's usual bank holidays of year y.
func ruleHolidays(y int) []string {
	date := func(m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	weekend := func(d time.Time) bool { return d.Weekday() == time.Saturday || d.Weekday() == time.Sunday }
	taken := map[time.Time]bool{}
	substitute := func(d time.Time) time.Time {
		for weekend(d) || taken[d] {
			d = d.AddDate(0, 0, 1)
		}
		taken[d] = true
		return d
	}
	monday := func(d time.Time, step int) time.Time {
		for d.Weekday() != time.Monday {
			d = d.AddDate(0, 0, step)
		}
		return d
	}
	// Anonymous Gregorian algorithm for Easter Sunday.
	a, b, cc := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := cc/4, cc%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	easter := date(time.Month((h+l-7*m+114)/31), (h+l-7*m+114)%31+1)
	days := []time.Time{substitute(date(time.January, 1)), easter.AddDate(0, 0, -2), easter.AddDate(0, 0, 1),
		monday(date(time.May, 1), 1), monday(date(time.May, 31), -1), monday(date(time.August, 31), -1)}
	days = append(days, substitute(date(time.December, 25)))
	days = append(days, substitute(date(time.December, 26)))
	var out []string
	for _, d := range days {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}
