package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

// indexDeps are what the index commands need: the database (documents
// and their tags) and S3 (their text).
type indexDeps struct {
	st *store.Store
	bl *blob.Store
}

func openIndexDeps(ctx context.Context, cfg config) (indexDeps, error) {
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return indexDeps{}, err
	}
	if _, err := st.Migrate(ctx); err != nil {
		st.Close()
		return indexDeps{}, err
	}
	bl, err := blob.Open(blob.Options{Endpoint: cfg.S3Endpoint, Bucket: cfg.S3Bucket, AccessKey: cfg.S3AccessKey,
		SecretKey: cfg.S3SecretKey, UseTLS: cfg.S3UseTLS, Region: cfg.S3Region})
	if err != nil {
		st.Close()
		return indexDeps{}, err
	}
	return indexDeps{st: st, bl: bl}, nil
}

// reindex rebuilds the index into a new generation and makes it current;
// a running portal serve switches to it within seconds.
func reindex(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	d, err := openIndexDeps(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.st.Close()
	stats, err := ingest.Rebuild(ctx, d.st, d.bl, cfg.IndexDir, 2*cfg.IngestWorkers)
	if err != nil {
		return err
	}
	rate := float64(stats.Pages) / stats.Duration.Seconds()
	log.Info("index rebuilt", "generation", stats.Generation, "documents", stats.Documents, "pages", stats.Pages,
		"duration", stats.Duration.String(), "pages_per_second", int(rate))
	fmt.Fprintf(stdout, "rebuilt %s: %d documents, %d pages in %s (%.0f pages/s)\n", stats.Generation, stats.Documents,
		stats.Pages, stats.Duration.Round(1e6), rate)
	if len(stats.NoText) > 0 {
		log.Warn("documents left out of the index: their text is missing from storage", "documents", stats.NoText)
		fmt.Fprintf(stdout, "left out %d documents whose text is missing from storage (portal index check lists them): %s\n",
			len(stats.NoText), strings.Join(stats.NoText, " "))
	}
	return nil
}

// indexCheck compares the index with the database and prints what differs;
// with --repair it fixes it. While portal serve owns the index, it asks
// serve to do it (serve also checks and repairs by itself at start and
// after each switch to a rebuilt generation). Exit status 1 when not clean.
func indexCheck(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("index check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	repair := fs.Bool("repair", false, "index missing and stale documents again and remove extra ones")
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	d, err := openIndexDeps(ctx, cfg)
	if err != nil {
		return 1, err
	}
	defer d.st.Close()
	ix, err := search.Open(cfg.IndexDir)
	if errors.Is(err, search.ErrInUse) {
		// portal serve owns the index: it does the check for us.
		ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
		defer cancel()
		r, err := ingest.RequestCheck(ctx, cfg.IndexDir, *repair)
		if err != nil {
			return 1, err
		}
		printReport(stdout, r.Before)
		if r.After != nil {
			fmt.Fprintln(stdout, "after repair:")
			printReport(stdout, *r.After)
			return exitFor(*r.After), nil
		}
		return exitFor(r.Before), nil
	}
	if err != nil {
		return 1, err
	}
	defer ix.Close()
	r, err := ingest.CheckIndex(ctx, d.st, ix)
	if err != nil {
		return 1, err
	}
	printReport(stdout, r)
	if r.Clean() || !*repair {
		if r.Clean() {
			return 0, nil
		}
		return 1, nil
	}
	if err := ingest.RepairIndex(ctx, d.st, d.bl, ix, r); err != nil {
		return 1, err
	}
	r, err = ingest.CheckIndex(ctx, d.st, ix)
	if err != nil {
		return 1, err
	}
	fmt.Fprintln(stdout, "after repair:")
	printReport(stdout, r)
	log.Info("index repaired", "clean", r.Clean())
	if !r.Clean() {
		return 1, nil
	}
	return 0, nil
}

func exitFor(r search.Report) int {
	if r.Clean() {
		return 0
	}
	return 1
}

func printReport(w io.Writer, r search.Report) {
	fmt.Fprintf(w, "checked %d documents: %d missing, %d stale, %d extra\n", r.Checked, len(r.Missing), len(r.Stale), len(r.Extra))
	for _, id := range r.Missing {
		fmt.Fprintf(w, "missing %s\n", id)
	}
	for _, s := range r.Stale {
		fmt.Fprintf(w, "stale   %s: %s\n", s.DocID, s.Why)
	}
	for _, id := range r.Extra {
		fmt.Fprintf(w, "extra   %s\n", id)
	}
}
