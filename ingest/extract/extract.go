// Package extract turns an evidence file into text, page by page. It runs
// only on files the virus scanner passed, and in production inside a child
// process (`portal extract`, see Isolated) so that a parser's panic, endless
// loop or memory blow-up cannot take a worker down.
package extract

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Outcome is how extraction of a whole file ended.
type Outcome string

// Every file ends in exactly one of these.
const (
	OutcomeText       Outcome = "text"
	OutcomeEncrypted  Outcome = "encrypted"
	OutcomeNeedsOCR   Outcome = "needs_ocr"
	OutcomeUnreadable Outcome = "unreadable"
	// OutcomeTooLarge: a text-like file holds more text than the limit
	// (Options.MaxText).
	OutcomeTooLarge Outcome = "too_large"
)

// ErrEncrypted means the file needs a password to open.
var ErrEncrypted = errors.New("file is password protected")

// ErrUnreadable means no text could be read from the file.
var ErrUnreadable = errors.New("file could not be read")

// ErrTooLarge means the file holds more text than the limit: it was not
// read at all, so that the message can name the limit.
var ErrTooLarge = errors.New("file holds more text than the limit")

// DefaultMaxText is the most text a text-like file may hold: the text
// limit of the ingest pipeline's default.
const DefaultMaxText = 64 << 20

// Page is the text of one page (or slide, or sheet).
type Page struct {
	Number  int     `json:"number"`
	Text    string  `json:"text"`
	Method  string  `json:"method"`
	Quality float64 `json:"quality"`
	// NeedsOCR marks a PDF page with no text layer that OCR did not read
	// (off, out of time, or nothing legible).
	NeedsOCR bool `json:"needs_ocr,omitempty"`
	// blank: the Go reader walked the page's content to the end and found
	// no text drawn and no annotations; pdftotext would find none either.
	blank bool
}

// Result is the text of a file, or why there is none.
type Result struct {
	Outcome Outcome `json:"outcome"`
	Pages   []Page  `json:"pages"`
	Reason  string  `json:"reason,omitempty"`
}

// Options bound the work on one file.
type Options struct {
	// PDFToText is the path of poppler's pdftotext, used where the Go PDF
	// reader fails or reads poorly; empty to never use it.
	PDFToText string
	// MaxBytes bounds what archive formats may unpack in all.
	MaxBytes int64
	// MaxText bounds a text-like file (TXT, CSV, HTML, EML); 0 for
	// DefaultMaxText.
	MaxText int64
	// OCR reads PDF pages without a text layer; off when its paths are empty.
	OCR OCR
}

// pageChars is how much text makes a page of a format that has no pages.
const pageChars = 3000

