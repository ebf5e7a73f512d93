// Command searchbench measures search latency on the corpus in PostgreSQL
// and the index in PORTAL_INDEX_DIR (made by tools/searchcorpus and portal
// reindex): the same mixed queries through HTTP, as a signed-in inspector
// calling GET /api/v1/search, and called directly on the Bleve index, in
// the same process and the same run, so the difference is the cost of
// HTTP, the session and authorization lookups, and JSON rendering.
//
//	go run ./tools/searchbench [-requests 200] [-runs 3] [-las 10]
//
// The inspector is assigned to -las councils (the largest ones of the
// generated corpus) and gets a session written straight into the store, as
// a sign-in through Dex would leave it. Each run measures, in turn: direct
// with 1 goroutine, HTTP with 1 client, direct with 16 goroutines, HTTP
// with 16 clients, each over -requests queries cycling through the mix.
// The table gives the median over runs of p50, p95, p99 and throughput.
package main

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"sort"
	"sync"
	"time"

	"github.com/evidenceportal/portal/api"
	"github.com/evidenceportal/portal/api/signin"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
	"github.com/prometheus/client_golang/prometheus"
)

// queries is the mix: words, phrases, booleans, fields, prefix, fuzzy, and
// facet filters; every search asks for facets and highlights.
var queries = []struct{ q, filter string }{
	{"carers", ""},
	{"safeguarding enquiries", ""},
	{`"unpaid carers"`, ""},
	{`"waiting lists"`, ""},
	{"carers AND strategy", ""},
	{`safeguarding OR "making safeguarding personal"`, ""},
	{`"direct payments" NOT review`, ""},
	{"hospital discharge type:policy", ""},
	{"year:2024 co-production", ""},
	{"reablement", "type=strategy"},
	{"carer*", ""},
	{"workforse~", ""},
	{"(carers OR carer) AND (respite OR breaks)", ""},
	{"title:safeguarding", ""},
	{"assessment waiting times", "year=2024"},
	{"people told us", ""},
	{"mental health", "la=E06009901"},
	{"market shaping commissioning", ""},
	{"+equality -diversity", ""},
	{`"learning disability" autism`, ""},
}

