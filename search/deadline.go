package search

import (
	"context"
	"encoding/json"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// checkEvery is how many steps a leaf of a query takes between two looks
// at the search's deadline.
const checkEvery = 256

// checked makes q's searcher stop when the search's context is done. Bleve
// itself looks only once per 1,024 pages a shard collects: a shard with
// fewer matches, or a query that reads many pages for each match (a NOT
// reads every page in scope), would run to its end past the deadline.
// translate.go puts every leaf of a query through checked, and every page
// a searcher reads is a step of some leaf, so no shard runs longer than
// checkEvery steps of each leaf past the deadline. Phrases are leaves
// whose own steps Bleve does not show: one may read its words' pages in a
// shard once past it.
func checked(q query.Query) query.Query { return deadlineQuery{q} }

type deadlineQuery struct{ q query.Query }

func (d deadlineQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := d.q.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	if _, none := s.(*searcher.MatchNoneSearcher); none {
		return s, nil // Bleve's booleans leave out what matches nothing by its type
	}
	return &deadlineSearcher{Searcher: s, ctx: ctx}, nil
}

// SetBoost boosts the query inside.
func (d deadlineQuery) SetBoost(b float64) {
	if x, ok := d.q.(query.BoostableQuery); ok {
		x.SetBoost(b)
	}
}

// Validate validates the query inside.
func (d deadlineQuery) Validate() error {
	if x, ok := d.q.(query.ValidatableQuery); ok {
		return x.Validate()
	}
	return nil
}

// MarshalJSON writes the query inside, for logs and tests.
func (d deadlineQuery) MarshalJSON() ([]byte, error) { return json.Marshal(d.q) }

type deadlineSearcher struct {
	bsearch.Searcher
	ctx   context.Context
	steps uint
}

func (s *deadlineSearcher) check() error {
	s.steps++
	if s.steps%checkEvery != 0 {
		return nil
	}
	return s.ctx.Err()
}

func (s *deadlineSearcher) Next(sc *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.Searcher.Next(sc)
}

func (s *deadlineSearcher) Advance(sc *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.Searcher.Advance(sc, id)
}
