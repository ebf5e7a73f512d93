package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/pdf/pdftest"
)

// TestBrowserReportJourney is the report's whole journey in a real browser,
// everyone signed in through Dex: inspector.a (JavaScript off) issues the
// information return and submitter.a answers one item and submits it;
// inspector.a drafts the report of Ashford Vale citing a document's page
// and that answer and the financial facts (a figure that is not a number
// refused first) and scores it; the panel reads the
// draft in calibration and sends it on; Brookmere's submitter and inspector
// get 404 for the draft; submitter.a (JavaScript on) comments on a
// paragraph and a figure; the inspector answers both and corrects the
// draft; the council sees what changed and ends its comments; the report is
// published; signed out (JavaScript on and off) the summary, theme and about
// pages and the PDF show the published text, the cited answer as
// "Information return, <title>" under its paragraph; a correction publishes
// version 2, and version 1 stays readable.
func TestBrowserReportJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := startPortal(t)
	browser := startBrowser(t)
	start := time.Now()
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	const ins, sub = "inspector.a@demo.test", "submitter.a@demo.test"
	tab := func(name, email string, noJS bool) context.Context {
		// Each person's tab lives for the whole test.
		ctx, problems := newTabFor(t, browser, base, 10*time.Minute)
		t.Cleanup(func() { reportProblems(t, name, problems) })
		if email != "" {
			signInAt(t, ctx, base, "/notifications", email, noJS)
		}
		return ctx
	}
	insTab := tab("inspector", ins, true)
	admin := tab("admin", "admin@demo.test", false)
	subTab := tab("council submitter", sub, false)
	panel := tab("panel", "panel@demo.test", false)

	// The assessment, its inspector, and a document to cite.
	do(t, admin, chromedp.Navigate(base+"/admin/assessments"))
	do(t, admin, chromedp.SetValue(chromedp.ID("la"), "E06009901"), chromedp.SetValue(chromedp.ID("version"), "qs-only-2024"))
	click(t, admin, `//button[normalize-space()="Open assessment"]`)
	href, err := chromedp.Run(admin, chromedp.AttributeValue(chromedp.CSS("#assessments a"), "href"))
	if err != nil || !strings.HasPrefix(href.Value, "/assessments/") {
		t.Fatalf("link to the new assessment = %q, %v", href.Value, err)
	}
	a := href.Value
	id := strings.TrimPrefix(a, "/assessments/")
	r, pub := a+"/report", "/reports/"+id
	addInspector(t, admin, id, ins)

	file := filepath.Join(t.TempDir(), "carers-strategy.txt")
	if err := os.WriteFile(file, []byte(strings.Repeat("How Ashford Vale supports unpaid carers, and what it plans.\n", 50)), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, subTab, chromedp.Navigate(base+"/documents/upload"))
	res, err := chromedp.RunResponse(subTab,
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}),
		chromedp.SetValue(chromedp.ID("type"), "strategy"),
		chromedp.SendKeys(chromedp.ID("title"), "Carers strategy 2025"),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Upload"]`)),
	)
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	checkPage(t, subTab, res.Status, http.StatusOK, "/documents", []string{"1 file uploaded"}, nil)
	if err := chromedp.Do(subTab, chromedp.WaitVisible(chromedp.Search(`//td[contains(@class, "app-status-cell")][contains(., "Ready")]`))); err != nil {
		t.Fatalf("the document was not read: %v", err)
	}
	doc, err := chromedp.Run(subTab, chromedp.AttributeValue(chromedp.Search(`//main//a[normalize-space()="Carers strategy 2025"]`), "href"))
	if err != nil || !strings.HasPrefix(doc.Value, "/documents/") {
		t.Fatalf("link to the document = %q, %v", doc.Value, err)
	}
	docID := strings.TrimPrefix(doc.Value, "/documents/")
	// The answer of the return the report cites, and its item's id.
	const answered = "Joint strategic needs assessment"
	var itemID string

	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"the council submits its information return", func(t *testing.T) {
			ret := a + "/return"
			do(t, insTab, chromedp.Navigate(base+ret))
			status := click(t, insTab, `//button[normalize-space()="Start the information return"]`)
			checkPage(t, insTab, status, http.StatusOK, ret, []string{"The draft return has been started"}, nil)
			status = click(t, insTab, `//button[normalize-space()="Issue the return to the council"]`)
			checkPage(t, insTab, status, http.StatusOK, ret, []string{"The return has been issued to the council"}, nil)

			do(t, subTab, chromedp.Navigate(base+ret))
			item, err := chromedp.Run(subTab, chromedp.AttributeValue(chromedp.Search(`//main//h3/a[normalize-space()="`+answered+`"]`), "href"))
			if err != nil || !strings.HasPrefix(item.Value, ret+"/items/") {
				t.Fatalf("link to the item %s = %q, %v", answered, item.Value, err)
			}
			itemID = strings.TrimPrefix(item.Value, ret+"/items/")
			checkNavigate(t, subTab, base+item.Value, http.StatusOK, "Link to where it is published")
			do(t, subTab, chromedp.SendKeys(chromedp.ID("link"), "https://www.ashford.example/jsna"))
			status = click(t, subTab, `//button[normalize-space()="Save the answer"]`)
			checkPage(t, subTab, status, http.StatusOK, item.Value, []string{"Your answer has been saved"}, nil)
			do(t, subTab, chromedp.Navigate(base+ret))
			status = click(t, subTab, `//button[normalize-space()="Submit the return to CQC"]`)
			checkPage(t, subTab, status, http.StatusUnprocessableEntity, ret+"/submit", []string{"Answer this required item, or say why you cannot"}, nil)
			reasons, err := chromedp.Run(subTab, chromedp.Nodes(chromedp.CSSAll(`textarea[id^="reason-"]`)))
			if err != nil || len(reasons) == 0 {
				t.Fatalf("reasons asked for = %d, %v; want one per required item", len(reasons), err)
			}
			for _, n := range reasons {
				do(t, subTab, chromedp.SendKeys(chromedp.ID(n.AttributeValue("id")), "To follow in the site visit"))
			}
			status = click(t, subTab, `//button[normalize-space()="Submit the return to CQC"]`)
			checkPage(t, subTab, status, http.StatusOK, ret, []string{"The return has been submitted to CQC"}, nil)
		}},
		{"the inspector drafts the report", func(t *testing.T) {
			do(t, insTab, chromedp.Navigate(base+r+"?edit=summary"))
			checkScripts(t, insTab, false)
			do(t, insTab, chromedp.SetValue(chromedp.ID("summary-body"), "Ashford Vale Council is good.\n\nCarers wait 12 weeks for an assessment."),
				chromedp.SetValue(chromedp.ID("summary-para-0"), "2"), chromedp.SetValue(chromedp.ID("summary-doc-0"), docID),
				chromedp.SetValue(chromedp.ID("summary-page-0"), "1"),
				chromedp.SetValue(chromedp.ID("summary-rpara-0"), "1"), chromedp.SetValue(chromedp.ID("summary-item-0"), itemID))
			status := click(t, insTab, `//form[contains(@action, "/sections/summary")]//button[normalize-space()="Save section"]`)
			checkPage(t, insTab, status, http.StatusOK, r, []string{"The section has been saved", "Carers wait 12 weeks for an assessment.",
				"Evidence: Carers strategy 2025, page 1", "Evidence: Information return, " + answered}, nil)

			do(t, insTab, chromedp.Navigate(base+r+"?edit=about"))
			do(t, insTab, chromedp.SetValue(chromedp.ID("about-body"), "A rural county <b>east</b> of the city."),
				chromedp.SetValue(chromedp.ID("about-year"), "2022/23"), chromedp.SetValue(chromedp.ID("about-population"), "lots"),
				chromedp.SetValue(chromedp.ID("about-budget_estimate"), "895,817,000"), chromedp.SetValue(chromedp.ID("about-budget_actual"), "917,896,000"))
			status = click(t, insTab, `//form[contains(@action, "/sections/about")]//button[normalize-space()="Save section"]`)
			checkPage(t, insTab, status, http.StatusUnprocessableEntity, r+"/sections/about", []string{"There is a problem",
				"Population must be a whole number"}, nil)
			do(t, insTab, chromedp.SetValue(chromedp.ID("about-population"), "210,390"))
			status = click(t, insTab, `//form[contains(@action, "/sections/about")]//button[normalize-space()="Save section"]`)
			checkPage(t, insTab, status, http.StatusOK, r, []string{"The section has been saved", "A rural county <b>east</b> of the city.",
				"Approximately 210,390 people live in the local authority area.", "which was £22,079,000 more than estimated"}, nil)

			for _, q := range cat.Statements {
				do(t, insTab, chromedp.Navigate(base+a+"/statements/"+q.Slug))
				do(t, insTab, chromedp.SetValue(chromedp.ID("score-"+q.Slug+"-qs"), "3"),
					chromedp.SetValue(chromedp.ID("rationale-"+q.Slug+"-qs"), "Finding for "+q.Name))
				status = click(t, insTab, `//button[contains(., "Save score")]`)
				checkPage(t, insTab, status, http.StatusOK, a+"/statements/"+q.Slug, []string{"The score has been saved"}, nil)
			}
			do(t, insTab, chromedp.Navigate(base+a+"/check"))
			status = click(t, insTab, `//button[normalize-space()="Send to calibration"]`)
			checkPage(t, insTab, status, http.StatusOK, a, []string{"The assessment is now: In calibration"}, nil)
		}},
		{"the panel reads the draft and sends it to the council", func(t *testing.T) {
			checkNavigate(t, panel, base+r, http.StatusOK, "Carers wait 12 weeks for an assessment.")
			do(t, panel, chromedp.Navigate(base+a+"/decision/validate"))
			status := click(t, panel, `//button[normalize-space()="Confirm and send"]`)
			checkPage(t, panel, status, http.StatusOK, a, []string{"The assessment is now: Factual accuracy"}, nil)
		}},
		{"Brookmere sees nothing of the draft", func(t *testing.T) {
			for _, who := range []string{"submitter.b@demo.test", "inspector.b@demo.test"} {
				ctx := tab(who, who, false)
				for _, path := range []string{r, a, pub} {
					res, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+path))
					if err != nil {
						t.Fatalf("%s opens %s: %v", who, path, err)
					}
					checkPage(t, ctx, res.Status, http.StatusNotFound, path, []string{"Page not found"}, []string{"Carers wait", "Ashford Vale Council is good"})
				}
			}
		}},
		{"the council comments on a paragraph and a figure", func(t *testing.T) {
			do(t, subTab, chromedp.Navigate(base+r))
			checkScripts(t, subTab, true)
			checkPage(t, subTab, 200, 200, r, []string{"Carers wait 12 weeks for an assessment.", "Send a factual accuracy comment on the report"}, nil)
			do(t, subTab, chromedp.SetValue(chromedp.ID("comment-section"), "summary"), chromedp.SetValue(chromedp.ID("comment-paragraph"), "2"),
				chromedp.Click(chromedp.CSS(`label[for="comment-kind-1"]`)), chromedp.SetValue(chromedp.ID("comment"), "Carers wait 6 weeks, not 12."),
				chromedp.SetValue(chromedp.ID("comment-document"), docID), chromedp.SetValue(chromedp.ID("comment-page"), "1"))
			status := click(t, subTab, `//button[normalize-space()="Send comment"]`)
			checkPage(t, subTab, status, http.StatusOK, r, []string{"Your comment has been sent to the inspectors"}, nil)
			do(t, subTab, chromedp.SetValue(chromedp.ID("comment-section"), "about"), chromedp.SetValue(chromedp.ID("comment-figure"), "population"),
				chromedp.Click(chromedp.CSS(`label[for="comment-kind-0"]`)), chromedp.SetValue(chromedp.ID("comment"), "The population is 210,400."))
			status = click(t, subTab, `//button[normalize-space()="Send comment"]`)
			checkPage(t, subTab, status, http.StatusOK, r, []string{"Your comment has been sent to the inspectors", "Carers wait 6 weeks, not 12.",
				"The population is 210,400."}, nil)
		}},
		{"the inspector answers and corrects the draft", func(t *testing.T) {
			do(t, insTab, chromedp.Navigate(base+r))
			for _, answer := range []string{"Corrected to 6 weeks.", "Corrected the population."} {
				do(t, insTab, chromedp.SetValue(chromedp.CSS(`textarea[name="answer"]`), answer))
				status := click(t, insTab, `(//form[.//textarea[@name="answer"]])[1]//button[normalize-space()="Answer"]`)
				checkPage(t, insTab, status, http.StatusOK, r, []string{answer}, nil)
			}
			do(t, insTab, chromedp.Navigate(base+r+"?edit=summary"))
			do(t, insTab, chromedp.SetValue(chromedp.ID("summary-body"), "Ashford Vale Council is good.\n\nCarers wait 6 weeks for an assessment."))
			status := click(t, insTab, `//form[contains(@action, "/sections/summary")]//button[normalize-space()="Save section"]`)
			checkPage(t, insTab, status, http.StatusOK, r, []string{"The section has been saved", "Carers wait 6 weeks for an assessment."}, nil)
			do(t, insTab, chromedp.Navigate(base+r+"?edit=about"))
			do(t, insTab, chromedp.SetValue(chromedp.ID("about-population"), "210,400"))
			status = click(t, insTab, `//form[contains(@action, "/sections/about")]//button[normalize-space()="Save section"]`)
			checkPage(t, insTab, status, http.StatusOK, r, []string{"Approximately 210,400 people live in the local authority area."}, nil)
		}},
		{"the council sees what changed and ends its comments", func(t *testing.T) {
			do(t, subTab, chromedp.Navigate(base+r))
			checkPage(t, subTab, 200, 200, r, []string{"Changed", "Carers wait 6 weeks for an assessment.", "CQC's answer: Corrected to 6 weeks.",
				"Approximately 210,400 people"}, []string{"Carers wait 12 weeks for an assessment."})
			do(t, subTab, chromedp.Navigate(base+a))
			if status := click(t, subTab, `//button[normalize-space()="We have no more comments"]`); status != http.StatusOK {
				t.Fatalf("no more comments = %d", status)
			}
		}},
		{"published and read signed out", func(t *testing.T) {
			do(t, insTab, chromedp.Navigate(base+a))
			status := click(t, insTab, `//button[normalize-space()="Publish the rating"]`)
			checkPage(t, insTab, status, http.StatusOK, a, []string{"The assessment is now: Published"}, nil)
			for _, noJS := range []bool{false, true} {
				out := tab("signed out", "", noJS)
				setScripts(t, out, !noJS)
				checkNavigate(t, out, base+pub, http.StatusOK, "Carers wait 6 weeks for an assessment.")
				checkScripts(t, out, !noJS)
				checkPage(t, out, 200, 200, pub, []string{"Ashford Vale Council", "Overall score", "Published", "Page last updated",
					"Download the whole report (PDF)", "Evidence: Carers strategy 2025, page 1"}, []string{"12 weeks", "Sign out"})
				// The cited answer, by its title and not linked, under the
				// paragraph that cites it.
				para, err := chromedp.Run(out, chromedp.Text(chromedp.ID("summary-p1")))
				para = strings.Join(strings.Fields(para), " ")
				if want := "Ashford Vale Council is good. Evidence: Information return, " + answered; err != nil || para != want {
					t.Errorf("the summary's paragraph 1 signed out (JavaScript off %v) = %q, %v; want %q", noJS, para, err, want)
				}
				if h, err := chromedp.Run(out, chromedp.OuterHTML(chromedp.ID("summary-p1"))); err != nil || strings.Contains(h, "<a ") {
					t.Errorf("the summary's paragraph 1 signed out = %q, %v; want no link", h, err)
				}
				checkNavigate(t, out, base+pub+"/themes/working-with-people", http.StatusOK, "What people expect")
				checkNavigate(t, out, base+pub+"/about", http.StatusOK, "Approximately 210,400 people live in the local authority area.")
				checkPage(t, out, 200, 200, pub+"/about", []string{"A rural county <b>east</b> of the city.", "which was £22,079,000 more than estimated"}, nil)
			}
			out := tab("signed out", "", false)
			do(t, out, chromedp.Navigate(base+pub))
			link, err := chromedp.Run(out, chromedp.AttributeValue(chromedp.Search(`//a[normalize-space()="Download the whole report (PDF)"]`), "href"))
			if err != nil {
				t.Fatalf("link to the PDF: %v", err)
			}
			in := getPublicPDF(t, base+link.Value)
			for _, want := range []string{"Ashford Vale Council is good.", "Carers wait 6 weeks for an assessment.", "Evidence: Carers strategy 2025, page 1",
				"Evidence: Information return, " + answered,
				"A rural county <b>east</b> of the city.", "Approximately 210,400 people live in the local authority area.",
				"which was £22,079,000 more than estimated", "3 – Good standard"} {
				if !in.Has(want) {
					t.Errorf("the PDF lacks %q", want)
				}
			}
			if in.Has("12 weeks") || in.Title != "Ashford Vale Council: local authority assessment report" {
				t.Errorf("the PDF: title %q, text %.600s", in.Title, in.Text)
			}
		}},
		{"a correction publishes version 2", func(t *testing.T) {
			do(t, insTab, chromedp.Navigate(base+r))
			status := click(t, insTab, `//button[normalize-space()="Correct the published report"]`)
			checkPage(t, insTab, status, http.StatusOK, r, []string{"You can now change the sections"}, nil)
			do(t, insTab, chromedp.Navigate(base+r+"?edit=summary"))
			do(t, insTab, chromedp.SetValue(chromedp.ID("summary-body"), "Ashford Vale Council is good.\n\nCarers wait 5 weeks for an assessment."))
			click(t, insTab, `//form[contains(@action, "/sections/summary")]//button[normalize-space()="Save section"]`)
			do(t, insTab, chromedp.SetValue(chromedp.ID("reason"), "Corrected the waiting time to 5 weeks."))
			status = click(t, insTab, `//button[normalize-space()="Publish the correction"]`)
			checkPage(t, insTab, status, http.StatusOK, r, []string{"The correction has been published"}, nil)
			out := tab("signed out", "", false)
			checkNavigate(t, out, base+pub, http.StatusOK, "Carers wait 5 weeks for an assessment.")
			checkPage(t, out, 200, 200, pub, []string{"Versions of this report", "Version 2 (this version)", "Corrected the waiting time to 5 weeks."},
				[]string{"Carers wait 6 weeks"})
			checkNavigate(t, out, base+pub+"/versions/1", http.StatusOK, "This is an earlier version of this report (version 1)")
			checkPage(t, out, 200, 200, pub+"/versions/1", []string{"Carers wait 6 weeks for an assessment."}, []string{"Carers wait 5 weeks"})
			if in := getPublicPDF(t, base+pub+"/report.pdf"); !in.Has("Carers wait 5 weeks for an assessment.") || !in.Has("Version 2: Corrected the waiting time to 5 weeks.") {
				t.Errorf("the latest PDF after the correction: %.800s", in.Text)
			}
		}},
	}
	for _, st := range steps {
		if !t.Run(st.name, st.run) {
			break
		}
	}
	t.Logf("report journey in %s", time.Since(start).Round(time.Millisecond))
}

// getPublicPDF downloads a PDF with no cookie, as anyone signed out, and
// reads it back.
func getPublicPDF(t *testing.T, url string) pdftest.Info {
	t.Helper()
	client := &http.Client{Timeout: time.Minute}
	res, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("GET %s = %d %s, %v", url, res.StatusCode, res.Header.Get("Content-Type"), err)
	}
	return pdftest.Read(t, body)
}
