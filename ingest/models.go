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
// The shipped model (trained from the repository, kept as a file) is stored as the
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
// yet, with its figures on the repository's labelled paragraphs measured
// by council: those shipped beside it (tagger.ShippedFigures), or, for a
// shipped model of other data, measured now (tagger.CouncilCrossValidate:
// several seconds, once per database).
func (ms *Models) Ensure(ctx context.Context) error {
	if _, err := ms.store.ActiveTagModelVersion(ctx); err == nil || !errors.Is(err, store.ErrNotFound) {
		return err
	}
	ex := tagger.RepositoryExamples()
	metrics, version, err := tagger.ShippedFigures()
	if err != nil || version != ms.shipped.Version() {
		if metrics, err = tagger.CouncilCrossValidate(ms.cat, ex, tagger.DefaultOptions()); err != nil {
			return err
		}
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

// storedMetrics is the JSON stored beside a model: its figures measured by
// council, their intervals and where its examples came from. A model
// stored before issue 18 has figures of 5 folds grouped by document and no
// Grouping.
type storedMetrics struct {
	tagger.Metrics
	// Grouping is "council" when the figures leave councils out (at most
	// tagger.MaxCouncilFolds folds), "" for the older folds by document.
	Grouping string `json:"grouping,omitempty"`
	Councils int    `json:"councils,omitempty"`
	// The 95% intervals of MacroF1, Top1, Top2 and of each class's F1 (in
	// the order of Metrics.Classes), from a bootstrap over councils.
	MacroF1CI *tagger.Interval  `json:"macroF1CI,omitempty"`
	Top1CI    *tagger.Interval  `json:"top1CI,omitempty"`
	Top2CI    *tagger.Interval  `json:"top2CI,omitempty"`
	F1CI      []tagger.Interval `json:"f1CI,omitempty"`
	Sources   *TrainingSources  `json:"sources,omitempty"`
}

// ModelFigures are a stored model's measured figures.
type ModelFigures struct {
	tagger.Metrics
	// ByCouncil is true when the figures were measured by council, with
	// Councils councils in Metrics.Folds folds and the intervals below;
	// false for a model stored before, measured by 5 folds grouped by
	// document, without intervals.
	ByCouncil                 bool
	Councils                  int
	MacroF1CI, Top1CI, Top2CI tagger.Interval
	F1CI                      []tagger.Interval
}

// Figures returns the figures stored with a model; a model stored without
// them has zeros.
func Figures(tm store.TagModel) ModelFigures {
	var sm storedMetrics
	_ = json.Unmarshal(tm.Metrics, &sm) // zeros for a model stored without figures
	f := ModelFigures{Metrics: sm.Metrics, ByCouncil: sm.Grouping == "council", Councils: sm.Councils, F1CI: sm.F1CI}
	for _, c := range []struct {
		from *tagger.Interval
		to   *tagger.Interval
	}{{sm.MacroF1CI, &f.MacroF1CI}, {sm.Top1CI, &f.Top1CI}, {sm.Top2CI, &f.Top2CI}} {
		if c.from != nil {
			*c.to = *c.from
		}
	}
	return f
}

func storedModel(m *tagger.Model, g tagger.Grouped, src TrainingSources, note string) (store.TagModel, error) {
	b, err := m.MarshalJSON()
	if err != nil {
		return store.TagModel{}, fmt.Errorf("encode tag model: %w", err)
	}
	mj, err := json.Marshal(storedMetrics{Metrics: g.Metrics, Grouping: "council", Councils: g.Councils,
		MacroF1CI: &g.MacroF1, Top1CI: &g.Top1, Top2CI: &g.Top2, F1CI: g.F1, Sources: &src})
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
