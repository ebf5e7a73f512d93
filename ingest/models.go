package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tagger"
)

// Models gives the tag stage the active tagger model, stored in
// PostgreSQL, and loads another when a retrain or a rollback changed it.
// The shipped model (trained at start from the repository) is stored as the
// first one, and stands in for a stored model this build cannot read.
type Models struct {
	store   *store.Store
	cat     *framework.Catalogue
	shipped *tagger.Model
	log     *slog.Logger

	mu  sync.Mutex
	cur *tagger.Model
}

// NewModels keeps the shipped model as the first and fallback one.
func NewModels(st *store.Store, cat *framework.Catalogue, shipped *tagger.Model, log *slog.Logger) *Models {
	return &Models{store: st, cat: cat, shipped: shipped, log: log}
}

// Active returns the active model, loading it when its version changed.
func (ms *Models) Active(ctx context.Context) (*tagger.Model, error) {
	v, err := ms.store.ActiveTagModelVersion(ctx)
	if errors.Is(err, store.ErrNotFound) {
		if err := ms.Ensure(ctx); err != nil {
			return nil, err
		}
		v, err = ms.store.ActiveTagModelVersion(ctx)
	}
	if err != nil {
		return nil, err
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.cur != nil && ms.cur.Version() == v {
		return ms.cur, nil
	}
	if v == ms.shipped.Version() {
		ms.cur = ms.shipped
		return ms.cur, nil
	}
	tm, err := ms.store.ActiveTagModel(ctx)
	if err != nil {
		return nil, err
	}
	m := &tagger.Model{}
	if err := m.UnmarshalJSON(tm.Model); err != nil {
		if errors.Is(err, tagger.ErrFormat) {
			// An older build's model: tag with the shipped one until the
			// next retrain stores one of this format.
			ms.log.Warn("stored tag model of another format: using the shipped model", "model", tm.Version)
			return ms.shipped, nil
		}
		return nil, fmt.Errorf("load tag model %s: %w", tm.Version, err)
	}
	ms.cur = m
	return m, nil
}

// Ensure stores the shipped model as the active one when there is none
// yet, with its cross-validated figures on the repository's labelled
// paragraphs (a second or two, once per database).
func (ms *Models) Ensure(ctx context.Context) error {
	if _, err := ms.store.ActiveTagModelVersion(ctx); err == nil || !errors.Is(err, store.ErrNotFound) {
		return err
	}
	ex := tagger.RepositoryExamples()
	metrics, err := tagger.CrossValidate(ms.cat, ex, cvFolds, tagger.DefaultOptions())
	if err != nil {
		return err
	}
	tm, err := storedModel(ms.shipped, metrics, TrainingSources{Repository: len(ex)}, "Shipped with the portal: the framework catalogue, the lexicon and the repository's labelled paragraphs")
	if err != nil {
		return err
	}
	if _, err := ms.store.EnsureTagModel(ctx, tm); err != nil {
		return err
	}
	return nil
}

// cvFolds is the number of grouped folds of the figures stored with a model.
const cvFolds = 5

// storedMetrics is the JSON stored beside a model: its cross-validated
// figures and where its examples came from.
type storedMetrics struct {
	tagger.Metrics
	Sources *TrainingSources `json:"sources,omitempty"`
}

func storedModel(m *tagger.Model, metrics tagger.Metrics, src TrainingSources, note string) (store.TagModel, error) {
	b, err := m.MarshalJSON()
	if err != nil {
		return store.TagModel{}, fmt.Errorf("encode tag model: %w", err)
	}
	mj, err := json.Marshal(storedMetrics{Metrics: metrics, Sources: &src})
	if err != nil {
		return store.TagModel{}, fmt.Errorf("encode tag model metrics: %w", err)
	}
	return store.TagModel{Version: m.Version(), Examples: src.Total(), Decisions: src.Decisions(), Metrics: mj, Model: b, Note: note}, nil
}

// ModelSources returns where a stored model's examples came from. A model
// stored before the sources were recorded had only the repository's
// paragraphs and inspectors' confirmations.
func ModelSources(tm store.TagModel) TrainingSources {
	var sm storedMetrics
	if json.Unmarshal(tm.Metrics, &sm) == nil && sm.Sources != nil {
		return *sm.Sources
	}
	return TrainingSources{Repository: tm.Examples - tm.Decisions, Confirmed: tm.Decisions}
}
