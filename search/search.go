package search

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Scope is the councils a search may see. It is part of every query, so
// neither hits nor facet counts can reveal another council's documents.
type Scope struct {
	All bool
	LAs []string
}

// Request is one search.
type Request struct {
	Query   Node // from Parse; nil matches everything in scope
	Scope   Scope
	Filters map[string]string // facet filters: la, qs, type, year, category
	ByDate  bool              // newest first instead of relevance
	Page    int               // from 1
	Size    int               // documents per page
}

// PageHit is one matching page of a document, with its highlighted snippet:
// HTML in which the document's text is escaped and only <mark> is markup.
type PageHit struct {
	Page    int
	Snippet string
}

// DocHit is one document with its best pages.
type DocHit struct {
	DocID string
	Title string
	LA    string
	Type  string
	Year  int
	Score float64
	Pages []PageHit
}

// FacetCount is one value of a facet with its number of matching
// documents: of the documents among the pages looked at (pageWindow), the
// same documents TotalDocs counts.
type FacetCount struct {
	Value string
	Count int
}

// Result is one page of results, grouped by document.
type Result struct {
	TotalPages int // matching pages in scope
	TotalDocs  int // documents among the pages looked at
	// Partial is set when more pages matched than were looked at: TotalDocs
	// and the facet counts are then of the best pageWindow pages only.
	Partial bool
	Hits    []DocHit
	Facets  map[string][]FacetCount
}

// pageWindow bounds how many page hits are grouped into documents per
// search: enough for the first pages of results.
const pageWindow = 1000

// facetFields are the facets of a result, by name, with the field each
// counts: "qs" is the confirmed statements, "qs_suggested" the suggested.
var facetFields = map[string]string{"la": "la", "qs": "qs_confirmed", "qs_suggested": "qs_suggested", "type": "type", "year": "year", "category": "category"}

// facetSize is how many values of each facet a result lists, most
// documents first.
const facetSize = 20

// FilterNames are the facet filters a Request takes, in the order a page
// lists them.
var FilterNames = []string{"la", "qs", "qs_suggested", "category", "type", "year"}

// Search runs a request within its scope, in at most the index's time
// budget (Options.SearchBudget): past it, the search is stopped and gets
// ErrTooCostly. A query whose words ending in * or ~ stand for more than
// MaxShardTerms terms of a shard gets a QueryError.
func (ix *Index) Search(ctx context.Context, r Request) (Result, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ctx, cancel := ix.budget(ctx)
	defer cancel()
	q := bleve.NewConjunctionQuery(toBleve(r.Query, ix.stem))
	for field, v := range r.Filters {
		if v == "" {
			continue
		}
		if field == "qs" || field == "qs_suggested" {
			// A filter picks one facet: confirmed or suggested, unlike
			// qs: in a query, which finds either.
			q.AddQuery(keywordQ(facetFields[field], strings.ToLower(v)))
			continue
		}
		if _, ok := Fields[field]; ok {
			q.AddQuery(termQuery(Term{Field: field, Text: v}, ix.stem))
		}
	}
	shards := ix.sh.pick(r.Scope, r.Filters["la"])
	if ix.Costly(r) {
		shards = gated(shards, ix.costly)
	}
	return ix.search(ctx, shards, q, r)
}

