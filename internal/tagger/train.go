package tagger

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/evidenceportal/portal/internal/framework"
)

// ErrNoClasses is returned by Train for a catalogue without statements.
var ErrNoClasses = errors.New("catalogue has no quality statements")

// Options are the choices Train makes; DefaultOptions gives the ones the
// shipped model uses.
type Options struct {
	// Bigrams adds pairs of neighbouring stems to single stems.
	Bigrams bool `json:"bigrams"`
	// CharGrams, when n > 0, adds the character n-grams of each stem
	// (features.go).
	CharGrams int `json:"charGrams,omitempty"`
	// MinGroups is how many groups (documents) a word of the labelled
	// examples must appear in to become a feature, so that a council's or a
	// place's name is not learnt; catalogue and lexicon words always are.
	MinGroups int `json:"minGroups"`
	// L2 is the strength of the penalty on weights.
	L2 float64 `json:"l2"`
	// Iterations is the number of steps of accelerated gradient descent.
	Iterations int `json:"iterations"`
	// CatalogueWeight is the weight of a statement's catalogue and lexicon
	// pseudo-examples together, relative to its labelled examples together.
	CatalogueWeight float64 `json:"catalogueWeight"`
	// CalibrationFolds is the number of grouped folds whose out-of-fold
	// scores fit the confidences; fewer than 2, or fewer than 3 groups of
	// labelled examples, keeps fixed defaults.
	CalibrationFolds int `json:"calibrationFolds"`
	// Centroid blends a nearest-centroid score into the regression's: each
	// statement's weights gain Centroid times the unit-length mean of its
	// labelled examples' vectors (each counting its weight), so the score
	// adds Centroid times the cosine between a text and that mean. Being
	// linear, it costs nothing when tagging and keeps passages exact; it
	// lends the regression what the mean of many examples knows and the
	// L2 penalty shrinks. 0 turns it off.
	Centroid float64 `json:"centroid,omitempty"`
	// ThemeNegatives makes a statement's regression weigh the examples of
	// the other statements of its theme (the neighbours it is mistaken
	// for: assessing needs, healthier lives and equity; care provision and
	// partnerships; safe systems and safeguarding; governance and
	// learning) 1 + ThemeNegatives times as much as the rest. 0 turns it
	// off.
	ThemeNegatives float64 `json:"themeNegatives,omitempty"`
}

// DefaultOptions returns the options of the shipped model.
func DefaultOptions() Options {
	// Chosen by leave-one-council-out over every labelled text of the
	// repository (the README's table of variants, issue 18).
	return Options{Bigrams: true, MinGroups: 2, L2: 0.0002, Iterations: 300, CatalogueWeight: 1, CalibrationFolds: 5, Centroid: 1}
}

// Train fits a model to the catalogue (names, we and I statements, topics,
// and the package's lexicon of domain vocabulary) and the labelled
// examples, which may be none: the catalogue alone gives a usable model.
// The same inputs always give the same model.
func Train(cat *framework.Catalogue, examples []Example, opts Options) (*Model, error) {
	if len(cat.Statements) == 0 {
		return nil, ErrNoClasses
	}
	if opts.Iterations < 0 || opts.L2 < 0 || opts.CatalogueWeight < 0 {
		return nil, fmt.Errorf("train tagger: negative options %+v", opts)
	}
	for i, e := range examples {
		if _, err := cat.Statement(e.QS); err != nil {
			return nil, fmt.Errorf("train tagger: example %d: %w", i+1, err)
		}
		if e.Weight < 0 || math.IsNaN(e.Weight) || math.IsInf(e.Weight, 0) {
			return nil, fmt.Errorf("train tagger: example %d: weight %v", i+1, e.Weight)
		}
	}
	pseudo, err := pseudoExamples(cat)
	if err != nil {
		return nil, err
	}
	var classes, themes []string
	for _, s := range cat.Statements {
		classes = append(classes, s.Slug)
		themes = append(themes, s.Theme)
	}
	return train(classes, themes, pseudo, examples, opts), nil
}

