package search

// What one Bleve batch may hold. Bleve analyses a whole batch in memory
// before it writes the batch as one segment, so memory grows with the
// batch: 2,000 pages of about 3 KB (a page of plain text) came to well under
// 100 MB in the rebuild. Every write goes through put, which cuts what it is
// given into batches within both bounds, so neither the index stage (a
// document of 21,300 pages) nor the rebuild nor a repair can build a
// bigger one. The byte bound is for pages far longer than usual (a PDF page
// of a dense table); a single page over it goes in a batch of its own.
const (
	BatchPages = 2000
	BatchBytes = 16 << 20
)

// pageBytes is what a page costs a batch, roughly: its text.
func pageBytes(p Page) int { return len(p.Body) + len(p.Title) }

// Full reports whether a batch of n pages and b bytes (Page.Body and
// Title) has reached a bound; callers that gather pages for Put use it to
// hand them over in batches Put does not need to cut.
func Full(n, b int) bool { return n >= BatchPages || b >= BatchBytes }

// splitBatches cuts pages into runs of at most maxPages pages and, but for
// a single page bigger than that, maxBytes bytes. The runs share pages'
// backing array.
func splitBatches(pages []Page, maxPages, maxBytes int) [][]Page {
	var out [][]Page
	start, size := 0, 0
	for i, p := range pages {
		b := pageBytes(p)
		if i > start && (i-start >= maxPages || size+b > maxBytes) {
			out = append(out, pages[start:i])
			start, size = i, 0
		}
		size += b
	}
	if start < len(pages) {
		out = append(out, pages[start:])
	}
	return out
}
