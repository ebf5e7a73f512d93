// Package search owns the Bleve index of evidence pages: mapping, query
// language, facets, highlights and reindexing. It arrives with the search
// issue; PORTAL_INDEX_DIR is already configured so deployments keep a place
// for it.
package search
