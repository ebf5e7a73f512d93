package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserUploadDetails: three files uploaded together get each its own
// type, title and period on the review step after the upload, with
// JavaScript off (the form posts the files, no type chosen: each type is
// guessed from the file's name) and on (a type chosen for all, the files
// sent through tus with per-file progress, then the same review step).
func TestBrowserUploadDetails(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := startPortal(t)
	browser := startBrowser(t)
	dir := t.TempDir()
	for _, run := range []struct {
		js   string
		noJS bool
		typ  string // chosen on the upload form for every file
	}{
		{"JavaScript off", true, ""},
		{"JavaScript on", false, "other"},
	} {
		t.Run(run.js, func(t *testing.T) {
			tab := journeyTab(t, browser, base, "/documents/upload", "submitter.a@demo.test", run.noJS)
			checkScripts(t, tab, !run.noJS)
			names := []string{"ASC self-assessment 2024-25.txt", "LGA peer review.txt", "Market position statement 2024 to 2027.txt"}
			var files []string
			for _, n := range names {
				p := filepath.Join(dir, run.js+" "+n)
				if err := os.WriteFile(p, []byte(strings.Repeat(n+", "+run.js+": what Ashford Vale does.\n", 50)), 0o644); err != nil {
					t.Fatal(err)
				}
				files = append(files, p)
			}
			do(t, tab, chromedp.SetUploadFiles(chromedp.ID("file"), files), chromedp.SetValue(chromedp.ID("type"), run.typ))
			status := click(t, tab, `//button[normalize-space()="Upload"]`)
			if !run.noJS {
				// upload.mjs goes on to the review step once every file is in.
				if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.Search(`//h1[normalize-space()="Check each file's details"]`))); err != nil {
					t.Fatalf("the review step after the JavaScript upload: %v", err)
				}
				status = http.StatusOK
			}
			want := []string{"Check each file's details", "File 1: " + run.js + " ASC self-assessment 2024-25.txt"}
			if run.noJS {
				want = append(want, "The type and period were guessed from the file's name")
			}
			checkPage(t, tab, status, http.StatusOK, "/documents/details", want, nil)
			ids, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('input[name=id]')).map(e => e.value)`))
			if err != nil || len(ids) != 3 {
				t.Fatalf("files on the review step = %v, %v", ids, err)
			}
			if run.noJS {
				for i, want := range []string{"self-assessment", "peer-review", "strategy"} {
					got, err := chromedp.Run(tab, chromedp.Value(chromedp.ID("type-"+ids[i])))
					if err != nil || got != want {
						t.Errorf("guessed type of %s = %q, %v; want %q", names[i], got, err, want)
					}
				}
				period, err := chromedp.Run(tab, chromedp.Value(chromedp.ID("period-"+ids[2])))
				if err != nil || period != "2024 to 2027" {
					t.Errorf("guessed period = %q, %v", period, err)
				}
			}
			axeHere(t, tab, "the review step", run.noJS)
			// A type taken away is refused, with the file named.
			do(t, tab, chromedp.SetValue(chromedp.ID("type-"+ids[1]), ""))
			status = click(t, tab, `//button[normalize-space()="Save the details"]`)
			checkPage(t, tab, status, http.StatusUnprocessableEntity, "/documents/details",
				[]string{"There is a problem", "LGA peer review.txt: Select the type of document"}, nil)
			axeHere(t, tab, "the review step's error summary", run.noJS)
			titles := []string{"Self-assessment " + run.js, "Peer review " + run.js, "Market position statement " + run.js}
			for i, typ := range []string{"self-assessment", "peer-review", "strategy"} {
				do(t, tab, chromedp.SetValue(chromedp.ID("type-"+ids[i]), typ), chromedp.SetValue(chromedp.ID("title-"+ids[i]), titles[i]))
			}
			do(t, tab, chromedp.SetValue(chromedp.ID("period-"+ids[1]), "2025"))
			status = click(t, tab, `//button[normalize-space()="Save the details"]`)
			checkPage(t, tab, status, http.StatusOK, "/documents", append([]string{"3 files uploaded"}, titles...), nil)
			checkNavigate(t, tab, base+"/documents/"+ids[1], http.StatusOK, "Peer review")
			checkPage(t, tab, http.StatusOK, http.StatusOK, "/documents/"+ids[1], []string{"Peer review " + run.js, "2025"}, nil)
		})
	}
}

// axeHere runs axe-core, when installed, over the page the tab shows and
// reports each WCAG 2.2 A and AA violation (TestBrowserAxe fails when it is
// missing under make test). The page's scripts are turned on for axe only.
func axeHere(t *testing.T, tab context.Context, what string, noJS bool) {
	t.Helper()
	src, err := os.ReadFile(axePath)
	if err != nil {
		return
	}
	if noJS {
		setScripts(t, tab, true)
		defer setScripts(t, tab, false)
	}
	for _, v := range runAxe(t, tab, string(src)) {
		t.Errorf("%s: %s (%s) %s: %s", what, v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "))
	}
}
