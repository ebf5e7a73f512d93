package search

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// Where a generation stands in the change log (store.IndexChange), kept
// inside it so that a node killed at any moment resumes exactly: each
// shard records, in the last Bleve batch a round of the log writes to it
// (ApplyShard with a Mark: with its pages when it is given them, else in a
// small batch of its own after them), the round's last seq (every change
// of this council up to it is in the shard) and the seq the round started
// after (every change of every council up to it is in the generation,
// since rounds are applied one after the other). A generation also has a base, the seq it was built
// or repaired from (baseFile).
const (
	seqKey   = "portal_seq"
	prevKey  = "portal_prev"
	baseFile = "log-seq"
)

// Position is where the served generation stands in the change log.
type Position struct {
	// Low: every change up to it is in the index.
	Low int64
	// Shards: every change of a council up to its seq is in its shard, so
	// a change at or below it is not applied again.
	Shards map[string]int64
}

// Mark is what ApplyShard records with a shard's last batch of a round.
type Mark struct {
	Prev int64 // the round started after this seq
	Seq  int64 // and ended with this one
}

// Position reads where the served generation stands in the change log.
func (ix *Index) Position() (Position, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.position()
}

// position is Position for a caller holding ix.mu.
func (ix *Index) position() (Position, error) {
	p := Position{Shards: map[string]int64{}}
	base, err := readSeq(filepath.Join(ix.root, ix.gen, baseFile))
	if err != nil {
		return p, err
	}
	p.Low = base
	ix.sh.mu.Lock()
	m := maps.Clone(ix.sh.m)
	ix.sh.mu.Unlock()
	for la, bi := range m {
		seq, err := internalSeq(bi, seqKey)
		if err != nil {
			return p, err
		}
		prev, err := internalSeq(bi, prevKey)
		if err != nil {
			return p, err
		}
		p.Shards[la] = seq
		p.Low = max(p.Low, prev)
	}
	return p, nil
}

func readSeq(path string) (int64, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read index log position: %w", err)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("read index log position %s: %w", path, err)
	}
	return n, nil
}

func internalSeq(bi bleve.Index, key string) (int64, error) {
	b, err := bi.GetInternal([]byte(key))
	if err != nil {
		return 0, fmt.Errorf("read index log position: %w", err)
	}
	if len(b) == 0 {
		return 0, nil
	}
	return strconv.ParseInt(string(b), 10, 64)
}

// SetBase records that the served generation holds every change up to
// seq: after it was checked and repaired from the database as it stood at
// seq.
func (ix *Index) SetBase(seq int64) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	dir := filepath.Join(ix.root, ix.gen)
	tmp := filepath.Join(dir, baseFile+".tmp")
	if err := writeSynced(tmp, strconv.FormatInt(seq, 10)); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, baseFile)); err != nil {
		return fmt.Errorf("record index log position: %w", err)
	}
	syncDir(dir)
	return nil
}

// ApplyShard applies a round of the change log to one council's shard:
// the pages of the documents in remove go, pages are written (they replace
// earlier pages of the same ids), and mark, when given, is recorded in the
// last batch. Deletions go in the first batch with the first pages, so a
// document rewritten within one batch is never missing from search. A
// shard that does not exist is created only for pages.
func (ix *Index) ApplyShard(ctx context.Context, la string, remove []string, pages []Page, mark *Mark) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var bi bleve.Index
	if len(pages) > 0 {
		var err error
		if bi, err = ix.sh.get(la); err != nil {
			return err
		}
	} else {
		ix.sh.mu.Lock()
		bi = ix.sh.m[la]
		ix.sh.mu.Unlock()
		if bi == nil {
			return nil
		}
	}
	var gone []string
	for _, id := range slices.Compact(slices.Sorted(slices.Values(remove))) {
		ids, err := pageIDs(ctx, bi, id)
		if err != nil {
			return err
		}
		gone = append(gone, ids...)
	}
	batches := splitBatches(pages, BatchPages, BatchBytes)
	if len(batches) == 0 {
		batches = [][]Page{nil}
	}
	for i, run := range batches {
		b := bi.NewBatch()
		if i == 0 {
			for _, id := range gone {
				b.Delete(id)
			}
		}
		if err := addPages(ctx, b, run); err != nil {
			return err
		}
		if i == len(batches)-1 && mark != nil {
			b.SetInternal([]byte(seqKey), []byte(strconv.FormatInt(mark.Seq, 10)))
			b.SetInternal([]byte(prevKey), []byte(strconv.FormatInt(mark.Prev, 10)))
		}
		if err := bi.Batch(b); err != nil {
			return fmt.Errorf("apply index changes to %s: %w", la, err)
		}
	}
	return nil
}

// pageIDs are the ids of a document's pages in one shard.
func pageIDs(ctx context.Context, bi bleve.Index, docID string) ([]string, error) {
	held := 0
	if err := termCounts(ctx, bi, "doc_id", slices.Values([]string{docID}), func(_ string, n int) { held = n }); err != nil {
		return nil, err
	}
	if held == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(keywordQ("doc_id", docID), held+100, 0, false)
	res, err := bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("find pages of %s: %w", docID, err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// ShardPages is the number of pages in each council's shard.
func (ix *Index) ShardPages() (map[string]uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ix.sh.mu.Lock()
	m := maps.Clone(ix.sh.m)
	ix.sh.mu.Unlock()
	out := map[string]uint64{}
	for la, bi := range m {
		n, err := bi.DocCount()
		if err != nil {
			return nil, fmt.Errorf("count pages of %s: %w", la, err)
		}
		out[la] = n
	}
	return out, nil
}
