package tagger

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/evidenceportal/portal/internal/framework"
)

// Leave-one-council-out is the measure that counts: the portal tags the
// documents of councils it never saw, and CQC's reports reuse a council's
// own wording (names, services, figures) across its pages, so folds that
// split by document still let a model see the council it is tested on.
// Each council's texts are tagged by a model trained on every other
// council's, and the figures come with 95% intervals from a bootstrap over
// councils (resampling whole councils, since a council's texts are not
// independent), so that a change can be told from noise.

// Kinds of labelled text, measured apart: they are not the same task.
const (
	// KindCQC is a paragraph of the key findings of a CQC report.
	KindCQC = "cqc-findings"
	// KindProcedure is a council's own document, such as a chapter of its
	// procedures manual, labelled by its publisher.
	KindProcedure = "procedure"
)

// procedureMark is what the doc field of a procedures manual's text holds
// ("<council> adult social care procedures: <chapter>").
const procedureMark = " adult social care procedures"

// CouncilOf returns the council the example's document comes from, read
// from Council when set, else from its group (the doc field): the part before " adult social care
// procedures", before ": local authority assessment" or " assessment (",
// or the whole group when it names no council (such as an inspector's
// decision on one document).
func CouncilOf(e Example) string {
	if e.Council != "" {
		return e.Council
	}
	g := groupKeys([]Example{e})[0]
	for _, mark := range []string{procedureMark, ": local authority assessment", " assessment ("} {
		if i := strings.Index(g, mark); i > 0 {
			return g[:i]
		}
	}
	return g
}

// KindOf returns the kind of text of a labelled example: KindProcedure for
// a council's procedures manual, KindCQC otherwise.
func KindOf(e Example) string {
	if strings.Contains(e.Group, procedureMark) {
		return KindProcedure
	}
	return KindCQC
}

// Ranker ranks the labels for a text, most likely first.
type Ranker func(e Example) []string

// Fitter trains on examples and returns how the result ranks a text.
type Fitter func(train []Example) (Ranker, error)

// QSFitter trains quality statement models with opts (without their
// calibration, which changes no ranking), weighing sources as the shipped
// model does (WeighSources).
func QSFitter(cat *framework.Catalogue, opts Options) Fitter {
	opts.CalibrationFolds = 0
	return func(train []Example) (Ranker, error) {
		m, err := Train(cat, WeighSources(slices.Clone(train)), opts)
		if err != nil {
			return nil, err
		}
		return func(e Example) []string { return m.Rank(e.Text) }, nil
	}
}

// Prediction is how a model trained without an example's council ranked
// it.
type Prediction struct {
	Label, Council, Kind string
	Ranked               []string
}

// LeaveOneCouncilOut trains, for each council of examples (CouncilOf), on
// all the other councils' examples and ranks that council's; negative
// examples are trained on but never ranked. Predictions are in the order
// of examples.
func LeaveOneCouncilOut(examples []Example, fit Fitter) ([]Prediction, error) {
	preds, _, err := LeaveOneCouncilOutWithPages(examples, fit)
	return preds, err
}

// LeaveOneCouncilOutWithPages is LeaveOneCouncilOut that also ranks, with
// the same models, each page of examples (the positive examples of one
// Source and one statement, joined in order) as one text: the
// document-level suggestion, measured on whole pages.
func LeaveOneCouncilOutWithPages(examples []Example, fit Fitter) (paragraphs, pages []Prediction, err error) {
	type page struct {
		e     Example
		label string
	}
	var pageList []*page
	bySource := map[string]*page{}
	for _, e := range examples {
		if e.Negative || e.Source == "" {
			continue
		}
		p := bySource[e.Source]
		if p == nil {
			p = &page{e: e, label: e.QS}
			bySource[e.Source] = p
			pageList = append(pageList, p)
			continue
		}
		if p.label != e.QS {
			p.label = "" // a page of two statements is no page of one
		}
		p.e.Text += "\n" + e.Text
	}
	var pageEx []Example
	for _, p := range pageList {
		if p.label != "" {
			pageEx = append(pageEx, p.e)
		}
	}
	paragraphs, pages, err = leaveOut(examples, pageEx, 0, fit)
	return paragraphs, pages, err
}

// MaxCouncilFolds bounds the models CouncilCrossValidate trains: up to that
// many councils each is left out alone (leave-one-council-out, as tag-eval
// measures); beyond it, the councils are shared among that many folds,
// still never splitting one, so that a retrain over every council in the
// country stays a matter of seconds.
const MaxCouncilFolds = 30

// CouncilCrossValidate measures the quality statement models trained with
// opts on examples by council: leave-one-council-out up to MaxCouncilFolds
// councils, folds grouped by council beyond. It returns the figures over
// every kind of text with 95% intervals from a bootstrap over councils
// (Summarise), and the number of folds in Metrics.Folds. This is the figure
// stored with a model and shown on /admin/tagging.
func CouncilCrossValidate(cat *framework.Catalogue, examples []Example, opts Options) (Grouped, error) {
	preds, _, err := leaveOut(examples, nil, MaxCouncilFolds, QSFitter(cat, opts))
	if err != nil {
		return Grouped{}, err
	}
	var classes []string
	for _, s := range cat.Statements {
		classes = append(classes, s.Slug)
	}
	g := Summarise(classes, preds, "", BootstrapRounds)
	g.Metrics.Folds = min(g.Councils, MaxCouncilFolds)
	return g, nil
}

