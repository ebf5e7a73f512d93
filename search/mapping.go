package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion changes whenever the mapping below does; an index built
// with another version is rebuilt.
const MappingVersion = 3 // 3: one shard per council

// Page is one page of one document, as the index holds it.
type Page struct {
	DocID       string
	Number      int
	LA          string
	Title       string
	Body        string
	Type        string
	Year        int    // upload year, when Covers is empty
	Covers      []int  // years the document covers (its period)
	Uploaded    string // RFC 3339
	QSConfirmed []string
	QSSuggested []string
	Categories  []string
	Status      string
	// Rev fingerprints what the database said of the document when it was
	// indexed; index check compares it to spot stale pages.
	Rev string
}

// ID is the index key of a page.
func (p Page) ID() string { return pageID(p.DocID, p.Number) }

type pageDoc struct {
	DocID       string   `json:"doc_id"`
	Page        float64  `json:"page"`
	LA          string   `json:"la"`
	Title       string   `json:"title"`
	Body        string   `json:"body"`
	Type        string   `json:"type"`
	Year        []string `json:"year"`
	Uploaded    string   `json:"uploaded"`
	QSConfirmed []string `json:"qs_confirmed"`
	QSSuggested []string `json:"qs_suggested"`
	Categories  []string `json:"category"`
	Status      string   `json:"status"`
	Rev         string   `json:"rev"`
}

func newMapping() mapping.IndexMapping {
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = store
		f.IncludeTermVectors = store // highlights need term vectors
		f.IncludeInAll = false
		f.DocValues = false // never faceted or sorted on; costly for long text
		return f
	}
	kw := func(facet bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.DocValues = facet
		f.Analyzer = keyword.Name
		f.Store = true
		f.IncludeInAll = false
		return f
	}
	num := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = true
		f.DocValues = false
		f.IncludeInAll = false
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt("doc_id", kw(false))
	dm.AddFieldMappingsAt("page", num())
	dm.AddFieldMappingsAt("la", kw(true))
	dm.AddFieldMappingsAt("title", text(true))
	dm.AddFieldMappingsAt("body", text(true))
	dm.AddFieldMappingsAt("type", kw(true))
	dm.AddFieldMappingsAt("year", kw(true))
	uploaded := bleve.NewDateTimeFieldMapping()
	uploaded.Store = true
	uploaded.IncludeInAll = false
	dm.AddFieldMappingsAt("uploaded", uploaded)
	dm.AddFieldMappingsAt("qs_confirmed", kw(true))
	dm.AddFieldMappingsAt("qs_suggested", kw(true))
	dm.AddFieldMappingsAt("category", kw(true))
	dm.AddFieldMappingsAt("status", kw(false))
	dm.AddFieldMappingsAt("rev", kw(false))
	m := bleve.NewIndexMapping()
	// Every query names its fields, so no _all field: it would analyse and
	// store every page's text a second time.
	m.DefaultMapping = dm
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.DefaultAnalyzer = en.AnalyzerName
	return m
}