func main() {
	requests := flag.Int("requests", 200, "queries per measurement")
	runs := flag.Int("runs", 3, "runs; the table shows medians")
	nLAs := flag.Int("las", 10, "councils the inspector is assigned to")
	flag.BoolVar(&perQuery, "v", false, "first print each query's direct latency")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the HTTP measurements with 16 clients")
	flag.Parse()
	if err := run(context.Background(), *requests, *runs, *nLAs); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

var (
	perQuery   bool
	cpuProfile string
)

func env(k string) string { return os.Getenv(k) }

func laCode(i int) string {
	switch i {
	case 0:
		return "E06009901"
	case 1:
		return "E06009902"
	}
	return fmt.Sprintf("E0910%04d", i)
}

func run(ctx context.Context, requests, runs, nLAs int) error {
	st, err := store.Open(ctx, env("PORTAL_DATABASE_URL"))
	if err != nil {
		return err
	}
	defer st.Close()
	ix, err := search.Open(env("PORTAL_INDEX_DIR"))
	if err != nil {
		return err
	}
	defer ix.Close()
	pages, _ := ix.Count()
	bl, err := blob.Open(blob.Options{Endpoint: env("PORTAL_S3_ENDPOINT"), Bucket: env("PORTAL_S3_BUCKET"),
		AccessKey: env("PORTAL_S3_ACCESS_KEY"), SecretKey: env("PORTAL_S3_SECRET_KEY")})
	if err != nil {
		return err
	}
	assets, err := frontend.NewAssets()
	if err != nil {
		return err
	}
	rend, err := frontend.New(assets)
	if err != nil {
		return err
	}
	secret := make([]byte, 32)
	rand.Read(secret)
	srv, err := api.New(api.Options{PublicURL: "http://127.0.0.1", OIDC: signin.OIDC{Issuer: env("PORTAL_OIDC_ISSUER"),
		ClientID: env("PORTAL_OIDC_CLIENT_ID"), ClientSecret: env("PORTAL_OIDC_CLIENT_SECRET"), RedirectURL: env("PORTAL_OIDC_REDIRECT_URL"), GroupsClaim: "groups"},
		Groups: authz.DefaultGroupRules(), SessionSecret: secret, SessionIdle: time.Hour, SessionMaxAge: 12 * time.Hour, UploadMaxBytes: 1 << 20},
		api.Deps{Store: st, Blob: bl, Clamd: ingest.NewClamd(env("PORTAL_CLAMD_ADDR")), Intake: ingest.NewIntake(st, bl, 1<<20), Index: ix,
			Renderer: rend, Assets: assets, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: prometheus.NewRegistry()})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler()}
	go hs.Serve(l)
	defer hs.Close()

	// The inspector, assigned to the largest councils, and a session.
	const email = "bench.inspector@demo.test"
	u, err := st.UpsertUser(ctx, store.Identity{Issuer: "searchbench", Subject: email, Email: email}, authz.Assignment{Role: authz.RoleInspector}, true)
	if err != nil {
		return err
	}
	// Assignments left by an earlier run with another -las go first: the
	// HTTP side must search exactly what the direct side does.
	had, err := st.AssignedLAs(ctx, email)
	if err != nil {
		return err
	}
	for _, la := range had {
		if err := st.Unassign(ctx, email, la, store.AuditEntry{ActorEmail: "searchbench", Action: "assignment_removed"}); err != nil {
			return err
		}
	}
	var las []string
	for i := range nLAs {
		las = append(las, laCode(i))
		err := st.Assign(ctx, email, laCode(i), store.AuditEntry{ActorEmail: "searchbench", Action: "assignment_added"})
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	b := make([]byte, 32)
	rand.Read(b)
	sid := base64.RawURLEncoding.EncodeToString(b)
	m := hmac.New(sha256.New, secret) // as api's hashSessionID
	m.Write([]byte(sid))
	if err := st.CreateSession(ctx, store.Session{IDHash: m.Sum(nil), UserID: u.ID, CSRFToken: "bench", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		return err
	}
	scope := search.Scope{LAs: las}
	base := "http://" + l.Addr().String() + "/api/v1/search?"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	direct := func(i int) error {
		qq := queries[i%len(queries)]
		n, err := search.Parse(qq.q)
		if err != nil {
			return err
		}
		r := search.Request{Query: n, Scope: scope, Size: 20, Page: 1, Filters: map[string]string{}}
		if qq.filter != "" {
			f, _ := url.ParseQuery(qq.filter)
			for k := range f {
				r.Filters[k] = f.Get(k)
			}
		}
		_, err = ix.Search(ctx, r)
		return err
	}
	viaHTTP := func(i int) error {
		qq := queries[i%len(queries)]
		v, _ := url.ParseQuery(qq.filter)
		v.Set("q", qq.q)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+v.Encode(), nil)
		req.AddCookie(&http.Cookie{Name: "portal_session", Value: sid})
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			return fmt.Errorf("GET %s: %d", req.URL, res.StatusCode)
		}
		return nil
	}
	// Warm both paths (index caches, connections, the OIDC-free session path).
	for i := range len(queries) {
		if err := direct(i); err != nil {
			return err
		}
		if err := viaHTTP(i); err != nil {
			return err
		}
	}
	if err := sameScope(ctx, ix, scope, client, base, sid); err != nil {
		return err
	}
	if perQuery {
		for i, qq := range queries {
			var ts []float64
			for range 5 {
				t := time.Now()
				if err := direct(i); err != nil {
					return err
				}
				ts = append(ts, float64(time.Since(t).Microseconds())/1000)
			}
			sort.Float64s(ts)
			fmt.Printf("direct median %7.1f ms  %s %s\n", ts[2], qq.q, qq.filter)
		}
	}
	modes := []struct {
		name    string
		clients int
		f       func(int) error
	}{{"direct", 1, direct}, {"http", 1, viaHTTP}, {"direct", 16, direct}, {"http", 16, viaHTTP}}
	results := make([][]measure, len(modes))
	for range runs {
		for i, md := range modes {
			if cpuProfile != "" && i == 3 {
				f, err := os.Create(cpuProfile)
				if err != nil {
					return err
				}
				pprof.StartCPUProfile(f)
			}
			m, err := measureMode(md.clients, requests, md.f)
			if cpuProfile != "" && i == 3 {
				pprof.StopCPUProfile()
			}
			if err != nil {
				return err
			}
			results[i] = append(results[i], m)
		}
	}
	fmt.Printf("%d pages in the index; inspector scope %d councils; %d queries per measurement, median of %d runs\n", pages, nLAs, requests, runs)
	fmt.Printf("%-8s %7s %9s %9s %9s %10s\n", "path", "clients", "p50 ms", "p95 ms", "p99 ms", "queries/s")
	for i, md := range modes {
		med := median(results[i])
		fmt.Printf("%-8s %7d %9.1f %9.1f %9.1f %10.1f\n", md.name, md.clients, med.p50, med.p95, med.p99, med.qps)
	}
	d1, h1, d16, h16 := median(results[0]), median(results[1]), median(results[2]), median(results[3])
	fmt.Printf("1 client: HTTP p95 / direct p95 = %.2f (target <= 1.3, and HTTP p95 < 50 ms)\n", h1.p95/d1.p95)
	fmt.Printf("16 clients: HTTP throughput / direct = %.2f (target >= 0.8)\n", h16.qps/d16.qps)
	return nil
}

