package framework

import "fmt"

// Version is one version of the scoring method, with its bands.
type Version struct {
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// CategoryScores is true when inspectors score each evidence category of
	// a quality statement and the statement's score comes from them; false
	// when they set quality statement scores directly.
	CategoryScores bool `json:"categoryScores"`
	// Categories are the slugs of the evidence categories the version uses.
	Categories []string `json:"categories"`
	// QSBands turn a percentage of category scores into a quality statement
	// score; empty when CategoryScores is false.
	QSBands []QSBand `json:"qsBands"`
	// RatingBands turn the overall percentage into a rating, lowest first.
	RatingBands []RatingBand `json:"ratingBands"`
	// PositionMargin is how many percentage points from a threshold between
	// two bands still count as near it; see Placement.
	PositionMargin int `json:"positionMargin"`
	// Rounding is how a fraction of the possible score becomes the whole
	// percentage that is shown and banded, for quality statements and
	// overall alike.
	Rounding Rounding `json:"rounding"`

	cat *Catalogue
}

// QSBand is a range of whole percentages, both ends included, that gives a
// quality statement score.
type QSBand struct {
	Low   int `json:"low"`
	High  int `json:"high"`
	Score int `json:"score"`
}

// RatingBand is a range of whole percentages, both ends included, that gives
// an overall rating.
type RatingBand struct {
	Low    int    `json:"low"`
	High   int    `json:"high"`
	Rating Rating `json:"rating"`
}

// Rating is an overall rating such as Good.
type Rating struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Uses reports whether the version uses the evidence category.
func (v *Version) Uses(category string) bool {
	for _, slug := range v.Categories {
		if slug == category {
			return true
		}
	}
	return false
}

// CategoriesInUse returns the evidence categories the version uses, in
// catalogue order.
func (v *Version) CategoriesInUse() []Category {
	var out []Category
	for _, c := range v.cat.Categories {
		if v.Uses(c.Slug) {
			out = append(out, c)
		}
	}
	return out
}

// ScoreForPercent returns the quality statement score of a whole percentage
// of category scores, from the version's quality statement bands.
func (v *Version) ScoreForPercent(percent int) (int, error) {
	if !v.CategoryScores {
		return 0, fmt.Errorf("version %s: %w", v.Slug, ErrNotCategoryScored)
	}
	for _, b := range v.QSBands {
		if b.Low <= percent && percent <= b.High {
			return b.Score, nil
		}
	}
	return 0, fmt.Errorf("quality statement score for %d%%: %w", percent, ErrPercentOutOfRange)
}

// Position says where a percentage sits in its rating band.
type Position string

// The positions within a band.
const (
	PositionLower  Position = "lower"
	PositionMiddle Position = "middle"
	PositionUpper  Position = "upper"
)

// Placement is where a whole percentage falls among the rating bands.
//
// Position is PositionLower when Percent is at most PositionMargin points
// above the band's lower threshold (Percent <= BandLow+margin, e.g. 88-91
// for Outstanding), PositionUpper when it is at most PositionMargin points
// below the upper threshold (Percent >= BandHigh-margin, e.g. 84-87 for
// Good), and PositionMiddle otherwise. Only an edge shared with another band
// is a threshold: 25 and 100 are not, so Inadequate is never lower and
// Outstanding never upper.
type Placement struct {
	Percent  int
	Rating   Rating
	BandLow  int
	BandHigh int
	Position Position
	// PointsUp is how many points Percent must rise to reach the band
	// above, 0 when there is none.
	PointsUp int
	// PointsDown is how many points Percent must fall to reach the band
	// below, 0 when there is none.
	PointsDown int
}

// Place returns where a whole percentage falls among the version's rating
// bands.
func (v *Version) Place(percent int) (Placement, error) {
	for i, b := range v.RatingBands {
		if percent < b.Low || percent > b.High {
			continue
		}
		p := Placement{Percent: percent, Rating: b.Rating, BandLow: b.Low, BandHigh: b.High, Position: PositionMiddle}
		if i > 0 {
			p.PointsDown = percent - v.RatingBands[i-1].High
			if percent <= b.Low+v.PositionMargin {
				p.Position = PositionLower
			}
		}
		if i < len(v.RatingBands)-1 {
			p.PointsUp = v.RatingBands[i+1].Low - percent
			if percent >= b.High-v.PositionMargin {
				p.Position = PositionUpper
			}
		}
		return p, nil
	}
	return Placement{}, fmt.Errorf("rating for %d%%: %w", percent, ErrPercentOutOfRange)
}
