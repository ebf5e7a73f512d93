package extract

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// seeds adds every file of testdata/dir to the fuzz target's corpus.
func seeds(f *testing.F, dir string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed files in testdata/%s", dir)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// fuzzFile checks that any input ends in one of the four outcomes, with
// numbered pages, in bounded time and without a panic escaping.
func fuzzFile(t *testing.T, b []byte, kind string) {
	path := writeTemp(t, "f", b)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := File(ctx, path, kind, Options{MaxBytes: 8 << 20})
	switch res.Outcome {
	case OutcomeText, OutcomeEncrypted, OutcomeNeedsOCR, OutcomeUnreadable:
	default:
		t.Fatalf("File(%s) outcome = %q (%v), want one of the four", kind, res.Outcome, err)
	}
	// Text and needs-OCR are results; encrypted and unreadable come with
	// their error (File's contract).
	failed := res.Outcome == OutcomeEncrypted || res.Outcome == OutcomeUnreadable
	if failed != (err != nil) {
		t.Fatalf("File(%s) outcome %s with error %v", kind, res.Outcome, err)
	}
	for i, p := range res.Pages {
		if p.Number != i+1 {
			t.Fatalf("File(%s) page %d numbered %d", kind, i+1, p.Number)
		}
	}
}

func FuzzPDF(f *testing.F) {
	seeds(f, "pdf")
	f.Add(minimalPDF("Carers strategy", "Section 42"))
	f.Add([]byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"))
	// The Go reader alone: pdftotext would spend the time on each input.
	f.Fuzz(func(t *testing.T, b []byte) { fuzzFile(t, b, "PDF") })
}

func FuzzDOCX(f *testing.F) {
	seeds(f, "docx")
	f.Add(docx(f))
	f.Add(pptx(f))
	f.Add(oleFile("EncryptionInfo", "EncryptedPackage"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzFile(t, b, "DOCX") })
}

func FuzzXLSX(f *testing.F) {
	f.Add(xlsx(f))
	f.Add(ods(f))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzFile(t, b, "XLSX") })
}

func FuzzHTML(f *testing.F) {
	seeds(f, "html")
	f.Add([]byte("<p>hi<script>x</script></p>"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzFile(t, b, "HTML") })
}

func FuzzEML(f *testing.F) {
	seeds(f, "eml")
	f.Add([]byte(eml))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzFile(t, b, "EML") })
}

func FuzzCSV(f *testing.F) {
	seeds(f, "csv")
	f.Add([]byte("a,b\n1,2\n"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzFile(t, b, "CSV") })
}
