// Command searchcorpus makes a realistic search corpus: councils, ready
// documents in PostgreSQL and their page text in S3, exactly as the ingest
// pipeline leaves them, so that portal reindex and the search benchmarks
// run on it.
//
//	go run ./tools/searchcorpus -pages 100000 [-las 150] [-seed 1]
//
// Method. Text comes from two real sources: the 150 paragraphs of CQC
// local authority assessment reports in ../shared/tagger/*.jsonl (adult
// social care language: carers, safeguarding, waiting lists, co-production)
// and the text our own extractor reads from the PDFs of
// ../shared/corpus/pdf (varied, often non-care text, which keeps term
// statistics from being unnaturally narrow). Both are split into
// paragraphs; each page is filled to a length drawn from a log-normal
// distribution (median 2,500 characters, clipped to 200..9,000, so most
// pages are 1-4 KB as in council PDFs), three quarters from the care
// paragraphs, a quarter from the PDF ones, each paragraph started at a
// random sentence so no two pages are the same. Documents have 1 to 60
// pages (log-normal, median 6, mean about 10), one of the eleven document
// types of the upload form, a title made from the type and a care topic, a
// period of one or two years between 2021 and 2026, an upload date in the
// three years before now, and a council drawn with a skew (a few large
// councils send much more than the rest) among -las councils (codes
// E09100000 upwards; the two demo councils are among them). Everything is
// deterministic for a given -seed. The pool of PDF paragraphs is cached in
// -cache, as extracting the PDFs takes a minute on two cores.
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/google/uuid"
)

func main() {
	pages := flag.Int("pages", 10000, "pages to make (documents are added until this many)")
	las := flag.Int("las", 150, "councils")
	seed := flag.Uint64("seed", 1, "random seed")
	tagger := flag.String("tagger", envOr("PORTAL_TAGGER_DATA", "../shared/tagger"), "directory of *.jsonl paragraphs")
	pdfs := flag.String("pdf", envOr("PORTAL_PDF_CORPUS", "../shared/corpus/pdf"), "directory of PDFs")
	cache := flag.String("cache", filepath.Join(os.TempDir(), "searchcorpus-pdf-paragraphs.json"), "cache of the PDF paragraphs")
	workers := flag.Int("workers", 8, "documents written at once")
	flag.Parse()
	if err := run(context.Background(), *pages, *las, *seed, *tagger, *pdfs, *cache, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "searchcorpus:", err)
		os.Exit(1)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

var topics = []string{"Carers", "Safeguarding adults", "Market position statement", "Hospital discharge", "Workforce",
	"Direct payments", "Mental health", "Learning disability and autism", "Transitions to adulthood", "Reablement",
	"Co-production", "Waiting lists", "Equality and diversity", "Commissioning", "Quality assurance", "Prevention",
	"Occupational therapy", "Deprivation of liberty safeguards", "Home care", "Care homes", "Extra care housing",
	"Information and advice", "Self-directed support", "Continuing healthcare", "Partnership board"}

var types = []string{"policy", "strategy", "procedure", "survey-results", "self-assessment", "peer-review",
	"performance-data", "action-plan", "annual-report", "minutes", "other"}

// LACode is the code of generated council i; 0 and 1 are the demo ones.
func LACode(i int) string {
	switch i {
	case 0:
		return "E06009901"
	case 1:
		return "E06009902"
	}
	return fmt.Sprintf("E0910%04d", i)
}

func run(ctx context.Context, target, nLAs int, seed uint64, taggerDir, pdfDir, cache string, workers int) error {
	care, err := taggerParagraphs(taggerDir)
	if err != nil {
		return err
	}
	other, err := pdfParagraphs(ctx, pdfDir, cache)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, envOr("PORTAL_DATABASE_URL", "postgres://postgres@127.0.0.1:54329/portal?sslmode=disable"))
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	if err := st.SeedDemo(ctx); err != nil {
		return err
	}
	bl, err := blob.Open(blob.Options{Endpoint: envOr("PORTAL_S3_ENDPOINT", "127.0.0.1:9000"), Bucket: envOr("PORTAL_S3_BUCKET", "evidence"),
		AccessKey: envOr("PORTAL_S3_ACCESS_KEY", "portal-dev"), SecretKey: envOr("PORTAL_S3_SECRET_KEY", "portal-dev-secret-key")})
	if err != nil {
		return err
	}
	if err := bl.EnsureBucket(ctx); err != nil {
		return err
	}
	for i := 2; i < nLAs; i++ {
		err := st.CreateLA(ctx, LACode(i), fmt.Sprintf("Generated Council %d", i), store.AuditEntry{ActorEmail: "searchcorpus", Action: "la.create"})
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	u, err := st.UpsertUser(ctx, store.Identity{Issuer: "searchcorpus", Subject: "generator", Email: "searchcorpus@generated.test"},
		authz.Assignment{Role: authz.RoleLASubmitter, LA: LACode(0)}, false)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 42))
	now := time.Now().UTC()
	type job struct {
		d    store.Document
		text ingest.Text
	}
	jobs := make(chan job, workers)
	var wg sync.WaitGroup
	var firstErr atomic.Value
	var written atomic.Int64
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				if err := write(ctx, st, bl, j.d, j.text); err != nil {
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				if n := written.Add(int64(len(j.text.Pages))); n%10000 < int64(len(j.text.Pages)) {
					fmt.Fprintf(os.Stderr, "%d pages written (%.0f/s)\n", n, float64(n)/time.Since(start).Seconds())
				}
			}
		})
	}
	made, docs := 0, 0
	for made < target && firstErr.Load() == nil {
		n := min(lognormal(rng, 6, 1.0, 1, 60), target-made)
		typ := types[rng.IntN(len(types))]
		topic := topics[rng.IntN(len(topics))]
		from := 2021 + rng.IntN(5)
		period := fmt.Sprint(from)
		if rng.IntN(2) == 0 {
			period = fmt.Sprintf("%d to %d", from, from+1)
		}
		id := uuid.New()
		sum := sha256.Sum256(id[:])
		d := store.Document{ID: id.String(), LA: LACode(skewed(rng, nLAs)), Title: topic + " " + strings.ToLower(ingest.DocumentTypeLabel(typ)) + " " + period,
			Type: typ, Period: period, Filename: "generated.pdf", Kind: "pdf", ContentType: "application/pdf", Size: int64(n * 3000),
			SHA256: hex.EncodeToString(sum[:]), ObjectKey: blob.FileKey(id.String()), Status: document.Ready, UploadedBy: u.ID,
			UploadedAt: now.Add(-time.Duration(rng.Int64N(int64(3 * 365 * 24 * time.Hour))))}
		text := ingest.Text{DocumentID: d.ID, Outcome: "text"}
		for p := 1; p <= n; p++ {
			text.Pages = append(text.Pages, extract.Page{Number: p, Text: page(rng, care, other)})
		}
		jobs <- job{d, text}
		made += n
		docs++
	}
	close(jobs)
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return err
	}
	fmt.Printf("made %d documents, %d pages in %d councils in %s\n", docs, made, nLAs, time.Since(start).Round(time.Millisecond))
	return nil
}

