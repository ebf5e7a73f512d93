package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/servicetest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tagger"
	"github.com/evidenceportal/portal/search"
)

// chaosWorker runs the pipeline in a child process of the test binary, the
// way `portal worker` (or, with an index directory, `portal serve`) does,
// until it is killed.
func chaosWorker() {
	ctx := context.Background()
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "chaos worker:", err)
		os.Exit(2)
	}
	st, err := store.Open(ctx, os.Getenv("CHAOS_PG"))
	if err != nil {
		fail(err)
	}
	bl, err := blob.Open(blob.Options{Endpoint: os.Getenv("CHAOS_S3"), Bucket: os.Getenv("CHAOS_BUCKET"),
		AccessKey: os.Getenv("PORTAL_S3_ACCESS_KEY"), SecretKey: os.Getenv("PORTAL_S3_SECRET_KEY")})
	if err != nil {
		fail(err)
	}
	exe, _ := os.Executable()
	opts := Options{Workers: 2, Executable: exe, PollInterval: 50 * time.Millisecond, ExtractLimits: testLimits(),
		StageTimeout: 5 * time.Second, RescueAfter: 6 * time.Second}
	if dir := os.Getenv("CHAOS_INDEX"); dir != "" {
		ix, err := search.Open(dir)
		if err != nil {
			fail(err)
		}
		cat, err := framework.Load()
		if err != nil {
			fail(err)
		}
		tg, err := tagger.Default(cat)
		if err != nil {
			fail(err)
		}
		opts.Index, opts.IndexDir, opts.Tagger = ix, dir, tg
		opts.Follow = FollowOptions{Poll: 50 * time.Millisecond, Housekeeping: 50 * time.Millisecond}
	}
	p, err := NewPipeline(st, bl, NewClamd(os.Getenv("CHAOS_CLAMD")), slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	if err != nil {
		fail(err)
	}
	if err := p.Run(ctx); err != nil {
		fail(err)
	}
}

// outage is a TCP proxy in front of a real service: taking it down cuts
// every connection through it and refuses new ones, which is what a worker
// sees when PostgreSQL, MinIO or clamd restarts.
type outage struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  map[net.Conn]bool
}

func newOutage(t *testing.T, target string) *outage {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	o := &outage{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); o.setDown(true) })
	go o.serve()
	return o
}

func (o *outage) addr() string { return o.ln.Addr().String() }

func (o *outage) serve() {
	for {
		c, err := o.ln.Accept()
		if err != nil {
			return
		}
		go o.pipe(c)
	}
}

func (o *outage) pipe(c net.Conn) {
	o.mu.Lock()
	if o.down {
		o.mu.Unlock()
		c.Close()
		return
	}
	o.mu.Unlock()
	s, err := net.Dial("tcp", o.target)
	if err != nil {
		c.Close()
		return
	}
	if !o.track(c, s) {
		return
	}
	go func() { io.Copy(s, c); s.Close(); c.Close() }()
	io.Copy(c, s)
	c.Close()
	s.Close()
}

func (o *outage) track(cs ...net.Conn) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.down {
		for _, c := range cs {
			c.Close()
		}
		return false
	}
	for _, c := range cs {
		o.conns[c] = true
	}
	return true
}

func (o *outage) setDown(down bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.down = down
	if down {
		for c := range o.conns {
			c.Close()
		}
		clear(o.conns)
	}
}

