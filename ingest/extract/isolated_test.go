package extract

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/servicetest"
)

// TestMain lets the test binary stand in for `portal extract` in child
// processes, and misbehave on request.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "extract" {
		switch os.Getenv("EXTRACT_CHILD") {
		case "panic":
			panic("parser exploded")
		case "loop":
			for {
			}
		case "alloc":
			var hog [][]byte
			for {
				hog = append(hog, make([]byte, 64<<20))
				for i := range hog[len(hog)-1] {
					hog[len(hog)-1][i] = 1
				}
			}
		}
		fs := flag.NewFlagSet("extract", flag.ExitOnError)
		kind := fs.String("kind", "", "")
		ocr := fs.Bool("ocr", false, "")
		budget := fs.Duration("budget", time.Minute, "")
		fs.Parse(os.Args[2:])
		opts := Options{}
		if p, err := exec.LookPath("pdftotext"); err == nil {
			opts.PDFToText = p
		}
		if *ocr {
			opts.OCR.Tesseract, _ = exec.LookPath("tesseract")
			opts.OCR.PDFToPPM, _ = exec.LookPath("pdftoppm")
		}
		ctx, cancel := context.WithTimeout(context.Background(), *budget)
		defer cancel()
		res, _ := File(ctx, fs.Arg(0), *kind, opts)
		json.NewEncoder(os.Stdout).Encode(res)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestIsolatedSurvivesTheChild(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "a.pdf", minimalPDF("Carers strategy"))
	tests := []struct {
		mode    string
		outcome Outcome
	}{
		{"", OutcomeText},
		{"panic", OutcomeUnreadable},
		{"loop", OutcomeUnreadable},
		{"alloc", OutcomeUnreadable},
	}
	for _, tt := range tests {
		t.Run("child "+tt.mode, func(t *testing.T) {
			limit := int64(1 << 30)
			if raceEnabled {
				if tt.mode == "alloc" {
					t.Skip("the race runtime needs more address space than a limit that stops a runaway child")
				}
				limit = 8 << 30
			}
			t.Setenv("EXTRACT_CHILD", tt.mode)
			start := time.Now()
			res, err := Isolated(context.Background(), exe, path, "PDF", Limits{Timeout: 5 * time.Second, Memory: limit})
			if res.Outcome != tt.outcome {
				t.Fatalf("Isolated outcome = %s (%s, %v), want %s", res.Outcome, res.Reason, err, tt.outcome)
			}
			if tt.outcome == OutcomeUnreadable && !errors.Is(err, ErrUnreadable) {
				t.Errorf("error = %v, want ErrUnreadable", err)
			}
			if d := time.Since(start); d > 8*time.Second {
				t.Errorf("took %s, past its limit", d)
			}
		})
	}
}

// knownOutcomes are the corpus files whose outcome the manifest fixes: two
// need a user password, one is an image-only scan.
var knownOutcomes = map[string]Outcome{
	"pdfplumber__password-example.pdf":       OutcomeEncrypted,
	"pdfpy__libreoffice-writer-password.pdf": OutcomeEncrypted,
	"pdfpy__unreadablemetadata.pdf":          OutcomeNeedsOCR,
	"pdfplumber__pr-138-example.pdf":         OutcomeText, // owner password only: must open
}

// TestCorpus runs every real-world PDF of shared/corpus through the isolated
// extractor: each must end as text, encrypted, needs-OCR or unreadable within
// its time limit, and the two that need a user password must be encrypted.
func TestCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "pdf")
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if len(files) == 0 {
		if servicetest.Required() {
			t.Fatalf("no PDFs in %s: the corpus must be beside the repository (../shared)", dir)
		}
		t.Skipf("no corpus at %s", dir)
	}
	switch {
	case testing.Short():
		files = files[:5]
	case raceEnabled:
		// Under the race detector every file costs ten times as much:
		// every fourth file and the ones with a fixed outcome make a
		// representative subset (tools/extractbench reads them all).
		var some []string
		for i, f := range files {
			if _, ok := knownOutcomes[filepath.Base(f)]; ok || i%4 == 0 {
				some = append(some, f)
			}
		}
		files = some
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("EXTRACT_CHILD", "")
	counts := map[Outcome]int{}
	var lines []string
	for _, f := range files {
		limit := int64(2 << 30)
		if raceEnabled {
			limit = 8 << 30
		}
		res, err := Isolated(context.Background(), exe, f, "PDF", Limits{Timeout: 60 * time.Second, Memory: limit})
		switch res.Outcome {
		case OutcomeText, OutcomeEncrypted, OutcomeNeedsOCR, OutcomeUnreadable:
		default:
			t.Errorf("%s: outcome %q (%v)", filepath.Base(f), res.Outcome, err)
		}
		counts[res.Outcome]++
		if want, ok := knownOutcomes[filepath.Base(f)]; ok && res.Outcome != want {
			t.Errorf("%s: outcome %s (%s), want %s", filepath.Base(f), res.Outcome, res.Reason, want)
		}
		lines = append(lines, fmt.Sprintf("%-55s %-10s %3d pages %s", filepath.Base(f), res.Outcome, len(res.Pages), res.Reason))
	}
	sort.Strings(lines)
	t.Logf("corpus outcomes %v:\n%s", counts, strings.Join(lines, "\n"))
	if counts[OutcomeText] < len(files)/2 {
		t.Errorf("only %d of %d corpus files gave text", counts[OutcomeText], len(files))
	}
}
