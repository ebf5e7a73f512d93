package search

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
)

// windowFacets reads the facet fields of the window's pages from each
// shard's doc values, by page id, as they stand now (a page changed since
// the search gives its new values, one removed gives none). Loading the
// stored pages instead, body and all, made a query that matches every page
// cost ten times its search (350 ms and 70 MB a search at 10,000 pages):
// the first pass reads no stored field.
func windowFacets(ctx context.Context, shards []bleve.Index, hits bsearch.DocumentMatchCollection) (map[string]map[string][]string, error) {
	byName := make(map[string]bleve.Index, len(shards))
	for _, s := range shards {
		byName[s.Name()] = s
	}
	byShard := map[string][]*bsearch.DocumentMatch{}
	for _, h := range hits {
		byShard[h.Index] = append(byShard[h.Index], h)
	}
	fields := slices.Sorted(maps.Values(facetFields))
	out := make(map[string]map[string][]string, len(hits))
	for name, hs := range byShard {
		s, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("search: read facets: a hit of shard %q, not searched", name)
		}
		if err := shardFacets(ctx, s, fields, hs, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func shardFacets(ctx context.Context, s bleve.Index, fields []string, hits []*bsearch.DocumentMatch, out map[string]map[string][]string) error {
	adv, err := s.Advanced()
	if err != nil {
		return fmt.Errorf("search: read facets: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("search: read facets: %w", err)
	}
	defer r.Close()
	dvr, err := r.DocValueReader(fields)
	if err != nil {
		return fmt.Errorf("search: read facets: %w", err)
	}
	for i, h := range hits {
		if i%256 == 0 && ctx.Err() != nil {
			return budgetErr(ctx)
		}
		iid, err := r.InternalID(h.ID)
		if err != nil {
			return fmt.Errorf("search: read facets of %s: %w", h.ID, err)
		}
		if iid == nil {
			continue // removed since the search
		}
		vals := map[string][]string{}
		if err := dvr.VisitDocValues(iid, func(field string, term []byte) {
			vals[field] = append(vals[field], string(term))
		}); err != nil {
			return fmt.Errorf("search: read facets of %s: %w", h.ID, err)
		}
		out[h.ID] = vals
	}
	return nil
}

// budgetErr is why ctx ended: ErrTooCostly when the search's budget ran
// out.
func budgetErr(ctx context.Context) error {
	if errors.Is(context.Cause(ctx), ErrTooCostly) {
		return ErrTooCostly
	}
	return ctx.Err()
}
