package main

import (
	"net/http"
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
		})
	}
}
