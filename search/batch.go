package search

// What one Bleve batch may hold. Bleve analyses a whole batch in memory
// before it writes the batch as one segment, and holds both until the
// segment is on disk, so memory grows with the batch: its token frequencies
// (with positions, for highlights) come to about 35 times its text, the
// segment built from them to about 20 times (heap profiles of a 60 MB text
// file, issue 15). 2,000 pages of 3 KB were 300 MB; the bound is therefore
// in bytes of text (PageBytes), 2 MiB: about 120 MB in Bleve while a batch
// is written. The page bound is for pages of almost no text (a sheet's
// empty rows), each of which still has its fields. Every write goes through
// put or ApplyShard, which cut what they are given into batches within
// both bounds, so neither the follower (a document of 21,300 pages) nor the
// rebuild nor a repair can build a bigger one; a single page over the byte
// bound goes in a batch of its own.
const (
	BatchPages = 2000
	BatchBytes = 2 << 20
)

// pageOverhead is what a page costs a batch besides its text, in bytes of
// text that cost as much: its id and keyword fields.
const pageOverhead = 128

// PageBytes is what a page costs a batch, in bytes of text: its title and
// body and pageOverhead.
func PageBytes(p Page) int { return len(p.Body) + len(p.Title) + pageOverhead }

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
		b := PageBytes(p)
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
