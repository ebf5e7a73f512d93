package search

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestSplitBatches(t *testing.T) {
	page := func(n int) Page { return Page{Body: strings.Repeat("x", n)} }
	pages := func(count, size int) []Page {
		out := make([]Page, count)
		for i := range out {
			out[i] = page(size)
		}
		return out
	}
	for _, tc := range []struct {
		name               string
		pages              []Page
		maxPages, maxBytes int
		wantBatches        int
	}{
		{"none", nil, 10, 10000, 0},
		{"one short batch", pages(3, 10), 10, 10000, 1},
		{"exactly the page bound", pages(10, 1), 10, 10000, 1},
		{"one page over the page bound", pages(11, 1), 10, 10000, 2},
		{"the byte bound cuts first", pages(10, 30), 10, 3 * (30 + pageOverhead), 4},
		{"a page bigger than the byte bound goes alone", []Page{page(1), page(500), page(1)}, 10, 300, 3},
		{"a page's fields count besides its text", pages(100, 0), 1000, 10 * pageOverhead, 10},
		// Issue 15: 60 MB of plain text made 21,300 pages of about 2.8 KB,
		// all in one batch; then 11 batches of 2,000 pages, each about
		// 200 MB of token frequencies and 100 MB of segment in Bleve; now
		// batches of 2 MiB of text, 716 such pages.
		{"the 60 MB text file", pages(21300, 2800), BatchPages, BatchBytes, 30},
		{"21,300 pages of 16 KiB: 127 a batch", pages(21300, 16<<10), BatchPages, BatchBytes, 168},
		{"21,300 empty pages: the page bound", pages(21300, 0), BatchPages, BatchBytes, 11},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := splitBatches(tc.pages, tc.maxPages, tc.maxBytes)
			if len(got) != tc.wantBatches {
				t.Errorf("%d batches, want %d", len(got), tc.wantBatches)
			}
			total := 0
			for _, b := range got {
				total += len(b)
				size := 0
				for _, p := range b {
					size += PageBytes(p)
				}
				if len(b) == 0 || len(b) > tc.maxPages || (size > tc.maxBytes && len(b) > 1) {
					t.Errorf("a batch of %d pages and %d bytes, bounds %d pages and %d bytes", len(b), size, tc.maxPages, tc.maxBytes)
				}
			}
			if total != len(tc.pages) {
				t.Errorf("batches hold %d pages, want %d", total, len(tc.pages))
			}
		})
	}
}

// Put of more pages than a batch holds writes them all.
func TestPutManyBatches(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	n := BatchPages*2 + 7
	pages := make([]Page, n)
	for i := range pages {
		pages[i] = Page{DocID: "big", Number: i + 1, LA: "E06009901", Title: "Big", Body: "carers page", Status: "ready"}
	}
	if err := ix.Put(context.Background(), pages); err != nil {
		t.Fatal(err)
	}
	if got, err := ix.Count(); err != nil || got != uint64(n) {
		t.Fatalf("Count = %d, %v; want %d", got, err, n)
	}
}