// train fits, calibrates and versions a model of classes to checked
// pseudo-examples and labelled examples. themes, the theme of each class,
// may be nil (no theme negatives).
func train(classes, themes []string, pseudo, examples []Example, opts Options) *Model {
	var negatives, weighted int
	for _, e := range examples {
		if e.Negative {
			negatives++
		}
		if e.weight() != 1 {
			weighted++
		}
	}
	m := fit(classes, themes, pseudo, examples, opts)
	m.info = TrainInfo{
		Options: opts, Examples: len(examples), Groups: len(groupsOf(examples)), ExamplesHash: hashExamples(examples),
		PseudoExamples: len(pseudo), PseudoHash: hashExamples(pseudo), Negatives: negatives, Weighted: weighted,
	}
	if oof, ok := outOfFold(classes, themes, pseudo, examples, opts); ok {
		m.calib = fitCalibration(oof, classIndex(classes, examples), negativeFlags(examples))
		m.info.Calibrated = true
	}
	m.round()
	m.version = m.hash()
	return m
}

// outOfFold returns, for each labelled example, the raw scores of a model
// trained without its fold, or false when there are too few groups.
func outOfFold(classes, themes []string, pseudo, examples []Example, opts Options) ([][]float64, bool) {
	groups := groupsOf(examples)
	if opts.CalibrationFolds < 2 || len(groups) < 3 {
		return nil, false
	}
	folds := Folds(groupKeys(examples), opts.CalibrationFolds)
	oof := make([][]float64, len(examples))
	for k := 0; k <= slices.Max(folds); k++ {
		var train, test []int
		for i, f := range folds {
			if f == k {
				test = append(test, i)
			} else {
				train = append(train, i)
			}
		}
		sub := make([]Example, len(train))
		for j, i := range train {
			sub[j] = examples[i]
		}
		m := fit(classes, themes, pseudo, sub, opts)
		for _, i := range test {
			oof[i] = m.raw(m.vector(examples[i].Text))
		}
	}
	return oof, true
}

// fit builds the features and trains the weights; confidences keep their
// defaults.
func fit(classes, themes []string, pseudo, labelled []Example, opts Options) *Model {
	k := len(classes)
	m := &Model{classes: classes, bigrams: opts.Bigrams, chars: opts.CharGrams, bias: make([]float64, k), calib: defaultCalibration()}
	pseudoCounts := make([]map[string]float64, len(pseudo))
	for i, e := range pseudo {
		pseudoCounts[i] = textCounts(e.Text, opts.Bigrams, opts.CharGrams)
	}
	labCounts := make([]map[string]float64, len(labelled))
	for i, e := range labelled {
		labCounts[i] = textCounts(e.Text, opts.Bigrams, opts.CharGrams)
	}
	pseudoCI, labCI := classIndex(classes, pseudo), classIndex(classes, labelled)
	m.chooseFeatures(pseudoCounts, pseudoCI, labCounts, groupKeys(labelled), opts.MinGroups)

	// Each class's labelled examples weigh the same in total, and its
	// pseudo-examples CatalogueWeight times that (or the same, with no
	// labelled examples). Within a class an example counts its weight. A
	// negative example weighs as a positive one of its class would (or, when
	// the class has fewer positives than negatives, the negatives together
	// weigh as much as one class's labelled examples), so that one rejection
	// counts as much as one confirmation.
	var xs [][]entry
	var ys []int
	var ws []float64
	neg := negativeFlags(labelled)
	nLab, nNeg, nPseudo := make([]float64, k), make([]float64, k), make([]float64, k)
	for i, c := range labCI {
		if neg[i] {
			nNeg[c] += labelled[i].weight()
		} else {
			nLab[c] += labelled[i].weight()
		}
	}
	for _, c := range pseudoCI {
		nPseudo[c]++
	}
	for i, counts := range labCounts {
		c := labCI[i]
		xs = append(xs, m.sparse(counts))
		ys = append(ys, c)
		if neg[i] {
			ws = append(ws, labelled[i].weight()/max(nLab[c], nNeg[c]))
		} else {
			ws = append(ws, labelled[i].weight()/nLab[c])
		}
	}
	pw := opts.CatalogueWeight
	if len(labelled) == 0 {
		pw = 1
	}
	for i, counts := range pseudoCounts {
		xs = append(xs, m.sparse(counts))
		ys = append(ys, pseudoCI[i])
		ws = append(ws, pw/nPseudo[pseudoCI[i]])
		neg = append(neg, false)
	}
	var total float64
	for _, w := range ws {
		total += w
	}
	for i := range ws {
		ws[i] /= total
	}
	m.w, m.bias = optimise(xs, ys, neg, ws, themes, k, len(m.feats), opts)
	if opts.Centroid > 0 {
		m.addCentroids(xs[:len(labelled)], labCI, negativeFlags(labelled), labelled, opts.Centroid)
	}
	return m
}

