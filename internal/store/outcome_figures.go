package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/jackc/pgx/v5"
)

// outcomeCache holds the figures every council's benchmark shares (every
// region, council type and England figure, and every council's of the
// latest year of each layout), read once per version of the datasets: they
// change only when a file is imported, and every page with outcomes needs
// them. Each request checks the version in the database, so several
// processes never show a replaced dataset's figures.
type outcomeCache struct {
	mu      sync.Mutex
	version string
	shared  []outcomes.Figure
}

// The datasets' version: an import that changes anything deletes and
// inserts its dataset, so it gets a new id.
const outcomeVersionQuery = `SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM outcome_datasets`

// outcomeLatest are the datasets of the latest year of each layout.
const outcomeLatest = `SELECT d.id FROM outcome_datasets d
	WHERE d.year = (SELECT max(year) FROM outcome_datasets l WHERE l.layout = d.layout)`

// The shared figures, each half through its partial index (migration 018).
const outcomeSharedQuery = `
	SELECT d.year, v.level, v.area, v.region_code, v.measure, v.value
	FROM outcome_datasets d JOIN outcome_values v ON v.dataset_id = d.id
	WHERE v.level <> 'la' AND v.disaggregation = 'Total'
	UNION ALL
	SELECT d.year, v.level, v.area, v.region_code, v.measure, v.value
	FROM outcome_datasets d JOIN outcome_values v ON v.dataset_id = d.id
	WHERE v.level = 'la' AND v.disaggregation = 'Total' AND d.id IN (` + outcomeLatest + `)`

// A council's figures of the years before the latest.
const outcomeOwnQuery = `
	SELECT d.year, v.level, v.area, v.region_code, v.measure, v.value
	FROM outcome_values v JOIN outcome_datasets d ON d.id = v.dataset_id
	WHERE v.la_code = $1 AND v.disaggregation = 'Total' AND d.id NOT IN (` + outcomeLatest + `)`

// OutcomeFigures returns what benchmarking one council needs, the Total
// disaggregation only: the council's figures of every year, every other
// council's of the latest year of each layout, and every region, council
// type and England figure, in no order. With 150 councils, 19 ASCOF
// measures and 10 years that is about 190 + 2,850 + 2,660 rows, all but the
// council's own earlier years from the cache while no import changes them.
// The caller must not change the figures.
func (s *Store) OutcomeFigures(ctx context.Context, la string) ([]outcomes.Figure, error) {
	var out []outcomes.Figure
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// One snapshot: the version, the shared figures and the council's
		// own agree even while an import commits.
		var version string
		if err := tx.QueryRow(ctx, outcomeVersionQuery).Scan(&version); err != nil {
			return err
		}
		shared, err := s.sharedOutcomeFigures(ctx, tx, version)
		if err != nil {
			return err
		}
		own, err := collectFigures(tx.Query(ctx, outcomeOwnQuery, la))
		if err != nil {
			return err
		}
		out = make([]outcomes.Figure, 0, len(shared)+len(own))
		out = append(append(out, shared...), own...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("outcome figures of %s: %w", la, err)
	}
	return out, nil
}

func (s *Store) sharedOutcomeFigures(ctx context.Context, tx pgx.Tx, version string) ([]outcomes.Figure, error) {
	c := &s.outcomes
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.shared != nil && c.version == version {
		return c.shared, nil
	}
	figs, err := collectFigures(tx.Query(ctx, outcomeSharedQuery))
	if err != nil {
		return nil, err
	}
	c.version, c.shared = version, figs
	return figs, nil
}

func collectFigures(rows pgx.Rows, err error) ([]outcomes.Figure, error) {
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (outcomes.Figure, error) {
		var f outcomes.Figure
		var level string
		err := r.Scan(&f.Year, &level, &f.Area, &f.Region, &f.Measure, &f.Value)
		f.Level = outcomes.Level(level)
		return f, err
	})
	if out == nil && err == nil {
		out = []outcomes.Figure{}
	}
	return out, err
}
