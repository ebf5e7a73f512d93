package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// minQuality is the page quality below which the Go reader's text is
// replaced by pdftotext's, when that is available.
const minQuality = 0.75

// pdfPages reads each page's positioned text runs with the Go reader and
// rebuilds words and lines from their positions; pages it cannot read well
// (or a file it cannot open) go to pdftotext when configured.
func pdfPages(ctx context.Context, path string, opts Options) ([]Page, error) {
	pages, goErr := goPDF(ctx, path, opts.PDFToText != "")
	if errors.Is(goErr, errGaveUp) {
		// The Go reader reads this file badly: pdftotext reads all of it,
		// and the pages read well already are kept where they are better.
		poppler, err := popplerPDF(ctx, opts.PDFToText, path, 1, 0)
		if errors.Is(err, ErrEncrypted) {
			return nil, err
		}
		if err != nil {
			return goPDF(ctx, path, false) // what the Go reader can give
		}
		for i := range min(len(pages), len(poppler)) {
			if !bad(pages[i]) && pages[i].Quality >= poppler[i].Quality {
				poppler[i] = pages[i]
			}
		}
		return poppler, nil
	}
	if goErr == nil && allGood(pages) {
		return pages, nil
	}
	if opts.PDFToText == "" {
		if goErr != nil {
			return nil, goErr
		}
		return pages, nil
	}
	if goErr != nil {
		poppler, err := popplerPDF(ctx, opts.PDFToText, path, 1, 0)
		if err != nil {
			return nil, err
		}
		return poppler, nil
	}
	// pdftotext reads only the spans of pages the Go reader read badly: a
	// long report with one scanned page costs one page, not all of them.
	for _, sp := range badSpans(pages) {
		poppler, err := popplerPDF(ctx, opts.PDFToText, path, sp.first, sp.last)
		if errors.Is(err, ErrEncrypted) {
			return nil, err
		}
		if err != nil || len(poppler) != sp.last-sp.first+1 {
			continue // keep what the Go reader found
		}
		// Page by page, keep the better reading.
		for j, pp := range poppler {
			i := sp.first - 1 + j
			if pages[i].Quality < minQuality && pp.Quality > pages[i].Quality || len(strings.TrimSpace(pages[i].Text)) == 0 {
				pages[i] = pp
			}
		}
	}
	return pages, nil
}

// span is a run of page numbers, from 1, first to last.
type span struct{ first, last int }

// Spans of bad pages closer than spanGap are read in one pdftotext run
// (each run parses the whole file again); beyond maxSpans runs, the two
// spans closest together are joined until they are few enough.
const (
	spanGap  = 8
	maxSpans = 8
)

// badSpans groups the pages that are empty or read badly, leaving out the
// blank ones, into the spans pdftotext should read.
func badSpans(pages []Page) []span {
	var out []span
	for i, p := range pages {
		if !bad(p) {
			continue
		}
		n := i + 1
		if len(out) > 0 && n-out[len(out)-1].last <= spanGap {
			out[len(out)-1].last = n
			continue
		}
		out = append(out, span{n, n})
	}
	for len(out) > maxSpans {
		j := 1
		for i := 2; i < len(out); i++ {
			if out[i].first-out[i-1].last < out[j].first-out[j-1].last {
				j = i
			}
		}
		out[j-1].last = out[j].last
		out = append(out[:j], out[j+1:]...)
	}
	return out
}

func bad(p Page) bool {
	return !p.blank && (strings.TrimSpace(p.Text) == "" || p.Quality < minQuality)
}

func allGood(pages []Page) bool {
	for _, p := range pages {
		if bad(p) {
			return false
		}
	}
	return true
}

// errGaveUp: most of the first pages read badly, so reading on with the Go
// reader would be time lost before pdftotext reads them all again.
var errGaveUp = errors.New("the Go reader reads this file badly")

// Giving up is judged after giveUpAfter pages, when at least giveUpShare of
// the pages read so far are bad.
const (
	giveUpAfter = 6
	giveUpShare = 0.75
)

// goPDF reads every page with the Go reader; with giveUp it stops with
// errGaveUp (and the pages read so far) on a file it reads badly.
func goPDF(ctx context.Context, path string, giveUp bool) (pages []Page, err error) {
	defer func() {
		if r := recover(); r != nil {
			pages, err = nil, fmt.Errorf("PDF reader failed: %v", r)
		}
	}()
	f, r, err := pdf.Open(path)
	if err != nil {
		msg := strings.ToLower(err.Error())
		if errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(msg, "password") || strings.Contains(msg, "encrypt") {
			return nil, fmt.Errorf("%w: %v", ErrEncrypted, err)
		}
		return nil, fmt.Errorf("open PDF: %w", err)
	}
	defer f.Close()
	n := r.NumPage()
	if n <= 0 {
		return nil, errors.New("PDF has no pages")
	}
	nBad := 0
	for i := 1; i <= n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		text, blank := pageText(r.Page(i))
		pg := Page{Text: text, Method: "go", Quality: quality(text), blank: blank}
		pages = append(pages, pg)
		if bad(pg) {
			nBad++
		}
		if giveUp && i >= giveUpAfter && i < n && float64(nBad) >= giveUpShare*float64(i) {
			return pages, errGaveUp
		}
	}
	return pages, nil
}

