// Command ingestbench measures what one large upload costs a real `portal
// serve` child process (issue 15): a 60 MB plain text file (about 21,300
// pages) and a 50 MB one-column CSV (about 17,500 pages), each uploaded
// through the API and followed to its final status, against the services
// of deploy/dev/services.sh (their env file sourced). For each binary given
// (-portal, and -before to compare with an older build) and each file, it
// reports the median over -runs of:
//
//   - the RSS before the upload and its peak until the document is final
//     (VmHWM of /proc/PID/status, reset through clear_refs before the
//     upload), and the growth between them (target: under 256 MiB);
//   - the peak Go heap in use (go_memstats_heap_inuse_bytes from the
//     portal's /metrics, read every 100 ms);
//   - the time from the end of the upload to the final status, and the
//     status and pages it ends with;
//   - the time from the end of the upload until the portal's follower of
//     the index change log has put every page of a ready document into
//     its index (portal_index_log_applied_pages_total): indexing happens
//     after "ready", and the peak is measured until then.
//
// Each document is withdrawn after its run, so the next run's portal,
// starting on an empty index, does not index it again.
//
// Each run starts a fresh portal with an empty index directory, so no run
// inherits another's memory.
//
//	go build -o /tmp/portal ./cmd/portal && go run ./tools/ingestbench -portal /tmp/portal
package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/evidenceportal/portal/tools/internal/benchportal"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

const mib = 1 << 20

func main() {
	bin := flag.String("portal", "", "the portal binary to measure (go build -o BIN ./cmd/portal)")
	before := flag.String("before", "", "an older portal binary to measure beside it (optional)")
	runs := flag.Int("runs", 3, "runs of each file on each binary (the median is reported)")
	textMB := flag.Int64("text", 60, "MB of the plain text file; 0 to skip it")
	csvMB := flag.Int64("csv", 50, "MB of the one-column CSV; 0 to skip it")
	limit := flag.Duration("timeout", 10*time.Minute, "longest wait for one document to end")
	env := flag.String("env", "", "extra KEY=VALUE settings for the portal, comma-separated (e.g. PORTAL_MEMORY_LIMIT=1GiB)")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "ingestbench: -portal BIN is required")
		os.Exit(2)
	}
	if err := run(*bin, *before, *runs, *textMB*1000*1000, *csvMB*1000*1000, *limit, *env); err != nil {
		fmt.Fprintln(os.Stderr, "ingestbench:", err)
		os.Exit(1)
	}
}

type file struct {
	name string
	size int64
	gen  func(seed string, size int64) []byte
}

type result struct {
	status         string
	pages          int
	rssBefore, hwm int64
	heapPeak       int64
	took           time.Duration // upload to final status
	indexed        time.Duration // upload to every page in this node's index
}

