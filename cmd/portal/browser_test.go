package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/evidenceportal/portal/internal/servicetest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
)

const (
	chromiumPath = "/usr/bin/chromium"
	demoPassword = "demo-password"
	// stepTimeout bounds each subtest, so that a hung browser fails the
	// test instead of blocking CI.
	stepTimeout = 60 * time.Second
)

// TestBrowserSignIn signs in through Dex in a real browser and checks what
// each kind of person sees. Set PORTAL_SCREENSHOT_DIR to keep the
// screenshots of the home pages.
func TestBrowserSignIn(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := startPortal(t)
	browser := startBrowser(t)
	shots := os.Getenv("PORTAL_SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatalf("create screenshot directory: %v", err)
	}

	tests := []struct {
		name       string
		start      string // path opened while signed out
		email      string
		noJS       bool
		wantStatus int
		wantPath   string
		want       []string
		wantNot    []string
		screenshot string
		then       func(t *testing.T, ctx context.Context) // more steps, signed in
	}{
		{
			name: "council submitter", start: "/", email: "submitter.a@demo.test",
			wantStatus: http.StatusOK, wantPath: "/",
			want:       []string{"Ashford Vale Council", "submitter.a@demo.test", "Council submitter"},
			wantNot:    []string{"Brookmere"},
			screenshot: "submitter-home.png",
			then: func(t *testing.T, ctx context.Context) {
				// Another council's page is a plain 404, as if it did not exist.
				checkNavigate(t, ctx, base+"/las/E06009902", http.StatusNotFound, "Page not found")
				res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.Search(`//button[normalize-space()="Sign out"]`)))
				if err != nil {
					t.Fatalf("click Sign out: %v", err)
				}
				checkPage(t, ctx, res.Status, http.StatusOK, "/signed-out", []string{"You have been signed out"}, []string{"submitter.a@demo.test"})
				checkNavigate(t, ctx, base+"/api/v1/me", http.StatusUnauthorized, `"unauthenticated"`)
			},
		},
		{
			name: "inspector", start: "/", email: "inspector.a@demo.test",
			wantStatus: http.StatusOK, wantPath: "/",
			want:       []string{"Your local authorities", "Ashford Vale Council", "inspector.a@demo.test"},
			wantNot:    []string{"Brookmere Borough Council"},
			screenshot: "inspector-home.png",
			then: func(t *testing.T, ctx context.Context) {
				res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.Search(`//main//a[normalize-space()="Ashford Vale Council"]`)))
				if err != nil {
					t.Fatalf("click Ashford Vale Council: %v", err)
				}
				checkPage(t, ctx, res.Status, http.StatusOK, "/las/E06009901", []string{"Ashford Vale Council", "E06009901"}, []string{"Brookmere"})
			},
		},
		{
			name: "no portal group", start: "/", email: "nobody@demo.test",
			wantStatus: http.StatusForbidden, wantPath: "/auth/callback",
			want:    []string{"You do not have access to this service"},
			wantNot: []string{"Sign out"},
		},
		{
			name: "deep link", start: "/las/E06009901", email: "inspector.a@demo.test",
			wantStatus: http.StatusOK, wantPath: "/las/E06009901",
			want: []string{"Ashford Vale Council", "inspector.a@demo.test"},
		},
		{
			name: "JavaScript off", start: "/", email: "submitter.a@demo.test", noJS: true,
			wantStatus: http.StatusOK, wantPath: "/",
			want:    []string{"Ashford Vale Council", "submitter.a@demo.test", "Council submitter"},
			wantNot: []string{"Brookmere"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, problems := newTab(t, browser, base)
			defer func() { // also after a t.Fatal: the console may explain it
				for _, p := range problems() {
					t.Errorf("browser console on the portal: %s", p)
				}
			}()
			if tt.noJS {
				if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
					t.Fatalf("disable JavaScript: %v", err)
				}
			}
			res, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+tt.start))
			if err != nil {
				t.Fatalf("open %s: %v", tt.start, err)
			}
			if tt.start == "/" {
				checkPage(t, ctx, res.Status, http.StatusOK, "/", []string{"Submit and review evidence for local authority assessments"}, []string{"Signed in as"})
				res, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.Search(`//a[normalize-space()="Sign in"]`)))
				if err != nil {
					t.Fatalf("click Sign in: %v", err)
				}
			}
			if res.Status != http.StatusOK || !strings.Contains(res.URL, "/dex/") {
				t.Fatalf("sign-in page = %d %s, want 200 at Dex", res.Status, res.URL)
			}
			res, err = chromedp.RunResponse(ctx,
				chromedp.SendKeys(chromedp.ID("login"), tt.email),
				chromedp.SendKeys(chromedp.ID("password"), demoPassword),
				chromedp.Click(chromedp.ID("submit-login")),
			)
			if err != nil {
				t.Fatalf("sign in at Dex as %s: %v", tt.email, err)
			}
			checkPage(t, ctx, res.Status, tt.wantStatus, tt.wantPath, tt.want, tt.wantNot)
			checkScripts(t, ctx, !tt.noJS)
			if tt.screenshot != "" {
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatalf("screenshot: %v", err)
				}
				file := filepath.Join(shots, tt.screenshot)
				if err := os.WriteFile(file, png, 0o644); err != nil {
					t.Fatalf("write screenshot: %v", err)
				}
				t.Logf("screenshot of %s in %s", tt.wantPath, file)
			}
			if tt.then != nil && !t.Failed() {
				tt.then(t, ctx)
			}
		})
	}
}

