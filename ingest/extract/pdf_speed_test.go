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
		res, err := goPDF(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		pages = len(res)
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
}

func TestBadSpan(t *testing.T) {
	good := Page{Text: "words", Quality: 1}
	blank := Page{Text: " \n"}
	soup := Page{Text: "#@!", Quality: 0.2}
	tests := []struct {
		name        string
		pages       []Page
		first, last int
	}{
		{"all good", []Page{good, good}, 0, 0},
		{"one blank page", []Page{good, blank, good}, 2, 2},
		{"span from first to last bad", []Page{good, soup, good, blank, good}, 2, 4},
		{"first and last", []Page{soup, good, soup}, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, last := badSpan(tt.pages)
			if first != tt.first || last != tt.last {
				t.Errorf("badSpan = %d, %d; want %d, %d", first, last, tt.first, tt.last)
			}
		})
	}
}