// addCentroids adds to each class's weights alpha times the unit-length
// weighted mean of its positive labelled vectors xs.
func (m *Model) addCentroids(xs [][]entry, ys []int, neg []bool, ex []Example, alpha float64) {
	k := len(m.classes)
	c := make([]float64, len(m.feats)*k)
	for i, x := range xs {
		if neg[i] {
			continue
		}
		w := ex[i].weight()
		for _, e := range x {
			c[int(e.f)*k+ys[i]] += w * e.v
		}
	}
	norm := make([]float64, k)
	for i, v := range c {
		norm[i%k] += v * v
	}
	for i, v := range c {
		if n := norm[i%k]; n > 0 {
			m.w[i] += alpha * v / math.Sqrt(n)
		}
	}
}

// chooseFeatures sets m's features and their idf: every feature of a
// pseudo-example, and each feature of the labelled examples found in at
// least minGroups of their groups. Document frequency counts the labelled
// examples and one document per class made of its pseudo-examples.
func (m *Model) chooseFeatures(pseudo []map[string]float64, pseudoCI []int, labelled []map[string]float64, groups []string, minGroups int) {
	keep := map[string]bool{}
	perClass := make([]map[string]bool, len(m.classes))
	for c := range perClass {
		perClass[c] = map[string]bool{}
	}
	for i, counts := range pseudo {
		for f := range counts {
			keep[f] = true
			perClass[pseudoCI[i]][f] = true
		}
	}
	seen := map[string]map[string]bool{} // feature to groups
	for i, counts := range labelled {
		for f := range counts {
			if seen[f] == nil {
				seen[f] = map[string]bool{}
			}
			seen[f][groups[i]] = true
		}
	}
	for f, g := range seen {
		if len(g) >= max(minGroups, 1) {
			keep[f] = true
		}
	}
	for f := range keep {
		m.feats = append(m.feats, f)
	}
	slices.Sort(m.feats)
	m.buildIndex()

	df := make([]float64, len(m.feats))
	for _, counts := range labelled {
		for f := range counts {
			if j, ok := m.index[f]; ok {
				df[j]++
			}
		}
	}
	for _, feats := range perClass {
		for f := range feats {
			df[m.index[f]]++
		}
	}
	n := float64(len(labelled) + len(m.classes))
	m.idf = make([]float64, len(m.feats))
	for j := range df {
		m.idf[j] = math.Log((1+n)/(1+df[j])) + 1
	}
}

// sparse turns feature counts into a weighted unit vector over m's features.
func (m *Model) sparse(counts map[string]float64) []entry {
	var v []entry
	for f, c := range counts {
		if j, ok := m.index[f]; ok {
			v = append(v, entry{j, c})
		}
	}
	slices.SortFunc(v, func(a, b entry) int { return int(a.f - b.f) })
	return weigh(v, m.idf)
}

