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
	"github.com/evidenceportal/portal/internal/framework"
)

// TestBrowserScoringTaskList: a whole interim assessment scored through
// the task list, each statement on its page and every evidence category
// saved there, then checked on the check answers page and sent to
// calibration; with JavaScript off (inspector.a, Ashford Vale) and on
// (inspector.b, Brookmere). Set PORTAL_SCREENSHOT_DIR to keep screenshots
// of the task list, a statement's page after a save and the check answers
// page.
func TestBrowserScoringTaskList(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	v, err := cat.Version("interim-2023")
	if err != nil {
		t.Fatal(err)
	}
	base := startPortal(t)
	browser := startBrowser(t)
	shots := os.Getenv("PORTAL_SCREENSHOT_DIR")
	shoot := func(t *testing.T, tab context.Context, name string) {
		t.Helper()
		if shots == "" {
			return
		}
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
		// A screen at a time, the first few, each small enough to look at.
		height, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.documentElement.scrollHeight`))
		if err != nil {
			t.Fatalf("page height: %v", err)
		}
		screen, err := chromedp.Run(tab, chromedp.Evaluate[int](`window.innerHeight`))
		if err != nil || screen <= 0 {
			t.Fatalf("window height %d: %v", screen, err)
		}
		ys := []int{}
		for y := 0; y < height && len(ys) < 5; y += screen {
			ys = append(ys, y)
		}
		if last := height - screen; last > ys[len(ys)-1] {
			ys = append(ys, last) // and the end of the page
		}
		for i, y := range ys {
			if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](fmt.Sprintf(`window.scrollTo(0, %d), true`, y))); err != nil {
				t.Fatalf("scroll: %v", err)
			}
			png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatalf("screenshot: %v", err)
			}
			if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("%s-%d.png", name, i+1)), png, 0o644); err != nil {
				t.Fatalf("write screenshot: %v", err)
			}
		}
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.scrollTo(0, 0), true`)); err != nil {
			t.Fatalf("scroll: %v", err)
		}
	}

	for _, run := range []struct {
		js          string
		noJS        bool
		la, laName  string
		inspector   string
		screenshots bool
	}{
		{"JavaScript off", true, "E06009901", "Ashford Vale Council", "inspector.a@demo.test", true},
		{"JavaScript on", false, "E06009902", "Brookmere Borough Council", "inspector.b@demo.test", false},
	} {
		t.Run(run.js, func(t *testing.T) {
			// Only someone who has signed in as an inspector can be put
			// on an assessment: the inspector signs in first.
			tab, problems := newTabFor(t, browser, base, 8*time.Minute) // 45 saves
			t.Cleanup(func() { reportProblems(t, run.inspector, problems) })
			signInAt(t, tab, base, "/assessments", run.inspector, run.noJS)
			a := openAssessmentFor(t, browser, base, run.la, "interim-2023", run.inspector)
			res, err := chromedp.Run(tab, chromedp.NavigateResponse(base+a))
			if err != nil {
				t.Fatalf("open %s: %v", a, err)
			}
			checkScripts(t, tab, !run.noJS)
			checkPage(t, tab, res.Status, http.StatusOK, a, []string{"Score the quality statements", "You have scored 0 of 9 quality statements",
				"Not started", "Cannot start yet"}, []string{"Send to calibration", "Save score"})
			if run.screenshots {
				shoot(t, tab, "tasklist-summary-empty")
			}
			for i, q := range cat.Statements {
				status := click(t, tab, `//ul[@id="tasks"]//a[contains(., "`+q.Name+`")]`)
				path := a + "/statements/" + q.Slug
				checkPage(t, tab, status, http.StatusOK, path, []string{"Where this statement stands", "Not scored yet"}, nil)
				for j, c := range v.CategoriesInUse() {
					id := q.Slug + "-" + c.Slug
					score := "3"
					if c.Slug == "outcomes" && i%2 == 0 {
						score = "4"
					}
					do(t, tab, chromedp.SetValue(chromedp.ID("score-"+id), score))
					if i == 0 && j == 0 {
						status := click(t, tab, `//button[contains(., "Save score")]`)
						checkPage(t, tab, status, http.StatusUnprocessableEntity, a+"/scores",
							[]string{"There is a problem", "Enter the rationale for this score", q.Name}, nil)
						do(t, tab, chromedp.SetValue(chromedp.ID("score-"+id), score))
					}
					do(t, tab, chromedp.SendKeys(chromedp.ID("rationale-"+id), c.Name+" for "+q.Name+": seen and cited"))
					status := click(t, tab, `//button[contains(., "Save score")]`)
					want := []string{"The score has been saved: " + c.Name, q.Name + " is now", "points from", "Overall:"}
					if j < len(v.Categories)-1 {
						want = append(want, "Score the next evidence category")
					}
					checkPage(t, tab, status, http.StatusOK, path, want, []string{"There is a problem"})
					// The banner, with the recomputed results, is on the
					// first screen.
					top, err := chromedp.Run(tab, chromedp.Evaluate[bool](
						`document.querySelector(".govuk-notification-banner--success").getBoundingClientRect().bottom < window.innerHeight`))
					if err != nil || !top {
						t.Errorf("%s: banner on the first screen = %v, %v", id, top, err)
					}
					if run.screenshots && i == 2 && j == 1 {
						shoot(t, tab, "tasklist-statement-saved")
					}
				}
				status = click(t, tab, `//a[@class="govuk-back-link"]`)
				checkPage(t, tab, status, http.StatusOK, a, []string{q.Name}, nil)
				if run.screenshots && i == 3 {
					shoot(t, tab, "tasklist-summary-partial")
				}
			}
			status := click(t, tab, `//a[normalize-space()="Check your answers and send to calibration"]`)
			checkPage(t, tab, status, http.StatusOK, a+"/check", []string{"Check your answers before sending the assessment to calibration",
				"Outcomes for Learning, improvement and innovation: seen and cited", "Send to calibration"}, []string{"Not scored"})
			if run.screenshots {
				shoot(t, tab, "tasklist-check")
			}
			// A Change link opens the item's form on its statement's page.
			status = click(t, tab, `//a[contains(., "Change") and contains(., "Safeguarding: Processes")]`)
			checkPage(t, tab, status, http.StatusOK, a+"/statements/safeguarding", []string{"Save score"}, nil)
			rationale, err := chromedp.Run(tab, chromedp.Value(chromedp.ID("rationale-safeguarding-processes")))
			if err != nil || !strings.Contains(rationale, "Processes for Safeguarding") {
				t.Errorf("the changed item's form holds %q, %v", rationale, err)
			}
			do(t, tab, chromedp.Navigate(base+a+"/check"))
			status = click(t, tab, `//button[normalize-space()="Send to calibration"]`)
			checkPage(t, tab, status, http.StatusOK, a, []string{"The assessment is now: In calibration"}, []string{"Save score"})
		})
	}
}

// openAssessmentFor has an admin open an assessment of the council under
// the version with the inspector on it, and returns its path.
func openAssessmentFor(t *testing.T, browser context.Context, base, la, version, inspector string) string {
	t.Helper()
	admin := journeyTab(t, browser, base, "/admin/assessments", "admin@demo.test", false)
	do(t, admin, chromedp.SetValue(chromedp.ID("la"), la), chromedp.SetValue(chromedp.ID("version"), version))
	status := click(t, admin, `//button[normalize-space()="Open assessment"]`)
	checkPage(t, admin, status, http.StatusOK, "/admin/assessments", []string{"The assessment has been opened"}, nil)
	href, err := chromedp.Run(admin, chromedp.AttributeValue(chromedp.Search(`//table[@id="assessments"]//tr[contains(., "`+la+`")]//a`), "href"))
	if err != nil || !strings.HasPrefix(href.Value, "/assessments/") {
		t.Fatalf("link to the new assessment = %q, %v", href.Value, err)
	}
	addInspector(t, admin, strings.TrimPrefix(href.Value, "/assessments/"), inspector)
	return href.Value
}
