package search

import (
	"context"
	"runtime"

	"github.com/blevesearch/bleve/v2"
)

// DefaultCostlyWorkers is Options.CostlyWorkers when Options name none: half the
// cores, at least one. A costly query on a 2-core machine then takes one
// core at most, however many people send one, and leaves the other to
// everyone else's searches.
func DefaultCostlyWorkers() int { return max(1, runtime.GOMAXPROCS(0)/2) }

// costlyQuery reports whether a query costs what the pages in scope cost, not
// what its matches do: a negation with nothing positive beside it, which
// reads every page in scope (NOT carers, carers OR NOT respite), and a
// prefix or a near spelling, which reads the shard's words. Such queries
// are the ones a person can make expensive at will; their shard searches
// take turns (Options.CostlyWorkers) so that they cannot hold every core.
func costlyQuery(n Node, stem func(string) string) bool {
	switch n := cancelNots(n).(type) {
	case Term:
		return n.Prefix || n.Fuzzy
	case Not:
		return true
	case And:
		positive, expands := false, false
		for _, p := range flatten(n) {
			p = cancelNots(p)
			if stopWord(p, stem) {
				continue
			}
			if x, ok := p.(Not); ok {
				expands = expands || costlyQuery(x.Part, stem)
				continue
			}
			positive = true
			expands = expands || costlyQuery(p, stem)
		}
		return !positive || expands
	case Or:
		for _, p := range flatten(n) {
			p = cancelNots(p)
			if _, ok := p.(Not); ok || costlyQuery(p, stem) {
				return true
			}
		}
	}
	return false
}

// Costly reports whether r is a costly query: one whose shard searches
// take turns (Options.CostlyWorkers), and which callers may hold to a
// share of their own limits.
func (ix *Index) Costly(r Request) bool { return r.Query != nil && costlyQuery(r.Query, ix.stem) }

// gatedShard is a shard whose searches wait for a turn at gate. An alias
// of them searches one shard per free turn instead of all at once.
type gatedShard struct {
	bleveIndex // not bleve.Index: the field would hide its method Index
	gate       chan struct{}
}

type bleveIndex = bleve.Index

func (g gatedShard) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	select {
	case g.gate <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err() // run tells a search over budget by the cause
	}
	defer func() { <-g.gate }()
	return g.bleveIndex.SearchInContext(ctx, req)
}

// gated wraps shards so that their searches take turns at gate.
func gated(shards []bleve.Index, gate chan struct{}) []bleve.Index {
	out := make([]bleve.Index, len(shards))
	for i, s := range shards {
		out[i] = gatedShard{bleveIndex: s, gate: gate}
	}
	return out
}
