// Package search owns the Bleve index of evidence pages: mapping, query
// language, facets, highlights and reindexing. It is the only package that
// knows Bleve, and it imports no other package of the portal.
//
// The query language's parser (query.go: words, "exact phrases", AND / OR /
// NOT, + and -, brackets, fields qs: category: type: la: year: title:,
// prefix carer* and fuzzy carer~) builds a small tree of our own types,
// with GOV.UK-worded QueryErrors wrapping ErrBadQuery; translate.go turns
// it into Bleve queries. The index (index.go) keeps one Bleve document per
// page in generations (generation.go) switched by a CURRENT file, each
// split into one shard per council (shards.go): a search (search.go) only
// reads the shards of the councils in its scope, so neither hits nor facet
// counts can include another council, and snippets are escaped by Bleve's
// html highlighter with only <mark> as markup. check.go compares the index
// with the database; Similar (similar.go) is "more like this", within the
// same scope.
package search
