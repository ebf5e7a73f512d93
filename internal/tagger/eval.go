package tagger

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/evidenceportal/portal/internal/framework"
)

// Metrics are how well ranked suggestions match true labels.
type Metrics struct {
	// Classes are the quality statements with their precision, recall and
	// F1 of the first suggestion, in the order given to Evaluate.
	Classes []ClassMetrics
	// MacroF1 is the mean F1 over the classes that occur as a label or a
	// first suggestion.
	MacroF1 float64
	// Top1 and Top2 are the shares of texts whose label is the first
	// suggestion, or one of the first two.
	Top1, Top2 float64
	N          int
	// Folds is the number of folds of a cross-validation, 0 otherwise.
	Folds int
	// Confusion[i][j] counts texts labelled Classes[i] whose first
	// suggestion was Classes[j].
	Confusion [][]int
}

// ClassMetrics are the scores of one class.
type ClassMetrics struct {
	QS                    string
	Precision, Recall, F1 float64
	// Support is the number of texts labelled with the class, Predicted the
	// number whose first suggestion it was.
	Support, Predicted int
}

// Evaluate compares labels with ranked suggestions (most likely first),
// over the given classes; a label outside them counts as a miss.
func Evaluate(classes, labels []string, ranked [][]string) Metrics {
	k := len(classes)
	m := Metrics{N: len(labels), Confusion: make([][]int, k)}
	for i := range m.Confusion {
		m.Confusion[i] = make([]int, k)
	}
	tp := make([]int, k)
	support, predicted := make([]int, k), make([]int, k)
	var top1, top2 int
	for i, label := range labels {
		r := ranked[i]
		li := slices.Index(classes, label)
		var pi = -1
		if len(r) > 0 {
			pi = slices.Index(classes, r[0])
		}
		if li >= 0 {
			support[li]++
		}
		if pi >= 0 {
			predicted[pi]++
		}
		if li >= 0 && pi >= 0 {
			m.Confusion[li][pi]++
		}
		if len(r) > 0 && r[0] == label {
			top1++
			tp[li]++
		}
		if slices.Contains(r[:min(2, len(r))], label) {
			top2++
		}
	}
	var sum float64
	var used int
	for c, slug := range classes {
		cm := ClassMetrics{QS: slug, Support: support[c], Predicted: predicted[c]}
		if predicted[c] > 0 {
			cm.Precision = float64(tp[c]) / float64(predicted[c])
		}
		if support[c] > 0 {
			cm.Recall = float64(tp[c]) / float64(support[c])
		}
		if cm.Precision+cm.Recall > 0 {
			cm.F1 = 2 * cm.Precision * cm.Recall / (cm.Precision + cm.Recall)
		}
		if support[c] > 0 || predicted[c] > 0 {
			sum += cm.F1
			used++
		}
		m.Classes = append(m.Classes, cm)
	}
	if used > 0 {
		m.MacroF1 = sum / float64(used)
	}
	if m.N > 0 {
		m.Top1 = float64(top1) / float64(m.N)
		m.Top2 = float64(top2) / float64(m.N)
	}
	return m
}

// Folds splits examples into k folds by group, so that no group is in two
// folds, and returns each example's fold (0 to k-1). Groups go, largest
// first (then by name), to the fold with the fewest examples so far (then
// the lowest), so the split depends only on the groups. With k at least the
// number of groups, each group is a fold of its own.
func Folds(groups []string, k int) []int {
	size := map[string]int{}
	for _, g := range groups {
		size[g]++
	}
	names := make([]string, 0, len(size))
	for g := range size {
		names = append(names, g)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(size[b], size[a]), cmp.Compare(a, b))
	})
	k = max(1, min(k, len(names)))
	load := make([]int, k)
	fold := map[string]int{}
	for _, g := range names {
		f := 0
		for i := range load {
			if load[i] < load[f] {
				f = i
			}
		}
		fold[g] = f
		load[f] += size[g]
	}
	out := make([]int, len(groups))
	for i, g := range groups {
		out[i] = fold[g]
	}
	return out
}

// CrossValidate trains on the catalogue and all folds but one of examples,
// grouped by Group (see Folds), tags the held-out fold, and scores all the
// held-out suggestions together. Negative examples are trained on but not
// scored: they have no true statement.
func CrossValidate(cat *framework.Catalogue, examples []Example, k int, opts Options) (Metrics, error) {
	if len(examples) == 0 {
		return Metrics{}, fmt.Errorf("cross-validate: no examples")
	}
	// The calibration is one increasing function for every statement, so
	// it changes no ranking, and the metrics depend on rankings only:
	// skipping it makes each fold several times faster.
	opts.CalibrationFolds = 0
	folds := Folds(groupKeys(examples), k)
	ranked := make([][]string, len(examples))
	var classes []string
	for f := 0; f <= slices.Max(folds); f++ {
		var train []Example
		var test []int
		for i, e := range examples {
			if folds[i] == f {
				if !e.Negative {
					test = append(test, i)
				}
			} else {
				train = append(train, e)
			}
		}
		m, err := Train(cat, train, opts)
		if err != nil {
			return Metrics{}, fmt.Errorf("cross-validate fold %d: %w", f+1, err)
		}
		classes = m.classes
		for _, i := range test {
			ranked[i] = m.Tag(examples[i].Text).Top
		}
	}
	var scored [][]string
	for i, e := range examples {
		if !e.Negative {
			scored = append(scored, ranked[i])
		}
	}
	m := Evaluate(classes, labels(positives(examples)), scored)
	m.Folds = slices.Max(folds) + 1
	return m, nil
}

// EvaluateModel tags each example with m and scores the suggestions;
// negative examples are left out.
func EvaluateModel(m *Model, examples []Example) Metrics {
	examples = positives(examples)
	ranked := make([][]string, len(examples))
	for i, e := range examples {
		ranked[i] = m.Tag(e.Text).Top
	}
	return Evaluate(m.classes, labels(examples), ranked)
}

func labels(ex []Example) []string {
	out := make([]string, len(ex))
	for i, e := range ex {
		out[i] = e.QS
	}
	return out
}
