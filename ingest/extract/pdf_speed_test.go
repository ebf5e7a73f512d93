package extract

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkPDFGoReader reads a 341-page book of the shared corpus with the
// Go reader alone (no pdftotext fallback): the cost per page of our own
// text assembly. tools/extractbench compares the whole path with pdftotext.
func BenchmarkPDFGoReader(b *testing.B) {
	path := filepath.Join("..", "..", "..", "shared", "corpus", "pdf", "pdfjs__freeculture.pdf")
	if _, err := os.Stat(path); err != nil {
		b.Skipf("corpus not beside the repository: %v", err)
	}
	var pages int
	for b.Loop() {
		res, err := goPDF(context.Background(), path, false)
		if err != nil {
			b.Fatal(err)
		}
		pages = len(res)
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
}

func TestBadSpans(t *testing.T) {
	good := Page{Text: "words", Quality: 1}
	empty := Page{Text: " \n"}
	blank := Page{blank: true}
	soup := Page{Text: "#@!", Quality: 0.2}
	pages := func(n int, p Page) []Page {
		out := make([]Page, n)
		for i := range out {
			out[i] = p
		}
		return out
	}
	tests := []struct {
		name  string
		pages []Page
		want  []span
	}{
		{"all good", []Page{good, good}, nil},
		{"blank pages need no fallback", []Page{blank, good, blank}, nil},
		{"one empty page", []Page{good, empty, good}, []span{{2, 2}}},
		{"close bad pages in one span", []Page{good, soup, good, empty, good}, []span{{2, 4}}},
		{"far apart, two spans", append(append([]Page{soup}, pages(20, good)...), soup), []span{{1, 1}, {22, 22}}},
		{"too many spans: the closest are joined", func() []Page {
			var ps []Page
			for i := range 9 {
				ps = append(ps, soup)
				ps = append(ps, pages(10+i, good)...)
			}
			return ps
		}(), []span{{1, 12}, {24, 24}, {37, 37}, {51, 51}, {66, 66}, {82, 82}, {99, 99}, {117, 117}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := badSpans(tt.pages)
			if len(got) != len(tt.want) {
				t.Fatalf("badSpans = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("badSpans = %v, want %v", got, tt.want)
				}
			}
		})
	}
}
