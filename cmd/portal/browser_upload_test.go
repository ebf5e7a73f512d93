package main

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestBrowserUpload uploads a file through the upload page in a real
// browser: with JavaScript it goes through tus with progress and the
// documents page then follows its status without a reload; without
// JavaScript the plain form does the same job.
func TestBrowserUpload(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := startPortal(t)
	browser := startBrowser(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		name      string
		noJS      bool
		file      string
		wantPatch bool
	}{
		{name: "with JavaScript", file: "carers-strategy.txt", wantPatch: true},
		{name: "JavaScript off", noJS: true, file: "market-position.txt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, problems := newTab(t, browser, base)
			defer func() {
				for _, p := range problems() {
					t.Errorf("browser console on the portal: %s", p)
				}
			}()
			var patches atomic.Int32
			if err := chromedp.Listen(ctx, func(ev any) {
				if r, ok := ev.(*network.EventRequestWillBeSent); ok && r.Request.Method == http.MethodPatch && strings.Contains(r.Request.URL, "/api/v1/uploads/") {
					patches.Add(1)
				}
			}); err != nil {
				t.Fatal(err)
			}
			if tt.noJS {
				if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
					t.Fatalf("disable JavaScript: %v", err)
				}
			}
			if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+"/documents/upload")); err != nil {
				t.Fatalf("open the upload page: %v", err)
			}
			res, err := chromedp.RunResponse(ctx,
				chromedp.SendKeys(chromedp.ID("login"), "submitter.a@demo.test"),
				chromedp.SendKeys(chromedp.ID("password"), demoPassword),
				chromedp.Click(chromedp.ID("submit-login")),
			)
			if err != nil {
				t.Fatalf("sign in at Dex: %v", err)
			}
			checkPage(t, ctx, res.Status, http.StatusOK, "/documents/upload", []string{"Upload evidence"}, nil)
			path := filepath.Join(dir, tt.file)
			body := strings.Repeat("Our strategy for carers in Ashford Vale: "+tt.name+".\n", 40000) // about 2 MB
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err = chromedp.RunResponse(ctx,
				chromedp.SetUploadFiles(chromedp.ID("file"), []string{path}),
				chromedp.SetValue(chromedp.ID("type"), "strategy"),
				chromedp.Click(chromedp.Search(`//button[normalize-space()="Upload"]`)),
			)
			if err != nil {
				t.Fatalf("upload: %v", err)
			}
			checkPage(t, ctx, res.Status, http.StatusOK, "/documents", []string{"1 file uploaded", strings.TrimSuffix(tt.file, ".txt")}, nil)
			if got := patches.Load() > 0; got != tt.wantPatch {
				t.Errorf("tus PATCH requests seen = %v, want %v", got, tt.wantPatch)
			}
			if tt.noJS {
				return
			}
			// The status moves on by itself, without a reload of the page.
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.appMarker = 1`)); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(45 * time.Second)
			for {
				text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".app-status-cell")))
				if err != nil {
					t.Fatalf("read status: %v", err)
				}
				if strings.Contains(text, "Ready") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("status still %q after 45 s", text)
				}
				time.Sleep(500 * time.Millisecond)
			}
			if marker, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.appMarker || 0`)); err != nil || marker != 1 {
				t.Errorf("the page was reloaded (marker %d, %v); it should update itself", marker, err)
			}
			searchAsInspectors(t, browser, base, strings.TrimSuffix(tt.file, ".txt"))
		})
	}
}

// searchAsInspectors: with JavaScript off, the council's inspector finds
// the ready document with its words marked and saves the search; an
// inspector of another council finds nothing.
func searchAsInspectors(t *testing.T, browser context.Context, base, title string) {
	t.Helper()
	query := "/search?q=" + url.QueryEscape(`"strategy for carers"`)
	ins, insProblems := newTab(t, browser, base)
	defer reportProblems(t, "inspector.a", insProblems)
	signInAt(t, ins, base, "/search", "inspector.a@demo.test", true)
	checkSearchable(t, ins, base+query, title)
	if n, err := chromedp.Run(ins, chromedp.Evaluate[int](`document.querySelectorAll("main .app-search-hit mark").length`)); err != nil || n == 0 {
		t.Errorf("marked words in the results = %d, %v; want some", n, err)
	}
	do(t, ins, chromedp.Click(chromedp.Search(`//summary[normalize-space()="Save this search"]`)), chromedp.SendKeys(chromedp.ID("save-name"), "Carers strategies"))
	status := click(t, ins, `//button[normalize-space()="Save search"]`)
	checkPage(t, ins, status, http.StatusOK, "/searches", []string{"Your search has been saved", "Carers strategies"}, nil)

	// A filter chosen from the facets is shown with a link that removes
	// it, and a new search keeps it (the GOV.UK "filter a list" pattern),
	// with JavaScript off and on.
	checkFilters(t, ins, base, query, title, true)
	js, jsProblems := newTab(t, browser, base)
	defer reportProblems(t, "inspector.a with JavaScript", jsProblems)
	signInAt(t, js, base, "/search", "inspector.a@demo.test", false)
	checkFilters(t, js, base, query, title, false)

	other, otherProblems := newTab(t, browser, base)
	defer reportProblems(t, "inspector.b", otherProblems)
	signInAt(t, other, base, "/search", "inspector.b@demo.test", true)
	checkNavigate(t, other, base+query, http.StatusOK, "0 documents")
	checkNavigate(t, other, base+"/searches", http.StatusOK, "Saved searches")
	if text, err := chromedp.Run(other, chromedp.Text(chromedp.CSS("main"))); err != nil || strings.Contains(text, "Carers strategies") {
		t.Errorf("inspector.b's saved searches show inspector.a's (%v)", err)
	}
}

// checkFilters chooses the document type facet of a search, keeps it
// across a new search and removes it.
func checkFilters(t *testing.T, ins context.Context, base, query, title string, noJS bool) {
	t.Helper()
	checkNavigate(t, ins, base+query, http.StatusOK, title)
	checkScripts(t, ins, !noJS)
	status := click(t, ins, `//main//li/a[normalize-space()="Strategy"]`)
	checkPage(t, ins, status, http.StatusOK, "/search", []string{"Selected filters", "Document type: Strategy", title, "Clear filters"}, nil)
	do(t, ins, chromedp.SetValue(chromedp.ID("q"), "carers"))
	status = click(t, ins, `//button[normalize-space()="Search"]`)
	checkPage(t, ins, status, http.StatusOK, "/search", []string{"Selected filters", "Document type: Strategy", title}, nil)
	if dir := os.Getenv("PORTAL_SCREENSHOT_DIR"); dir != "" && noJS {
		if png, err := chromedp.Run(ins, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "search-filters.png"), png, 0o644)
		}
	}
	if loc, err := chromedp.Run(ins, chromedp.Location()); err != nil || !strings.Contains(loc, "type=strategy") || !strings.Contains(loc, "q=carers") {
		t.Errorf("after a new search the address is %s (%v); want the new words and the filter kept", loc, err)
	}
	status = click(t, ins, `//main//a[contains(normalize-space(), "Document type: Strategy")]`)
	checkPage(t, ins, status, http.StatusOK, "/search", []string{title}, []string{"Selected filters", "Document type: Strategy"})

}
