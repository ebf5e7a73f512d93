package assessment

import (
	"time"

	"github.com/evidenceportal/portal/internal/framework"
)

// FactualAccuracyDays is how long a council has to send factual accuracy
// comments, in working days (FRAMEWORK.md).
const FactualAccuracyDays = 10

// Deadline is the last day of the factual accuracy check.
type Deadline struct {
	// Day is the last UK day for comments, at midnight UTC.
	Day time.Time
	// Estimated: the day falls past the bank holidays the calendar knows,
	// so only weekends were left out and someone must extend the calendar.
	Estimated bool
}

// FactualAccuracyDeadline is the deadline of a factual accuracy check that
// starts at start, counted in working days in loc (UK time).
func FactualAccuracyDeadline(cal *framework.Calendar, start time.Time, loc *time.Location) (Deadline, error) {
	d, err := cal.AddWorkingDays(start.In(loc), FactualAccuracyDays)
	if err != nil {
		return Deadline{}, err
	}
	return Deadline{Day: Day(d), Estimated: !cal.Covers(d)}, nil
}

// Day is t's calendar day at midnight UTC, how deadlines are stored and
// compared.
func Day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
