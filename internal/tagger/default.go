package tagger

import "github.com/evidenceportal/portal/internal/framework"

// Default trains the model the portal ships with: the catalogue, the
// lexicon and every embedded labelled text (RepositoryExamples), and the
// evidence categories from the embedded labelled passages
// (CategoryExamples), with
// DefaultOptions. It is rebuilt at start rather than shipped as a file; the
// same repository always gives the same model and version. It takes a
// fraction of a second, so callers keep the model.
func Default(cat *framework.Catalogue) (*Model, error) {
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
