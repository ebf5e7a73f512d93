package search

import (
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"
)

// DocState is what check compares of one document: the index's view from
// its pages, or the database's view of what should be there.
type DocState struct {
	Title  string
	Status string
	Rev    string
	Pages  int
}

// Stale is a document whose pages do not say what the database says.
type Stale struct {
	DocID string
	Why   string // what differs, for the report
}

// Report is what check found: documents missing from the index, stale in
// it, or in it but not to be (withdrawn, rejected, gone).
type Report struct {
	Checked int // documents the database expects in the index
	Missing []string
	Stale   []Stale
	Extra   []string
}

// Clean reports whether the index matches the database.
func (r Report) Clean() bool { return len(r.Missing) == 0 && len(r.Stale) == 0 && len(r.Extra) == 0 }

// Documents reads the state of every document in the index, going through
// the pages of each shard in id order.
func (ix *Index) Documents(ctx context.Context) (map[string]DocState, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := map[string]DocState{}
	for _, bi := range ix.sh.all() {
		if err := shardDocuments(ctx, bi, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func shardDocuments(ctx context.Context, bi bleve.Index, out map[string]DocState) error {
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 5000, 0, false)
		req.Fields = []string{"doc_id", "title", "status", "rev"}
		req.SortBy([]string{"_id"})
		if after != nil {
			req.SearchAfter = after
		}
		res, err := bi.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("read index documents: %w", err)
		}
		for _, h := range res.Hits {
			id, _ := h.Fields["doc_id"].(string)
			st := out[id]
			if st.Pages == 0 {
				st.Title, _ = h.Fields["title"].(string)
				st.Status, _ = h.Fields["status"].(string)
				st.Rev, _ = h.Fields["rev"].(string)
			} else if rev, _ := h.Fields["rev"].(string); rev != st.Rev {
				st.Rev = "(pages disagree)" // pages from two versions: stale
			}
			st.Pages++
			out[id] = st
		}
		if len(res.Hits) < 5000 {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// Compare says how the index (have) differs from the database (want).
// Documents in pending are on their way (being indexed now) and count
// neither as missing nor as extra. A wanted document without pages has no
// text to search and is not expected in the index.
func Compare(want, have map[string]DocState, pending map[string]bool) Report {
	var r Report
	for id, w := range want {
		if w.Pages == 0 {
			continue
		}
		r.Checked++
		h, ok := have[id]
		switch {
		case !ok:
			r.Missing = append(r.Missing, id)
		case h.Status != w.Status:
			r.Stale = append(r.Stale, Stale{id, fmt.Sprintf("status %q in the index, %q in the database", h.Status, w.Status)})
		case h.Title != w.Title:
			r.Stale = append(r.Stale, Stale{id, "title differs"})
		case h.Rev != w.Rev:
			r.Stale = append(r.Stale, Stale{id, "indexed from another version of the document or its tags"})
		case h.Pages != w.Pages:
			r.Stale = append(r.Stale, Stale{id, fmt.Sprintf("%d pages in the index, %d in the database", h.Pages, w.Pages)})
		}
	}
	for id := range have {
		if w, ok := want[id]; (!ok || w.Pages == 0) && !pending[id] {
			r.Extra = append(r.Extra, id)
		}
	}
	sort.Strings(r.Missing)
	sort.Strings(r.Extra)
	sort.Slice(r.Stale, func(i, j int) bool { return r.Stale[i].DocID < r.Stale[j].DocID })
	return r
}
