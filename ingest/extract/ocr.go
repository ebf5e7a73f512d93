package extract

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// OCR says how to read PDF pages that have no text layer (scans): each is
// rendered by poppler's pdftoppm and read by tesseract. Empty paths leave
// OCR off; such pages are then marked NeedsOCR.
type OCR struct {
	Tesseract string
	PDFToPPM  string
	// Lang is tesseract's language; "eng" when empty.
	Lang string
}

// ocrDPI is the resolution pages are rendered at: tesseract reads printed
// text best at about 300 dpi.
const ocrDPI = "300"

// On says whether OCR can run.
func (o OCR) On() bool { return o.Tesseract != "" && o.PDFToPPM != "" }

// ocrPages reads the pages of a PDF with no text with OCR when it is on,
// in page order, until ctx ends; every page still without text is marked
// NeedsOCR, so a long scan ends with what could be read in time rather
// than with nothing.
func ocrPages(ctx context.Context, path string, pages []Page, o OCR) {
	for i := range pages {
		if strings.TrimSpace(pages[i].Text) != "" {
			continue
		}
		if o.On() && ctx.Err() == nil {
			if text, err := ocrPage(ctx, path, i+1, o); err == nil && strings.TrimSpace(text) != "" {
				pages[i].Text, pages[i].Method, pages[i].Quality = text, "ocr", quality(text)
				continue
			}
		}
		pages[i].NeedsOCR = true
	}
}

// ocrPage renders page n (from 1) of the PDF as a greyscale PNG and reads
// it with tesseract.
func ocrPage(ctx context.Context, path string, n int, o OCR) (string, error) {
	dir, err := os.MkdirTemp("", "portal-ocr-*")
	if err != nil {
		return "", fmt.Errorf("ocr page %d: %w", n, err)
	}
	defer os.RemoveAll(dir)
	img := filepath.Join(dir, "page")
	num := strconv.Itoa(n)
	render := exec.CommandContext(ctx, o.PDFToPPM, "-q", "-r", ocrDPI, "-gray", "-png", "-singlefile", "-f", num, "-l", num, path, img)
	if out, err := render.CombinedOutput(); err != nil {
		return "", fmt.Errorf("render page %d: %w (%s)", n, err, firstLine(string(out)))
	}
	lang := o.Lang
	if lang == "" {
		lang = "eng"
	}
	read := exec.CommandContext(ctx, o.Tesseract, img+".png", "stdout", "-l", lang, "--psm", "3")
	// One thread: the worker runs several extractions at once, and
	// tesseract's OpenMP threads would each reserve memory under the
	// child's address-space limit.
	read.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	out, err := read.Output()
	if err != nil {
		return "", fmt.Errorf("tesseract page %d: %w", n, err)
	}
	return strings.TrimSpace(string(out)), nil
}
