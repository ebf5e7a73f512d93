// Command portal is the Evidence Portal: the web server, the ingest workers
// and the operator commands. Configuration comes from PORTAL_* environment
// variables, read here and nowhere else.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // dates are shown in UK time, also on images without zoneinfo

	"github.com/evidenceportal/portal/internal/store"
)

const usage = `usage: portal <command>

commands:
  serve        run the web portal (and its ingest workers), applying migrations first
  worker       run ingest workers only
  migrate      apply database migrations and exit
  seed-demo    apply migrations and add the demo councils and assignments (development only)
  config       print the configuration, secrets redacted
  healthcheck  exit 0 when the local portal answers /healthz (for container health checks)
  extract      print the text a file gives, page by page, as JSON (portal extract [--kind K] FILE)
  reindex      rebuild the search index from the database and S3 into a new generation and switch to it
  index check  compare the search index with the database (portal index check [--repair])
  index snapshot  publish a snapshot of the search index to S3 now (portal serve does it every PORTAL_INDEX_SNAPSHOT_EVERY)
  index restore   unpack the latest snapshot into an empty PORTAL_INDEX_DIR (portal serve does it at start)
  outcomes import  import a published outcome file, ASCOF or survey (portal outcomes import -h)
  verify       check an evidence pack against its manifest (portal verify PACK.zip); needs no services
  report facts import  import every council's demographic and financial facts into its draft report (CSV)
  tag-eval     measure the evidence tagger on labelled paragraphs (portal tag-eval -h); needs no services
               (uses the database's active model when PORTAL_DATABASE_URL is set)
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "tag-eval" {
		return tagEval(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "outcomes" {
		return runOutcomes(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "verify" {
		return runVerify(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "report" {
		return runReportFacts(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "extract" {
		return runExtract(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) >= 2 && args[0] == "index" && args[1] == "check" {
		return runIndexCheck(ctx, args[2:], getenv, stdout, stderr)
	}
	if len(args) == 2 && args[0] == "index" && (args[1] == "snapshot" || args[1] == "restore") {
		args = []string{"index " + args[1]}
	}
	if len(args) != 1 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if args[0] == "config" {
		if f, ok := stdout.(*os.File); ok {
			printConfig(f, getenv)
		}
		return 0
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	applyMemoryLimit(cfg.MemoryLimit, log)
	switch args[0] {
	case "serve":
		err = serve(ctx, cfg, log)
	case "worker":
		err = worker(ctx, cfg, log)
	case "migrate":
		err = migrate(ctx, cfg, log, false)
	case "seed-demo":
		err = migrate(ctx, cfg, log, true)
	case "healthcheck":
		err = healthcheck(ctx, cfg)
	case "reindex":
		err = reindex(ctx, cfg, log, stdout)
	case "index snapshot":
		err = indexSnapshot(ctx, cfg, log, stdout)
	case "index restore":
		err = indexRestore(ctx, cfg, stdout)
	default:
		fmt.Fprint(stderr, usage)
		return 2
	}
	if err != nil {
		log.Error("portal stopped with an error", "command", args[0], "error", err)
		return 1
	}
	return 0
}

func runIndexCheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	code, err := indexCheck(ctx, cfg, log, args, stdout, stderr)
	if err != nil {
		log.Error("portal stopped with an error", "command", "index check", "error", err)
	}
	return code
}

func migrate(ctx context.Context, cfg config, log *slog.Logger, seed bool) error {
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer st.Close()
	applied, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	log.Info("migrations applied", "count", len(applied), "names", applied)
	if seed {
		if err := st.SeedDemo(ctx); err != nil {
			return err
		}
		log.Info("demo data seeded", "las", len(store.DemoLAs), "assignments", len(store.DemoAssignments))
	}
	return nil
}

func healthcheck(ctx context.Context, cfg config) error {
	host, port, err := net.SplitHostPort(cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("parse PORTAL_LISTEN_ADDR: %w", err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("get /healthz: %w", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("get /healthz: status %d", res.StatusCode)
	}
	return nil
}
