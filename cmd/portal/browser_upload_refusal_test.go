package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserUploadRefusal: a refused upload says the same thing in the
// same places with JavaScript (tus) as without: the server's message in a
// GOV.UK error summary at the top, linked to the file input, "Error: "
// before the title and focus on the summary; the next upload clears them.
func TestBrowserUploadRefusal(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := startPortal(t)
	browser := startBrowser(t)
	dir := t.TempDir()
	file := func(name, words string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(strings.Repeat(words+"\n", 2000)), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	first := file("direct-payments.txt", "Direct payments in Ashford Vale: how people choose their support.")
	second := file("carers-breaks.txt", "Breaks for carers in Ashford Vale: what we offer and how to ask.")
	upload := func(ctx context.Context, path string) int64 {
		t.Helper()
		do(t, ctx, chromedp.SetUploadFiles(chromedp.ID("file"), []string{path}), chromedp.SetValue(chromedp.ID("type"), "policy"))
		return click(t, ctx, `//button[normalize-space()="Upload"]`)
	}

	js, problems := newTab(t, browser, base)
	defer func() {
		for _, p := range problems() {
			// The tus PATCH refused as a duplicate is the point of the test;
			// Chromium logs every 4xx answer to a script.
			if strings.Contains(p, base+"/api/v1/uploads/") && strings.Contains(p, "status of 409") {
				continue
			}
			t.Errorf("browser console with JavaScript: %s", p)
		}
	}()
	signInAt(t, js, base, "/documents/upload", "submitter.a@demo.test", false)
	checkScripts(t, js, true)
	checkPage(t, js, upload(js, first), http.StatusOK, "/documents", []string{"1 file uploaded", "direct-payments"}, nil)

	// The same file again is a duplicate: the PATCH that finishes it is
	// refused and the page stays.
	checkNavigate(t, js, base+"/documents/upload", http.StatusOK, "Upload evidence")
	do(t, js, chromedp.SetUploadFiles(chromedp.ID("file"), []string{first}), chromedp.SetValue(chromedp.ID("type"), "policy"),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Upload"]`)),
		chromedp.WaitVisible(chromedp.CSS("main > .govuk-error-summary")))
	jsMessage := checkErrorSummary(t, js, true)
	if !strings.Contains(jsMessage, "This file was already uploaded as direct-payments on ") {
		t.Errorf("error summary says %q, want the server's duplicate message", jsMessage)
	}
	if n, err := chromedp.Run(js, chromedp.Evaluate[int](`document.querySelectorAll("main .app-upload-duplicate a[href^='/documents/']").length`)); err != nil || n != 1 {
		t.Errorf("links to the document already uploaded = %d, %v; want 1, as without JavaScript", n, err)
	}

	// A new upload clears the summary and the title's "Error: " as it
	// starts (seen when the first progress row appears, kept across the
	// page change in sessionStorage), then succeeds.
	if _, err := chromedp.Run(js, chromedp.Evaluate[bool](`(() => {
		const panel = document.querySelector(".app-upload-progress")
		new MutationObserver((records, observer) => {
			if (!panel.querySelector("progress")) return
			sessionStorage.setItem("appDuringUpload", JSON.stringify({
				summaries: document.querySelectorAll(".govuk-error-summary, .govuk-error-message, .app-upload-duplicate").length,
				title: document.title}))
			observer.disconnect()
		}).observe(panel, {childList: true, subtree: true})
		return true
	})()`)); err != nil {
		t.Fatal(err)
	}
	// GOV.UK Frontend's button ignores a second click within a second of
	// the first (data-prevent-double-click); a person is slower than that.
	time.Sleep(1100 * time.Millisecond)
	checkPage(t, js, upload(js, second), http.StatusOK, "/documents", []string{"1 file uploaded", "carers-breaks"}, []string{"There is a problem"})
	var during struct {
		Summaries int
		Title     string
	}
	seen, err := chromedp.Run(js, chromedp.Evaluate[string](`sessionStorage.getItem("appDuringUpload") || ""`))
	if err != nil || seen == "" {
		t.Fatalf("state during the second upload not recorded (%v)", err)
	}
	if err := json.Unmarshal([]byte(seen), &during); err != nil {
		t.Fatal(err)
	}
	if during.Summaries != 0 || strings.HasPrefix(during.Title, "Error: ") {
		t.Errorf("while the next upload ran: %d error summaries or messages, title %q; want none and no \"Error: \"", during.Summaries, during.Title)
	}
	if title, err := chromedp.Run(js, chromedp.Title()); err != nil || strings.HasPrefix(title, "Error: ") {
		t.Errorf("title after the upload = %q, %v", title, err)
	}

	// Without JavaScript the form says the same.
	plain, plainProblems := newTab(t, browser, base)
	defer reportProblems(t, "submitter.a without JavaScript", plainProblems)
	signInAt(t, plain, base, "/documents/upload", "submitter.a@demo.test", true)
	checkPage(t, plain, upload(plain, first), http.StatusUnprocessableEntity, "/documents/upload", []string{"There is a problem"}, nil)
	if plainMessage := checkErrorSummary(t, plain, false); plainMessage != jsMessage {
		t.Errorf("without JavaScript the summary says %q; with JavaScript %q", plainMessage, jsMessage)
	}
}

// checkErrorSummary checks the page's GOV.UK error summary (first in the
// main content, one message linked to the file input, "Error: " before the
// title, focus on it when scripts run) and returns its message.
func checkErrorSummary(t *testing.T, ctx context.Context, wantFocus bool) string {
	t.Helper()
	var got struct {
		First, Focused bool
		Messages       []string
		Hrefs          []string
		Title          string
		FieldError     string
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify((() => {
		const s = document.querySelector(".govuk-error-summary")
		const links = Array.from(document.querySelectorAll(".govuk-error-summary__list a"))
		const field = document.querySelector("#file").closest(".govuk-form-group").querySelector(":scope > .govuk-error-message")
		return {
			first: document.querySelector("main").firstElementChild === s,
			focused: !!s && document.activeElement === s,
			messages: links.map((a) => a.textContent.trim()),
			hrefs: links.map((a) => a.getAttribute("href")),
			title: document.title,
			fieldError: field ? field.textContent.trim() : ""}
	})())`))
	if err != nil {
		t.Fatalf("read the error summary: %v", err)
	}
	if err := json.Unmarshal([]byte(s), &got); err != nil {
		t.Fatal(err)
	}
	if !got.First || len(got.Messages) != 1 || len(got.Hrefs) != 1 || got.Hrefs[0] != "#file" {
		t.Fatalf("error summary: first in main %v, messages %q linking to %q; want one message linking to #file", got.First, got.Messages, got.Hrefs)
	}
	if !strings.HasPrefix(got.Title, "Error: ") {
		t.Errorf("title %q, want it to start with \"Error: \"", got.Title)
	}
	if wantFocus && !got.Focused {
		t.Errorf("focus is not on the error summary")
	}
	if got.FieldError != "Error: "+got.Messages[0] {
		t.Errorf("file field's error %q, want \"Error: %s\"", got.FieldError, got.Messages[0])
	}
	return got.Messages[0]
}
