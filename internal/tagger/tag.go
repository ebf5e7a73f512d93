package tagger

import (
	"math"
	"slices"
)

// MaxPassages is the most passages Tag returns for one quality statement.
const MaxPassages = 3

// passageShare is the least share of the best sentence's weight another
// sentence needs to be a passage too.
const passageShare = 0.25

// Result is what Tag says about a text.
type Result struct {
	// Model is the version of the model that scored the text.
	Model string `json:"model"`
	// Scores has one entry per quality statement, in catalogue order.
	Scores []Score `json:"scores"`
	// Top is the quality statement slugs, most confident first.
	Top []string `json:"top"`
	// Evidence categories and the kind of document are guessed apart, by
	// Guesser (guess.go), from cue phrases until there is data to learn from.
}

// Score is how much a text looks like evidence for one quality statement.
type Score struct {
	QS string `json:"qs"`
	// Confidence is in [0, 1]. Statements are scored independently, so a
	// text about several statements can be confident of several.
	Confidence float64 `json:"confidence"`
	// Passages are the sentences that raised the score most, strongest
	// first; none when no sentence raised it.
	Passages []Passage `json:"passages"`
}

// Passage is a sentence of the tagged text: Text is text[Start:End], plain
// text exactly as given, to be escaped by whoever shows it.
type Passage struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Weight is the sentence's share of the statement's raw score.
	Weight float64 `json:"weight"`
}

// Above returns the slugs whose confidence is at least min, most confident
// first.
func (r Result) Above(min float64) []string {
	var out []string
	for _, slug := range r.Top {
		for _, s := range r.Scores {
			if s.QS == slug && s.Confidence >= min {
				out = append(out, slug)
			}
		}
	}
	return out
}

// Tag scores text, a paragraph or a whole page, against every quality
// statement and picks the sentences behind each score.
func (m *Model) Tag(text string) Result {
	spans := sentences(text)
	return m.tagSentences(text, spans, sentenceTerms(text, spans))
}

// TagPage is Tag and, when m has a category model, its Tag for the
// document type, reading the text's sentences and stems once for both
// (stemming is most of the cost). ok is false without a category model.
func TagPage(m *Model, text, docType string) (qs, categories Result, ok bool) {
	spans := sentences(text)
	ts := sentenceTerms(text, spans)
	qs = m.tagSentences(text, spans, ts)
	if m.cats == nil {
		return qs, Result{}, false
	}
	return qs, m.cats.tagSentences(text, spans, ts, docType), true
}

// sentenceTerms returns the terms of each sentence.
func sentenceTerms(text string, spans []span) [][]term {
	out := make([][]term, len(spans))
	var all []term
	memo := map[string]string{} // a page repeats its words: stem each once
	for i, sp := range spans {
		start := len(all)
		all = termsMemo(text[sp.start:sp.end], all, memo)
		out[i] = all[start:len(all):len(all)]
	}
	return out
}

func (m *Model) tagSentences(text string, spans []span, sentTerms [][]term) Result {
	k := len(m.classes)
	// Feature counts per sentence, then summed into the text's vector.
	type hit struct {
		sent int
		f    int32
	}
	var hits []hit
	var buf []byte
	for si, ts := range sentTerms {
		buf = eachFeature(ts, m.bigrams, m.chars, buf, func(key []byte) {
			if f, ok := m.index[string(key)]; ok {
				hits = append(hits, hit{si, f})
			}
		})
	}
	counts := map[int32]float64{}
	for _, h := range hits {
		counts[h.f]++
	}
	x := make([]entry, 0, len(counts))
	for f, c := range counts {
		x = append(x, entry{f, c})
	}
	slices.SortFunc(x, func(a, b entry) int { return int(a.f - b.f) })
	x = weigh(x, m.idf)
	z := m.raw(x)
	conf := m.confidences(z)

	// A sentence's share of a statement's score: each feature's part of the
	// score split between sentences by how often each has it.
	value := make(map[int32]float64, len(x))
	for _, e := range x {
		value[e.f] = e.v / counts[e.f]
	}
	contrib := make([]float64, len(spans)*k)
	for _, h := range hits {
		v := value[h.f]
		row := m.w[int(h.f)*k : int(h.f)*k+k]
		for c := range k {
			contrib[h.sent*k+c] += v * row[c]
		}
	}
	r := Result{Model: m.version, Scores: make([]Score, k)}
	var best [MaxPassages]int
	for c, slug := range m.classes {
		r.Scores[c] = Score{QS: slug, Confidence: conf[c]}
		order := topSentences(contrib, k, c, len(spans), &best)
		for _, si := range order {
			// Only sentences that did a fair share of the best one's work.
			if v := contrib[si*k+c]; v <= 0 || v < passageShare*contrib[order[0]*k+c] {
				break
			}
			sp := spans[si]
			r.Scores[c].Passages = append(r.Scores[c].Passages, Passage{Text: text[sp.start:sp.end], Start: sp.start, End: sp.end, Weight: contrib[si*k+c]})
		}
	}
	r.Top = m.rank(conf)
	return r
}

// topSentences returns the (at most MaxPassages) sentences with the largest
// contrib[i*k+c], largest first and ties in sentence order: what a stable
// sort of every sentence would put first, without sorting a page's
// sentences once per statement (a fifth of the tag stage's time).
func topSentences(contrib []float64, k, c, n int, best *[MaxPassages]int) []int {
	nb := 0
	for i := range n {
		v := contrib[i*k+c]
		j := nb
		for j > 0 && v > contrib[best[j-1]*k+c] {
			j--
		}
		if j >= MaxPassages {
			continue
		}
		if nb < MaxPassages {
			nb++
		}
		copy(best[j+1:nb], best[j:nb-1])
		best[j] = i
	}
	return best[:nb]
}

// Rank returns the quality statement slugs for text, most likely first:
// Tag's Top without the passages, for measuring.
func (m *Model) Rank(text string) []string { return m.rank(m.raw(m.vector(text))) }

// rank returns the classes by confidence, highest first, ties in
// catalogue order.
func (m *Model) rank(conf []float64) []string {
	idx := make([]int, len(conf))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmpDesc(conf[a], conf[b]) })
	out := make([]string, len(idx))
	for i, c := range idx {
		out[i] = m.classes[c]
	}
	return out
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// vector returns text's unit feature vector.
func (m *Model) vector(text string) []entry {
	counts := map[string]float64{}
	var ts []term
	for _, sp := range sentences(text) {
		ts = terms(text[sp.start:sp.end], ts[:0])
		eachFeature(ts, m.bigrams, m.chars, nil, func(key []byte) { counts[string(key)]++ })
	}
	return m.sparse(counts)
}

// raw returns the linear scores of x, one per class.
func (m *Model) raw(x []entry) []float64 {
	k := len(m.classes)
	z := slices.Clone(m.bias)
	for _, e := range x {
		row := m.w[int(e.f)*k : int(e.f)*k+k]
		for c := range z {
			z[c] += e.v * row[c]
		}
	}
	return z
}

// confidences turns raw scores into calibrated confidences.
func (m *Model) confidences(z []float64) []float64 {
	p := slices.Clone(z)
	for c := range p {
		p[c] = m.calib.prob(z[c])
		if math.IsNaN(p[c]) {
			p[c] = 0
		}
	}
	return p
}