type measure struct{ p50, p95, p99, qps float64 }

func measureMode(clients, requests int, f func(int) error) (measure, error) {
	lat := make([]float64, requests)
	var next int
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= requests {
					return
				}
				t := time.Now()
				if err := f(i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
				lat[i] = float64(time.Since(t).Microseconds()) / 1000
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return measure{}, firstErr
	}
	sort.Float64s(lat)
	q := func(p float64) float64 { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	return measure{p50: q(0.50), p95: q(0.95), p99: q(0.99), qps: float64(requests) / elapsed.Seconds()}, nil
}

func median(ms []measure) measure {
	pick := func(get func(measure) float64) float64 {
		v := make([]float64, len(ms))
		for i, m := range ms {
			v[i] = get(m)
		}
		sort.Float64s(v)
		return v[len(v)/2]
	}
	return measure{p50: pick(func(m measure) float64 { return m.p50 }), p95: pick(func(m measure) float64 { return m.p95 }),
		p99: pick(func(m measure) float64 { return m.p99 }), qps: pick(func(m measure) float64 { return m.qps })}
}

// sameScope checks that both paths search the same councils: the total of
// a broad query through HTTP equals the direct one's.
func sameScope(ctx context.Context, ix *search.Index, scope search.Scope, client *http.Client, base, sid string) error {
	n, _ := search.Parse(queries[0].q)
	res, err := ix.Search(ctx, search.Request{Query: n, Scope: scope, Size: 20, Page: 1})
	if err != nil {
		return err
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+url.Values{"q": {queries[0].q}}.Encode(), nil)
	req.AddCookie(&http.Cookie{Name: "portal_session", Value: sid})
	hr, err := client.Do(req)
	if err != nil {
		return err
	}
	defer hr.Body.Close()
	var body struct {
		Pages int `json:"total_pages"`
	}
	if err := json.NewDecoder(hr.Body).Decode(&body); err != nil {
		return fmt.Errorf("read HTTP search result: %w", err)
	}
	if body.Pages != res.TotalPages {
		return fmt.Errorf("HTTP search found %d pages for %q, direct %d: not the same scope", body.Pages, queries[0].q, res.TotalPages)
	}
	return nil
}
