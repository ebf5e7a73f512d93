package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/store"
)

const outcomesUsage = `usage: portal outcomes import [-layout ascof|ascs] -year 2023-24 [-publication NAME] [-source URL] [-by EMAIL] FILE`

// runOutcomes is `portal outcomes import FILE`: one published outcome file
// into the database as the dataset of its layout and year, all of it or,
// when any row is wrong, none of it with every problem listed. Exit 0 when
// imported or unchanged, 1 when refused, 2 on bad usage.
func runOutcomes(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, outcomesUsage)
		return 2
	}
	fs := flag.NewFlagSet("outcomes import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var info outcomes.DatasetInfo
	fs.StringVar(&info.Layout, "layout", outcomes.ASCOF.Slug, "kind of file: ascof (ASCOF long format) or ascs (Adult Social Care Survey)")
	fs.StringVar(&info.Year, "year", "", "financial year the figures are for, like 2023-24 (required)")
	fs.StringVar(&info.Publication, "publication", "", "name of the publication; default: the layout's name and the year")
	fs.StringVar(&info.SourceURL, "source", "", "address the file was published at")
	by := fs.String("by", "", "who is importing, for the audit log; default: $USER")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, outcomesUsage)
		return 2
	}
	if l, ok := outcomes.Layouts[info.Layout]; ok && info.Publication == "" {
		info.Publication = l.Name + " " + info.Year
	}
	if problems := info.Check(); len(problems) > 0 {
		for _, field := range []string{"layout", "publication", "year", "source_url"} {
			if msg, ok := problems[field]; ok {
				fmt.Fprintf(stderr, "portal outcomes import: %s: %s\n", field, msg)
			}
		}
		return 2
	}
	if *by == "" {
		*by = getenv("USER") + " (portal outcomes import)"
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	code, err := importOutcomes(ctx, cfg, info, *by, fs.Arg(0), stdout)
	if err != nil {
		log.Error("outcomes import failed", "file", fs.Arg(0), "error", err)
	}
	return code
}

func importOutcomes(ctx context.Context, cfg config, info outcomes.DatasetInfo, by, path string, stdout io.Writer) (int, error) {
	cat, err := framework.Load()
	if err != nil {
		return 1, err
	}
	f, err := os.Open(path)
	if err != nil {
		return 1, err
	}
	defer f.Close()
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return 1, err
	}
	defer st.Close()
	res, err := st.ImportOutcomes(ctx, store.OutcomeDataset{Publication: info.Publication, Year: info.Year, SourceURL: info.SourceURL, ImportedBy: by},
		outcomes.LimitReader(f, cfg.OutcomesMaxBytes), outcomes.Layouts[info.Layout], cat.Measures(),
		store.AuditEntry{ActorEmail: by, ActorRole: "cli", Action: "outcomes_imported"})
	switch {
	case errors.Is(err, store.ErrOutcomeProblems):
		printProblems(stdout, path, res.Summary)
		return 1, nil
	case errors.Is(err, outcomes.ErrTooLarge):
		fmt.Fprintf(stdout, "%s is larger than PORTAL_OUTCOMES_MAX_BYTES (%d bytes); nothing was imported\n", path, cfg.OutcomesMaxBytes)
		return 1, nil
	case err != nil:
		return 1, err
	}
	printImport(stdout, res)
	return 0, nil
}

func printImport(w io.Writer, res store.OutcomeImport) {
	d, s := res.Dataset, res.Summary
	switch {
	case res.Unchanged:
		fmt.Fprintf(w, "%s (%s): this file is already imported; nothing changed\n", d.Publication, d.Year)
		return
	case res.Replaced:
		fmt.Fprintf(w, "%s (%s): imported, replacing the file imported before\n", d.Publication, d.Year)
	default:
		fmt.Fprintf(w, "%s (%s): imported\n", d.Publication, d.Year)
	}
	fmt.Fprintf(w, "  %d figures of %d councils, %d measures (%s); %d numerator and denominator rows checked\n",
		s.Figures, s.Councils, len(s.Measures), strings.Join(s.Measures, ", "), s.Other)
	fmt.Fprintf(w, "  dataset %d, SHA-256 %s, %d bytes\n", d.ID, d.SHA256, d.Size)
}

func printProblems(w io.Writer, path string, s outcomes.Summary) {
	fmt.Fprintf(w, "%s was not imported: %s in %s; nothing was stored\n  %s\n", path, plural(s.ProblemCount, "problem"), plural(s.Rows, "row"), s.Overview())
	for _, p := range s.Problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
	if s.ProblemCount > len(s.Problems) {
		fmt.Fprintf(w, "  and %d more\n", s.ProblemCount-len(s.Problems))
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
