package tagger

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/framework"
)

// variant is one way of training tried for issue 18, measured by
// leave-one-council-out on every labelled text of the repository.
type variant struct {
	name string
	opts func(*Options)
	// data changes the training examples of each fold (never the texts
	// measured).
	data func([]Example) []Example
	// fit, when set, is how the variant trains and ranks instead of
	// QSFitter with opts.
	fit func(cat *framework.Catalogue, opts Options) Fitter
}

// shipped starts from the shipped model's options.
func shipped(f func(*Options)) func(*Options) {
	return func(o *Options) {
		*o = DefaultOptions()
		if f != nil {
			f(o)
		}
	}
}

// naiveBayes ranks by a multinomial naive Bayes over the shipped model's
// features (stems and pairs, counts as 1 + ln count), trained on the
// fold's labelled texts (each counting its weight) and the catalogue's
// pseudo-examples, with a uniform prior (the classes are unbalanced) and
// add-alpha smoothing. With blend > 0 it adds, per text, the logistic
// regression's raw scores standardised across statements, blend times.
func naiveBayes(alpha, blend float64) func(cat *framework.Catalogue, opts Options) Fitter {
	return func(cat *framework.Catalogue, opts Options) Fitter {
		lr := opts
		lr.CalibrationFolds = 0
		return func(train []Example) (Ranker, error) {
			train = WeighSources(slices.Clone(train))
			m, err := Train(cat, train, lr)
			if err != nil {
				return nil, err
			}
			pseudo, err := pseudoExamples(cat)
			if err != nil {
				return nil, err
			}
			k := len(m.classes)
			counts := make([]map[string]float64, k)
			total := make([]float64, k)
			for c := range counts {
				counts[c] = map[string]float64{}
			}
			add := func(e Example, w float64) {
				c := slices.Index(m.classes, e.QS)
				if c < 0 || e.Negative {
					return
				}
				for f, n := range textCounts(e.Text, opts.Bigrams, opts.CharGrams) {
					if _, ok := m.index[f]; !ok {
						continue
					}
					v := w * (1 + math.Log(n))
					counts[c][f] += v
					total[c] += v
				}
			}
			for _, e := range train {
				add(e, e.weight())
			}
			for _, e := range pseudo {
				add(e, 1)
			}
			vocab := float64(len(m.feats))
			return func(e Example) []string {
				z := make([]float64, k)
				for f, n := range textCounts(e.Text, opts.Bigrams, opts.CharGrams) {
					if _, ok := m.index[f]; !ok {
						continue
					}
					v := 1 + math.Log(n)
					for c := range k {
						z[c] += v * math.Log((counts[c][f]+alpha)/(total[c]+alpha*vocab))
					}
				}
				if blend > 0 {
					standardise(z)
					r := m.raw(m.vector(e.Text))
					standardise(r)
					for c := range z {
						z[c] += blend * r[c]
					}
				}
				return m.rank(z)
			}, nil
		}
	}
}

// standardise makes xs mean 0 and standard deviation 1 (when it varies).
func standardise(xs []float64) {
	var mean, sq float64
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sq += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(sq / float64(len(xs)))
	for i := range xs {
		xs[i] -= mean
		if sd > 0 {
			xs[i] /= sd
		}
	}
}

// withSentences adds each sentence of at least 60 characters of each
// positive example as an example of its own (same group, statement and
// kind), weighing w times its text's weight: more, shorter texts, as a
// page's sentences are.
func withSentences(w float64) func([]Example) []Example {
	return func(ex []Example) []Example {
		out := procedureWeight(ProcedureWeight)(ex)
		for _, e := range ex {
			if e.Negative {
				continue
			}
			spans := sentences(e.Text)
			if len(spans) < 2 {
				continue
			}
			base := e.weight()
			if KindOf(e) == KindProcedure {
				base = ProcedureWeight
			}
			for _, sp := range spans {
				if sp.end-sp.start >= 60 {
					s := e
					s.Text, s.Weight = e.Text[sp.start:sp.end], base*w
					out = append(out, s)
				}
			}
		}
		return out
	}
}