// optimise fits one logistic regression per class, each against the rest
// (so scores are independent and a text can score high for several
// classes), on the examples xs with true classes ys and weights ws (which
// sum to 1). An example marked in neg is a negative of its class ys[i]
// only: the other classes' regressions leave it out. It returns the
// weights, w[f*k+c] for feature f and class c, and the biases. The k
// regressions are independent, so they run in parallel; each is
// sequential, so the result does not depend on timing.
func optimise(xs [][]entry, ys []int, neg []bool, ws []float64, themes []string, k, nf int, opts Options) ([]float64, []float64) {
	var d design
	for _, x := range xs {
		for _, e := range x {
			d.idx = append(d.idx, e.f)
			d.val = append(d.val, e.v)
		}
		d.ends = append(d.ends, len(d.idx))
	}
	w, b := make([]float64, nf*k), make([]float64, k)
	// Weights differ between the classes with negatives (another class's
	// is nothing to it) or theme negatives.
	themed := opts.ThemeNegatives > 0 && len(themes) == k
	perClass := slices.Contains(neg, true) || themed
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(k, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			y := make([]bool, len(ys))
			wsc := ws
			if perClass {
				wsc = make([]float64, len(ws))
			}
			for c := range next {
				for i := range ys {
					y[i] = ys[i] == c && !neg[i]
				}
				if perClass {
					var sum float64
					for i := range ws {
						wsc[i] = ws[i]
						if neg[i] && ys[i] != c {
							wsc[i] = 0
						}
						if themed && ys[i] != c && themes[ys[i]] == themes[c] {
							wsc[i] *= 1 + opts.ThemeNegatives
						}
						sum += wsc[i]
					}
					if themed && sum > 0 {
						// Sum to 1 again, as the step size assumes.
						for i := range wsc {
							wsc[i] /= sum
						}
					}
				}
				wc, bc := d.fitClass(y, wsc, nf, opts)
				for f, v := range wc {
					w[f*k+c] = v
				}
				b[c] = bc
			}
		})
	}
	for c := range k {
		next <- c
	}
	close(next)
	wg.Wait()
	return w, b
}

// design is the examples as one sparse matrix: example i has the features
// idx[ends[i-1]:ends[i]] with values val[...].
type design struct {
	idx  []int32
	val  []float64
	ends []int
}

// fitClass minimises the weighted log loss of one class against the rest
// plus L2/2 times the squared weights (not the bias) by accelerated
// gradient descent (FISTA) with a fixed step and number of steps. Every
// vector has unit length, which with the bias makes its squared length 2,
// and the log loss curves at most 1/4, so a step of 1/(1/2 + L2) is safe.
func (d *design) fitClass(y []bool, ws []float64, nf int, opts Options) ([]float64, float64) {
	step := 1 / (0.5 + opts.L2)
	w, yw, g := make([]float64, nf), make([]float64, nf), make([]float64, nf) // iterate, look-ahead point, gradient
	var b, yb float64
	t := 1.0
	for range opts.Iterations {
		clear(g)
		var gb float64
		start := 0
		for i, end := range d.ends {
			if ws[i] == 0 {
				// Another class's negative: nothing to learn here.
				start = end
				continue
			}
			idx, val := d.idx[start:end], d.val[start:end:end]
			z := yb
			for p, f := range idx {
				z += val[p] * yw[f]
			}
			r := sigmoid(z) // the log loss's gradient in z is p - y
			if y[i] {
				r--
			}
			r *= ws[i]
			gb += r
			for p, f := range idx {
				g[f] += val[p] * r
			}
			start = end
		}
		tn := (1 + math.Sqrt(1+4*t*t)) / 2
		mom := (t - 1) / tn
		t = tn
		for j := range w {
			next := yw[j] - step*(g[j]+opts.L2*yw[j])
			yw[j] = next + mom*(next-w[j])
			w[j] = next
		}
		next := yb - step*gb
		yb = next + mom*(next-b)
		b = next
	}
	return w, b
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// round keeps six decimals of every number, so the JSON is short and the
// version does not hang on the last bits of a float.
func (m *Model) round() {
	r := func(xs []float64) {
		for i, x := range xs {
			xs[i] = math.Round(x*1e6) / 1e6
		}
	}
	r(m.w)
	r(m.idf)
	r(m.bias)
	m.calib.A = math.Round(m.calib.A*1e6) / 1e6
	m.calib.B = math.Round(m.calib.B*1e6) / 1e6
}

func negativeFlags(ex []Example) []bool {
	out := make([]bool, len(ex))
	for i, e := range ex {
		out[i] = e.Negative
	}
	return out
}

func classIndex(classes []string, ex []Example) []int {
	out := make([]int, len(ex))
	for i, e := range ex {
		out[i] = slices.Index(classes, e.QS)
	}
	return out
}

// groupKeys returns each example's group, or a key of its own when it has
// none.
func groupKeys(ex []Example) []string {
	out := make([]string, len(ex))
	for i, e := range ex {
		out[i] = e.Group
		if e.Group == "" {
			out[i] = fmt.Sprintf("#%d", i)
		}
	}
	return out
}

func groupsOf(ex []Example) map[string]bool {
	g := map[string]bool{}
	for _, k := range groupKeys(ex) {
		g[k] = true
	}
	return g
}
