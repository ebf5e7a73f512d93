// Package search owns the Bleve index of evidence pages: mapping, query
// language, facets, highlights and reindexing. So far it holds the query
// language's parser (query.go): words, "exact phrases", AND / OR / NOT, + and
// -, brackets, fields (qs:, category:, type:, la:, year:, title:), prefix
// (carer*) and fuzzy (carer~) terms, parsed into a small tree of our own
// types that the index will translate into Bleve queries. Errors are
// QueryErrors wrapping ErrBadQuery, worded for the GOV.UK error summary.
// PORTAL_INDEX_DIR is already configured so deployments keep a place for
// the index.
package search
