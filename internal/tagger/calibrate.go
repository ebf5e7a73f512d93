package tagger

import "math"

// A confidence is a calibrated raw score: 1/(1+exp(-(A z + B))) with one A
// and B for every quality statement, fitted to the out-of-fold raw scores of
// the labelled examples (Platt scaling), so that among the (text,
// statement) pairs given about 0.7, about 70% are right. One A and B for
// all statements never changes their order and, fitted to 9 times as many
// points, is steadier than one pair each; on the 150 labelled paragraphs it
// also calibrated better (expected calibration error 0.019 against 0.026).

// defaultCalibration is used when there is nothing to fit to: the raw
// sigmoid of the score, as the regression was trained.
func defaultCalibration() platt { return platt{A: 1} }

// fitCalibration fits A and B to raw scores (one row per example, one
// column per class) and each example's true class; of a negative example
// only its class's score is known to be wrong, and the others are unknown.
func fitCalibration(scores [][]float64, ys []int, neg []bool) platt {
	var s []float64
	var y []bool
	for i := range scores {
		if neg[i] {
			s = append(s, scores[i][ys[i]])
			y = append(y, false)
			continue
		}
		for c := range scores[i] {
			s = append(s, scores[i][c])
			y = append(y, ys[i] == c)
		}
	}
	return fitPlatt(s, y)
}

// fitPlatt fits A and B of 1/(1+exp(-(A s + B))) to labels y by Newton's
// method on the log loss, with Platt's smoothed targets so that perfectly
// separated scores do not give infinite weights.
func fitPlatt(s []float64, y []bool) platt {
	var pos, neg float64
	for _, v := range y {
		if v {
			pos++
		} else {
			neg++
		}
	}
	hi, lo := (pos+1)/(pos+2), 1/(neg+2)
	p := platt{A: 1}
	for range 100 {
		var ga, gb, haa, hab, hbb float64
		for i, x := range s {
			t := lo
			if y[i] {
				t = hi
			}
			q := p.prob(x)
			d := q - t
			ga += d * x
			gb += d
			v := math.Max(q*(1-q), 1e-12)
			haa += v * x * x
			hab += v * x
			hbb += v
		}
		haa += 1e-9
		hbb += 1e-9
		det := haa*hbb - hab*hab
		if det <= 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		p.A -= da
		p.B -= db
		if math.Abs(da) < 1e-10 && math.Abs(db) < 1e-10 {
			break
		}
	}
	return p
}
