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

	"github.com/evidenceportal/portal/internal/report"
	"github.com/evidenceportal/portal/internal/store"
)

const factsUsage = `usage: portal report facts import [-by EMAIL] FILE`

const factsMaxBytes = report.MaxFactsBytes

// runReportFacts is `portal report facts import FILE`: the demographic and
// financial facts of every council, one CSV row each, into the "About the
// local authority" section of each council's draft report; all of it or,
// when any row is wrong or any council unknown, none of it with every
// problem listed. Exit 0 when imported, 1 when refused, 2 on bad usage.
func runReportFacts(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) < 2 || args[0] != "facts" || args[1] != "import" {
		fmt.Fprintln(stderr, factsUsage)
		return 2
	}
	fs := flag.NewFlagSet("report facts import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	by := fs.String("by", "", "who is importing, for the audit log and the report's versions; default: $USER")
	if err := fs.Parse(args[2:]); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, factsUsage)
		return 2
	}
	if *by == "" {
		*by = getenv("USER") + " (portal report facts import)"
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	code, err := importFacts(ctx, cfg, *by, fs.Arg(0), stdout)
	if err != nil {
		log.Error("facts import failed", "file", fs.Arg(0), "error", err)
	}
	return code
}

func importFacts(ctx context.Context, cfg config, by, path string, stdout io.Writer) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 1, err
	}
	defer f.Close()
	lr := &io.LimitedReader{R: f, N: factsMaxBytes + 1}
	rows, problems, err := report.ReadFactsCSV(lr)
	if lr.N <= 0 {
		fmt.Fprintf(stdout, "%s is larger than %d bytes; nothing was imported\n", path, factsMaxBytes)
		return 1, nil
	}
	if errors.Is(err, report.ErrFactProblems) {
		fmt.Fprintf(stdout, "%s was not imported: %s; nothing was stored\n", path, plural(len(problems), "problem"))
		for i, p := range problems {
			if i == 50 {
				fmt.Fprintf(stdout, "  and %d more\n", len(problems)-i)
				break
			}
			fmt.Fprintf(stdout, "  %s\n", p)
		}
		return 1, nil
	}
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return 1, err
	}
	defer st.Close()
	res, err := st.ImportFacts(ctx, rows, by, store.AuditEntry{ActorEmail: by, ActorRole: "cli", Action: "report_facts_imported"})
	var unknown *store.UnknownCouncilsError
	if errors.As(err, &unknown) {
		fmt.Fprintf(stdout, "%s was not imported: the portal has no council %s; nothing was stored\n", path, strings.Join(unknown.Codes, ", "))
		return 1, nil
	}
	if err != nil {
		return 1, err
	}
	fmt.Fprintf(stdout, "%s: facts of %s imported\n", path, plural(len(rows), "council"))
	for _, g := range []struct {
		what string
		ds   []store.FactsDraft
	}{
		{"filled (a new version of \"About the local authority\")", res.Filled},
		{"unchanged (the same facts already)", res.Unchanged},
		{"kept: an inspector typed their facts, which an import never replaces", res.KeptTyped},
		{"not changed: in calibration, where the report is frozen", res.Frozen},
	} {
		if len(g.ds) == 0 {
			continue
		}
		var ids []string
		for _, d := range g.ds {
			ids = append(ids, fmt.Sprintf("%s assessment %d", d.LA, d.Assessment))
		}
		fmt.Fprintf(stdout, "  %s %s: %s\n", plural(len(g.ds), "draft"), g.what, strings.Join(ids, ", "))
	}
	if len(res.NoDraft) > 0 {
		fmt.Fprintf(stdout, "  %s with no report being drafted (published reports are never changed): %s\n",
			plural(len(res.NoDraft), "council"), strings.Join(res.NoDraft, ", "))
	}
	return 0, nil
}
