package framework

import "fmt"

// RatingAbove is the rating of the band above the one percent falls in;
// false when percent is in the top band (or in none).
func (v *Version) RatingAbove(percent int) (RatingBand, bool) {
	for i, b := range v.RatingBands {
		if b.Low <= percent && percent <= b.High && i+1 < len(v.RatingBands) {
			return v.RatingBands[i+1], true
		}
	}
	return RatingBand{}, false
}

// QSPlacement is where a quality statement's whole percentage of category
// scores falls among the version's quality statement bands: what an
// inspector scoring its categories wants to know is how far the statement
// is from the next score up or down.
type QSPlacement struct {
	Percent int
	Score   int
	// BandLow and BandHigh are the percentages of Score's band.
	BandLow, BandHigh int
	// PointsUp is how many points Percent must rise to reach NextScore,
	// 0 (and NextScore 0) in the top band.
	PointsUp, NextScore int
	// PointsDown is how many points Percent must fall to reach the score
	// below, 0 in the bottom band.
	PointsDown int
}

// PlaceQS returns where a quality statement's whole percentage falls among
// the version's quality statement bands; only versions that score
// categories have them.
func (v *Version) PlaceQS(percent int) (QSPlacement, error) {
	if !v.CategoryScores {
		return QSPlacement{}, fmt.Errorf("version %s: %w", v.Slug, ErrNotCategoryScored)
	}
	for i, b := range v.QSBands {
		if percent < b.Low || percent > b.High {
			continue
		}
		p := QSPlacement{Percent: percent, Score: b.Score, BandLow: b.Low, BandHigh: b.High}
		if i > 0 {
			p.PointsDown = percent - v.QSBands[i-1].High
		}
		if i+1 < len(v.QSBands) {
			p.PointsUp, p.NextScore = v.QSBands[i+1].Low-percent, v.QSBands[i+1].Score
		}
		return p, nil
	}
	return QSPlacement{}, fmt.Errorf("quality statement score for %d%%: %w", percent, ErrPercentOutOfRange)
}
