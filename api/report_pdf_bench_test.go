package api

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/pdf/pdftest"
)

// BenchmarkReportPDF prints the PDF of a whole published report (every
// section written: five paragraphs of about 80 words, two citations each,
// the facts) with the shared Chromium, as a first request for a version
// does, without the cache. It reports the browser's cold start
// (cold-ms, the first PDF with the browser's launch), the PDF's size, and
// the peak memory of the browser's processes while printing (their
// proportional set size summed, sampled every 10 ms, peak-MB) beside the
// same when idle (idle-MB). Alone, with the test services' env:
// go test ./api -run '^$' -bench BenchmarkReportPDF -benchtime 10x -count 5
func BenchmarkReportPDF(b *testing.B) {
	needChromium(b)
	env := newTestEnv(b, testOptions(b))
	a := benchReport(b, env)
	ins := "inspector.a@demo.test"
	for _, mv := range [][2]string{{ins, "calibration"}, {"panel@demo.test", "factual_accuracy"}, {ins, "published"}} {
		if mv[1] == "published" {
			env.endComments(b, a)
		}
		if rec := env.request(b, "POST", a+"/state", mv[0], map[string][]string{"to": {mv[1]}}); rec.Code != 303 {
			b.Fatalf("move to %s = %d", mv[1], rec.Code)
		}
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(a, "/assessments/"), 10, 64)
	ctx := context.Background()
	r, err := env.srv.readPublished(ctx, id, 0)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	html, err := env.srv.reportDocument(r)
	if err != nil {
		b.Fatal(err)
	}
	out, err := env.srv.pdf.Render(ctx, html)
	if err != nil {
		b.Fatal(err)
	}
	cold := time.Since(start)
	pid := env.srv.pdf.BrowserPID()
	idle := treePSS(pid)
	var mu sync.Mutex
	peak := int64(0)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if m := treePSS(pid); m > 0 {
					mu.Lock()
					peak = max(peak, m)
					mu.Unlock()
				}
			}
		}
	})
	b.ResetTimer()
	for b.Loop() {
		html, err := env.srv.reportDocument(r)
		if err != nil {
			b.Fatal(err)
		}
		if out, err = env.srv.pdf.Render(ctx, html); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(cold.Milliseconds()), "cold-ms")
	b.ReportMetric(float64(len(out))/1024, "pdf-KB")
	b.ReportMetric(float64(len(pdftest.Read(b, out).Pages)), "pages")
	b.ReportMetric(float64(idle)/1024, "idle-MB")
	b.ReportMetric(float64(peak)/1024, "peak-MB")
}

// treePSS is the proportional set size, in KiB, of process pid and all its
// descendants (Chromium's renderer, GPU and utility processes): shared
// pages are counted once across them, as RSS would not.
func treePSS(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	children := map[int][]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so after ')'.
		s := string(stat)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) > 1 {
			if pp, err := strconv.Atoi(fields[1]); err == nil {
				children[pp] = append(children[pp], p)
			}
		}
	}
	var total int64
	todo := []int{pid}
	for len(todo) > 0 {
		p := todo[0]
		todo = append(todo[1:], children[p]...)
		roll, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(p), "smaps_rollup"))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(roll), "\n") {
			if v, ok := strings.CutPrefix(line, "Pss:"); ok {
				n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				total += n
			}
		}
	}
	return total
}
