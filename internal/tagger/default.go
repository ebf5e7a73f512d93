package tagger

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/evidenceportal/portal/internal/framework"
)

// The model the portal ships with and its figures measured by council are
// built from the repository's data (TrainShipped, CouncilCrossValidate) and
// kept as files, because training takes seconds and cross-validating
// tens of seconds (minutes under the race detector) at every start of
// every process. TestShippedIsCurrent fails when the data or the code
// changed without them; `go test ./internal/tagger -run TestShippedIsCurrent
// -update` writes them again.
var (
	//go:embed data/shipped-model.json
	shippedModel []byte
	//go:embed data/shipped-figures.json
	shippedFigures []byte
)

// Default returns the model the portal ships with: TrainShipped's model,
// read from the embedded file (a few tens of milliseconds). It is
// refused when its statements are not the catalogue's.
func Default(cat *framework.Catalogue) (*Model, error) {
	m := &Model{}
	if err := m.UnmarshalJSON(shippedModel); err != nil {
		return nil, fmt.Errorf("read the shipped tagger model: %w", err)
	}
	var want []string
	for _, qs := range cat.Statements {
		want = append(want, qs.Slug)
	}
	if !slices.Equal(m.Classes(), want) {
		return nil, fmt.Errorf("the shipped tagger model scores %v, the catalogue has %v: train it again", m.Classes(), want)
	}
	return m, nil
}

// ShippedFigures returns the shipped model's figures measured by council
// on RepositoryExamples with DefaultOptions, and the model version they are
// of.
func ShippedFigures() (Grouped, string, error) {
	var f shippedFiguresJSON
	if err := json.Unmarshal(shippedFigures, &f); err != nil {
		return Grouped{}, "", fmt.Errorf("read the shipped model's figures: %w", err)
	}
	return f.Grouped, f.Version, nil
}

type shippedFiguresJSON struct {
	Version string  `json:"version"`
	Grouped Grouped `json:"grouped"`
}

// TrainShipped trains the model the portal ships with: the catalogue, the
// lexicon and every embedded labelled text (RepositoryExamples), and the
// evidence categories from the embedded labelled passages
// (CategoryExamples), with DefaultOptions. The same repository always
// gives the same model and version.
func TrainShipped(cat *framework.Catalogue) (*Model, error) {
	m, err := Train(cat, RepositoryExamples(), DefaultOptions())
	if err != nil {
		return nil, err
	}
	return WithLearntCategories(m, CategoryExamples())
}

// WithLearntCategories trains the evidence category model on the cue
// phrases and examples (such as CategoryExamples and inspectors'
// decisions) and returns m with it.
func WithLearntCategories(m *Model, examples []CategoryExample) (*Model, error) {
	g, err := NewGuesser()
	if err != nil {
		return nil, err
	}
	cm, err := TrainCategories(g, examples, DefaultOptions())
	if err != nil {
		return nil, err
	}
	return m.WithCategories(cm)
}

// ZeroShot trains a model on the catalogue and the lexicon alone: what the
// tagger knows on day one, before any labelled example.
func ZeroShot(cat *framework.Catalogue) (*Model, error) {
	return Train(cat, nil, DefaultOptions())
}
