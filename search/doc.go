// Package search owns the Bleve index of evidence pages: mapping, query
// language, facets, highlights and reindexing. It is the only package that
// knows Bleve, and it imports no other package of the portal.
//
// The query language's parser (lex.go, query.go: words, "exact phrases",
// AND / OR / NOT, + and -, brackets, fields qs: category: type: la: year:
// title:, prefix carer* and fuzzy carer~) builds a small tree of our own
// types, with GOV.UK-worded QueryErrors wrapping ErrBadQuery; translate.go
// turns it into Bleve queries. The index (index.go) keeps one Bleve
// document per page in generations (generation.go) switched by a CURRENT
// file, each split into one shard per council (shards.go): a search
// (search.go) only reads the shards of the councils in its scope, so
// neither hits nor facet counts can include another council, and snippets
// are escaped by Bleve's html highlighter with only <mark> as markup.
// check.go compares the index with the database; Similar (similar.go) is
// "more like this", within the same scope.
//
// # What a query may cost
//
// A query is refused, with a QueryError, past any of these limits
// (limits.go), each several times what an inspector writes:
//
//   - MaxQueryBytes: 1,000 bytes;
//   - MaxDepth: 16 brackets inside each other;
//   - MaxWords: 64 words, counting each word of a phrase and each field
//     value, and a word the analyzer splits (co-production) as its parts;
//   - MaxOperators: 32 of AND, OR, NOT, +, -, pairs of brackets, phrases
//     and fields together;
//   - MaxExpanding: 8 words ending in * or ~ (a * needs 2 letters before
//     it, a ~ 3; a ~ allows 1 edit, 2 from 7 letters, Bleve's most);
//   - MaxShardTerms: 1,024 terms looked up in any one shard, once words
//     ending in * or ~ are expanded; this one is checked as the search
//     starts, by Bleve, and says to add letters before * or ~.
//
// Two negations cancel out before anything is counted: NOT NOT carers,
// -(-carers) and NOT (NOT carers) are carers, so a chain of 248 NOTs
// costs what its last word costs (or NOT it, for an odd number). A NOT
// that remains costs a pass over every page in scope, which is why NOTs
// count towards MaxOperators.
//
// Every Search and Similar then has a time budget, Options.SearchBudget
// (DefaultSearchBudget, 2 s: the slowest real queries measured take a
// tenth of that), for both of its passes together. Past it the search is
// stopped and gets ErrTooCostly; the shards that had finished are not
// returned, as the alias over shards would otherwise present them as the
// whole answer (budget.go). A caller's own cancellation or earlier deadline
// gets the caller's error instead.
//
// Bleve looks at the deadline only once per 1,024 pages a shard collects,
// so each leaf of the query also looks every 256 of its steps (deadline.go).
// The bound is then: a search ends within its budget plus the time a shard
// takes to notice, which is at most 256 steps of each leaf, or one
// phrase's pass over its words' pages in a shard, plus merging at most
// 1,000 pages per shard (a budget of 16 ms ended after 38 ms under the race
// detector, over 4 shards of 1,000 pages). The shards of a scope are
// searched at once, one goroutine each, so the CPU time of a search is at
// most that wall time times the shards in scope, and never more than that
// wall time times GOMAXPROCS: with the default budget on 2 cores, about
// 4 CPU-seconds. A search holds the index's read lock as long, so a switch
// of generation waits at most that.
package search