// pageText rebuilds a page from its text runs: runs are grouped into lines
// by their baseline, ordered left to right, and a space is put where the
// gap between two runs is wider than a fraction of the font size.
// blank reports a page that draws no text and has no annotations.
func pageText(p pdf.Page) (text string, blank bool) {
	defer func() {
		if r := recover(); r != nil {
			text, blank = "", false
		}
	}()
	if p.V.IsNull() {
		return "", false
	}
	runs := textRuns(p)
	if len(runs) == 0 {
		return "", p.V.Key("Annots").Len() == 0
	}
	type line struct {
		y    float64
		runs []pdf.Text
	}
	var lines []*line
	for _, t := range runs {
		if t.S == "" {
			continue
		}
		tol := math.Max(t.FontSize*0.4, 1)
		var l *line
		for _, c := range lines {
			if math.Abs(c.y-t.Y) <= tol {
				l = c
				break
			}
		}
		if l == nil {
			l = &line{y: t.Y}
			lines = append(lines, l)
		}
		l.runs = append(l.runs, t)
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].y > lines[j].y })
	var b strings.Builder
	for _, l := range lines {
		// A mirrored text matrix makes x fall as the text goes on: read
		// such a line from the right.
		mirrored := 0
		for _, t := range l.runs {
			if t.W < 0 {
				mirrored++
			}
		}
		if 2*mirrored > len(l.runs) {
			for i := range l.runs {
				l.runs[i].X, l.runs[i].W = -l.runs[i].X, -l.runs[i].W
			}
		}
		sort.SliceStable(l.runs, func(i, j int) bool { return l.runs[i].X < l.runs[j].X })
		end := math.Inf(-1)
		var last rune
		for _, t := range l.runs {
			gap := t.X - end
			first, _ := utf8.DecodeRuneInString(t.S)
			if end != math.Inf(-1) && gap > math.Max(t.FontSize*0.15, 0.5) && last != ' ' && first != ' ' && !(noSpaces(last) && noSpaces(first)) {
				b.WriteByte(' ')
			}
			b.WriteString(t.S)
			last, _ = utf8.DecodeLastRuneInString(t.S)
			end = math.Max(end, t.X+t.W)
		}
		b.WriteByte('\n')
	}
	return b.String(), false
}

// Limits of one pdftotext run, which also reads untrusted bytes.
const (
	popplerTimeout = 30 * time.Second
	popplerMemory  = 1 << 30 // address space, where prlimit exists
)

// noSpaces reports whether r is of a script written without spaces between
// words (Chinese, Japanese), or its punctuation: the Go reader often has no
// widths for such fonts, so a gap between two of them is not a space.
func noSpaces(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// popplerPDF runs pdftotext on pages first to last (last 0: to the end), in
// a child process with a time limit and (through prlimit) a memory limit;
// it separates pages with form feeds.
func popplerPDF(ctx context.Context, bin, path string, first, last int) ([]Page, error) {
	ctx, cancel := context.WithTimeout(ctx, popplerTimeout)
	defer cancel()
	name, args := bin, []string{"-enc", "UTF-8", "-layout", "-f", strconv.Itoa(first)}
	if last > 0 {
		args = append(args, "-l", strconv.Itoa(last))
	}
	args = append(args, path, "-")
	if pl, err := exec.LookPath("prlimit"); err == nil {
		name, args = pl, append([]string{"--as=" + strconv.Itoa(popplerMemory), "--", bin}, args...)
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.WaitDelay = time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("pdftotext: %w", ctx.Err())
		}
		msg := errb.String()
		if strings.Contains(msg, "Incorrect password") || strings.Contains(msg, "encrypted") {
			return nil, fmt.Errorf("%w: %s", ErrEncrypted, firstLine(msg))
		}
		return nil, fmt.Errorf("pdftotext: %v: %s", err, firstLine(msg))
	}
	parts := strings.Split(out.String(), "\f")
	if len(parts) > 1 && strings.TrimSpace(parts[len(parts)-1]) == "" {
		parts = parts[:len(parts)-1]
	}
	pages := make([]Page, len(parts))
	for i, t := range parts {
		pages[i] = Page{Text: t, Method: "pdftotext", Quality: quality(t)}
	}
	return pages, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
