package framework

import (
	"fmt"
	"maps"
	"slices"
)

// QSScore is a quality statement's score worked out from its evidence
// category scores.
type QSScore struct {
	// Score is the quality statement score, 1-4.
	Score int
	// Percent is Sum/Possible as a whole percentage, rounded by the
	// version's rule.
	Percent int
	// Sum is the total of the category scores.
	Sum int
	// Possible is MaxScore times the number of categories scored.
	Possible int
	// Scored is how many categories were scored, Total how many the version
	// uses; fewer scored than used is allowed.
	Scored int
	Total  int
}

// ScoreQS works out a quality statement's score from its evidence category
// scores, keyed by category slug: the sum over MaxScore times the number of
// categories scored, as a whole percentage rounded by the version's rule
// (up, as CQC publishes), then banded by
// the version's quality statement bands. It rejects an empty set, a score
// outside 1-4, an unknown category and one the version does not use.
func (v *Version) ScoreQS(categoryScores map[string]int) (QSScore, error) {
	if !v.CategoryScores {
		return QSScore{}, fmt.Errorf("version %s: %w", v.Slug, ErrNotCategoryScored)
	}
	if len(categoryScores) == 0 {
		return QSScore{}, fmt.Errorf("quality statement score: %w", ErrNoScores)
	}
	sum := 0
	for _, slug := range slices.Sorted(maps.Keys(categoryScores)) {
		if _, err := v.cat.Category(slug); err != nil {
			return QSScore{}, err
		}
		if !v.Uses(slug) {
			return QSScore{}, fmt.Errorf("evidence category %q in version %s: %w", slug, v.Slug, ErrCategoryNotInUse)
		}
		score := categoryScores[slug]
		if err := checkScore(score); err != nil {
			return QSScore{}, fmt.Errorf("evidence category %q: %w", slug, err)
		}
		sum += score
	}
	n := len(categoryScores)
	q := QSScore{Sum: sum, Possible: MaxScore * n, Scored: n, Total: len(v.Categories)}
	q.Percent = v.Percent(q.Sum, q.Possible)
	score, err := v.ScoreForPercent(q.Percent)
	if err != nil {
		return QSScore{}, err
	}
	q.Score = score
	return q, nil
}

func checkScore(score int) error {
	if score < MinScore || score > MaxScore {
		return fmt.Errorf("score %d: %w", score, ErrScoreOutOfRange)
	}
	return nil
}
