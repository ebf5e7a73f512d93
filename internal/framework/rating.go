package framework

import (
	"fmt"
	"maps"
	"slices"
)

// Overall is the overall rating worked out from quality statement scores.
// Its Placement is of the rounded Percent.
type Overall struct {
	Placement
	// Sum is the total of the quality statement scores.
	Sum int
	// Possible is MaxScore times the number of quality statements scored.
	Possible int
	// Scored is how many quality statements were scored, Total how many
	// there are; an assessment in progress has Scored < Total.
	Scored int
	Total  int
}

// Complete reports whether every quality statement was scored.
func (o Overall) Complete() bool { return o.Scored == o.Total }

// Overall works out the overall rating from quality statement scores, keyed
// by quality statement slug: the sum over MaxScore times the number scored,
// as a whole percentage rounded by the version's rule (up: 22/36 = 61.1
// gives 62, 32/36 = 88.9 gives 89), then placed
// in the version's rating bands. Missing statements are not an error; they
// show in Scored and Total.
func (v *Version) Overall(qsScores map[string]int) (Overall, error) {
	if len(qsScores) == 0 {
		return Overall{}, fmt.Errorf("overall rating: %w", ErrNoScores)
	}
	if err := v.checkQS(qsScores); err != nil {
		return Overall{}, err
	}
	sum := 0
	for _, score := range qsScores {
		sum += score
	}
	o := Overall{Sum: sum, Possible: MaxScore * len(qsScores), Scored: len(qsScores), Total: len(v.cat.Statements)}
	p, err := v.Place(v.Percent(o.Sum, o.Possible))
	if err != nil {
		return Overall{}, err
	}
	o.Placement = p
	return o, nil
}

// checkQS rejects an unknown quality statement or a score outside 1-4.
func (v *Version) checkQS(qsScores map[string]int) error {
	for _, slug := range slices.Sorted(maps.Keys(qsScores)) {
		if _, err := v.cat.Statement(slug); err != nil {
			return err
		}
		if err := checkScore(qsScores[slug]); err != nil {
			return fmt.Errorf("quality statement %q: %w", slug, err)
		}
	}
	return nil
}
