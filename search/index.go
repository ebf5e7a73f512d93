package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
)

// ErrMappingChanged means the index on disk was built with another mapping
// version and must be rebuilt (portal reindex).
var ErrMappingChanged = errors.New("index mapping version changed")

// Index is the Bleve index of pages. One process owns a directory. The
// generation behind it can be switched while it serves (Reload): searches
// and writes hold mu for reading, the switch for writing.
type Index struct {
	root     string // PORTAL_INDEX_DIR: generations and the CURRENT pointer
	analyzer analysis.Analyzer
	mu       sync.RWMutex
	sh       *shards
	gen      string   // name of the generation sh belongs to
	owner    *os.File // holds the owner lock while open
	opts     Options
	costly   chan struct{} // turns of costly shard searches (Options.CostlyWorkers)
}

// Open opens the current generation of the index in root with the default
// Options, creating a first one when there is none. An index of another
// mapping version is refused with ErrMappingChanged, so the caller can
// rebuild it (Create).
func Open(root string) (*Index, error) { return OpenWith(root, Options{}) }

// OpenWith is Open with Options.
func OpenWith(root string, o Options) (*Index, error) {
	gen, err := current(root)
	if errors.Is(err, errNoCurrent) {
		return CreateWith(root, o)
	}
	if err != nil {
		return nil, err
	}
	owner, err := lockOwner(root)
	if err != nil {
		return nil, err
	}
	sh, err := openGeneration(root, gen, nil)
	if err != nil {
		owner.Close()
		return nil, err
	}
	removeOldGenerations(root, gen)
	removeSnapshots(root)
	o = o.withDefaults()
	return &Index{root: root, analyzer: newMapping().AnalyzerNamed(en.AnalyzerName), sh: sh, gen: gen, owner: owner, opts: o,
		costly: make(chan struct{}, o.CostlyWorkers)}, nil
}

// lockOwner takes the lock that makes one process the owner of root: two
// writers would each create a council's shard, and Bleve would wait
// forever on the other's lock instead of saying so.
func lockOwner(root string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(root, ownerFile), os.O_CREATE|os.O_RDWR, 0o640)
	if err != nil {
		return nil, fmt.Errorf("open index owner lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("open index %s: %w", root, ErrInUse)
	}
	return f, nil
}

// Create makes a new, empty generation and makes it current at once, for
// an index that is missing or of another mapping version; its documents
// must then be indexed again. It opens it with the default Options.
func Create(root string) (*Index, error) { return CreateWith(root, Options{}) }

// CreateWith is Create with Options.
func CreateWith(root string, o Options) (*Index, error) {
	b, err := newBuilder(root, false)
	if err != nil {
		return nil, err
	}
	if err := b.Publish(context.Background()); err != nil {
		return nil, err
	}
	return OpenWith(root, o)
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	defer ix.owner.Close() // releases the lock, after the shards are closed
	return ix.sh.close()
}

// Generation names the generation the index is serving.
func (ix *Index) Generation() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.gen
}

func pageID(docID string, n int) string { return docID + "/" + strconv.Itoa(n) }

// Put indexes the pages of documents, replacing any earlier copy of them,
// in batches within BatchPages and BatchBytes. A document cut into several
// batches is visible in part until the last is written.
func (ix *Index) Put(ctx context.Context, pages []Page) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.sh.put(ctx, pages)
}

// put writes pages to one shard in batches within BatchPages and
// BatchBytes (batch.go), however many it is given.
func put(ctx context.Context, bi bleve.Index, pages []Page) error {
	for _, batch := range splitBatches(pages, BatchPages, BatchBytes) {
		if err := putBatch(ctx, bi, batch); err != nil {
			return err
		}
	}
	return nil
}

func putBatch(ctx context.Context, bi bleve.Index, pages []Page) error {
	b := bi.NewBatch()
	if err := addPages(ctx, b, pages); err != nil {
		return err
	}
	if err := bi.Batch(b); err != nil {
		return fmt.Errorf("index %d pages: %w", len(pages), err)
	}
	return nil
}

func addPages(ctx context.Context, b *bleve.Batch, pages []Page) error {
	for _, p := range pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := pageDoc{DocID: p.DocID, Page: float64(p.Number), LA: p.LA, Title: p.Title, Body: p.Body,
			Type: p.Type, Year: years(p), Uploaded: p.Uploaded, QSConfirmed: p.QSConfirmed,
			QSSuggested: p.QSSuggested, Categories: p.Categories, Status: p.Status, Rev: p.Rev}
		if err := b.Index(p.ID(), d); err != nil {
			return fmt.Errorf("index page %s: %w", p.ID(), err)
		}
	}
	return nil
}

// DeleteDocument removes every page of a document (withdrawn, or replaced
// by a new version with fewer pages). Its council is not known here, so it
// looks the document up in every shard's term dictionary, and searches only
// a shard that has it: this runs before every document is indexed.
func (ix *Index) DeleteDocument(ctx context.Context, docID string) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	q := keywordQ("doc_id", docID)
	for _, bi := range ix.sh.all() {
		held := 0
		if err := termCounts(ctx, bi, "doc_id", slices.Values([]string{docID}), func(_ string, n int) { held = n }); err != nil {
			return err
		}
		if held == 0 {
			continue
		}
		for {
			req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
			res, err := bi.SearchInContext(ctx, req)
			if err != nil {
				return fmt.Errorf("find pages of %s: %w", docID, err)
			}
			if len(res.Hits) == 0 {
				break
			}
			b := bi.NewBatch()
			for _, h := range res.Hits {
				b.Delete(h.ID)
			}
			if err := bi.Batch(b); err != nil {
				return fmt.Errorf("delete pages of %s: %w", docID, err)
			}
		}
	}
	return nil
}

// Count is the number of pages in the index.
func (ix *Index) Count() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var n uint64
	for _, bi := range ix.sh.all() {
		c, err := bi.DocCount()
		if err != nil {
			return 0, fmt.Errorf("count pages: %w", err)
		}
		n += c
	}
	return n, nil
}

// years are what year: and the year facet match: the years a document
// covers, or the year it was uploaded when its period names none.
func years(p Page) []string {
	var out []string
	for _, y := range p.Covers {
		out = append(out, strconv.Itoa(y))
	}
	if len(out) == 0 && p.Year > 0 {
		out = append(out, strconv.Itoa(p.Year))
	}
	return out
}
