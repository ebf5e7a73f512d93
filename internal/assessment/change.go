package assessment

import "time"

// BandChange is what one save of a score changed, as the history records it.
type BandChange struct {
	// Reviewed: saved with the score it already had.
	Reviewed      bool
	OldQSScore    *int
	NewQSScore    *int
	QSBandChanged bool
	OldRating     string
	NewRating     string
	RatingChanged bool
}

// Compare is the change made by saving newScore for a score of statement qs
// that was old (nil when new), given the rollups before and after. A
// statement's band change counts only when it had a score before and after;
// the overall rating's only when every statement was scored before and
// after, so that filling in an assessment is not reported as its rating
// moving.
func Compare(qs string, old *int, newScore int, before, after Rollup) BandChange {
	var ch BandChange
	if old != nil {
		ch.Reviewed = *old == newScore
	}
	if q, ok := before.QS[qs]; ok {
		ch.OldQSScore = &q
	}
	if q, ok := after.QS[qs]; ok {
		ch.NewQSScore = &q
	}
	ch.QSBandChanged = ch.OldQSScore != nil && ch.NewQSScore != nil && *ch.OldQSScore != *ch.NewQSScore
	ch.OldRating, ch.NewRating = before.Rating, after.Rating
	ch.RatingChanged = before.Complete && after.Complete && before.Rating != after.Rating
	return ch
}

// Event is one save in an assessment's history, as the dates shown to
// people are worked out from it.
type Event struct {
	At            time.Time
	RatingChanged bool
}

// LastAssessed is when any score was last saved, changed or reviewed; nil
// when none was. History is newest first.
func LastAssessed(history []Event) *time.Time {
	if len(history) == 0 {
		return nil
	}
	t := history[0].At
	return &t
}

// RatingLastChanged is when a save last moved the overall rating into
// another band; nil when none did. History is newest first.
func RatingLastChanged(history []Event) *time.Time {
	for _, h := range history {
		if h.RatingChanged {
			t := h.At
			return &t
		}
	}
	return nil
}
