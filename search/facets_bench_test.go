package search

import (
	"context"
	"testing"
)

// BenchmarkSearchFacets is a search whose pages fill the window
// (pageWindow), with every facet counted: the cost of counting documents
// rather than pages.
func BenchmarkSearchFacets(b *testing.B) {
	ix, scope := benchIndex(b, 50) // 10,000 pages, 5,000 in scope
	ctx := context.Background()
	q, err := Parse("word1")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := ix.Search(ctx, Request{Query: q, Scope: scope, Size: 20})
		if err != nil || res.TotalPages < pageWindow || len(res.Facets["la"]) == 0 {
			b.Fatalf("Search = %d pages, %d la facets, %v", res.TotalPages, len(res.Facets["la"]), err)
		}
	}
}
