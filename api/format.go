package api

import (
	"errors"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/store"
)

// ukTime is the zone dates are shown in; the binary embeds tzdata.
func ukTime() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}

// govDate formats a time the GOV.UK way: "24 November 2026 at 11:42am".
func govDate(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return t.Format("2 January 2006") + " at " + lowerAMPM(t.Format("3:04PM"))
}

func lowerAMPM(s string) string {
	if n := len(s); n > 2 {
		return s[:n-2] + map[string]string{"AM": "am", "PM": "pm"}[s[n-2:]]
	}
	return s
}

// humanDuration says a session limit in words: "30 minutes", "12 hours".
func humanDuration(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour")
	case d >= time.Minute:
		return plural(int(d/time.Minute), "minute")
	}
	return plural(int(d/time.Second), "second")
}

func plural(n int, unit string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// citationMessage is what a refused citation's form says: why it was
// refused when the store knows (store.CitationError), else fallback, which
// also says it when the document is not the council's (in the words of
// the form's reader).
func citationMessage(err error, fallback string) string {
	var ce *store.CitationError
	if errors.As(err, &ce) && !ce.Missing {
		return ce.Message()
	}
	var me *store.MeasureCitationError
	if errors.As(err, &me) {
		return me.Message()
	}
	return fallback
}
