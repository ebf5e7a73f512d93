package search

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
)

// ErrTooCostly means a search ran past its time budget
// (Options.SearchBudget) and was stopped. No part of its result is
// returned: the shards that finished are not the answer.
var ErrTooCostly = errors.New("search over its time budget")

// DefaultSearchBudget is the time budget of a search when Options name
// none. The slowest queries measured (phrases of common words over ten
// councils of a 1M-page corpus) take 190-250 ms, a national search at 100k
// pages about 180 ms at p95: 2 s leaves them several times that, and stops
// a query that would hold both cores much longer.
const DefaultSearchBudget = 2 * time.Second

// Options are the settings of an open index.
type Options struct {
	// SearchBudget is the most time one Search or Similar may take, both
	// of its passes over the shards together; a search still running then
	// is stopped and gets ErrTooCostly. Zero means DefaultSearchBudget.
	SearchBudget time.Duration
	// CostlyWorkers is how many shard searches of costly queries (see
	// costlyQuery) run at once in the process, all of them together: the rest
	// wait for a turn within their budget. Zero means
	// DefaultCostlyWorkers.
	CostlyWorkers int
}

func (o Options) withDefaults() Options {
	if o.SearchBudget <= 0 {
		o.SearchBudget = DefaultSearchBudget
	}
	if o.CostlyWorkers <= 0 {
		o.CostlyWorkers = DefaultCostlyWorkers()
	}
	return o
}

// budget bounds one search: a deadline that each shard's collector checks
// as it goes (every 1,024 pages it looks at), and at most MaxShardTerms
// terms looked up in each shard. The caller must call cancel.
func (ix *Index) budget(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx = context.WithValue(ctx, bsearch.MaxTermSearchersKey, MaxShardTerms)
	return context.WithTimeoutCause(ctx, ix.opts.SearchBudget, ErrTooCostly)
}

// run runs req on bi, a shard or an alias of shards. An alias reports a
// shard that failed (one over budget, say) only in the result's status,
// beside the other shards' hits and with no error: run makes that an
// error, so a part is never taken for the whole.
func run(ctx context.Context, bi bleve.Index, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := bi.SearchInContext(ctx, req)
	if err == nil && res.Status != nil && (res.Status.Failed > 0 || len(res.Status.Errors) > 0) {
		errs := []error{fmt.Errorf("%d of %d shards failed", res.Status.Failed, res.Status.Total)}
		for _, name := range slices.Sorted(maps.Keys(res.Status.Errors)) {
			errs = append(errs, fmt.Errorf("shard %s: %w", name, res.Status.Errors[name]))
		}
		err = errors.Join(errs...)
	}
	switch {
	case err == nil:
		return res, nil
	case errors.Is(context.Cause(ctx), ErrTooCostly):
		return nil, ErrTooCostly
	case strings.Contains(err.Error(), "TooManyTermSearchers"):
		// Bleve has no sentinel for MaxTermSearchersKey; a test pins
		// this text (TestSearchLimits).
		return nil, errTooManyExpansions()
	}
	return nil, err
}