// perStatementCalibrated ranks by confidences calibrated per statement:
// one Platt scaling per statement, fitted to out-of-fold raw scores of the
// fold's training examples (5 inner folds grouped by document). Unlike the
// shipped calibration, one for all statements, it can change the order.
func perStatementCalibrated(cat *framework.Catalogue, opts Options) Fitter {
	return func(train []Example) (Ranker, error) {
		train = WeighSources(slices.Clone(train))
		o := opts
		o.CalibrationFolds = 0
		m, err := Train(cat, train, o)
		if err != nil {
			return nil, err
		}
		pseudo, err := pseudoExamples(cat)
		if err != nil {
			return nil, err
		}
		o.CalibrationFolds = 5
		var themes []string
		for _, st := range cat.Statements {
			themes = append(themes, st.Theme)
		}
		oof, ok := outOfFold(m.classes, themes, pseudo, train, o)
		if !ok {
			return func(e Example) []string { return m.Rank(e.Text) }, nil
		}
		ys := classIndex(m.classes, train)
		cal := make([]platt, len(m.classes))
		for c := range m.classes {
			var sc []float64
			var y []bool
			for i, row := range oof {
				if train[i].Negative && ys[i] != c {
					continue
				}
				sc = append(sc, row[c])
				y = append(y, ys[i] == c && !train[i].Negative)
			}
			cal[c] = fitPlatt(sc, y)
		}
		return func(e Example) []string {
			z := m.raw(m.vector(e.Text))
			for c := range z {
				z[c] = cal[c].prob(z[c])
			}
			return m.rank(z)
		}, nil
	}
}

// modelPerKind ranks a CQC finding with a model trained on CQC findings
// alone, and a procedure text with one trained on everything, procedure
// texts weighing procWeight.
func modelPerKind(procWeight float64) func(cat *framework.Catalogue, opts Options) Fitter {
	return func(cat *framework.Catalogue, opts Options) Fitter {
		fit := QSFitter(cat, opts)
		return func(train []Example) (Ranker, error) {
			var cqc []Example
			for _, e := range train {
				if KindOf(e) == KindCQC {
					cqc = append(cqc, e)
				}
			}
			rc, err := fit(cqc)
			if err != nil {
				return nil, err
			}
			rp, err := fit(procedureWeight(procWeight)(train))
			if err != nil {
				return nil, err
			}
			return func(e Example) []string {
				if KindOf(e) == KindProcedure {
					return rp(e)
				}
				return rc(e)
			}, nil
		}
	}
}

// devOnly keeps the dev paragraphs, the shipped model's data before issue
// 18, with the options of then.
func devOnly(ex []Example) []Example {
	dev := map[string]bool{}
	for _, e := range DevExamples() {
		dev[e.Text] = true
	}
	var out []Example
	for _, e := range ex {
		if dev[e.Text] {
			out = append(out, e)
		}
	}
	return out
}

func procedureWeight(w float64) func([]Example) []Example {
	return func(ex []Example) []Example {
		out := append([]Example(nil), ex...)
		for i := range out {
			if KindOf(out[i]) == KindProcedure {
				out[i].Weight = w
			}
		}
		return out
	}
}

