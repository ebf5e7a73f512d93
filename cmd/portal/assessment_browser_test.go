package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserScoresAssessment: in a real browser, an admin opens an
// assessment and puts inspector.a on it; inspector.a, signed in through Dex
// with JavaScript off, opens a statement from the task list and saves its
// score there after fixing a form error. Every page
// has the GOV.UK styles and no console errors.
func TestBrowserScoresAssessment(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := startPortal(t)
	browser := startBrowser(t)

	// Only someone who has signed in as an inspector can be put on an
	// assessment: the inspector signs in first.
	ins, insProblems := newTab(t, browser, base)
	defer reportProblems(t, "inspector", insProblems)
	signInAt(t, ins, base, "/assessments", "inspector.a@demo.test", true)

	admin, adminProblems := newTab(t, browser, base)
	defer reportProblems(t, "admin", adminProblems)
	signInAt(t, admin, base, "/admin/assessments", "admin@demo.test", false)
	checkGOVUKStyles(t, admin)
	do(t, admin, chromedp.SetValue(chromedp.ID("la"), "E06009901"), chromedp.SetValue(chromedp.ID("version"), "qs-only-2024"))
	status := click(t, admin, `//button[normalize-space()="Open assessment"]`)
	checkPage(t, admin, status, http.StatusOK, "/admin/assessments", []string{"The assessment has been opened", "Ashford Vale Council"}, nil)
	href, err := chromedp.Run(admin, chromedp.AttributeValue(chromedp.CSS("#assessments a"), "href"))
	if err != nil || !strings.HasPrefix(href.Value, "/assessments/") {
		t.Fatalf("link to the new assessment = %q, %v", href.Value, err)
	}
	id := strings.TrimPrefix(href.Value, "/assessments/")
	addInspector(t, admin, id, "inspector.a@demo.test")

	res, err := chromedp.Run(ins, chromedp.NavigateResponse(base+href.Value))
	if err != nil || res.Status != http.StatusOK {
		t.Fatalf("inspector opens %s: %v", href.Value, err)
	}
	checkScripts(t, ins, false)
	// The task list: nothing scored, "Send to calibration" is not offered;
	// the statement's page opens its score form, the first button.
	status = click(t, ins, `//ul[@id="tasks"]//a[contains(., "Equity in experience and outcomes")]`)
	checkPage(t, ins, status, http.StatusOK, href.Value+"/statements/equity", []string{"Rationale", "Save score"}, []string{"Send to calibration"})
	checkGOVUKStyles(t, ins)
	do(t, ins, chromedp.SetValue(chromedp.ID("score-equity-qs"), "3"))
	status = click(t, ins, `//button[contains(., "Save score")]`)
	checkPage(t, ins, status, http.StatusUnprocessableEntity, href.Value+"/scores", []string{"There is a problem", "Enter the rationale for this score"}, nil)
	do(t, ins, chromedp.SendKeys(chromedp.ID("rationale-equity-qs"), "Co-produced strategy, equality data used in commissioning"))
	status = click(t, ins, `//button[contains(., "Save score")]`)
	checkPage(t, ins, status, http.StatusOK, href.Value+"/statements/equity", []string{"The score has been saved", "3 – Good standard",
		"Co-produced strategy", "This score cites no evidence", "provisional: 1 of 9"}, []string{"There is a problem"})

	// The admin takes inspector.a off again: the banner says the council
	// assignment the addition made stays, and where to remove it.
	do(t, admin, chromedp.Navigate(base+"/admin/assessments"))
	status = click(t, admin, `//button[contains(., "inspector.a@demo.test from the assessment of Ashford Vale Council")]`)
	checkPage(t, admin, status, http.StatusOK, "/admin/assessments", []string{
		"inspector.a@demo.test has been removed from the assessment of Ashford Vale Council",
		"They can no longer score it. They are still assigned to Ashford Vale Council, so they can still read its evidence and its assessments: to end that, remove the assignment on the inspector assignments page."}, nil)
	if dir := os.Getenv("PORTAL_SCREENSHOT_DIR"); dir != "" {
		if png, err := chromedp.Run(admin, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "inspector-removed.png"), png, 0o644)
		}
	}
}