// TestPipelineSurvivesKillsAndOutages kills workers with SIGKILL at random
// moments and cuts PostgreSQL, MinIO and clamd while documents go through
// the pipeline, then lets the system run: every document must end in a
// final state, with its text stored once, its pages indexed once and
// nothing left in quarantine.
func TestPipelineSurvivesKillsAndOutages(t *testing.T) {
	if testing.Short() {
		t.Skip("kills worker processes for about 15 seconds")
	}
	e := newEnv(t)
	ctx := context.Background()
	pg := e.dbURL
	pgURL, err := url.Parse(pg)
	if err != nil {
		t.Fatal(err)
	}
	pgProxy := newOutage(t, pgURL.Host)
	s3Proxy := newOutage(t, servicetest.Env(t, "PORTAL_S3_ENDPOINT"))
	clamProxy := newOutage(t, servicetest.Env(t, "PORTAL_CLAMD_ADDR"))
	pgURL.Host = pgProxy.addr()
	indexDir := t.TempDir() + "/index"

	// Documents arrive all through the chaos: text that becomes ready, and
	// viruses that are rejected.
	var docs []store.Document
	add := func() {
		i := len(docs)
		name, body := fmt.Sprintf("plan-%02d.txt", i), []byte(fmt.Sprintf("Carers strategy number %d: assessments within 28 days.\n", i))
		if i%6 == 5 {
			name, body = fmt.Sprintf("virus-%02d.txt", i), append(eicarBytes(), strings.Repeat(" ", i)...)
		}
		d, err := e.upload(t, name, body)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// Each slot holds one worker process; like systemd's Restart=always, a
	// worker that exits (it could not reach PostgreSQL at start) is started
	// again.
	type worker struct {
		cmd  *exec.Cmd
		done chan struct{}
	}
	start := func(owner bool) *worker {
		cmd := exec.Command(exe, "chaos-worker")
		cmd.Env = append(os.Environ(), "CHAOS_PG="+pgURL.String(), "CHAOS_S3="+s3Proxy.addr(), "CHAOS_BUCKET="+e.bucket,
			"CHAOS_CLAMD="+clamProxy.addr())
		if owner {
			cmd.Env = append(cmd.Env, "CHAOS_INDEX="+indexDir)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		w := &worker{cmd: cmd, done: make(chan struct{})}
		go func() { cmd.Wait(); close(w.done) }()
		return w
	}
	kill := func(w *worker) {
		w.cmd.Process.Signal(syscall.SIGKILL)
		<-w.done
	}
	workers := []*worker{start(true), start(false)}
	defer func() {
		for _, w := range workers {
			kill(w)
		}
	}()
	supervise := func() {
		for i, w := range workers {
			select {
			case <-w.done:
				workers[i] = start(i == 0)
			default:
			}
		}
	}

	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	proxies := []*outage{pgProxy, s3Proxy, clamProxy}
	var kills, outages int
	for end := time.Now().Add(12 * time.Second); time.Now().Before(end); {
		supervise()
		add()
		add()
		time.Sleep(time.Duration(150+rng.IntN(500)) * time.Millisecond)
		switch rng.IntN(3) {
		case 0, 1:
			i := rng.IntN(len(workers))
			kill(workers[i])
			workers[i] = start(i == 0)
			kills++
		case 2:
			p := proxies[rng.IntN(len(proxies))]
			p.setDown(true)
			time.Sleep(time.Duration(200+rng.IntN(1500)) * time.Millisecond)
			p.setDown(false)
			outages++
		}
	}
	t.Logf("%d documents, %d kills, %d outages", len(docs), kills, outages)

	// Then let it run: stages cut short are rescued and tried again.
	deadline := time.Now().Add(2 * time.Minute)
	for _, d := range docs {
		for {
			got, err := e.st.DocumentForWork(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status == document.Ready || got.Status == document.Rejected || got.Status == document.Failed {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("document %s (%s) still %s after the chaos stopped", d.ID, d.Title, got.Status)
			}
			supervise()
			time.Sleep(200 * time.Millisecond)
		}
	}
	// A stage whose worker died after its work was done is still taken
	// back and run again, finding nothing to do.
	for _, kind := range []string{ScanJob{}.Kind(), ExtractJob{}.Kind(), IndexJob{}.Kind()} {
		for {
			n, err := e.st.PendingJobs(ctx, kind)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s jobs left: %d", kind, n)
			}
			supervise()
			time.Sleep(200 * time.Millisecond)
		}
	}
	for _, w := range workers {
		kill(w)
	}
	workers = nil

	var pages int
	for _, d := range docs {
		got, err := e.st.DocumentForWork(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		virus := strings.HasPrefix(d.Title, "virus")
		switch {
		case virus && got.Status != document.Rejected:
			t.Errorf("%s: %s (%s), want rejected", d.Title, got.Status, got.StatusReason)
		case !virus && got.Status != document.Ready:
			t.Errorf("%s: %s (%s), want ready", d.Title, got.Status, got.StatusReason)
		}
		if _, err := e.bl.Stat(ctx, blob.QuarantineKey(d.ID)); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("%s: still in quarantine (%v)", d.Title, err)
		}
		if virus {
			if _, err := e.bl.Stat(ctx, blob.FileKey(d.ID)); !errors.Is(err, blob.ErrNotFound) {
				t.Errorf("%s: virus readable under files/ (%v)", d.Title, err)
			}
			continue
		}
		text, err := ReadText(ctx, e.bl, d.ID)
		if err != nil || len(text.Pages) != 1 || got.Pages != 1 {
			t.Errorf("%s: text %d pages (%v), document says %d", d.Title, len(text.Pages), err, got.Pages)
		}
		pages += got.Pages
	}
	ix, err := search.Open(indexDir)
	if err != nil {
		t.Fatalf("reopen the index the owner was killed with: %v", err)
	}
	defer ix.Close()
	// The owner was killed at any moment of applying the change log: from
	// the position kept in the index, the rest of it is applied once.
	f := NewFollower(e.st, e.bl, ix, indexDir, slog.New(slog.NewTextHandler(io.Discard, nil)), FollowOptions{})
	if err := f.start(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := ix.Count(); err != nil || n != uint64(pages) {
		t.Errorf("index holds %d pages (%v), want %d: one per page of each ready document", n, err, pages)
	}
}
