package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion changes whenever the mapping below does; an index built
// with another version is rebuilt.
const MappingVersion = 2

// Page is one page of one document, as the index holds it.
type Page struct {
	DocID       string
	Number      int
	LA          string
	Title       string
	Body        string
	Type        string
	Year        int
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
	Year        string   `json:"year"`
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
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = true
		return f
	}
	num := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = true
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt("doc_id", kw())
	dm.AddFieldMappingsAt("page", num())
	dm.AddFieldMappingsAt("la", kw())
	dm.AddFieldMappingsAt("title", text(true))
	dm.AddFieldMappingsAt("body", text(true))
	dm.AddFieldMappingsAt("type", kw())
	dm.AddFieldMappingsAt("year", kw())
	uploaded := bleve.NewDateTimeFieldMapping()
	uploaded.Store = true
	dm.AddFieldMappingsAt("uploaded", uploaded)
	dm.AddFieldMappingsAt("qs_confirmed", kw())
	dm.AddFieldMappingsAt("qs_suggested", kw())
	dm.AddFieldMappingsAt("category", kw())
	dm.AddFieldMappingsAt("status", kw())
	dm.AddFieldMappingsAt("rev", kw())
	m := bleve.NewIndexMapping()
	m.DefaultMapping = dm
	m.DefaultAnalyzer = en.AnalyzerName
	return m
}
