// Package search owns the Bleve index of evidence pages: mapping, query
// language, facets, highlights and reindexing. It is the only package that
// knows Bleve, and it imports no other package of the portal.
//
// So far: the query language's parser (query.go: words, "exact phrases",
// AND / OR / NOT, + and -, brackets, fields qs: category: type: la: year:
// title:, prefix carer* and fuzzy carer~), parsed into a small tree of our
// own types with GOV.UK-worded QueryErrors wrapping ErrBadQuery; the index
// (index.go: one Bleve document per page, a mapping version written beside
// it, ErrMappingChanged when it differs); and Search (search.go), where the
// council scope is a clause of the query itself, so hits and facet counts
// never include another council, and snippets are escaped by Bleve's html
// highlighter with only <mark> as markup. Still to come with the search
// issue: the index-owner queue, reindex and check, saved searches, the pages,
// the API and the benchmarks. Similar (similar.go) is "more like this",
// within the same scope.
package search
