package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// ErrMappingChanged means the index on disk was built with another mapping
// version and must be rebuilt (portal reindex).
var ErrMappingChanged = errors.New("index mapping version changed")

const versionFile = "portal-mapping-version"

// Index is the Bleve index of pages. One process owns a directory.
type Index struct {
	bi  bleve.Index
	dir string
}

// Open opens the index in dir, creating it when the directory is empty or
// missing. An index of another mapping version is refused with
// ErrMappingChanged, so the caller can rebuild it.
func Open(dir string) (*Index, error) {
	ver, err := os.ReadFile(filepath.Join(dir, versionFile))
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(dir), 0o750); err != nil {
			return nil, fmt.Errorf("create index parent %s: %w", dir, err)
		}
		bi, err := bleve.New(filepath.Join(dir, "bleve"), newMapping())
		if err != nil {
			return nil, fmt.Errorf("create index %s: %w", dir, err)
		}
		if err := os.WriteFile(filepath.Join(dir, versionFile), []byte(strconv.Itoa(MappingVersion)), 0o640); err != nil {
			bi.Close()
			return nil, fmt.Errorf("write mapping version: %w", err)
		}
		return &Index{bi: bi, dir: dir}, nil
	case err != nil:
		return nil, fmt.Errorf("read mapping version: %w", err)
	}
	if strings.TrimSpace(string(ver)) != strconv.Itoa(MappingVersion) {
		return nil, fmt.Errorf("open index %s (version %s, want %d): %w", dir, ver, MappingVersion, ErrMappingChanged)
	}
	bi, err := bleve.Open(filepath.Join(dir, "bleve"))
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	return &Index{bi: bi, dir: dir}, nil
}

// Close closes the index.
func (ix *Index) Close() error { return ix.bi.Close() }

func pageID(docID string, n int) string { return docID + "/" + strconv.Itoa(n) }

// Put indexes the pages of documents, replacing any earlier copy of them.
func (ix *Index) Put(ctx context.Context, pages []Page) error {
	b := ix.bi.NewBatch()
	for _, p := range pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := pageDoc{DocID: p.DocID, Page: float64(p.Number), LA: p.LA, Title: p.Title, Body: p.Body,
			Type: p.Type, Year: yearString(p.Year), Uploaded: p.Uploaded, QSConfirmed: p.QSConfirmed,
			QSSuggested: p.QSSuggested, Categories: p.Categories, Status: p.Status}
		if err := b.Index(p.ID(), d); err != nil {
			return fmt.Errorf("index page %s: %w", p.ID(), err)
		}
	}
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("index %d pages: %w", len(pages), err)
	}
	return nil
}

// DeleteDocument removes every page of a document (withdrawn, or replaced
// by a new version with fewer pages).
func (ix *Index) DeleteDocument(ctx context.Context, docID string) error {
	q := keywordQ("doc_id", docID)
	for {
		req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
		res, err := ix.bi.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("find pages of %s: %w", docID, err)
		}
		if len(res.Hits) == 0 {
			return nil
		}
		b := ix.bi.NewBatch()
		for _, h := range res.Hits {
			b.Delete(h.ID)
		}
		if err := ix.bi.Batch(b); err != nil {
			return fmt.Errorf("delete pages of %s: %w", docID, err)
		}
	}
}

// Count is the number of pages in the index.
func (ix *Index) Count() (uint64, error) { return ix.bi.DocCount() }

func yearString(y int) string {
	if y <= 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// Exists reports whether dir already holds an index (of any version).
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, versionFile))
	return err == nil
}
