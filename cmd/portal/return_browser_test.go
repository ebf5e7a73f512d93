package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserReturnJourney: the information return and a further evidence
// request in a real browser, each person signed in through Dex. An admin
// opens an assessment of Ashford Vale; its inspector changes an item and
// issues the return; submitter.a uploads a document from an item, cites it
// with a page, answers by a link and, with JavaScript off, by a table;
// viewer.a sees the progress and no answer form; submitter.a submits with
// reasons for the rest, and the return is frozen; the inspector raises a
// request on safeguarding, submitter.a answers in its thread and the
// inspector accepts it; Brookmere's submitter and inspector get 404 for
// all of it. Each step has tabs of its own, so each is bounded by
// stepTimeout.
func TestBrowserReturnJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := startPortal(t)
	browser := startBrowser(t)
	ins, sub := "inspector.a@demo.test", "submitter.a@demo.test"
	var a, ret, req string       // the assessment's, its return's and its request's paths
	items := map[string]string{} // item paths by title

	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"an admin opens an assessment of Ashford Vale", func(t *testing.T) {
			// Only someone who has signed in as an inspector can be put on it;
			// the council's staff who have signed in hear of the return.
			journeyTab(t, browser, base, "/assessments", ins, false)
			journeyTab(t, browser, base, "/documents", sub, false)
			admin := journeyTab(t, browser, base, "/admin/assessments", "admin@demo.test", false)
			do(t, admin, chromedp.SetValue(chromedp.ID("la"), "E06009901"), chromedp.SetValue(chromedp.ID("version"), "qs-only-2024"))
			status := click(t, admin, `//button[normalize-space()="Open assessment"]`)
			checkPage(t, admin, status, http.StatusOK, "/admin/assessments", []string{"The assessment has been opened"}, nil)
			href, err := chromedp.Run(admin, chromedp.AttributeValue(chromedp.CSS("#assessments a"), "href"))
			if err != nil || !strings.HasPrefix(href.Value, "/assessments/") {
				t.Fatalf("link to the new assessment = %q, %v", href.Value, err)
			}
			a, ret = href.Value, href.Value+"/return"
			addInspector(t, admin, strings.TrimPrefix(a, "/assessments/"), ins)
		}},
		{"the inspector changes an item, adds one and issues the return", func(t *testing.T) {
			tab := journeyTab(t, browser, base, a, ins, false)
			status := click(t, tab, `//main//a[normalize-space()="Information return"]`)
			checkPage(t, tab, status, http.StatusOK, ret, []string{"Start the information return"}, nil)
			status = click(t, tab, `//button[normalize-space()="Start the information return"]`)
			checkPage(t, tab, status, http.StatusOK, ret, []string{"The draft return has been started", "This is a draft"}, nil)
			card := `//div[contains(@class, "govuk-summary-card")][.//h3[normalize-space()="Joint strategic needs assessment"]]`
			id, err := chromedp.Run(tab, chromedp.AttributeValue(chromedp.Search(card), "id"))
			if err != nil {
				t.Fatalf("the JSNA item: %v", err)
			}
			n := strings.TrimPrefix(id.Value, "item-")
			do(t, tab, chromedp.Click(chromedp.Search(card+`//summary`)),
				chromedp.SetValue(chromedp.ID("title-"+n), "Joint strategic needs assessment (JSNA)"),
				chromedp.Click(chromedp.CSS(`label[for="required-`+n+`"]`)))
			status = click(t, tab, card+`//button[normalize-space()="Save this item"]`)
			checkPage(t, tab, status, http.StatusOK, ret, []string{"The item has been changed", "Joint strategic needs assessment (JSNA)"}, nil)
			// An item of the inspector's own: with JavaScript on, the columns
			// box shows only once a table is chosen.
			hidden := `document.getElementById("new-kind-table-conditional").classList.contains("govuk-radios__conditional--hidden")`
			if h, err := chromedp.Run(tab, chromedp.Evaluate[bool](hidden)); err != nil || !h {
				t.Errorf("columns box hidden before a table is chosen = %v, %v; want hidden", h, err)
			}
			do(t, tab, chromedp.Click(chromedp.CSS(`label[for="new-part"]`)),
				chromedp.SetValue(chromedp.ID("new-title"), "Carers' forum"),
				chromedp.SetValue(chromedp.ID("new-wanted"), "Who chairs the carers' forum, and how to reach them"),
				chromedp.Click(chromedp.CSS(`label[for="new-kind-table"]`)))
			if h, err := chromedp.Run(tab, chromedp.Evaluate[bool](hidden)); err != nil || h {
				t.Errorf("columns box hidden once a table is chosen = %v, %v; want shown", h, err)
			}
			do(t, tab, chromedp.SetValue(chromedp.ID("new-columns"), "Name\nRole\nEmail"),
				chromedp.Click(chromedp.CSS(`label[for="new-qs-safeguarding"]`)),
				chromedp.Click(chromedp.CSS(`label[for="new-personal"]`)))
			status = click(t, tab, `//button[normalize-space()="Add the item"]`)
			checkPage(t, tab, status, http.StatusOK, ret, []string{"The item has been added", "Carers' forum",
				"A table · Optional · Safeguarding · Personal data"}, nil)
			status = click(t, tab, `//button[normalize-space()="Issue the return to the council"]`)
			checkPage(t, tab, status, http.StatusOK, ret, []string{"The return has been issued to the council", "Issued",
				"0 of 10 required items answered"}, []string{"This is a draft"})
		}},
		{"submitter.a finds it due and uploads evidence from an item", func(t *testing.T) {
			tab := journeyTab(t, browser, base, "/notifications", sub, false)
			checkPage(t, tab, http.StatusOK, http.StatusOK, "/notifications", []string{"CQC has issued your council's information return"}, nil)
			checkNavigate(t, tab, base+"/", http.StatusOK, "Due next")
			status := click(t, tab, `//ul[@data-testid="due"]//a[normalize-space()="Information return"]`)
			checkPage(t, tab, status, http.StatusOK, ret, []string{"due in 21 days", "0 of 10 required items answered"}, nil)
			for _, title := range []string{"Self-assessment", "Joint strategic needs assessment (JSNA)", "Contacts for interviews and focus groups"} {
				href, err := chromedp.Run(tab, chromedp.AttributeValue(chromedp.Search(`//main//h3/a[normalize-space()="`+title+`"]`), "href"))
				if err != nil {
					t.Fatalf("link to %s: %v", title, err)
				}
				items[title] = href.Value
			}
			status = click(t, tab, `//main//h3/a[normalize-space()="Self-assessment"]`)
			checkPage(t, tab, status, http.StatusOK, items["Self-assessment"], []string{"Answer this item", "Upload a new document"}, nil)
			status = click(t, tab, `//main//a[normalize-space()="Upload a new document"]`)
			checkPage(t, tab, status, http.StatusOK, "/documents/upload", []string{"Upload evidence"}, nil)
			if hint, err := chromedp.Run(tab, chromedp.Value(chromedp.ID("qs_hint"))); err != nil || hint != "assessing-needs" {
				t.Errorf("quality statement hint = %q, %v; want the item's first, assessing-needs", hint, err)
			}
			file := filepath.Join(t.TempDir(), "self-assessment.txt")
			if err := os.WriteFile(file, []byte(strings.Repeat("How Ashford Vale meets people's needs, and what it plans.\n", 200)), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := chromedp.RunResponse(tab,
				chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}),
				chromedp.SetValue(chromedp.ID("type"), "strategy"),
				chromedp.SendKeys(chromedp.ID("title"), "Ashford self-assessment 2025"),
				chromedp.Click(chromedp.Search(`//button[normalize-space()="Upload"]`)),
			)
			if err != nil {
				t.Fatalf("upload: %v", err)
			}
			checkPage(t, tab, res.Status, http.StatusOK, "/documents", []string{"1 file uploaded", "Ashford self-assessment 2025"}, nil)
			// The documents page follows the status by itself until it is read.
			if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.Search(`//td[contains(@class, "app-status-cell")][contains(., "Ready")]`))); err != nil {
				t.Fatalf("the document was not read: %v", err)
			}
		}},
		{"submitter.a cites it with a page and answers by a link", func(t *testing.T) {
			tab := journeyTab(t, browser, base, items["Self-assessment"], sub, false)
			doc, err := chromedp.Run(tab, chromedp.Evaluate[string](
				`[...document.querySelectorAll("#doc-0 option")].find(o => o.textContent.includes("Ashford self-assessment 2025")).value`))
			if err != nil || doc == "" {
				t.Fatalf("the document among the choices: %q, %v", doc, err)
			}
			do(t, tab, chromedp.SetValue(chromedp.ID("doc-0"), doc), chromedp.SendKeys(chromedp.ID("page-0"), "1"),
				chromedp.SendKeys(chromedp.ID("section-0"), "Part 2"))
			status := click(t, tab, `//button[normalize-space()="Save the answer"]`)
			checkPage(t, tab, status, http.StatusOK, items["Self-assessment"], []string{"Your answer has been saved",
				"Ashford self-assessment 2025, page 1, section Part 2", "by " + sub}, nil)
			if href, err := chromedp.Run(tab, chromedp.AttributeValue(chromedp.Search(`//main//ul//a[normalize-space()="Ashford self-assessment 2025"]`), "href")); err != nil ||
				!strings.HasPrefix(href.Value, "/documents/"+doc) || !strings.HasSuffix(href.Value, "#page-1") {
				t.Errorf("the citation links to %q, %v; want the document's page 1", href.Value, err)
			}

			checkNavigate(t, tab, base+items["Joint strategic needs assessment (JSNA)"], http.StatusOK, "Link to where it is published")
			do(t, tab, chromedp.SendKeys(chromedp.ID("link"), "javascript:alert(1)"))
			status = click(t, tab, `//button[normalize-space()="Save the answer"]`)
			checkPage(t, tab, status, http.StatusUnprocessableEntity, items["Joint strategic needs assessment (JSNA)"]+"/answer",
				[]string{"There is a problem", "Enter a link that starts with https://"}, nil)
			do(t, tab, chromedp.SetValue(chromedp.ID("link"), "https://www.ashford.example/jsna"))
			status = click(t, tab, `//button[normalize-space()="Save the answer"]`)
			checkPage(t, tab, status, http.StatusOK, items["Joint strategic needs assessment (JSNA)"], []string{"Your answer has been saved",
				"https://www.ashford.example/jsna"}, nil)
		}},
		{"submitter.a answers a table with JavaScript off", func(t *testing.T) {
			path := items["Contacts for interviews and focus groups"]
			tab := journeyTab(t, browser, base, path, sub, true)
			checkScripts(t, tab, false)
			for col, v := range []string{"Ann Smith", "Director of adult social care", "Ashford Vale Council", "ann@ashford.example"} {
				do(t, tab, chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`input[name="cell-0-%d"]`, col)), v))
			}
			status := click(t, tab, `//button[normalize-space()="Save the answer"]`)
			checkPage(t, tab, status, http.StatusOK, path, []string{"Your answer has been saved", "Ann Smith", "Director of adult social care",
				"This answer holds personal data"}, nil)
			// Saved, the form offers empty rows again below the one saved.
			if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('input[name^="cell-"][name$="-0"]').length`)); err != nil || n != 6 {
				t.Errorf("rows in the form = %d, %v; want the saved one and 5 empty", n, err)
			}
		}},
		{"viewer.a sees the progress and cannot answer", func(t *testing.T) {
			tab := journeyTab(t, browser, base, ret, "viewer.a@demo.test", false)
			checkPage(t, tab, http.StatusOK, http.StatusOK, ret, []string{"3 of 10 required items answered", "https://www.ashford.example/jsna",
				"Ashford self-assessment 2025"}, []string{"Submit the return"})
			status := click(t, tab, `//main//h3/a[normalize-space()="Self-assessment"]`)
			checkPage(t, tab, status, http.StatusOK, items["Self-assessment"], []string{"Ashford self-assessment 2025"}, []string{"Save the answer"})
		}},
		{"submitter.a submits with reasons and the return is frozen", func(t *testing.T) {
			tab := journeyTab(t, browser, base, ret, sub, false)
			status := click(t, tab, `//button[normalize-space()="Submit the return to CQC"]`)
			checkPage(t, tab, status, http.StatusUnprocessableEntity, ret+"/submit", []string{"There is a problem",
				"Answer this required item, or say why you cannot"}, nil)
			reasons, err := chromedp.Run(tab, chromedp.Nodes(chromedp.CSSAll(`textarea[id^="reason-"]`)))
			if err != nil || len(reasons) != 7 {
				t.Fatalf("reasons asked for = %d, %v; want the 7 required items unanswered", len(reasons), err)
			}
			for _, n := range reasons {
				do(t, tab, chromedp.SendKeys(chromedp.ID(n.AttributeValue("id")), "To follow in the site visit"))
			}
			status = click(t, tab, `//button[normalize-space()="Submit the return to CQC"]`)
			checkPage(t, tab, status, http.StatusOK, ret, []string{"The return has been submitted to CQC", "Submitted", "by " + sub,
				"Not answered because: To follow in the site visit"}, []string{"Submit the return", "due in"})
			checkNavigate(t, tab, base+items["Joint strategic needs assessment (JSNA)"], http.StatusOK, "https://www.ashford.example/jsna")
			checkPage(t, tab, http.StatusOK, http.StatusOK, items["Joint strategic needs assessment (JSNA)"], []string{"Submitted"},
				[]string{"Save the answer", "Change the answer"})
		}},
		{"the inspector raises a further request on safeguarding", func(t *testing.T) {
			tab := journeyTab(t, browser, base, a, ins, false)
			status := click(t, tab, `//main//a[normalize-space()="Further evidence requests"]`)
			checkPage(t, tab, status, http.StatusOK, a+"/requests", []string{"No further evidence has been requested", "Request more evidence"}, nil)
			due := time.Now().AddDate(0, 0, 7)
			do(t, tab, chromedp.Click(chromedp.CSS(`label[for="qs-safeguarding"]`)),
				chromedp.SendKeys(chromedp.ID("wanted"), "Your Section 42 enquiries by outcome"),
				chromedp.SendKeys(chromedp.ID("due-day"), due.Format("2")), chromedp.SendKeys(chromedp.ID("due-month"), due.Format("1")),
				chromedp.SendKeys(chromedp.ID("due-year"), due.Format("2006")))
			status = click(t, tab, `//button[normalize-space()="Send the request to the council"]`)
			checkPage(t, tab, status, http.StatusOK, a+"/requests", []string{"The request has been sent to the council",
				"Your Section 42 enquiries by outcome", "Safeguarding", "Open"}, nil)
			href, err := chromedp.Run(tab, chromedp.AttributeValue(chromedp.Search(`//main//a[normalize-space()="Your Section 42 enquiries by outcome"]`), "href"))
			if err != nil || !strings.HasPrefix(href.Value, a+"/requests/") {
				t.Fatalf("link to the request = %q, %v", href.Value, err)
			}
			req = href.Value
		}},
		{"submitter.a answers in its thread", func(t *testing.T) {
			tab := journeyTab(t, browser, base, "/notifications", sub, false)
			checkNavigate(t, tab, base+"/", http.StatusOK, "Due next")
			status := click(t, tab, `//ul[@data-testid="due"]//a[normalize-space()="Further evidence request: Safeguarding"]`)
			checkPage(t, tab, status, http.StatusOK, req, []string{"Your Section 42 enquiries by outcome", "No messages yet"},
				[]string{"Accept the answer"})
			do(t, tab, chromedp.SendKeys(chromedp.ID("text"), "Our enquiries are in the board's annual report"),
				chromedp.SendKeys(chromedp.ID("link"), "https://www.ashford.example/sab"))
			status = click(t, tab, `//button[normalize-space()="Send the message"]`)
			checkPage(t, tab, status, http.StatusOK, req, []string{"Your message has been sent", "Our enquiries are in the board's annual report",
				"https://www.ashford.example/sab"}, nil)
		}},
		{"the inspector accepts the answer", func(t *testing.T) {
			tab := journeyTab(t, browser, base, a+"/requests", ins, false)
			status := click(t, tab, `//main//a[normalize-space()="Your Section 42 enquiries by outcome"]`)
			checkPage(t, tab, status, http.StatusOK, req, []string{"Our enquiries are in the board's annual report"}, nil)
			status = click(t, tab, `//button[normalize-space()="Accept the answer and close the request"]`)
			checkPage(t, tab, status, http.StatusOK, req, []string{"The answer has been accepted and the request closed", "Accepted"},
				[]string{"Send the message"})
		}},
		{"Brookmere sees none of it", func(t *testing.T) {
			paths := []string{ret, items["Self-assessment"], a + "/requests", req}
			for _, who := range []string{"submitter.b@demo.test", "inspector.b@demo.test"} {
				tab := journeyTab(t, browser, base, "/notifications", who, false)
				checkPage(t, tab, http.StatusOK, http.StatusOK, "/notifications", nil, []string{"Ashford Vale", "information return"})
				checkNavigate(t, tab, base+"/", http.StatusOK, who)
				checkPage(t, tab, http.StatusOK, http.StatusOK, "/", nil, []string{"Due next", "Ashford Vale"})
				for _, p := range paths {
					checkNavigate(t, tab, base+p, http.StatusNotFound, "Page not found")
				}
			}
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			return // the next steps build on this one
		}
	}
}

// journeyTab opens a tab of its own, signs in at Dex as email from path
// (JavaScript off when noJS) and reports the tab's console problems when
// the test ends.
func journeyTab(t *testing.T, browser context.Context, base, path, email string, noJS bool) context.Context {
	t.Helper()
	ctx, problems := newTab(t, browser, base)
	t.Cleanup(func() { reportProblems(t, email, problems) })
	signInAt(t, ctx, base, path, email, noJS)
	return ctx
}
