package search

import (
	"context"
	"fmt"
	"iter"
	"maps"
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
// It has the time budget of a Search.
func (ix *Index) Similar(ctx context.Context, docID string, scope Scope, size int) (Result, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ctx, cancel := ix.budget(ctx)
	defer cancel()
	shards := ix.sh.pick(scope, "")
	if len(shards) == 0 {
		return Result{}, nil
	}
	bi := target(shards)
	req := bleve.NewSearchRequestOptions(keywordQ("doc_id", docID), 200, 0, false)
	req.Fields = []string{"body"}
	res, err := run(ctx, bi, req)
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
	terms, err := ix.topTerms(ctx, shards, text.String(), similarTerms)
	if err != nil {
		return Result{}, err
	}
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
// pages in scope (the shards) hold them.
func (ix *Index) topTerms(ctx context.Context, shards []bleve.Index, text string, n int) ([]string, error) {
	if ix.analyzer == nil {
		return nil, nil
	}
	counts := map[string]int{}
	for _, tok := range ix.analyzer.Analyze([]byte(text)) {
		if len(tok.Term) > 2 {
			counts[string(tok.Term)]++
		}
	}
	df, total, err := docFreqs(ctx, shards, counts)
	if err != nil {
		return nil, err
	}
	type scored struct {
		term  string
		score float64
	}
	var all []scored
	for t, c := range counts {
		if total > 0 && df[t] > total/2+1 {
			continue // on most pages: says nothing about this document
		}
		all = append(all, scored{t, float64(c) / float64(1+df[t])})
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
	return out, nil
}

// docFreqs counts the pages holding each term, and all pages, over the
// shards. It reads the term dictionaries: a document has hundreds of
// distinct words, and a search for each would cost more than the rest of
// "more like this" together.
func docFreqs(ctx context.Context, shards []bleve.Index, terms map[string]int) (map[string]int, int, error) {
	df := make(map[string]int, len(terms))
	total := 0
	for _, bi := range shards {
		n, err := bi.DocCount()
		if err != nil {
			return nil, 0, fmt.Errorf("count pages: %w", err)
		}
		total += int(n)
		if err := termCounts(ctx, bi, "body", maps.Keys(terms), func(t string, n int) { df[t] += n }); err != nil {
			return nil, 0, err
		}
	}
	return df, total, nil
}

// termCounts reads from a shard's term dictionary how many pages hold each
// term of field, without running a search.
func termCounts(ctx context.Context, bi bleve.Index, field string, terms iter.Seq[string], count func(term string, n int)) error {
	adv, err := bi.Advanced()
	if err != nil {
		return fmt.Errorf("read term dictionary: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("read term dictionary: %w", err)
	}
	defer r.Close()
	for t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t), field, false, false, false)
		if err != nil {
			return fmt.Errorf("read term dictionary: %w", err)
		}
		count(t, int(tfr.Count()))
		tfr.Close()
	}
	return nil
}