// search runs q on the shards of the scope and groups the page hits into
// documents, in two passes. The first ranks up to pageWindow pages and
// reads their facet fields (small keywords), so that facets count
// documents, as the total does: Bleve's own facets count every matching
// page, which put "5" beside a council with one document of five pages.
// The second reads titles and highlights only the best pages of the
// documents shown, which is what makes a search cheap (highlighting every
// page of the window cost several times the search itself).
func (ix *Index) search(ctx context.Context, shards []bleve.Index, q query.Query, r Request) (Result, error) {
	if r.Size <= 0 || r.Size > 100 {
		r.Size = 20
	}
	if r.Page <= 0 {
		r.Page = 1
	}
	if r.Page > pageWindow {
		// No window groups into more documents than it has pages: a page
		// past it is empty anyway, and (Page-1)*Size must not overflow.
		r.Page = pageWindow + 1
	}
	out := Result{Facets: map[string][]FacetCount{}}
	for name := range facetFields {
		out.Facets[name] = nil
	}
	if len(shards) == 0 {
		return out, nil // no council in scope has any evidence indexed
	}
	bi := target(shards)
	req := bleve.NewSearchRequestOptions(q, pageWindow, 0, false)
	if r.ByDate {
		req.SortBy([]string{"-uploaded", "-_score"})
	}
	res, err := run(ctx, bi, req)
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	facets, err := windowFacets(ctx, shards, res.Hits)
	if err != nil {
		return Result{}, err
	}
	out.TotalPages = int(res.Total)
	out.Partial = res.Total > uint64(len(res.Hits))
	var order []string
	docsWith := map[string]map[string]map[string]bool{} // facet: value: documents
	best := map[string][]string{}                       // document id: its best page ids, best first
	score := map[string]float64{}
	for _, h := range res.Hits {
		id, _, _ := strings.Cut(h.ID, "/")
		if _, ok := best[id]; !ok {
			order = append(order, id)
			score[id] = h.Score
		}
		if len(best[id]) < 3 {
			best[id] = append(best[id], h.ID)
		}
		for name, field := range facetFields {
			for _, v := range facets[h.ID][field] {
				if docsWith[name] == nil {
					docsWith[name] = map[string]map[string]bool{}
				}
				if docsWith[name][v] == nil {
					docsWith[name][v] = map[string]bool{}
				}
				docsWith[name][v][id] = true
			}
		}
	}
	out.TotalDocs = len(order)
	for name, byValue := range docsWith {
		counts := make([]FacetCount, 0, len(byValue))
		for v, docs := range byValue {
			counts = append(counts, FacetCount{Value: v, Count: len(docs)})
		}
		sort.Slice(counts, func(i, j int) bool {
			if counts[i].Count != counts[j].Count {
				return counts[i].Count > counts[j].Count
			}
			return counts[i].Value < counts[j].Value
		})
		out.Facets[name] = counts[:min(len(counts), facetSize)]
	}
	start := (r.Page - 1) * r.Size
	if start >= len(order) {
		return out, nil
	}
	shown := order[start:min(len(order), start+r.Size)]
	var ids []string
	for _, id := range shown {
		ids = append(ids, best[id]...)
	}
	pages, err := pageHits(ctx, bi, q, ids)
	if err != nil {
		return Result{}, err
	}
	for _, id := range shown {
		d := DocHit{DocID: id, Score: score[id]}
		for _, pid := range best[id] {
			h, ok := pages[pid]
			if !ok {
				continue // changed between the two passes
			}
			if d.Title == "" {
				d.Title, _ = h.Fields["title"].(string)
				d.LA, _ = h.Fields["la"].(string)
				d.Type, _ = h.Fields["type"].(string)
				d.Year = firstYear(h.Fields["year"])
			}
			page := 0
			if p, ok := h.Fields["page"].(float64); ok {
				page = int(p)
			}
			snippet := ""
			if frags := h.Fragments["body"]; len(frags) > 0 {
				snippet = frags[0]
			}
			d.Pages = append(d.Pages, PageHit{Page: page, Snippet: snippet})
		}
		out.Hits = append(out.Hits, d)
	}
	return out, nil
}

// pageHits reads and highlights the given pages as matched by q.
func pageHits(ctx context.Context, bi bleve.Index, q query.Query, ids []string) (map[string]*bsearch.DocumentMatch, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(q, bleve.NewDocIDQuery(ids)), len(ids), 0, false)
	req.Fields = []string{"page", "la", "title", "type", "year"}
	req.Highlight = bleve.NewHighlightWithStyle("html")
	req.Highlight.AddField("body")
	res, err := run(ctx, bi, req)
	if err != nil {
		return nil, fmt.Errorf("search: read pages: %w", err)
	}
	out := make(map[string]*bsearch.DocumentMatch, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h
	}
	return out, nil
}

// firstYear reads a stored year field, which holds one value or several.
func firstYear(v any) int {
	switch y := v.(type) {
	case string:
		n, _ := strconv.Atoi(y)
		return n
	case []any:
		if len(y) > 0 {
			return firstYear(y[0])
		}
	}
	return 0
}

// stem runs a word through the English analyzer the body is indexed with;
// a stop word gives "".
func (ix *Index) stem(word string) string {
	if ix.analyzer == nil {
		return word
	}
	if toks := ix.analyzer.Analyze([]byte(word)); len(toks) > 0 {
		return string(toks[0].Term)
	}
	return ""
}
