// Command extractbench measures the portal's PDF text extraction against
// poppler's pdftotext on the same files, in the same run: pages per second,
// how many files each reads, and the word recall of our text against
// pdftotext's on the files both read.
//
//	go run ./tools/extractbench [-dir ../shared/corpus/pdf] [-pdftotext pdftotext]
//
// "Ours" is extract.File as workers run it (Go reader, pdftotext fallback
// on poor pages); "go only" is the Go reader without the fallback.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/evidenceportal/portal/ingest/extract"
)

func main() {
	dir := flag.String("dir", envOr("PORTAL_PDF_CORPUS", "../shared/corpus/pdf"), "directory of PDFs")
	bin := flag.String("pdftotext", "pdftotext", "poppler's pdftotext")
	timeout := flag.Duration("timeout", 30*time.Second, "time limit per file and reader")
	verbose := flag.Bool("v", false, "print every file")
	flag.Parse()
	if err := run(os.Stdout, *dir, *bin, *timeout, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "extractbench:", err)
		os.Exit(1)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// reading is one reader's result on one file.
type reading struct {
	pages   []string
	methods map[string]int
	took    time.Duration
	ok      bool
	outcome string
}

// reader reads a whole PDF into page texts.
type reader func(ctx context.Context, path string) reading

type row struct {
	file         string
	ref, go_, us reading
	recallUs     float64
	recallGo     float64
	why          string
}

func run(w io.Writer, dir, bin string, timeout time.Duration, verbose bool) error {
	bin, err := exec.LookPath(bin)
	if err != nil {
		return fmt.Errorf("find pdftotext: %w", err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no PDFs in %s", dir)
	}
	ours := ourReader(extract.Options{PDFToText: bin})
	goOnly := ourReader(extract.Options{})
	ref := popplerReader(bin)

	var rows []row
	for _, f := range files {
		r := row{file: filepath.Base(f)}
		r.ref = timed(ref, f, timeout)
		r.go_ = timed(goOnly, f, timeout)
		r.us = timed(ours, f, timeout)
		if r.ref.ok && r.us.ok {
			r.recallUs, r.why = recall(r.us, r.ref)
		}
		if r.ref.ok && r.go_.ok {
			r.recallGo, _ = recall(r.go_, r.ref)
		}
		rows = append(rows, r)
	}
	report(w, rows, verbose)
	return nil
}

func timed(read reader, path string, timeout time.Duration) reading {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	start := time.Now()
	r := read(ctx, path)
	r.took = time.Since(start)
	return r
}

func ourReader(opts extract.Options) reader {
	return func(ctx context.Context, path string) reading {
		res, _ := extract.File(ctx, path, "PDF", opts)
		r := reading{methods: map[string]int{}, outcome: string(res.Outcome), ok: res.Outcome == extract.OutcomeText}
		for _, p := range res.Pages {
			r.pages = append(r.pages, p.Text)
			r.methods[p.Method]++
		}
		return r
	}
}

// popplerReader runs pdftotext as the portal's fallback does: whole file,
// -layout, pages split on form feeds.
func popplerReader(bin string) reader {
	return func(ctx context.Context, path string) reading {
		var out bytes.Buffer
		cmd := exec.CommandContext(ctx, bin, "-enc", "UTF-8", "-layout", path, "-")
		cmd.Stdout = &out
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			return reading{outcome: err.Error()}
		}
		pages := strings.Split(out.String(), "\f")
		if len(pages) > 1 && strings.TrimSpace(pages[len(pages)-1]) == "" {
			pages = pages[:len(pages)-1]
		}
		r := reading{pages: pages, methods: map[string]int{"pdftotext": len(pages)}, outcome: "text"}
		r.ok = err == nil && len(words(strings.Join(pages, "\n"))) > 0
		if !r.ok {
			r.outcome = "no text"
			if err != nil {
				r.outcome = err.Error()
			}
		}
		return r
	}
}

var ligatures = strings.NewReplacer("ﬁ", "fi", "ﬂ", "fl", "ﬀ", "ff", "ﬃ", "ffi", "ﬄ", "ffl", "ﬅ", "st", "ﬆ", "st")

// words is the bag of lower-case words of a text.
func words(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(ligatures.Replace(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		m[w]++
	}
	return m
}

// recall is the share of pdftotext's words (with multiplicity) that our
// text has, and, when it is low, a short account of what went missing.
func recall(us, ref reading) (float64, string) {
	got, want := words(strings.Join(us.pages, "\n")), words(strings.Join(ref.pages, "\n"))
	var hit, all int
	type miss struct {
		w string
		n int
	}
	var missing []miss
	for w, n := range want {
		all += n
		h := min(n, got[w])
		hit += h
		if n > h {
			missing = append(missing, miss{w, n - h})
		}
	}
	if all == 0 {
		return 1, ""
	}
	rec := float64(hit) / float64(all)
	if rec >= 0.9 {
		return rec, ""
	}
	sort.Slice(missing, func(i, j int) bool {
		return missing[i].n > missing[j].n || missing[i].n == missing[j].n && missing[i].w < missing[j].w
	})
	var sample []string
	for _, m := range missing[:min(6, len(missing))] {
		sample = append(sample, m.w)
	}
	var gotAll int
	for _, n := range got {
		gotAll += n
	}
	why := fmt.Sprintf("%d words vs %d", gotAll, all)
	// Words run together: our text has long tokens that hold missing words.
	joined := 0
	for w := range got {
		if len(w) > 14 && want[w] == 0 {
			joined++
		}
	}
	switch {
	case len(us.pages) != len(ref.pages):
		why += fmt.Sprintf("; %d pages vs %d", len(us.pages), len(ref.pages))
	case joined > 10:
		why += fmt.Sprintf("; %d long tokens not in pdftotext (words run together)", joined)
	case gotAll < all/2:
		why += "; text missing (form fields, annotations or fonts the Go reader cannot map)"
	}
	return rec, why + "; missing e.g. " + strings.Join(sample, " ")
}

func report(w io.Writer, rows []row, verbose bool) {
	var refPages, usPages, goPages, refRead, usRead, goRead, usMissed int
	var refTime, usTime, goTime time.Duration
	var recUs, recGo []float64
	for _, r := range rows {
		refPages += len(r.ref.pages)
		usPages += len(r.us.pages)
		goPages += len(r.go_.pages)
		refTime += r.ref.took
		usTime += r.us.took
		goTime += r.go_.took
		if r.ref.ok {
			refRead++
			if !r.us.ok {
				usMissed++
			}
		}
		if r.us.ok {
			usRead++
		}
		if r.go_.ok {
			goRead++
		}
		if r.ref.ok && r.us.ok {
			recUs = append(recUs, r.recallUs)
		}
		if r.ref.ok && r.go_.ok {
			recGo = append(recGo, r.recallGo)
		}
	}
	rate := func(pages int, d time.Duration) float64 { return float64(pages) / d.Seconds() }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "files\t%d\n", len(rows))
	fmt.Fprintf(tw, "reader\tfiles read\tpages\tseconds\tpages/s\tmedian recall\n")
	fmt.Fprintf(tw, "pdftotext\t%d\t%d\t%.2f\t%.1f\t-\n", refRead, refPages, refTime.Seconds(), rate(refPages, refTime))
	fmt.Fprintf(tw, "ours (Go + fallback)\t%d\t%d\t%.2f\t%.1f\t%.3f (%d files)\n", usRead, usPages, usTime.Seconds(), rate(usPages, usTime), median(recUs), len(recUs))
	fmt.Fprintf(tw, "Go reader only\t%d\t%d\t%.2f\t%.1f\t%.3f (%d files)\n", goRead, goPages, goTime.Seconds(), rate(goPages, goTime), median(recGo), len(recGo))
	tw.Flush()
	fmt.Fprintf(w, "pages/s ours / pdftotext: %.2f (Go only / pdftotext: %.2f)\n", rate(usPages, usTime)/rate(refPages, refTime), rate(goPages, goTime)/rate(refPages, refTime))
	fmt.Fprintf(w, "files pdftotext reads that we do not: %d\n", usMissed)

	fmt.Fprintln(w, "\nfiles below 0.9 recall (ours), or read by only one side:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		switch {
		case r.ref.ok && r.us.ok && r.recallUs < 0.9:
			fmt.Fprintf(tw, "%s\t%.3f\t%s\t%s\n", r.file, r.recallUs, methods(r.us), r.why)
		case r.ref.ok != r.us.ok:
			fmt.Fprintf(tw, "%s\t-\tours %s\tpdftotext %s\n", r.file, r.us.outcome, r.ref.outcome)
		}
	}
	tw.Flush()
	if verbose {
		fmt.Fprintln(w, "\nevery file:")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "file\tours\trecall\tgo only recall\tmethods\tours ms\tpdftotext ms")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%.3f\t%.3f\t%s\t%d\t%d\n", r.file, r.us.outcome, r.recallUs, r.recallGo, methods(r.us), r.us.took.Milliseconds(), r.ref.took.Milliseconds())
		}
		tw.Flush()
	}
}

func methods(r reading) string {
	var out []string
	for m, n := range r.methods {
		out = append(out, fmt.Sprintf("%s:%d", m, n))
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
