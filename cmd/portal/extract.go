package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/ingest/sniff"
)

// runExtract is `portal extract [--kind KIND] FILE`: the text of a file,
// page by page, as JSON on stdout (one page a line). Workers run it as a child process so a
// parser's failure stays in the child; people run it to see what the
// portal reads from a file. It needs no services.
func runExtract(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kind := fs.String("kind", "", "file kind (PDF, DOCX, XLSX, PPTX, ODT, ODS, CSV, TXT, HTML, EML); sniffed when empty")
	ocr := fs.Bool("ocr", false, "read PDF pages without a text layer with tesseract (PORTAL_OCR=on in workers)")
	budget := fs.Duration("budget", 0, "stop OCR after this long and mark the pages left as needing OCR; 0 for no limit")
	maxText := fs.Int64("max-text", extract.DefaultMaxText, "most bytes a text-like file (TXT, CSV, HTML, EML) may hold (PORTAL_MAX_TEXT_BYTES in workers)")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: portal extract [--kind KIND] FILE")
		return 2
	}
	path := fs.Arg(0)
	if *kind == "" {
		k, err := sniffFile(path)
		if err != nil {
			json.NewEncoder(stdout).Encode(extract.Result{Outcome: extract.OutcomeUnreadable, Reason: err.Error()})
			return 1
		}
		*kind = k
	}
	opts := extract.Options{MaxText: *maxText}
	if p := getenv("PORTAL_PDFTOTEXT"); p != "" {
		opts.PDFToText = p
	} else if p, err := exec.LookPath("pdftotext"); err == nil {
		opts.PDFToText = p
	}
	if *ocr {
		opts.OCR.Tesseract, _ = exec.LookPath("tesseract")
		opts.OCR.PDFToPPM, _ = exec.LookPath("pdftoppm")
		if !opts.OCR.On() {
			fmt.Fprintln(stderr, "portal extract: --ocr needs tesseract and pdftoppm on the PATH; pages without text stay unread")
		}
	}
	if *budget > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *budget)
		defer cancel()
	}
	res, _ := extract.File(ctx, path, *kind, opts)
	if err := extract.WriteResult(stdout, res); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

func sniffFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, sniff.HeadSize)
	n, _ := io.ReadFull(f, head)
	k, err := sniff.Detect(head[:n], path)
	if err != nil {
		return "", err
	}
	return k.Short, nil
}