// checkPage checks the page the tab shows: its status, path and text.
func checkPage(t *testing.T, ctx context.Context, status int64, wantStatus int, wantPath string, want, wantNot []string) {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("read location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("parse location %q: %v", loc, err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		t.Fatalf("read text of %s: %v", loc, err)
	}
	if status != int64(wantStatus) {
		t.Errorf("status of %s = %d, want %d", loc, status, wantStatus)
	}
	if u.Path != wantPath {
		t.Errorf("path = %q, want %q (location %s)", u.Path, wantPath, loc)
	}
	for _, s := range want {
		if !strings.Contains(text, s) {
			t.Errorf("text of %s does not contain %q; text:\n%s", u.Path, s, text)
		}
	}
	for _, s := range wantNot {
		if strings.Contains(text, s) {
			t.Errorf("text of %s contains %q; text:\n%s", u.Path, s, text)
		}
	}
}

// checkNavigate opens rawURL and checks its status and that it says want.
func checkNavigate(t *testing.T, ctx context.Context, rawURL string, wantStatus int, want string) {
	t.Helper()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(rawURL))
	if err != nil {
		t.Fatalf("open %s: %v", rawURL, err)
	}
	u, _ := url.Parse(rawURL)
	checkPage(t, ctx, res.Status, wantStatus, u.Path, []string{want}, nil)
}

// checkSearchable opens a search until its results hold want: a ready
// document reaches each node's index through the change log, within a
// second or two idle, later for a long text under the race detector on a
// busy machine. Past the deadline it checks the page as checkNavigate does.
func checkSearchable(t *testing.T, ctx context.Context, rawURL, want string) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := chromedp.Run(ctx, chromedp.Navigate(rawURL)); err == nil {
			if body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main"))); err == nil && strings.Contains(body, want) {
				break
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	checkNavigate(t, ctx, rawURL, http.StatusOK, want)
}

// checkScripts checks whether the page's scripts ran: js-enabled.js marks
// the body, which GOV.UK Frontend's CSS relies on.
func checkScripts(t *testing.T, ctx context.Context, wantJS bool) {
	t.Helper()
	class, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("body"), "class"))
	if err != nil {
		t.Fatalf("read class of body: %v", err)
	}
	if got := strings.Contains(class.Value, "js-enabled"); got != wantJS {
		t.Errorf("body class %q has js-enabled = %v, want %v", class.Value, got, wantJS)
	}
}

// newTab opens a tab in a browser context of its own (so with no cookies),
// bounded by stepTimeout. problems returns the JavaScript exceptions,
// console errors and browser log errors (such as Content-Security-Policy
// violations) seen while the tab showed a portal page.
func newTab(t *testing.T, browser context.Context, base string) (ctx context.Context, problems func() []string) {
	t.Helper()
	return newTabFor(t, browser, base, stepTimeout)
}