// File extracts the text of the file at path, of kind (a sniff short name:
// "PDF", "DOCX"...). The error is ErrEncrypted or ErrUnreadable (wrapped
// with the reason) when the outcome says so.
func File(ctx context.Context, path, kind string, opts Options) (res Result, err error) {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = 512 << 20
	}
	if opts.MaxText <= 0 {
		opts.MaxText = DefaultMaxText
	}
	defer func() {
		// The parsers read untrusted bytes: a panic is an unreadable file.
		if r := recover(); r != nil {
			res, err = Result{Outcome: OutcomeUnreadable, Reason: fmt.Sprintf("parser failed: %v", r)}, fmt.Errorf("%w: parser failed", ErrUnreadable)
		}
	}()
	var pages []Page
	switch kind {
	case "DOCX", "PPTX", "XLSX", "ODT", "ODS":
		if err := checkOLE(path); err != nil {
			return Result{Outcome: OutcomeEncrypted, Reason: err.Error()}, err
		}
	}
	switch kind {
	case "PDF":
		pages, err = pdfPages(ctx, path, opts)
	case "DOCX":
		pages, err = docxPages(path, opts)
	case "PPTX":
		pages, err = pptxPages(path, opts)
	case "XLSX":
		pages, err = xlsxPages(path, opts)
	case "ODT":
		pages, err = odtPages(path, opts)
	case "ODS":
		pages, err = odsPages(path, opts)
	case "CSV", "TXT":
		pages, err = textPages(path, opts.MaxText)
	case "HTML":
		pages, err = htmlPages(path, opts.MaxText)
	case "EML":
		pages, err = emlPages(path, opts.MaxText)
	default:
		return Result{Outcome: OutcomeUnreadable, Reason: "unsupported kind " + kind}, fmt.Errorf("%w: unsupported kind %q", ErrUnreadable, kind)
	}
	switch {
	case errors.Is(err, ErrEncrypted):
		return Result{Outcome: OutcomeEncrypted, Reason: err.Error()}, err
	case errors.Is(err, ErrTooLarge):
		return Result{Outcome: OutcomeTooLarge, Reason: err.Error()}, err
	case err != nil && ctx.Err() != nil:
		// Out of time is unreadable too; the wrapped context error lets a
		// caller that is shutting down tell the two apart.
		return Result{Outcome: OutcomeUnreadable, Reason: "reading stopped: " + ctx.Err().Error()}, fmt.Errorf("%w: %w", ErrUnreadable, ctx.Err())
	case err != nil:
		return Result{Outcome: OutcomeUnreadable, Reason: err.Error()}, fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	if kind == "PDF" {
		ocrPages(ctx, path, pages, opts.OCR)
	}
	for i := range pages {
		pages[i].Number = i + 1
		if pages[i].Quality == 0 {
			pages[i].Quality = quality(pages[i].Text)
		}
	}
	if !hasText(pages) {
		if kind == "PDF" && len(pages) > 0 {
			return Result{Outcome: OutcomeNeedsOCR, Pages: pages, Reason: "no text layer"}, nil
		}
		return Result{Outcome: OutcomeUnreadable, Pages: pages, Reason: "no text found"}, fmt.Errorf("%w: no text found", ErrUnreadable)
	}
	return Result{Outcome: OutcomeText, Pages: pages}, nil
}

func hasText(pages []Page) bool {
	for _, p := range pages {
		if strings.TrimSpace(p.Text) != "" {
			return true
		}
	}
	return false
}

// quality judges how well a page's text reads, from 0 to 1: the lower of
// the share of its non-space characters that are letters, digits or common
// punctuation (garbled glyph soup from a bad font mapping scores low) and
// the share of its words that look like words (letters spaced out one by
// one, or words run together into long strings, score low).
func quality(s string) float64 {
	var good, all int
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		all++
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".,;:'\"()-%£$&/", r) {
			good++
		}
	}
	if all == 0 {
		return 0
	}
	return min(float64(good)/float64(all), wordShape(s))
}

// wordShape is the share of a text's words that are 2 to 24 characters
// long, or a single character that does not follow another single one
// ("a", "I", "7" alone pass; "s p a c e d" does not); texts of fewer than
// 20 words are too short to judge and score 1.
func wordShape(s string) float64 {
	var ok, all int
	prevSingle := false
	for line := range strings.Lines(s) {
		fields := strings.Fields(line)
		for _, f := range fields {
			w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if w == "" {
				continue
			}
			all++
			n := utf8.RuneCountInString(w)
			// A number alone on its line (line numbers in a margin) is a
			// word, not a letter spaced out.
			lone := n == 1 && len(fields) == 1 && f == w && unicode.IsDigit([]rune(w)[0])
			if n >= 2 && n <= 24 || n == 1 && (!prevSingle || lone) {
				ok++
			}
			prevSingle = n == 1
		}
	}
	if all < 20 {
		return 1
	}
	return float64(ok) / float64(all)
}

// splitText cuts a long text into pages of about pageChars on line breaks.
func splitText(s, method string) []Page {
	var pages []Page
	for len(s) > 0 {
		if len(s) <= pageChars {
			pages = append(pages, Page{Text: s, Method: method})
			break
		}
		cut := strings.LastIndexByte(s[:pageChars], '\n')
		if cut < pageChars/2 {
			cut = strings.LastIndexByte(s[:pageChars], ' ')
		}
		if cut <= 0 {
			cut = pageChars
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
		}
		pages = append(pages, Page{Text: s[:cut], Method: method})
		s = s[cut:]
	}
	return pages
}
