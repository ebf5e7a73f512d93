package tagger

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// Categories returns the evidence categories the tagger learns, in a fixed
// order (observation is never used for councils).
func Categories() []string {
	return []string{CatPeople, CatStaff, CatPartners, CatProcesses, CatOutcomes}
}

// typeCategory is what each document type of the upload form says about
// the category of its text before any data: a survey is people's
// experience, a self-assessment the staff's and leaders' view, a peer
// review the partners', performance data outcomes, and the documents that
// say how the council works are processes (DESIGN, FRAMEWORK.md).
func typeCategory() map[string]string {
	return map[string]string{
		"policy": CatProcesses, "strategy": CatProcesses, "procedure": CatProcesses, "action-plan": CatProcesses,
		"survey-results": CatPeople, "self-assessment": CatStaff, "peer-review": CatPartners,
		"performance-data": CatOutcomes, "annual-report": CatOutcomes, "minutes": CatStaff,
	}
}

// typePriorWeight is how many labelled passages the table above counts as
// for each document type: a few decisions on a type outweigh it.
const typePriorWeight = 4.0

// CategoryModel scores a passage against the evidence categories: a Model
// of the same kind as the quality statements' over the categories (its
// Result's Scores[i].QS holds a category slug), trained on labelled
// passages and pseudo-examples from the cue phrases, plus what the
// document's type says, an offset per type and category learnt from the
// types of the labelled passages' documents (smoothed towards
// typeCategory).
type CategoryModel struct {
	text  *Model
	types map[string][]float64
}

// TrainCategories fits a category model to labelled passages (which may be
// none: the cue phrases alone give a usable model) with opts.
func TrainCategories(g *Guesser, examples []CategoryExample, opts Options) (*CategoryModel, error) {
	classes := Categories()
	var pseudo []Example
	for _, c := range classes {
		for _, cue := range g.categories[c] {
			pseudo = append(pseudo, Example{Text: cue, QS: c, Group: "cues:" + c})
		}
	}
	ex := make([]Example, len(examples))
	for i, e := range examples {
		if !slices.Contains(classes, e.Category) {
			return nil, fmt.Errorf("train categories: example %d: unknown category %q", i+1, e.Category)
		}
		ex[i] = Example{Text: e.Text, QS: e.Category, Group: e.Group, Weight: e.Weight, Negative: e.Negative}
	}
	text := train(classes, nil, pseudo, ex, opts)
	return &CategoryModel{text: text, types: typeOffsets(classes, examples)}, nil
}

// typeOffsets learns, for each document type in typeCategory or among the
// examples, log(P(category | type) / P(category)) from the positive
// examples' weights, with typeCategory as typePriorWeight examples.
func typeOffsets(classes []string, ex []CategoryExample) map[string][]float64 {
	k := len(classes)
	n := map[string][]float64{}
	base := make([]float64, k)
	for i := range base {
		base[i] = 1 // smoothing
	}
	for _, e := range ex {
		if e.Negative {
			continue
		}
		c := slices.Index(classes, e.Category)
		w := Example{Weight: e.Weight}.weight()
		base[c] += w
		if e.DocType == "" {
			continue
		}
		if n[e.DocType] == nil {
			n[e.DocType] = make([]float64, k)
		}
		n[e.DocType][c] += w
	}
	prior := typeCategory()
	for t := range prior {
		if n[t] == nil {
			n[t] = make([]float64, k)
		}
	}
	var total float64
	for _, b := range base {
		total += b
	}
	out := map[string][]float64{}
	for t, counts := range n {
		off := make([]float64, k)
		var sum float64
		for _, v := range counts {
			sum += v
		}
		for c := range classes {
			q := 0.2 / float64(k) // a type says little of the other categories
			if prior[t] == classes[c] {
				q += 0.8
			} else if prior[t] == "" {
				q = 1 / float64(k)
			}
			p := (counts[c] + typePriorWeight*q) / (sum + typePriorWeight)
			off[c] = math.Round(math.Log(p/(base[c]/total))*1e6) / 1e6
		}
		out[t] = off
	}
	return out
}

// Tag scores text, from a document of type docType ("" when unknown),
// against every category, with the sentences behind each score. The model
// learnt from single passages, and a page holds evidence of several
// kinds, so each sentence is scored alone: a category's confidence is its
// best sentence's, and its passages are its best sentences (at most
// MaxPassages, each at least half as confident as the best).
func (cm *CategoryModel) Tag(text, docType string) Result {
	spans := sentences(text)
	return cm.tagSentences(text, spans, sentenceTerms(text, spans), docType)
}

