package tagger

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// Format is the version of the model's JSON layout and of the text
// processing (sentences, stems, features) its weights assume. Load refuses
// a model of another format: retrain it instead.
const Format = 1

// ErrFormat is returned by Load for a model saved in another format.
var ErrFormat = errors.New("tagger model format not supported")

// Model scores texts against the quality statements. It is plain data: Save
// writes it as JSON and Load reads it back, so the portal can store models,
// retrain them and roll back; Version names one exactly.
type Model struct {
	classes []string
	bigrams bool
	chars   int // character n-grams of stems, 0 for none
	index   map[string]int32
	feats   []string
	idf     []float64
	w       []float64 // w[f*len(classes)+c] is the weight of feature f for class c
	bias    []float64
	calib   platt // the same for every class, so it never changes their order
	info    TrainInfo
	version string
	// cats scores evidence categories, when the model has them (catsJSON
	// is its JSON, part of what the version hashes); a model without
	// leaves categories to the cue phrases.
	cats     *CategoryModel
	catsJSON *categoryJSON
}

// TrainInfo records how a model was trained.
type TrainInfo struct {
	Options Options `json:"options"`
	// Examples is the number of labelled examples, and ExamplesHash a hash
	// of them; Groups is the number of distinct groups among them.
	Examples     int    `json:"examples"`
	Groups       int    `json:"groups"`
	ExamplesHash string `json:"examplesHash"`
	// PseudoExamples is the number of short texts taken from the catalogue
	// and the lexicon, and PseudoHash a hash of them.
	PseudoExamples int    `json:"pseudoExamples"`
	PseudoHash     string `json:"pseudoHash"`
	// Calibrated is true when the confidences were fitted to out-of-fold
	// scores of the labelled examples, false when they use fixed defaults.
	Calibrated bool `json:"calibrated"`
	// Negatives is how many of the examples are negative (rejections), and
	// Weighted how many weigh other than 1 (such as councils' hints); both
	// left out of the JSON when 0, so that a model trained without them
	// keeps its version.
	Negatives int `json:"negatives,omitempty"`
	Weighted  int `json:"weighted,omitempty"`
}

// platt maps a raw score s to a confidence 1 / (1 + exp(-(A s + B))).
type platt struct {
	A float64 `json:"a"`
	B float64 `json:"b"`
}

func (p platt) prob(s float64) float64 { return 1 / (1 + math.Exp(-(p.A*s + p.B))) }

// Version names the model: "qs-" and the start of the SHA-256 of its JSON.
// Two models with the same version score every text the same.
func (m *Model) Version() string { return m.version }

// Classes returns the slugs of the quality statements the model scores, in
// catalogue order.
func (m *Model) Classes() []string { return append([]string(nil), m.classes...) }

// Categories returns the model's evidence category model, or nil when it
// has none (a model stored before categories were learnt).
func (m *Model) Categories() *CategoryModel { return m.cats }

// WithCategories returns a copy of m that also scores evidence categories
// with cm, under its own version.
func (m *Model) WithCategories(cm *CategoryModel) (*Model, error) {
	j, err := cm.toJSON()
	if err != nil {
		return nil, fmt.Errorf("encode category model: %w", err)
	}
	n := *m
	n.cats, n.catsJSON = cm, &j
	n.version = n.hash()
	return &n, nil
}

// Info returns how the model was trained.
func (m *Model) Info() TrainInfo { return m.info }

type modelJSON struct {
	Format  int      `json:"format"`
	Version string   `json:"version"`
	Classes []string `json:"classes"`
	Bigrams bool     `json:"bigrams"`
	// CharGrams is left out when 0, so that a model without them keeps
	// its version.
	CharGrams int           `json:"charGrams,omitempty"`
	Bias      []float64     `json:"bias"`
	Calib     platt         `json:"calibration"`
	Info      TrainInfo     `json:"trained"`
	Features  []featureJSON `json:"features"`
	// Categories is left out when there are none, so that a model
	// without them keeps its version.
	Categories *categoryJSON `json:"categories,omitempty"`
}

type featureJSON struct {
	F   string    `json:"f"`
	IDF float64   `json:"idf"`
	W   []float64 `json:"w"`
}

func (m *Model) toJSON() modelJSON {
	k := len(m.classes)
	j := modelJSON{Format: Format, Version: m.version, Classes: m.classes, Bigrams: m.bigrams, CharGrams: m.chars, Bias: m.bias, Calib: m.calib, Info: m.info,
		Categories: m.catsJSON}
	j.Features = make([]featureJSON, len(m.feats))
	for f, name := range m.feats {
		j.Features[f] = featureJSON{F: name, IDF: m.idf[f], W: m.w[f*k : (f+1)*k]}
	}
	return j
}

// MarshalJSON encodes the model; the same model always gives the same bytes.
func (m *Model) MarshalJSON() ([]byte, error) { return json.Marshal(m.toJSON()) }

// UnmarshalJSON decodes a model that MarshalJSON encoded, checking its
// format, its shape and that its version matches its content.
func (m *Model) UnmarshalJSON(b []byte) error {
	var j modelJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("decode tagger model: %w", err)
	}
	if j.Format != Format {
		return fmt.Errorf("decode tagger model of format %d: %w", j.Format, ErrFormat)
	}
	k := len(j.Classes)
	if k == 0 || len(j.Bias) != k {
		return fmt.Errorf("decode tagger model: %d classes, %d biases", k, len(j.Bias))
	}
	n := Model{classes: j.Classes, bigrams: j.Bigrams, chars: j.CharGrams, bias: j.Bias, calib: j.Calib, info: j.Info}
	n.feats = make([]string, len(j.Features))
	n.idf = make([]float64, len(j.Features))
	n.w = make([]float64, 0, len(j.Features)*k)
	for f, fj := range j.Features {
		if len(fj.W) != k {
			return fmt.Errorf("decode tagger model: feature %q has %d weights, want %d", fj.F, len(fj.W), k)
		}
		n.feats[f], n.idf[f] = fj.F, fj.IDF
		n.w = append(n.w, fj.W...)
	}
	n.buildIndex()
	if j.Categories != nil {
		cm, err := j.Categories.model()
		if err != nil {
			return fmt.Errorf("decode tagger model: %w", err)
		}
		n.cats, n.catsJSON = cm, j.Categories
	}
	if v := n.hash(); v != j.Version {
		return fmt.Errorf("decode tagger model: version %q does not match its content (%q)", j.Version, v)
	}
	n.version = j.Version
	*m = n
	return nil
}

// Save writes the model as JSON.
func (m *Model) Save(w io.Writer) error {
	b, err := m.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Load reads a model that Save wrote.
func Load(r io.Reader) (*Model, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read tagger model: %w", err)
	}
	m := &Model{}
	if err := m.UnmarshalJSON(b); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Model) buildIndex() {
	m.index = make(map[string]int32, len(m.feats))
	for f, name := range m.feats {
		m.index[name] = int32(f)
	}
}

// hash is the version a model's content gives: its JSON without a version.
func (m *Model) hash() string {
	j := m.toJSON()
	j.Version = ""
	b, err := json.Marshal(j)
	if err != nil {
		panic(err) // only floats and strings, and no NaN: training rounds every number
	}
	sum := sha256.Sum256(bytes.TrimSpace(b))
	return "qs-" + hex.EncodeToString(sum[:6])
}