func write(ctx context.Context, st *store.Store, bl *blob.Store, d store.Document, text ingest.Text) error {
	if err := ingest.SaveText(ctx, bl, text); err != nil {
		return err
	}
	if err := st.CreateDocument(ctx, d, store.AuditEntry{ActorEmail: "searchcorpus", Action: "document.upload", ObjectType: "document",
		ObjectID: d.ID, LA: d.LA}); err != nil {
		return err
	}
	return st.SetPagesAndUploaded(ctx, d.ID, len(text.Pages), d.UploadedAt)
}

// lognormal draws an integer with the given median and spread, clipped.
func lognormal(rng *rand.Rand, median, sigma float64, lo, hi int) int {
	v := int(math.Round(median * math.Exp(sigma*rng.NormFloat64())))
	return max(lo, min(hi, v))
}

// skewed draws a council so that low numbers come up much more often.
func skewed(rng *rand.Rand, n int) int {
	return min(n-1, int(float64(n)*math.Pow(rng.Float64(), 2)))
}

func page(rng *rand.Rand, care, other []string) string {
	want := lognormal(rng, 2500, 0.6, 200, 9000)
	var b strings.Builder
	for b.Len() < want {
		pool := care
		if rng.IntN(4) == 0 {
			pool = other
		}
		p := pool[rng.IntN(len(pool))]
		sentences := strings.SplitAfter(p, ". ")
		p = strings.Join(sentences[rng.IntN(len(sentences)):], "")
		if b.Len()+len(p) > want+500 {
			p = p[:max(0, want-b.Len())]
		}
		b.WriteString(p)
		b.WriteString("\n\n")
	}
	return b.String()
}

func taggerParagraphs(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no *.jsonl paragraphs in %s", dir)
	}
	var out []string
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var p struct {
				Text string `json:"text"`
			}
			if json.Unmarshal(sc.Bytes(), &p) == nil && len(p.Text) > 40 {
				out = append(out, p.Text)
			}
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read %s: %w", f, err)
		}
	}
	return out, nil
}

func pdfParagraphs(ctx context.Context, dir, cache string) ([]string, error) {
	var out []string
	if b, err := os.ReadFile(cache); err == nil && json.Unmarshal(b, &out) == nil && len(out) > 0 {
		return out, nil
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no PDFs in %s", dir)
	}
	for _, f := range files {
		ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		res, err := extract.File(ctx, f, "PDF", extract.Options{PDFToText: "pdftotext"})
		cancel()
		if err != nil {
			continue // encrypted, unreadable: the corpus has some on purpose
		}
		for _, pg := range res.Pages {
			for _, para := range strings.Split(pg.Text, "\n\n") {
				para = strings.Join(strings.Fields(para), " ")
				if len(para) > 80 && printable(para) {
					out = append(out, para)
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no text read from the PDFs in %s", dir)
	}
	if b, err := json.Marshal(out); err == nil {
		os.WriteFile(cache, b, 0o600)
	}
	return out, nil
}

// printable keeps paragraphs that are mostly letters and spaces: some test
// PDFs give glyph soup.
func printable(s string) bool {
	good := 0
	for _, r := range s {
		if r == ' ' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			good++
		}
	}
	return good*10 >= len([]rune(s))*8
}