// TestVariants prints the README's table of variants (issue 18). It
// trains about 24 models per variant, so it runs only when asked:
//
//	TAGGER_VARIANTS=1 go test ./internal/tagger -run TestVariants -v
//
// TAGGER_VARIANTS may also list the variants to run, separated by ";".
func TestVariants(t *testing.T) {
	only := os.Getenv("TAGGER_VARIANTS")
	if only == "" {
		t.Skip("TAGGER_VARIANTS is not set")
	}
	cat := catalogue(t)
	var classes []string
	for _, s := range cat.Statements {
		classes = append(classes, s.Slug)
	}
	set := func(f func(*Options)) func(*Options) { return f }
	variants := []variant{
		{name: "dev paragraphs only", data: devOnly},
		{name: "all labelled text"},
		{name: "all, procedures x0.5", data: procedureWeight(0.5)},
		{name: "all, procedures x2", data: procedureWeight(2)},
		{name: "all, centroid 0.5", opts: set(func(o *Options) { o.Centroid = 0.5 })},
		{name: "all, centroid 1", opts: set(func(o *Options) { o.Centroid = 1 })},
		{name: "all, centroid 2", opts: set(func(o *Options) { o.Centroid = 2 })},
		{name: "all, catalogue x0.5", opts: set(func(o *Options) { o.CatalogueWeight = 0.5 })},
		{name: "all, catalogue x2", opts: set(func(o *Options) { o.CatalogueWeight = 2 })},
		{name: "all, words in 1 group", opts: set(func(o *Options) { o.MinGroups = 1 })},
		{name: "all, no word pairs", opts: set(func(o *Options) { o.Bigrams = false })},
		{name: "all, centroid 4", opts: set(func(o *Options) { o.Centroid = 4 })},
		{name: "all, centroid 1, catalogue x0.5", opts: set(func(o *Options) { o.Centroid, o.CatalogueWeight = 1, 0.5 })},
		{name: "all, centroid 1, catalogue x0.75", opts: set(func(o *Options) { o.Centroid, o.CatalogueWeight = 1, 0.75 })},
		{name: "all, centroid 1, words in 1 group", opts: set(func(o *Options) { o.Centroid, o.MinGroups = 1, 1 })},
		{name: "all, centroid 1, catalogue x0.5, procedures x0.5", opts: set(func(o *Options) { o.Centroid, o.CatalogueWeight = 1, 0.5 }), data: procedureWeight(0.5)},
		{name: "all, centroid 1, procedures x0.5 (shipped)", opts: set(func(o *Options) { *o = DefaultOptions() }), data: procedureWeight(ProcedureWeight)},
		{name: "all, centroid 1, L2 x0.5", opts: set(func(o *Options) { o.Centroid, o.L2 = 1, 0.0001 })},
		// Tried on the shipped model (issue 18, second session).
		{name: "shipped, char 3-grams", opts: shipped(func(o *Options) { o.CharGrams = 3 }), data: procedureWeight(ProcedureWeight)},
		{name: "shipped, char 4-grams", opts: shipped(func(o *Options) { o.CharGrams = 4 }), data: procedureWeight(ProcedureWeight)},
		{name: "shipped, char 5-grams", opts: shipped(func(o *Options) { o.CharGrams = 5 }), data: procedureWeight(ProcedureWeight)},
		{name: "shipped, theme negatives x2", opts: shipped(func(o *Options) { o.ThemeNegatives = 1 }), data: procedureWeight(ProcedureWeight)},
		{name: "shipped, theme negatives x3", opts: shipped(func(o *Options) { o.ThemeNegatives = 2 }), data: procedureWeight(ProcedureWeight)},
		{name: "shipped, calibration per statement", opts: shipped(nil), data: procedureWeight(ProcedureWeight), fit: perStatementCalibrated},
		{name: "shipped, one model per kind (procedures x1)", opts: shipped(nil), fit: modelPerKind(1)},
		{name: "shipped, one model per kind (procedures x2)", opts: shipped(nil), fit: modelPerKind(2)},
		{name: "shipped, one model per kind, theme negatives x3", opts: shipped(func(o *Options) { o.ThemeNegatives = 2 }), fit: modelPerKind(ProcedureWeight)},
		{name: "shipped, one model per kind, char 5-grams", opts: shipped(func(o *Options) { o.CharGrams = 5 }), fit: modelPerKind(ProcedureWeight)},
		{name: "shipped, sentences as extra examples x0.3", opts: shipped(nil), data: withSentences(0.3)},
		{name: "shipped, sentences as extra examples x1", opts: shipped(nil), data: withSentences(1)},
		{name: "shipped, naive Bayes instead (alpha 0.1)", opts: shipped(nil), data: procedureWeight(ProcedureWeight), fit: naiveBayes(0.1, 0)},
		{name: "shipped, naive Bayes instead (alpha 1)", opts: shipped(nil), data: procedureWeight(ProcedureWeight), fit: naiveBayes(1, 0)},
		{name: "shipped, naive Bayes + regression (x1)", opts: shipped(nil), data: procedureWeight(ProcedureWeight), fit: naiveBayes(0.1, 1)},
		{name: "shipped, one model per kind, sentences as extra examples x0.3", opts: shipped(nil), data: withSentences(0.3), fit: modelPerKind(ProcedureWeight)},
	}
	var page string // a page of about 4,000 characters
	for _, e := range DevExamples()[:6] {
		page += e.Text + "\n"
	}
	fmt.Printf("| variant | CQC macro-F1 [95%%] | CQC top-2 | procedures macro-F1 | all macro-F1 [95%%] | all top-1 | all top-2 [95%%] | pages top-1 | pages top-2 | lookups/page | tag µs/page |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, v := range variants {
		if only != "1" && !strings.Contains(";"+only+";", ";"+v.name+";") {
			continue
		}
		opts := DefaultOptions()
		opts.Centroid = 0 // the options before issue 18, which each variant changes
		if v.opts != nil {
			v.opts(&opts)
		}
		if v.data == nil {
			// As measured: procedure chapters counting as much as a paragraph.
			v.data = procedureWeight(1)
		}
		inner := QSFitter(cat, opts)
		if v.fit != nil {
			inner = v.fit(cat, opts)
		}
		fit := func(train []Example) (Ranker, error) { return inner(v.data(train)) }
		preds, pages, err := LeaveOneCouncilOutWithPages(RepositoryExamples(), fit)
		if err != nil {
			t.Fatal(err)
		}
		cqc, proc, all := Summarise(classes, preds, KindCQC, 1000), Summarise(classes, preds, KindProcedure, 1000), Summarise(classes, preds, "", 1000)
		pg := Summarise(classes, pages, "", 0)
		train := v.data(RepositoryExamples())
		opts.CalibrationFolds = 0
		m, err := Train(cat, train, opts)
		if err != nil {
			t.Fatal(err)
		}
		// Lookups per page: the work of tagging that does not hang on the
		// machine's load (each is a map lookup; most of the rest is the
		// stemming every variant shares).
		var lookups int
		for _, ts := range sentenceTerms(page, sentences(page)) {
			eachFeature(ts, m.bigrams, m.chars, nil, func([]byte) { lookups++ })
		}
		// The least of 5 rounds: the machine is shared, and the least is
		// the cost with the least interference.
		perPage := time.Duration(1 << 62)
		for range 5 {
			start := time.Now()
			const n = 50
			for range n {
				m.Tag(page)
			}
			perPage = min(perPage, time.Since(start)/n)
		}
		fmt.Printf("| %s | %.3f [%.3f, %.3f] | %.3f | %.3f | %.3f [%.3f, %.3f] | %.3f | %.3f [%.3f, %.3f] | %.3f | %.3f | %d | %d |\n", v.name,
			cqc.Metrics.MacroF1, cqc.MacroF1.Lo, cqc.MacroF1.Hi, cqc.Metrics.Top2, proc.Metrics.MacroF1,
			all.Metrics.MacroF1, all.MacroF1.Lo, all.MacroF1.Hi, all.Metrics.Top1, all.Metrics.Top2, all.Top2.Lo, all.Top2.Hi,
			pg.Metrics.Top1, pg.Metrics.Top2, lookups, perPage.Microseconds())
	}
}