// signInAt opens path signed out, signs in at Dex as email and checks that
// the portal brings them back to path.
func signInAt(t *testing.T, ctx context.Context, base, path, email string, noJS bool) {
	t.Helper()
	if noJS {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatalf("disable JavaScript: %v", err)
		}
	}
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+path))
	if err != nil || res.Status != http.StatusOK || !strings.Contains(res.URL, "/dex/") {
		t.Fatalf("open %s signed out: %v, want the sign-in at Dex", path, err)
	}
	res, err = chromedp.RunResponse(ctx,
		chromedp.SendKeys(chromedp.ID("login"), email),
		chromedp.SendKeys(chromedp.ID("password"), demoPassword),
		chromedp.Click(chromedp.ID("submit-login")),
	)
	if err != nil {
		t.Fatalf("sign in at Dex as %s: %v", email, err)
	}
	checkPage(t, ctx, res.Status, http.StatusOK, path, []string{email}, nil)
}

// checkGOVUKStyles checks that GOV.UK Frontend's stylesheet applies: its
// font on the heading and its green (#0f7a52 since GOV.UK Frontend 6) on
// the buttons.
func checkGOVUKStyles(t *testing.T, ctx context.Context) {
	t.Helper()
	font, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("h1")).fontFamily`))
	if err != nil || !strings.Contains(font, "GDS Transport") {
		t.Errorf("font of h1 = %q, %v; want GOV.UK's", font, err)
	}
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("main .govuk-button:not(.govuk-button--secondary)")).backgroundColor`))
	if err != nil || bg != "rgb(15, 122, 82)" {
		t.Errorf("background of the first button = %q, %v; want GOV.UK green", bg, err)
	}
}

// addInspector puts an inspector on an assessment as an admin does, from
// the list of assessments (where the admin's tab is): the assessment's
// "Add an inspector" link, the choice filtered by the inspector's email
// address, their radio, "Add inspector". The inspector must have signed in.
func addInspector(t *testing.T, admin context.Context, id, email string) {
	t.Helper()
	choices := "/admin/assessments/" + id + "/inspectors"
	status := click(t, admin, `//table[@id="assessments"]//a[@href="`+choices+`"]`)
	checkPage(t, admin, status, http.StatusOK, choices, []string{"Which inspector do you want to add?"}, nil)
	do(t, admin, chromedp.SendKeys(chromedp.ID("q"), email))
	status = click(t, admin, `//button[normalize-space()="Filter"]`)
	checkPage(t, admin, status, http.StatusOK, choices, []string{email, "Clear filter"}, nil)
	if dir := os.Getenv("PORTAL_SCREENSHOT_DIR"); dir != "" {
		if png, err := chromedp.Run(admin, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "inspector-choice.png"), png, 0o644)
		}
	}
	do(t, admin, chromedp.Click(chromedp.Search(`//div[contains(@class, "govuk-radios__item")][contains(., "`+email+`")]/label`)))
	status = click(t, admin, `//button[normalize-space()="Add inspector"]`)
	checkPage(t, admin, status, http.StatusOK, "/admin/assessments", []string{"The inspector has been added to the assessment", email}, nil)
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("fill in the form: %v", err)
	}
}

// click clicks what xpath finds and returns the status of the page it loads.
func click(t *testing.T, ctx context.Context, xpath string) int64 {
	t.Helper()
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.Search(xpath)))
	if err != nil {
		t.Fatalf("click %s: %v", xpath, err)
	}
	return res.Status
}

func reportProblems(t *testing.T, who string, problems func() []string) {
	for _, p := range problems() {
		t.Errorf("browser console of %s on the portal: %s", who, p)
	}
}
