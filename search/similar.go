package search

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// similarTerms is how many of a document's most telling words "more like
// this" searches for.
const similarTerms = 25

// Similar finds documents like docID within scope ("more like this"): it
// takes the words that occur often in the document's pages but not
// everywhere, and searches for them, leaving the document itself out.
// A document outside the scope gives no results, as a missing one does.
func (ix *Index) Similar(ctx context.Context, docID string, scope Scope, size int) (Result, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	shards := ix.sh.pick(scope, "")
	if len(shards) == 0 {
		return Result{}, nil
	}
	bi := target(shards)
	req := bleve.NewSearchRequestOptions(keywordQ("doc_id", docID), 200, 0, false)
	req.Fields = []string{"body"}
	res, err := bi.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("read %s for similar documents: %w", docID, err)
	}
	if len(res.Hits) == 0 {
		return Result{}, nil
	}
	var text strings.Builder
	for _, h := range res.Hits {
		if b, ok := h.Fields["body"].(string); ok {
			text.WriteString(b)
			text.WriteByte('\n')
		}
	}
	terms := ix.topTerms(bi, text.String(), similarTerms)
	if len(terms) == 0 {
		return Result{}, nil
	}
	parts := make([]query.Query, len(terms))
	for i, t := range terms {
		parts[i] = keywordQ("body", t)
	}
	like := bleve.NewDisjunctionQuery(parts...)
	like.SetMin(2)
	not := bleve.NewBooleanQuery()
	not.AddMust(like)
	not.AddMustNot(keywordQ("doc_id", docID))
	return ix.search(ctx, shards, not, Request{Scope: scope, Size: size, Page: 1})
}

// topTerms are the stems that occur most in text, weighted down by how many
// pages in scope (bi) hold them.
func (ix *Index) topTerms(bi bleve.Index, text string, n int) []string {
	if ix.analyzer == nil {
		return nil
	}
	counts := map[string]int{}
	for _, tok := range ix.analyzer.Analyze([]byte(text)) {
		if len(tok.Term) > 2 {
			counts[string(tok.Term)]++
		}
	}
	total, _ := bi.DocCount()
	type scored struct {
		term  string
		score float64
	}
	var all []scored
	for t, c := range counts {
		df := docFreq(bi, t)
		if total > 0 && df > int(total)/2+1 {
			continue // on most pages: says nothing about this document
		}
		all = append(all, scored{t, float64(c) / float64(1+df)})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].score != all[j].score {
			return all[i].score > all[j].score
		}
		return all[i].term < all[j].term
	})
	var out []string
	for i := 0; i < len(all) && i < n; i++ {
		out = append(out, all[i].term)
	}
	return out
}

func docFreq(bi bleve.Index, term string) int {
	req := bleve.NewSearchRequestOptions(keywordQ("body", term), 0, 0, false)
	res, err := bi.Search(req)
	if err != nil {
		return 0
	}
	return int(res.Total)
}
