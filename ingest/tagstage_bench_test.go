package ingest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/tagger"
)

// benchPDF is a text-heavy PDF of the shared corpus beside the repository
// (50 pages, about 1,100 words each); the repository's small test PDF
// stands in when the corpus is missing.
func benchPDF() string {
	const corpus = "../../shared/corpus/pdf/pdfminer__i1040nr.pdf"
	if _, err := os.Stat(corpus); err == nil {
		return corpus
	}
	return "extract/testdata/pdf/plain.pdf"
}

// BenchmarkTagVersusExtract compares, per page of the same PDF, what the
// tag stage costs (every quality statement and evidence category of each
// page, with passages, and the document's own) with reading the text, in
// process and in the child process the pipeline uses. Compare ns/page.
func BenchmarkTagVersusExtract(b *testing.B) {
	pdf := benchPDF()
	ctx := context.Background()
	res, err := extract.File(ctx, pdf, "PDF", extract.Options{})
	if err != nil || len(res.Pages) == 0 {
		b.Fatalf("extract %s: %d pages, %v", pdf, len(res.Pages), err)
	}
	cat, err := framework.Load()
	if err != nil {
		b.Fatal(err)
	}
	m, err := tagger.Default(cat)
	if err != nil {
		b.Fatal(err)
	}
	g, err := tagger.NewGuesser()
	if err != nil {
		b.Fatal(err)
	}
	n := len(res.Pages)
	perPage := func(b *testing.B, start time.Time) {
		b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*n), "ns/page")
	}
	b.Logf("%s: %d pages", pdf, n)
	b.Run("tag", func(b *testing.B) {
		start := time.Now()
		for range b.N {
			Suggest(m, g, res.Pages, "policy")
		}
		perPage(b, start)
	})
	b.Run("extract-in-process", func(b *testing.B) {
		start := time.Now()
		for range b.N {
			if _, err := extract.File(ctx, pdf, "PDF", extract.Options{}); err != nil {
				b.Fatal(err)
			}
		}
		perPage(b, start)
	})
	b.Run("extract-isolated", func(b *testing.B) {
		exe, err := os.Executable()
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		for range b.N {
			if _, err := extract.Isolated(ctx, exe, pdf, "PDF", testLimits()); err != nil {
				b.Fatal(err)
			}
		}
		perPage(b, start)
	})
}