// leaveOut trains without each fold of councils and ranks its examples and
// its extra texts, which are never trained on. With k 0, or at least the
// number of councils, each council is a fold of its own; otherwise the
// councils are shared among k folds (Folds).
func leaveOut(examples, extra []Example, k int, fit Fitter) ([]Prediction, []Prediction, error) {
	if len(examples) == 0 {
		return nil, nil, fmt.Errorf("leave one council out: no examples")
	}
	council := make([]string, len(examples))
	var councils []string
	for i, e := range examples {
		council[i] = CouncilOf(e)
		if !slices.Contains(councils, council[i]) {
			councils = append(councils, council[i])
		}
	}
	slices.Sort(councils)
	if k <= 0 {
		k = len(councils)
	}
	// Each council's fold: the index of its name when each is alone, which
	// keeps the order (and so the models) of leave-one-council-out.
	foldOf := map[string]int{}
	if k >= len(councils) {
		for i, c := range councils {
			foldOf[c] = i
		}
	} else {
		for i, f := range Folds(council, k) {
			foldOf[council[i]] = f
		}
	}
	nFolds := min(k, len(councils))
	ranked, extraRanked := make([][]string, len(examples)), make([][]string, len(extra))
	for f := range nFolds {
		var train []Example
		for i, e := range examples {
			if foldOf[council[i]] != f {
				train = append(train, e)
			}
		}
		r, err := fit(train)
		if err != nil {
			return nil, nil, fmt.Errorf("leave out fold %d of %d (councils): %w", f+1, nFolds, err)
		}
		for i, e := range examples {
			if foldOf[council[i]] == f && !e.Negative {
				ranked[i] = r(e)
			}
		}
		for i, e := range extra {
			if fe, ok := foldOf[CouncilOf(e)]; ok && fe == f {
				extraRanked[i] = r(e)
			}
		}
	}
	var out []Prediction
	for i, e := range examples {
		if !e.Negative {
			out = append(out, Prediction{Label: e.QS, Council: council[i], Kind: KindOf(e), Ranked: ranked[i]})
		}
	}
	var outExtra []Prediction
	for i, e := range extra {
		outExtra = append(outExtra, Prediction{Label: e.QS, Council: CouncilOf(e), Kind: KindOf(e), Ranked: extraRanked[i]})
	}
	return out, outExtra, nil
}

// Interval is a 95% interval, from the 2.5th to the 97.5th percentile of
// a bootstrap.
type Interval struct{ Lo, Hi float64 }

// Grouped are the metrics of predictions with their intervals.
type Grouped struct {
	// Kind is the kind of text measured, "" for all.
	Kind     string
	Metrics  Metrics
	Councils int
	// MacroF1, Top1 and Top2 are the intervals of Metrics' figures, and F1
	// those of each class's F1, in the order of Metrics.Classes.
	MacroF1, Top1, Top2 Interval
	F1                  []Interval
}

// BootstrapRounds is how many resamples of councils Summarise draws by
// default: enough for the percentiles to move by less than 0.005 between
// seeds, and a few milliseconds.
const BootstrapRounds = 1000

// Summarise scores the predictions of one kind of text (all when kind is
// "") over classes and bootstraps their councils rounds times, with a fixed
// seed so the same predictions always give the same intervals.
func Summarise(classes []string, preds []Prediction, kind string, rounds int) Grouped {
	var sub []Prediction
	byCouncil := map[string][]int{}
	var councils []string
	for _, p := range preds {
		if kind != "" && p.Kind != kind {
			continue
		}
		if _, ok := byCouncil[p.Council]; !ok {
			councils = append(councils, p.Council)
		}
		byCouncil[p.Council] = append(byCouncil[p.Council], len(sub))
		sub = append(sub, p)
	}
	slices.Sort(councils)
	score := func(idx []int) Metrics {
		labels, ranked := make([]string, len(idx)), make([][]string, len(idx))
		for j, i := range idx {
			labels[j], ranked[j] = sub[i].Label, sub[i].Ranked
		}
		return Evaluate(classes, labels, ranked)
	}
	all := make([]int, len(sub))
	for i := range all {
		all[i] = i
	}
	g := Grouped{Kind: kind, Metrics: score(all), Councils: len(councils), F1: make([]Interval, len(classes))}
	if len(councils) == 0 || rounds <= 0 {
		return g
	}
	rng := rand.New(rand.NewPCG(18, 2014))
	macro, top1, top2 := make([]float64, rounds), make([]float64, rounds), make([]float64, rounds)
	f1 := make([][]float64, len(classes))
	var idx []int
	for r := range rounds {
		idx = idx[:0]
		for range councils {
			idx = append(idx, byCouncil[councils[rng.IntN(len(councils))]]...)
		}
		m := score(idx)
		macro[r], top1[r], top2[r] = m.MacroF1, m.Top1, m.Top2
		for c, cm := range m.Classes {
			if cm.Support > 0 || cm.Predicted > 0 {
				f1[c] = append(f1[c], cm.F1)
			}
		}
	}
	g.MacroF1, g.Top1, g.Top2 = interval(macro), interval(top1), interval(top2)
	for c := range classes {
		g.F1[c] = interval(f1[c])
	}
	return g
}

// interval returns the 2.5th and 97.5th percentiles of xs (nearest rank).
func interval(xs []float64) Interval {
	if len(xs) == 0 {
		return Interval{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	at := func(q float64) float64 { return s[min(len(s)-1, int(q*float64(len(s))))] }
	return Interval{Lo: at(0.025), Hi: at(0.975)}
}

// Kinds returns the kinds of text among the predictions, in a fixed order.
func Kinds(preds []Prediction) []string {
	var out []string
	for _, k := range []string{KindCQC, KindProcedure} {
		if slices.ContainsFunc(preds, func(p Prediction) bool { return p.Kind == k }) {
			out = append(out, k)
		}
	}
	return out
}
