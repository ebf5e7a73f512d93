// Command loadbench puts a real `portal serve` under a mixed abusive load
// beside normal users, on loopback only, bounded in count and time (issue
// 15): normal users search, list documents and open a document page; the
// abusers fire costly queries (an OR of 16 NOTs) from many clients, hold
// uploads open that send a little and then a byte every few seconds, and
// upload a large text document. It reports the normal users' p50 and p95
// and the portal's peak RSS with the abusers and, first, without them.
//
// It needs the services of `make bench` (their env) and some evidence in
// the index (deploy/dev/bench.d/50-load.sh makes a corpus first).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/evidenceportal/portal/tools/internal/benchportal"
)

func main() {
	bin := flag.String("portal", "", "portal binary to run")
	phase := flag.Duration("phase", 20*time.Second, "length of each phase, idle then loaded (at most 2m)")
	normals := flag.Int("normal", 4, "normal clients (at most 16)")
	think := flag.Duration("think", 0, "pause of each normal client after each round of its three requests, as a person reading (at most 10s; 0: none, the heaviest normal load)")
	costly := flag.Int("costly", 16, "clients firing costly queries (at most 64)")
	stalled := flag.Int("stalled", 50, "uploads held open by a trickle (at most 300)")
	largeMB := flag.Int("large", 30, "size of the large text document uploaded, in MB (at most 90; 0: none)")
	flag.Parse()
	if *bin == "" || *phase <= 0 || *phase > 2*time.Minute || *normals < 1 || *normals > 16 || *think < 0 || *think > 10*time.Second || *costly > 64 || *stalled > 300 || *largeMB > 90 {
		log.Fatal("loadbench: -portal is required and the counts and times are bounded (see -h)")
	}
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "loadbench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	p, err := benchportal.Start(*bin, map[string]string{"PORTAL_LOG_LEVEL": "warn"}, filepath.Join(tmp, "portal.log"))
	if err != nil {
		log.Fatal(err)
	}
	defer p.Stop()
	if host, _, _ := net.SplitHostPort(strings.TrimPrefix(p.Base, "http://")); host != "127.0.0.1" {
		log.Fatalf("loadbench runs against loopback only, not %s", p.Base)
	}
	tokens := map[string]string{}
	for _, who := range []string{"inspector.a@demo.test", "panel@demo.test", "admin@demo.test", "submitter.a@demo.test", "submitter.b@demo.test"} {
		if tokens[who], err = benchportal.Token(ctx, who); err != nil {
			log.Fatal(err)
		}
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: time.Minute}
	fmt.Printf("phase %s, %d normal clients (inspector.a and panel: search, their documents, who they are; then %s to read)\n", *phase, *normals, *think)
	fmt.Printf("abusers: %d clients of costly queries (admin), %d trickling uploads (submitter.a), a %d MB text (submitter.b)\n", *costly, *stalled, *largeMB)
	fmt.Printf("%-8s %8s %8s %8s %8s %10s %14s\n", "phase", "requests", "errors", "p50 ms", "p95 ms", "429s", "peak RSS MiB")
	for _, loaded := range []bool{false, true} {
		rssBefore, _, _ := benchportal.Memory(p.PID())
		if err := benchportal.ResetPeak(p.PID()); err != nil {
			log.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(ctx, *phase)
		var abuse sync.WaitGroup
		var refused atomic.Int64
		if loaded {
			startAbuse(ctx, &abuse, hc, p.Base, tokens, *costly, *stalled, *largeMB, &refused)
		}
		byKind, errs := normalLoad(ctx, hc, p.Base, tokens, *normals, *think)
		var lat []time.Duration
		for _, k := range kinds {
			lat = append(lat, byKind[k]...)
		}
		cancel()
		abuse.Wait()
		_, hwm, _ := benchportal.Memory(p.PID())
		name := "idle"
		if loaded {
			name = "loaded"
		}
		fmt.Printf("%-8s %8d %8d %8.1f %8.1f %10d %7d (+%d)\n", name, len(lat), errs, ms(pct(lat, 50)), ms(pct(lat, 95)), refused.Load(),
			hwm>>20, (hwm-rssBefore)>>20)
		for _, k := range kinds {
			fmt.Printf("  %-10s %8d %17.1f %8.1f\n", k, len(byKind[k]), ms(pct(byKind[k], 50)), ms(pct(byKind[k], 95)))
		}
	}
}

// kinds are the normal users' requests, in the order each client sends
// them; the report gives each its own p50 and p95 beside the whole.
var kinds = []string{"search", "documents", "me"}

// normalLoad runs the normal clients until ctx ends: each in turn searches,
// lists the documents and asks who they are, then pauses for think. It
// returns the latencies of each kind of request and the number that failed.
func normalLoad(ctx context.Context, hc *http.Client, base string, tokens map[string]string, n int, think time.Duration) (map[string][]time.Duration, int) {
	var mu sync.Mutex
	lat := map[string][]time.Duration{}
	errs := 0
	var wg sync.WaitGroup
	who := []string{"inspector.a@demo.test", "panel@demo.test"}
	queries := []string{"carers respite", "safeguarding adults board", `"market position"`, "waiting lists", "hospital discharge"}
	for i := range n {
		wg.Go(func() {
			tok := tokens[who[i%len(who)]]
			for j := 0; ctx.Err() == nil; j++ {
				paths := []string{"/api/v1/search?q=" + url.QueryEscape(queries[(i+j)%len(queries)]), "/api/v1/documents?size=20", "/api/v1/me"}
				for k, path := range paths {
					start := time.Now()
					code, err := get(ctx, hc, base+path, tok)
					d := time.Since(start)
					if ctx.Err() != nil {
						return
					}
					mu.Lock()
					lat[kinds[k]] = append(lat[kinds[k]], d)
					if err != nil || code != http.StatusOK {
						errs++
					}
					mu.Unlock()
				}
				select {
				case <-ctx.Done():
				case <-time.After(think):
				}
			}
		})
	}
	wg.Wait()
	return lat, errs
}

// startAbuse starts the abusive clients; they stop when ctx ends.
func startAbuse(ctx context.Context, wg *sync.WaitGroup, hc *http.Client, base string, tokens map[string]string, costly, stalled, largeMB int, refused *atomic.Int64) {
	var nots []string
	for _, w := range strings.Split("abcdefghijklmnop", "") {
		nots = append(nots, "NOT "+w+"zz")
	}
	q := base + "/api/v1/search?q=" + url.QueryEscape(strings.Join(nots, " OR "))
	for range costly {
		wg.Go(func() {
			for ctx.Err() == nil {
				if code, _ := get(ctx, hc, q, tokens["admin@demo.test"]); code == http.StatusTooManyRequests {
					refused.Add(1)
				}
			}
		})
	}
	// Each trickling upload has its own connection, as an attacker's would.
	for range stalled {
		wg.Go(func() {
			body := &trickle{ctx: ctx, first: 1 << 20, every: 5 * time.Second}
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/documents", body)
			if err != nil {
				return
			}
			req.Header.Set("Authorization", "Bearer "+tokens["submitter.a@demo.test"])
			req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
			req.ContentLength = 50 << 20
			res, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
			if err == nil {
				if res.StatusCode == http.StatusTooManyRequests {
					refused.Add(1)
				}
				res.Body.Close()
			}
		})
	}
	if largeMB > 0 {
		wg.Go(func() {
			line := "Carers assessment register entry with a reference, a team and a date opened.\n"
			// A first line of its own to each run: the same file again would be
			// refused at once as a duplicate and load nothing.
			text := fmt.Sprintf("Register exported %s.\n", time.Now().Format(time.RFC3339Nano)) + strings.Repeat(line, largeMB<<20/len(line))
			pr, pw := io.Pipe()
			go func() {
				fmt.Fprint(pw, "--x\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nother\r\n--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"register.txt\"\r\nContent-Type: text/plain\r\n\r\n")
				io.WriteString(pw, text)
				fmt.Fprint(pw, "\r\n--x--\r\n")
				pw.Close()
			}()
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/documents", pr)
			if err != nil {
				return
			}
			req.Header.Set("Authorization", "Bearer "+tokens["submitter.b@demo.test"])
			req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
			if res, err := hc.Do(req); err == nil {
				res.Body.Close()
			}
		})
	}
}

// trickle is a body that sends first bytes at once and then one byte
// every interval until its context ends.
type trickle struct {
	ctx   context.Context
	first int
	every time.Duration
	sent  int
}

func (t *trickle) Read(p []byte) (int, error) {
	if t.sent < t.first {
		n := min(len(p), t.first-t.sent)
		for i := range n {
			p[i] = 'x'
		}
		t.sent += n
		return n, nil
	}
	select {
	case <-t.ctx.Done():
		return 0, t.ctx.Err()
	case <-time.After(t.every):
		p[0] = 'x'
		return 1, nil
	}
}

func get(ctx context.Context, hc *http.Client, u, token string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
