package framework

import (
	"encoding/json"
	"fmt"
	"time"
)

// Calendar knows the working days of England and Wales: Monday to Friday,
// except bank holidays. Factual accuracy deadlines (10 working days) count
// them. Outside the years whose bank holidays it lists, it counts Monday to
// Friday only: a deadline a day or two early beats refusing to set one, and
// Covers tells the caller when that happened so it can say so.
type Calendar struct {
	holidays    map[string]bool
	first, last int
}

type calendarFile struct {
	About     string   `json:"about"`
	FirstYear int      `json:"first_year"`
	LastYear  int      `json:"last_year"`
	Dates     []string `json:"dates"`
}

// LoadCalendar reads the embedded bank holidays of England and Wales.
func LoadCalendar() (*Calendar, error) {
	b, err := dataFS.ReadFile("data/bank-holidays-england-and-wales.json")
	if err != nil {
		return nil, fmt.Errorf("read bank holidays: %w", err)
	}
	var f calendarFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("parse bank holidays: %w", err)
	}
	c := &Calendar{holidays: map[string]bool{}, first: f.FirstYear, last: f.LastYear}
	for _, d := range f.Dates {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return nil, fmt.Errorf("bank holiday %q: %w", d, err)
		}
		if t.Year() < f.FirstYear || t.Year() > f.LastYear {
			return nil, fmt.Errorf("bank holiday %s outside %d-%d", d, f.FirstYear, f.LastYear)
		}
		if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
			return nil, fmt.Errorf("bank holiday %s falls on a %s", d, wd)
		}
		c.holidays[d] = true
	}
	return c, nil
}

// Covers reports whether the calendar lists the bank holidays of the year
// of t, so that working days counted up to t are exact.
func (c *Calendar) Covers(t time.Time) bool {
	return t.Year() >= c.first && t.Year() <= c.last
}

// LastYear is the last year whose bank holidays the calendar lists.
func (c *Calendar) LastYear() int { return c.last }

// IsWorkingDay reports whether the calendar date of t (as written in t's
// location) is a working day in England and Wales; outside the years the
// calendar covers, whether it is a weekday.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !c.holidays[t.Format(time.DateOnly)]
}

// AddWorkingDays is the date n working days after the calendar date of
// start, not counting start itself: a draft sent on a Friday with 10
// working days is due two weeks later on the Friday, later still when bank
// holidays fall between. The result is midnight at the start of that date
// in start's location; the deadline is the end of it. Past the calendar's
// last year only weekends are skipped (see Covers).
func (c *Calendar) AddWorkingDays(start time.Time, n int) (time.Time, error) {
	if n < 0 {
		return time.Time{}, fmt.Errorf("add %d working days: must not be negative", n)
	}
	d := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, start.Location())
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d, nil
}
