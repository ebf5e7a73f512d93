package api

import (
	"errors"
	"sync"
	"time"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
)

// calendar is the England and Wales working-day calendar, embedded data
// loaded once on first use.
var calendar = sync.OnceValues(framework.LoadCalendar)

// factualAccuracyDays is how long a council has to send factual accuracy
// comments, in working days (FRAMEWORK.md).
const factualAccuracyDays = 10

// qsResult is one quality statement's computed score.
type qsResult struct {
	QS       framework.QualityStatement
	Score    int // 0 when not scored yet
	Detail   framework.QSScore
	Category map[string]store.Score // by category slug, "" for a direct score
}

// results is everything worked out from an assessment's scores. All of it
// comes from internal/framework; nothing here computes a score itself.
type results struct {
	QS        []qsResult
	QSScores  map[string]int
	Overall   *framework.Overall
	Section50 framework.Section50
}

// Complete reports whether every quality statement has a score.
func (r results) Complete() bool { return r.Overall != nil && r.Overall.Complete() }

// computeResults rolls the scores up under the version's rules.
func computeResults(cat *framework.Catalogue, v *framework.Version, scores []store.Score) (results, error) {
	by := map[string]map[string]store.Score{}
	for _, s := range scores {
		if by[s.QS] == nil {
			by[s.QS] = map[string]store.Score{}
		}
		by[s.QS][s.Category] = s
	}
	r := results{QSScores: map[string]int{}}
	for _, qs := range cat.Statements {
		res := qsResult{QS: qs, Category: by[qs.Slug]}
		if v.CategoryScores {
			cats := map[string]int{}
			for slug, s := range by[qs.Slug] {
				if slug != "" {
					cats[slug] = s.Score
				}
			}
			if len(cats) > 0 {
				d, err := v.ScoreQS(cats)
				if err != nil {
					return results{}, err
				}
				res.Detail, res.Score = d, d.Score
			}
		} else if s, ok := by[qs.Slug][""]; ok {
			res.Score = s.Score
		}
		if res.Score > 0 {
			r.QSScores[qs.Slug] = res.Score
		}
		r.QS = append(r.QS, res)
	}
	if len(r.QSScores) > 0 {
		o, err := v.Overall(r.QSScores)
		if err != nil {
			return results{}, err
		}
		r.Overall = &o
	}
	s50, err := v.Section50(r.QSScores)
	if err != nil {
		return results{}, err
	}
	r.Section50 = s50
	return r, nil
}

// rollup is the store's view of computeResults, run inside the saving
// transaction to record changes of band.
func rollup(cat *framework.Catalogue, v *framework.Version) store.Rollup {
	return func(scores []store.Score) store.RollupResult {
		r, err := computeResults(cat, v, scores)
		if err != nil {
			// Scores in the database passed the same checks when saved.
			return store.RollupResult{}
		}
		out := store.RollupResult{QS: r.QSScores, Complete: r.Complete()}
		if r.Overall != nil {
			out.Rating = r.Overall.Rating.Slug
		}
		return out
	}
}

// lastAssessed is when any score was last saved, changed or reviewed.
func lastAssessed(history []store.ScoreChange) *time.Time {
	if len(history) == 0 {
		return nil
	}
	t := history[0].At // newest first
	return &t
}

// ratingLastChanged is when a save last moved the overall rating into
// another band, if one did.
func ratingLastChanged(history []store.ScoreChange) *time.Time {
	for _, h := range history {
		if h.RatingChanged {
			t := h.At
			return &t
		}
	}
	return nil
}

// factualAccuracyDeadline is the last UK day for comments when factual
// accuracy starts at now. Past the bank holidays the calendar knows, the
// deadline counts weekends only, and the first such deadline logs a
// warning so that someone extends the calendar.
func (s *Server) factualAccuracyDeadline(now time.Time) (time.Time, error) {
	cal, err := calendar()
	if err != nil {
		return time.Time{}, err
	}
	d, err := cal.AddWorkingDays(now.In(s.loc), factualAccuracyDays)
	if err != nil {
		return time.Time{}, err
	}
	if !cal.Covers(d) {
		s.calendarWarning.Do(func() {
			s.log.Warn("factual accuracy deadline past the bank holiday calendar: counting weekends only; "+
				"add the bank holidays GOV.UK publishes to internal/framework/data",
				"deadline", d.Format(time.DateOnly), "calendar_last_year", cal.LastYear())
		})
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), nil
}

var errNoVersion = errors.New("assessment names an unknown framework version")

func (s *Server) versionOf(a store.Assessment) (*framework.Version, error) {
	v, err := s.catalogue.Version(a.Version)
	if err != nil {
		return nil, errors.Join(errNoVersion, err)
	}
	return v, nil
}
