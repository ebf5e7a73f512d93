package api

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evidenceportal/portal/search"
)

// TestSearchesOfOnePersonDoNotStarveOthers: one person firing costly
// queries (an OR of 16 NOTs, which matches every page) from 8 clients at
// once gets 429 with Retry-After past their share, every search they do
// get runs within its budget, and another person's ordinary searches all
// succeed. Their p95 beside the load, against an idle server (idle and
// loaded rounds alternate), is logged: it is not yet within the 2x
// (see the README), so it is measured here, not asserted.
func TestSearchesOfOnePersonDoNotStarveOthers(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	env := newTestEnv(t, testOptions(t))
	putLoadPages(t, env)
	costly, normal := costlySearch, "/search?q="+url.QueryEscape("carers respite")
	const abuser, person = "admin@demo.test", "inspector.a@demo.test"
	if rec := env.request(t, "GET", costly, abuser, nil); rec.Code != 200 {
		t.Fatalf("the costly query alone = %d, want 200", rec.Code)
	}

	measure := func(n int) []time.Duration {
		var out []time.Duration
		for range n {
			start := time.Now()
			if rec := env.request(t, "GET", normal, person, nil); rec.Code != 200 {
				t.Fatalf("an ordinary search = %d", rec.Code)
			}
			out = append(out, time.Since(start))
		}
		return out
	}
	var idle, loaded []time.Duration
	var refused, done, slow atomic.Int64
	for range 3 {
		idle = append(idle, measure(30)...)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					start := time.Now()
					rec := env.request(t, "GET", costly, abuser, nil)
					switch {
					case rec.Code == 429 && rec.Header().Get("Retry-After") != "":
						refused.Add(1)
						time.Sleep(time.Millisecond) // a client that retries at once
					case rec.Code == 200 || rec.Code == 503: // 503: stopped at its budget
						done.Add(1)
						if time.Since(start) > 4*time.Second {
							slow.Add(1)
						}
					default:
						t.Errorf("a costly search = %d", rec.Code)
						return
					}
				}
			})
		}
		time.Sleep(50 * time.Millisecond)
		loaded = append(loaded, measure(30)...)
		close(stop)
		wg.Wait()
	}
	p95 := func(d []time.Duration) time.Duration {
		s := slices.Clone(d)
		slices.Sort(s)
		return s[len(s)*95/100]
	}
	pi, pl := p95(idle), p95(loaded)
	t.Logf("ordinary search p95: idle %v, beside 8 costly clients %v; costly searches done %d, refused %d", pi, pl, done.Load(), refused.Load())
	if refused.Load() == 0 {
		t.Error("no costly search was refused: the per-person limit did not engage")
	}
	if slow.Load() > 0 {
		t.Errorf("%d costly searches took over 4 s, twice their budget", slow.Load())
	}
}

// putLoadPages indexes 4,000 pages of one council for the load tests.
func putLoadPages(t *testing.T, env *testEnv) {
	t.Helper()
	var pages []search.Page
	words := strings.Fields("carers respite safeguarding waiting assessment review strategy market provider housing hospital discharge")
	for i := range 4000 {
		pages = append(pages, search.Page{DocID: fmt.Sprintf("load-%03d", i/10), Number: i%10 + 1, LA: "E06009901",
			Title: fmt.Sprintf("Document %03d", i/10), Body: strings.Repeat(words[i%len(words)]+" "+words[(i*7)%len(words)]+" ", 40)})
	}
	if err := env.ix.Put(context.Background(), pages); err != nil {
		t.Fatal(err)
	}
}

// costlySearch is an OR of 16 NOTs, which matches every page.
var costlySearch = func() string {
	var nots []string
	for _, w := range strings.Split("abcdefghijklmnop", "") {
		nots = append(nots, "NOT "+w+"zz")
	}
	return "/search?q=" + url.QueryEscape(strings.Join(nots, " OR "))
}()

// TestCostlySearchesHoldHalfTheSlots: with two searches at once in all,
// two people sending costly queries as fast as they can hold one slot
// between them, so another person's ordinary searches always find the
// other and none is refused.
func TestCostlySearchesHoldHalfTheSlots(t *testing.T) {
	opts := testOptions(t)
	opts.Searches = SearchLimits{InFlight: 2, PerPerson: 2}
	env := newTestEnv(t, opts)
	putLoadPages(t, env)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var costlyDone, costlyRefused atomic.Int64
	for i := range 6 {
		who := []string{"admin@demo.test", "panel@demo.test"}[i%2]
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				switch rec := env.request(t, "GET", costlySearch, who, nil); rec.Code {
				case 200, 503:
					costlyDone.Add(1)
				case 429:
					costlyRefused.Add(1)
				default:
					t.Errorf("a costly search by %s = %d", who, rec.Code)
					return
				}
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	normal := "/search?q=" + url.QueryEscape("carers respite")
	refused := 0
	for range 40 {
		switch rec := env.request(t, "GET", normal, "inspector.a@demo.test", nil); rec.Code {
		case 200:
		case 429:
			refused++
		default:
			t.Fatalf("an ordinary search = %d", rec.Code)
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("costly searches done %d, refused %d", costlyDone.Load(), costlyRefused.Load())
	if refused > 0 {
		t.Errorf("%d of 40 ordinary searches refused beside costly ones, want none", refused)
	}
	if costlyRefused.Load() == 0 || costlyDone.Load() == 0 {
		t.Errorf("costly searches done %d, refused %d; want some of each", costlyDone.Load(), costlyRefused.Load())
	}
}
