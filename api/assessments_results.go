package api

import (
	"errors"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/store"
)

// factualAccuracyDeadline is the last UK day for comments when factual
// accuracy starts at now (internal/assessment). Past the bank holidays the
// calendar knows, the deadline counts weekends only, and the first such
// deadline logs a warning so that someone extends the calendar.
func (s *Server) factualAccuracyDeadline(now time.Time) (time.Time, error) {
	d, err := assessment.FactualAccuracyDeadline(s.calendar, now, s.loc)
	if err != nil {
		return time.Time{}, err
	}
	if d.Estimated {
		s.calendarWarning.Do(func() {
			s.log.Warn("factual accuracy deadline past the bank holiday calendar: counting weekends only; "+
				"add the bank holidays GOV.UK publishes to internal/framework/data",
				"deadline", d.Day.Format(time.DateOnly), "calendar_last_year", s.calendar.LastYear())
		})
	}
	return d.Day, nil
}

var errNoVersion = errors.New("assessment names an unknown framework version")

// methodOf is how the assessment's framework version scores it.
func (s *Server) methodOf(a store.Assessment) (assessment.Method, error) {
	v, err := s.catalogue.Version(a.Version)
	if err != nil {
		return assessment.Method{}, errors.Join(errNoVersion, err)
	}
	return assessment.NewMethod(s.catalogue, v), nil
}