func (cm *CategoryModel) tagSentences(text string, spans []span, sentTerms [][]term, docType string) Result {
	m := cm.text
	k := len(m.classes)
	off := cm.types[docType]
	conf := make([][]float64, len(spans))
	// As Tag does for a whole text, without a map or a string per
	// feature: this runs for every sentence of every page.
	var buf []byte
	var fs []int32
	var x []entry
	for i, ts := range sentTerms {
		fs = fs[:0]
		buf = eachFeature(ts, m.bigrams, m.chars, buf, func(key []byte) {
			if f, ok := m.index[string(key)]; ok {
				fs = append(fs, f)
			}
		})
		slices.Sort(fs)
		x = x[:0]
		for j, f := range fs {
			if j > 0 && fs[j-1] == f {
				x[len(x)-1].v++
			} else {
				x = append(x, entry{f, 1})
			}
		}
		z := m.raw(weigh(x, m.idf))
		for c, o := range off {
			z[c] += o
		}
		conf[i] = m.confidences(z)
	}
	r := Result{Model: m.version, Scores: make([]Score, k)}
	best := make([]float64, k)
	flat := make([]float64, 0, len(spans)*k) // conf[i][c] at i*k+c, for topSentences
	for _, row := range conf {
		flat = append(flat, row...)
	}
	var top3 [MaxPassages]int
	for c, slug := range m.classes {
		r.Scores[c].QS = slug
		if len(spans) == 0 {
			z := slices.Clone(m.bias)
			for j, o := range off {
				z[j] += o
			}
			r.Scores[c].Confidence = m.confidences(z)[c]
			best[c] = r.Scores[c].Confidence
			continue
		}
		order := topSentences(flat, k, c, len(spans), &top3)
		top := conf[order[0]][c]
		r.Scores[c].Confidence, best[c] = top, top
		for _, i := range order {
			if conf[i][c] < top/2 {
				break
			}
			sp := spans[i]
			r.Scores[c].Passages = append(r.Scores[c].Passages, Passage{Text: text[sp.start:sp.end], Start: sp.start, End: sp.end, Weight: conf[i][c]})
		}
	}
	r.Top = m.rank(best)
	return r
}

// Rank returns the categories for a passage, most likely first.
func (cm *CategoryModel) Rank(text, docType string) []string {
	z := cm.text.raw(cm.text.vector(text))
	for c, o := range cm.types[docType] {
		z[c] += o
	}
	return cm.text.rank(z)
}

// Version names the category model.
func (cm *CategoryModel) Version() string { return cm.text.Version() }

type categoryJSON struct {
	Model json.RawMessage      `json:"model"`
	Types map[string][]float64 `json:"types"`
}

func (cm *CategoryModel) toJSON() (categoryJSON, error) {
	b, err := cm.text.MarshalJSON()
	return categoryJSON{Model: b, Types: cm.types}, err
}

func (j categoryJSON) model() (*CategoryModel, error) {
	m := &Model{}
	if err := m.UnmarshalJSON(j.Model); err != nil {
		return nil, fmt.Errorf("category model: %w", err)
	}
	for t, off := range j.Types {
		if len(off) != len(m.classes) {
			return nil, fmt.Errorf("category model: type %q has %d offsets, want %d", t, len(off), len(m.classes))
		}
	}
	return &CategoryModel{text: m, types: j.Types}, nil
}

//go:embed data/category-passages.jsonl
var categoryPassages []byte

// CategoryExamples returns the labelled passages of
// data/category-passages.jsonl: the sentences of RepositoryExamples that
// the rule of catrule.go labels (a test checks the file is exactly that).
func CategoryExamples() []CategoryExample {
	var out []CategoryExample
	for i, line := range bytes.Split(bytes.TrimSpace(categoryPassages), []byte("\n")) {
		var e CategoryExample
		if err := json.Unmarshal(line, &e); err != nil {
			panic(fmt.Sprintf("category passage %d: %v", i+1, err)) // embedded data, checked by a test
		}
		out = append(out, e)
	}
	return out
}

// CategoryFitter trains category models for LeaveOneCouncilOut; masked
// ranks each passage without the cue that labelled it, and noType ignores
// document types, to measure how far the text alone gets.
func CategoryFitter(g *Guesser, opts Options, masked, noType bool) func([]CategoryExample) (func(CategoryExample) []string, error) {
	opts.CalibrationFolds = 0
	return func(train []CategoryExample) (func(CategoryExample) []string, error) {
		cm, err := TrainCategories(g, train, opts)
		if err != nil {
			return nil, err
		}
		return func(e CategoryExample) []string {
			text, t := e.Text, e.DocType
			if masked {
				text = e.Masked()
			}
			if noType {
				t = ""
			}
			return cm.Rank(text, t)
		}, nil
	}
}

// CueRanker ranks a passage's categories by the cue phrases alone
// (Guesser.Categories), the tagger's guess before categories were learnt.
func CueRanker(g *Guesser) func(CategoryExample) []string {
	return func(e CategoryExample) []string {
		var out []string
		for _, c := range g.Categories(e.Text) {
			if slices.Contains(Categories(), c.Label) {
				out = append(out, c.Label)
			}
		}
		return out
	}
}

// CategoriesOutOfCouncil ranks each council's passages with a model that
// never saw that council, as LeaveOneCouncilOut does for statements; the
// predictions' Label is the category.
func CategoriesOutOfCouncil(ex []CategoryExample, fit func([]CategoryExample) (func(CategoryExample) []string, error)) ([]Prediction, error) {
	key := func(e Example) string { return e.Group + "\x00" + e.Text }
	idx := map[string]int{}
	asQS := make([]Example, len(ex))
	for i, e := range ex {
		asQS[i] = Example{Text: e.Text, QS: e.Category, Group: e.Group, Negative: e.Negative}
		if _, ok := idx[key(asQS[i])]; !ok {
			idx[key(asQS[i])] = i // a passage twice in one document is the same passage
		}
	}
	byText := func(train []Example) (Ranker, error) {
		sub := make([]CategoryExample, len(train))
		for j, t := range train {
			sub[j] = ex[idx[key(t)]]
		}
		r, err := fit(sub)
		if err != nil {
			return nil, err
		}
		return func(e Example) []string { return r(ex[idx[key(e)]]) }, nil
	}
	return LeaveOneCouncilOut(asQS, byText)
}
