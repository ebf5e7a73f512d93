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

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/servicetest"
)

// axePath is axe-core as `make assets` (npm ci in frontend/) installs it: a
// devDependency the tests inject, never served by the portal.
const axePath = "../../frontend/node_modules/axe-core/axe.min.js"

// axeTags are the axe rules of WCAG 2.2 levels A and AA (axe tags 2.0 and
// 2.1 apart, and 2.2 has only AA rules).
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// axeViolation is what axe.run reports of one rule, its nodes' targets
// flattened to strings by the script.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// TestBrowserAxe runs axe-core over the portal's pages as each kind of
// person sees them (signed out, council submitter and viewer, inspector,
// calibration panel, admin), with the page's JavaScript on and off, and
// fails on any WCAG 2.2 A or AA violation. The data the pages show is made
// first through the portal itself: an assessment of Ashford Vale with
// inspector.a on it, an uploaded document, an issued information return, a
// further evidence request and a saved search. The assessment is then
// scored, sent to calibration, validated and published, its pages checked
// in each state (returned by the panel once), with the error summaries of
// a score without a rationale, a return without a reason and an upload
// with no file.
//
// With JavaScript off (Emulation.setScriptExecutionDisabled) Runtime.evaluate
// still runs, so axe can be injected, but axe.run never ends: its timers do
// not fire. The page is loaded with scripts off and they are turned back on
// for axe only; the page's own scripts, skipped as it loaded, stay unrun
// (checkScripts before and after).
func TestBrowserAxe(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	src, err := os.ReadFile(axePath)
	if err != nil {
		if servicetest.Required() {
			t.Fatalf("axe-core is not installed: %v (make assets runs npm ci in frontend/)", err)
		}
		t.Skipf("axe-core is not installed: %v (make assets runs npm ci in frontend/)", err)
	}
	base := startPortal(t)
	browser := startBrowser(t)
	start := time.Now()
	ins, sub := "inspector.a@demo.test", "submitter.a@demo.test"

	// Everyone signs in once, in a tab kept for their pages. The
	// inspector must have signed in to be put on the assessment.
	type person struct {
		name, email string
		tab         context.Context
	}
	people := []*person{
		{name: "signed out"},
		{name: "council submitter", email: sub},
		{name: "council viewer", email: "viewer.a@demo.test"},
		{name: "inspector", email: ins},
		{name: "calibration panel", email: "panel@demo.test"},
		{name: "admin", email: "admin@demo.test"},
	}
	tabs := map[string]context.Context{}
	for _, p := range people {
		// Each person's tab lives for the whole test, not one step.
		tab, problems := newTabFor(t, browser, base, 8*time.Minute)
		t.Cleanup(func() { reportProblems(t, p.name, problems) })
		if p.email != "" {
			signInAt(t, tab, base, "/notifications", p.email, false)
		}
		p.tab = tab
		tabs[p.name] = tab
	}

	// The data the pages show.
	admin := tabs["admin"]
	do(t, admin, chromedp.Navigate(base+"/admin/assessments"))
	do(t, admin, chromedp.SetValue(chromedp.ID("la"), "E06009901"), chromedp.SetValue(chromedp.ID("version"), "qs-only-2024"))
	status := click(t, admin, `//button[normalize-space()="Open assessment"]`)
	checkPage(t, admin, status, http.StatusOK, "/admin/assessments", []string{"The assessment has been opened"}, nil)
	href, err := chromedp.Run(admin, chromedp.AttributeValue(chromedp.CSS("#assessments a"), "href"))
	if err != nil || !strings.HasPrefix(href.Value, "/assessments/") {
		t.Fatalf("link to the new assessment = %q, %v", href.Value, err)
	}
	a := href.Value
	addInspector(t, admin, strings.TrimPrefix(a, "/assessments/"), ins)

	subTab := tabs["council submitter"]
	file := filepath.Join(t.TempDir(), "carers-strategy.txt")
	if err := os.WriteFile(file, []byte(strings.Repeat("How Ashford Vale supports unpaid carers, and what it plans.\n", 200)), 0o644); err != nil {
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

	insTab := tabs["inspector"]
	ret := a + "/return"
	do(t, insTab, chromedp.Navigate(base+ret))
	click(t, insTab, `//button[normalize-space()="Start the information return"]`)
	status = click(t, insTab, `//button[normalize-space()="Issue the return to the council"]`)
	checkPage(t, insTab, status, http.StatusOK, ret, []string{"The return has been issued to the council"}, nil)
	item, err := chromedp.Run(insTab, chromedp.AttributeValue(chromedp.Search(`//main//h3/a[normalize-space()="Self-assessment"]`), "href"))
	if err != nil {
		t.Fatalf("link to the self-assessment item: %v", err)
	}
	do(t, insTab, chromedp.Navigate(base+a+"/requests"))
	due := time.Now().AddDate(0, 0, 7)
	do(t, insTab, chromedp.Click(chromedp.CSS(`label[for="qs-safeguarding"]`)),
		chromedp.SendKeys(chromedp.ID("wanted"), "Your Section 42 enquiries by outcome"),
		chromedp.SendKeys(chromedp.ID("due-day"), due.Format("2")), chromedp.SendKeys(chromedp.ID("due-month"), due.Format("1")),
		chromedp.SendKeys(chromedp.ID("due-year"), due.Format("2006")))
	status = click(t, insTab, `//button[normalize-space()="Send the request to the council"]`)
	checkPage(t, insTab, status, http.StatusOK, a+"/requests", []string{"The request has been sent to the council"}, nil)
	req, err := chromedp.Run(insTab, chromedp.AttributeValue(chromedp.Search(`//main//a[normalize-space()="Your Section 42 enquiries by outcome"]`), "href"))
	if err != nil {
		t.Fatalf("link to the request: %v", err)
	}
	do(t, insTab, chromedp.Navigate(base+"/search?q=carers"))
	do(t, insTab, chromedp.Click(chromedp.CSS(`.govuk-details__summary`)), chromedp.SendKeys(chromedp.ID("save-name"), "Carers"))
	status = click(t, insTab, `//button[contains(., "Save")][ancestor::form[@action="/searches"]]`)
	if status != http.StatusOK {
		t.Fatalf("save the search = %d", status)
	}
	t.Logf("data made in %s", time.Since(start).Round(time.Millisecond))

	// axe finds what it should, JavaScript on and off: an image with no
	// text alternative.
	out := tabs["signed out"]
	for _, noJS := range []bool{false, true} {
		setScripts(t, out, !noJS)
		do(t, out, chromedp.Navigate(base+"/"))
		checkScripts(t, out, !noJS)
		setScripts(t, out, true)
		if _, err := chromedp.Run(out, chromedp.Evaluate[bool](`document.querySelector("main").appendChild(document.createElement("img")) !== null`)); err != nil {
			t.Fatalf("add an image: %v", err)
		}
		if vs := runAxe(t, out, string(src)); len(vs) != 1 || vs[0].ID != "image-alt" {
			t.Fatalf("axe on a page with an image without alt (JavaScript off %v) = %+v, want image-alt only", noJS, vs)
		}
	}

	// The pages, by who sees them. A page of a council's or CQC's that
	// someone may not see is the error page (checked for each status once).
	const la = "/las/E06009901"
	public := []string{"/", "/cookies", "/accessibility", "/ratings", "/no-such-page"}
	council := []string{"/", "/documents", doc.Value, "/search?q=carers", "/search/help", "/assessments", a, ret, item.Value,
		a + "/requests", req.Value, la, la + "/coverage", "/notifications", "/admin/las"}
	cqc := []string{"/", "/documents", doc.Value, "/search?q=carers", "/search?q=carers&la=E06009901", "/search/help", "/searches",
		"/assessments", a, a + "/statements/equity", a + "/check", ret, item.Value, a + "/requests", req.Value, a + "/report", la, la + "/coverage",
		"/notifications", "/ratings"}
	pages := map[string][]string{
		"signed out":        public,
		"council submitter": append(append([]string{"/documents/upload", doc.Value + "/withdraw"}, council...), "/cookies", "/no-such-page"),
		"council viewer":    council,
		"inspector":         cqc,
		"calibration panel": cqc,
		"admin": append([]string{"/admin/las", "/admin/assignments", "/admin/users", "/admin/audit", "/admin/assessments",
			"/admin" + a + "/inspectors", "/admin/tagging", "/admin/outcomes", "/admin/report-facts"}, cqc...),
	}

	runs := 0
	for _, noJS := range []bool{false, true} {
		js := "JavaScript on"
		if noJS {
			js = "JavaScript off"
		}
		for _, p := range people {
			t.Run(p.name+", "+js, func(t *testing.T) {
				for _, path := range pages[p.name] {
					axePage(t, p.tab, base, path, noJS, string(src))
					runs++
				}
			})
		}
	}

	// The assessment's later states, each checked as it is reached, and
	// the error summaries of refused forms (JavaScript on: the page a POST
	// answers cannot be loaded again).
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	both := func(t *testing.T, tab context.Context, paths ...string) {
		t.Helper()
		for _, noJS := range []bool{false, true} {
			for _, path := range paths {
				axePage(t, tab, base, path, noJS, string(src))
				runs++
			}
		}
	}
	here := func(t *testing.T, tab context.Context, what string) {
		t.Helper()
		for _, v := range runAxe(t, tab, string(src)) {
			t.Errorf("%s: %s (%s) %s: %s", what, v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "))
		}
		runs++
	}
	panel := tabs["calibration panel"]
	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"scored and in calibration", func(t *testing.T) {
			for i, q := range cat.Statements {
				do(t, insTab, chromedp.Navigate(base+a+"/statements/"+q.Slug))
				do(t, insTab, chromedp.SetValue(chromedp.ID("score-"+q.Slug+"-qs"), "3"))
				if i == 0 {
					status := click(t, insTab, `//button[contains(., "Save score")]`)
					checkPage(t, insTab, status, http.StatusUnprocessableEntity, a+"/scores", []string{"There is a problem"}, nil)
					here(t, insTab, "a score without a rationale")
				}
				do(t, insTab, chromedp.SendKeys(chromedp.ID("rationale-"+q.Slug+"-qs"), "Finding for "+q.Name))
				status := click(t, insTab, `//button[contains(., "Save score")]`)
				if i == 0 {
					checkPage(t, insTab, status, http.StatusOK, a+"/statements/"+q.Slug, []string{"The score has been saved"}, nil)
					here(t, insTab, "a statement's page after a save (its success banner)")
				}
			}
			// The task list, a statement's page and the check answers
			// page, every statement scored.
			both(t, insTab, a, a+"/statements/equity", a+"/check")
			do(t, insTab, chromedp.Navigate(base+a+"/check"))
			status := click(t, insTab, `//button[normalize-space()="Send to calibration"]`)
			checkPage(t, insTab, status, http.StatusOK, a, []string{"The assessment is now: In calibration"}, nil)
			both(t, insTab, a, a+"/report")
			both(t, panel, a, a+"/decision/return", a+"/decision/validate")
			do(t, panel, chromedp.Navigate(base+a+"/decision/return"))
			status = click(t, panel, `//button[normalize-space()="Return to the inspectors"]`)
			checkPage(t, panel, status, http.StatusUnprocessableEntity, a+"/state", []string{"There is a problem"}, nil)
			here(t, panel, "a return without a reason")
			do(t, panel, chromedp.SendKeys(chromedp.ID("state-comment"), "Cite the 2025 board report."))
			status = click(t, panel, `//button[normalize-space()="Return to the inspectors"]`)
			checkPage(t, panel, status, http.StatusOK, a, []string{"The assessment is now: In progress"}, nil)
			both(t, insTab, a, a+"/statements/equity", "/")
			do(t, insTab, chromedp.Navigate(base+a+"/check"))
			status = click(t, insTab, `//button[normalize-space()="Send to calibration"]`)
			checkPage(t, insTab, status, http.StatusOK, a, []string{"The assessment is now: In calibration"}, nil)
		}},
		{"in factual accuracy", func(t *testing.T) {
			do(t, panel, chromedp.Navigate(base+a+"/decision/validate"))
			status := click(t, panel, `//button[normalize-space()="Confirm and send"]`)
			checkPage(t, panel, status, http.StatusOK, a, []string{"The assessment is now: Factual accuracy"}, nil)
			both(t, panel, a)
			both(t, subTab, a)
			both(t, insTab, a)
			do(t, subTab, chromedp.Navigate(base+a))
			status = click(t, subTab, `//button[normalize-space()="We have no more comments"]`)
			if status != http.StatusOK {
				t.Fatalf("no more comments = %d", status)
			}
		}},
		{"published", func(t *testing.T) {
			do(t, insTab, chromedp.Navigate(base+a))
			status := click(t, insTab, `//button[normalize-space()="Publish the rating"]`)
			checkPage(t, insTab, status, http.StatusOK, a, []string{"The assessment is now: Published"}, nil)
			id := strings.TrimPrefix(a, "/assessments/")
			both(t, insTab, a)
			both(t, subTab, a)
			both(t, tabs["signed out"], "/ratings", "/reports/"+id, "/reports/"+id+"/about")
		}},
		{"an upload refused", func(t *testing.T) {
			for _, noJS := range []bool{false, true} {
				setScripts(t, subTab, !noJS)
				do(t, subTab, chromedp.Navigate(base+"/documents/upload"))
				if noJS {
					status := click(t, subTab, `//button[normalize-space()="Upload"]`)
					checkPage(t, subTab, status, http.StatusUnprocessableEntity, "/documents/upload", []string{"There is a problem"}, nil)
				} else {
					// Sent by upload.mjs, the refusal is shown without a page load.
					do(t, subTab, chromedp.Click(chromedp.Search(`//button[normalize-space()="Upload"]`)),
						chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")))
				}
				setScripts(t, subTab, true)
				here(t, subTab, fmt.Sprintf("an upload with no file (JavaScript off %v)", noJS))
			}
		}},
	}
	for _, st := range steps {
		if !t.Run(st.name, st.run) {
			break
		}
	}
	t.Logf("axe ran on %d pages in %s", runs, time.Since(start).Round(time.Millisecond))
}

// axePage opens path in the tab, with the page's JavaScript off when noJS,
// and reports each WCAG 2.2 A and AA violation axe finds on it.
func axePage(t *testing.T, tab context.Context, base, path string, noJS bool, src string) {
	t.Helper()
	if noJS {
		setScripts(t, tab, false)
	}
	if _, err := chromedp.Run(tab, chromedp.NavigateResponse(base+path)); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	checkScripts(t, tab, !noJS)
	if noJS {
		// axe.run waits on timers, which do not fire while scripts are
		// disabled. Turned back on once the page has loaded, the page's own
		// scripts, skipped as it was parsed, stay unrun (checked after axe).
		setScripts(t, tab, true)
	}
	for _, v := range runAxe(t, tab, src) {
		js := "JavaScript on"
		if noJS {
			js = "JavaScript off"
		}
		t.Errorf("%s (%s): %s (%s) %s: %s", path, js, v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "))
	}
	checkScripts(t, tab, !noJS)
}

// setScripts turns the page's JavaScript on or off for what it loads next.
func setScripts(t *testing.T, ctx context.Context, on bool) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
		t.Fatalf("JavaScript on = %v: %v", on, err)
	}
}

// runAxe injects axe-core into the tab's page and returns the WCAG 2.2 A and
// AA violations axe finds there.
func runAxe(t *testing.T, ctx context.Context, src string) []axeViolation {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](src+"\n;typeof axe === 'object'")); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	// Bounded on its own: a run that never ends would otherwise take the
	// whole tab's time.
	run, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	vs, err := chromedp.Run(run, chromedp.Evaluate[[]axeViolation](axeScript(), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	return vs
}

// axeScript runs axe over the document with the WCAG 2.2 A and AA rules
// and returns each violation with its nodes' target selectors.
func axeScript() string {
	values := `"` + strings.Join(axeTags, `", "`) + `"`
	return `axe.run(document, {runOnly: {type: "tag", values: [` + values + `]}, resultTypes: ["violations"]})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
			targets: v.nodes.map(n => n.target.join(" "))})))`
}