// newTabFor is newTab bounded by limit instead, for a tab that serves a
// whole test.
func newTabFor(t *testing.T, browser context.Context, base string, limit time.Duration) (ctx context.Context, problems func() []string) {
	t.Helper()
	var mu sync.Mutex
	var found []string
	var current string // URL of the document in the main frame
	record := func(what string) {
		if strings.HasPrefix(current, base+"/") {
			found = append(found, fmt.Sprintf("%s (page %s)", what, current))
		}
	}
	tab, cancelTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(func(ev any) {
		// Runs in the tab's event loop, in the order of the events: record only.
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *page.EventFrameNavigated:
			if ev.Frame.ParentID == "" {
				current = ev.Frame.URL
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			what := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				what += " " + d.Exception.Description
			}
			record(fmt.Sprintf("exception at %s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, what))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				record(fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *cdplog.EventEntryAdded:
			e := ev.Entry
			// The test checks the document's own status: some are 401 or 404 on
			// purpose. On a document with no icon link, such as the JSON of
			// /api/v1/me, Chrome asks for /favicon.ico by itself, and the
			// portal has none there (its pages name their icon).
			// A form posted to an action with a fragment (#item-…) logs the
			// URL with it; the frame's URL has none.
			u, _, _ := strings.Cut(e.URL, "#")
			expected := e.Source == cdplog.EntrySourceNetwork && (u == current || u == base+"/favicon.ico")
			if e.Level == cdplog.EntryLevelError && !expected {
				record(fmt.Sprintf("%s error at %s: %s", e.Source, e.URL, e.Text))
			}
		}
	}))
	ctx, cancel := context.WithTimeout(tab, limit)
	t.Cleanup(func() {
		cancel()
		cancelTab()
	})
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), found...)
	}
}

// startBrowser starts a headless Chromium for the whole test and returns a
// context that new tabs derive from.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if servicetest.Required() {
			t.Fatalf("browser test needs Chromium: %v (deploy/dev/install.sh --browser installs it)", err)
		}
		t.Skipf("browser test skipped: %v", err)
	}
	// The browser's whole life is bounded too, including its start, whose
	// context cannot have a shorter timeout (it would end the browser).
	life, cancelLife := context.WithTimeout(context.Background(), 5*time.Minute)
	output := &syncBuffer{}
	alloc, cancelAlloc := chromedp.NewExecAllocator(life,
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.CombinedOutput(output),
	)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelLife()
	})
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start %s: %v\n%s", chromiumPath, err, output.String())
	}
	return browser
}

// startPortal serves the portal on PORTAL_LISTEN_ADDR (the address whose
// callback Dex knows) with a fresh, seeded database, and returns its URL.
// The portal stops when the test ends, and must stop cleanly.
func startPortal(t *testing.T) string {
	t.Helper()
	return startPortalWith(t, nil)
}

// startPortalWith is startPortal with more seeded into the database after
// the demo data (e.g. the councils a national file names).
func startPortalWith(t *testing.T, more func(ctx context.Context, st *store.Store) error) string {
	t.Helper()
	for _, name := range []string{"PORTAL_LISTEN_ADDR", "PORTAL_PUBLIC_URL", "PORTAL_OIDC_ISSUER", "PORTAL_OIDC_REDIRECT_URL", "PORTAL_SESSION_SECRET"} {
		servicetest.Env(t, name)
	}
	dbURL := storetest.NewURL(t)
	// Its own index too: serve checks the index against its database at
	// start and removes what that database does not have.
	indexDir := t.TempDir()
	cfg, err := loadConfig(func(name string) string {
		switch name {
		case "PORTAL_DATABASE_URL":
			return dbURL
		case "PORTAL_INDEX_DIR":
			return indexDir
		}
		return os.Getenv(name)
	})
	if err != nil {
		t.Fatalf("loadConfig: %v", err)
	}
	seed(t, dbURL, more)

	logs := &syncBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("portal log:\n%s", logs.String())
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	var serveErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		serveErr = serve(ctx, cfg, slog.New(slog.NewTextHandler(logs, nil)))
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		if serveErr != nil {
			t.Errorf("serve = %v, want nil", serveErr)
		}
	})

	base := strings.TrimRight(cfg.PublicURL, "/")
	client := &http.Client{Timeout: 2 * time.Second}
	// Migrating a fresh database and training the shipped model take a few
	// seconds idle, under the race detector far longer on a busy machine.
	const startLimit = 2 * time.Minute
	deadline := time.Now().Add(startLimit)
	for {
		select {
		case <-done:
			t.Fatalf("serve returned before /healthz answered: %v", serveErr)
		default:
		}
		res, err := client.Get("http://" + cfg.ListenAddr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return base
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /healthz did not answer 200 within %s: last error %v", startLimit, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// seed applies the migrations and the demo councils and assignments.
func seed(t *testing.T, dbURL string, more func(ctx context.Context, st *store.Store) error) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if err := st.SeedDemo(ctx); err != nil {
		t.Fatalf("SeedDemo: %v", err)
	}
	if more != nil {
		if err := more(ctx, st); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
}

// syncBuffer keeps the portal's log lines, written from many goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