func run(bin, before string, runs int, textSize, csvSize int64, limit time.Duration, extra string) error {
	for _, v := range []string{"PORTAL_DATABASE_URL", "PORTAL_S3_ENDPOINT", "PORTAL_OIDC_ISSUER", "PORTAL_CLAMD_ADDR"} {
		if os.Getenv(v) == "" {
			return fmt.Errorf("%s is not set: source the env file of deploy/dev/services.sh", v)
		}
	}
	ctx := context.Background()
	if out, err := exec.Command(bin, "seed-demo").CombinedOutput(); err != nil {
		return fmt.Errorf("portal seed-demo: %w\n%s", err, out)
	}
	tmp, err := os.MkdirTemp("", "ingestbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	tok, err := benchportal.Token(ctx, "submitter.a@demo.test")
	if err != nil {
		return err
	}
	var files []file
	if textSize > 0 {
		files = append(files, file{fmt.Sprintf("%d MB plain text", textSize/1e6), textSize, plainText})
	}
	if csvSize > 0 {
		files = append(files, file{fmt.Sprintf("%d MB one-column CSV", csvSize/1e6), csvSize, oneColumnCSV})
	}
	bins := [][2]string{{"this build", bin}}
	if before != "" {
		bins = append([][2]string{{"before", before}}, bins...)
	}
	settings := map[string]string{}
	for _, kv := range strings.Split(extra, ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			settings[k] = v
		}
	}
	out := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(out, "binary\tfile\tends\tpages\tRSS before\tpeak RSS\tgrowth\tpeak heap\ttime to final\ttime to indexed\truns")
	seq := 0
	for _, b := range bins {
		for _, f := range files {
			var rs []result
			for range runs {
				seq++
				env := map[string]string{"PORTAL_INDEX_DIR": filepath.Join(tmp, fmt.Sprint("index-", seq)), "PORTAL_LOG_LEVEL": "warn"}
				for k, v := range settings {
					env[k] = v
				}
				r, err := measure(ctx, b[1], env, filepath.Join(tmp, fmt.Sprint("serve-", seq, ".log")), tok, f, fmt.Sprintf("%d-%d", time.Now().UnixNano(), seq), limit)
				if err != nil {
					return fmt.Errorf("%s, %s: %w", b[0], f.name, err)
				}
				fmt.Fprintf(os.Stderr, "  %s, %s: %s, %d pages, RSS %.0f -> %.0f MiB, heap %.0f MiB, final %.1f s, indexed %.1f s\n", b[0], f.name,
					r.status, r.pages, mb(r.rssBefore), mb(r.hwm), mb(r.heapPeak), r.took.Seconds(), r.indexed.Seconds())
				rs = append(rs, r)
			}
			statuses := []string{}
			for _, r := range rs {
				if !slices.Contains(statuses, r.status) {
					statuses = append(statuses, r.status)
				}
			}
			fmt.Fprintf(out, "%s\t%s\t%s\t%d\t%.0f MiB\t%.0f MiB\t%.0f MiB\t%.0f MiB\t%.1f s\t%.1f s\t%d\n", b[0], f.name,
				strings.Join(statuses, "/"), rs[0].pages,
				mb(med(rs, func(r result) int64 { return r.rssBefore })), mb(med(rs, func(r result) int64 { return r.hwm })),
				mb(med(rs, func(r result) int64 { return r.hwm - r.rssBefore })), mb(med(rs, func(r result) int64 { return r.heapPeak })),
				float64(med(rs, func(r result) int64 { return int64(r.took) }))/1e9,
				float64(med(rs, func(r result) int64 { return int64(r.indexed) }))/1e9, len(rs))
		}
	}
	return out.Flush()
}

func mb(n int64) float64 { return float64(n) / mib }

func med(rs []result, f func(result) int64) int64 {
	v := make([]int64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// measure starts a portal, uploads the file and follows it to its final
// status while it watches the portal's memory.
func measure(ctx context.Context, bin string, env map[string]string, logFile, tok string, f file, seed string, limit time.Duration) (result, error) {
	body := f.gen(seed, f.size)
	p, err := benchportal.Start(bin, env, logFile)
	if err != nil {
		return result{}, err
	}
	defer p.Stop()
	time.Sleep(2 * time.Second) // let start-up work (model, index check) settle
	var r result
	if r.rssBefore, _, err = benchportal.Memory(p.PID()); err != nil {
		return r, err
	}
	if err := benchportal.ResetPeak(p.PID()); err != nil {
		return r, err
	}
	stopHeap := p.WatchHeap(100 * time.Millisecond)
	c := &client{base: p.Base, token: tok}
	id, err := c.upload(ctx, filepath.Base(strings.ReplaceAll(f.name, " ", "-"))+ext(f.name), body)
	body = nil
	if err != nil {
		stopHeap()
		return r, err
	}
	start := time.Now()
	for {
		d, err := c.document(ctx, id)
		if err != nil {
			stopHeap()
			return r, err
		}
		if slices.Contains([]string{"ready", "rejected", "failed"}, d.Status) {
			r.status, r.pages = d.Status, d.Pages
			break
		}
		if time.Since(start) > limit {
			stopHeap()
			return r, fmt.Errorf("document %s still %s after %s (log in %s)", id, d.Status, limit, logFile)
		}
		time.Sleep(200 * time.Millisecond)
	}
	r.took = time.Since(start)
	// Ready is written by the index job; each node's follower then puts
	// the pages into its own index, which is where most of the memory
	// goes: the run ends when this node's follower has applied them all.
	if r.status == "ready" {
		for {
			n, err := p.Metric("portal_index_log_applied_pages_total")
			if err == nil && int(n) >= r.pages {
				break
			}
			if time.Since(start) > limit {
				stopHeap()
				return r, fmt.Errorf("document %s ready but only %.0f of its %d pages indexed after %s (log in %s)", id, n, r.pages, limit, logFile)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	r.indexed = time.Since(start)
	r.heapPeak = stopHeap()
	_, r.hwm, err = benchportal.Memory(p.PID())
	if err != nil {
		return r, err
	}
	// Withdrawn, the document is not indexed again by the next run's
	// portal, which starts on an empty index and repairs it from the
	// database.
	return r, c.withdraw(ctx, id)
}

func ext(name string) string {
	if strings.Contains(name, "CSV") {
		return ".csv"
	}
	return ".txt"
}
