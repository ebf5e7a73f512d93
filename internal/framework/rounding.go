package framework

import "fmt"

// Rounding is how a version turns a fraction of the possible score into the
// whole percentage that is shown and banded.
type Rounding string

// The rounding rules a version may name.
const (
	// RoundUp takes the next whole number above any fraction, as CQC
	// publishes: 22/36 = 61.1 as 62 (Windsor and Maidenhead), 21/36 = 58.3
	// as 59 (North Somerset), 32/36 = 88.9 as 89 (Camden).
	RoundUp Rounding = "up"
	// RoundHalfUp takes the nearest whole number, a half going up, the
	// portal's rule before CQC's published reports showed otherwise.
	RoundHalfUp Rounding = "half-up"
)

// known reports whether r is one of the rules.
func (r Rounding) known() bool { return r == RoundUp || r == RoundHalfUp }

// Percent is sum/possible as a whole percentage under the version's
// rounding rule, in integers so that 62.5 is exactly that and never
// 62.49999. possible must be positive.
func (v *Version) Percent(sum, possible int) int {
	return v.Rounding.percent(sum, possible)
}

func (r Rounding) percent(sum, possible int) int {
	if possible <= 0 {
		panic(fmt.Sprintf("percent of %d out of %d", sum, possible))
	}
	if r == RoundHalfUp {
		return (200*sum + possible) / (2 * possible)
	}
	return (100*sum + possible - 1) / possible
}
