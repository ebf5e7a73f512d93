package tagger

import "github.com/evidenceportal/portal/internal/framework"

// Default trains the model the portal ships with: the catalogue, the
// lexicon and every embedded labelled text (RepositoryExamples), with
// DefaultOptions. It is rebuilt at start rather than shipped as a file; the
// same repository always gives the same model and version. It takes a
// fraction of a second, so callers keep the model.
func Default(cat *framework.Catalogue) (*Model, error) {
	return Train(cat, RepositoryExamples(), DefaultOptions())
}

// ZeroShot trains a model on the catalogue and the lexicon alone: what the
// tagger knows on day one, before any labelled example.
func ZeroShot(cat *framework.Catalogue) (*Model, error) {
	return Train(cat, nil, DefaultOptions())
}
