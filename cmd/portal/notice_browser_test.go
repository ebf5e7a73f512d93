package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/evidenceportal/portal/internal/framework"
)

// TestBrowserReturnedBanner: in a real browser, with JavaScript off and
// then on (each on a portal of its own), inspector.a scores every statement of a new assessment, "Send to
// calibration" appearing only with the last; the panel returns it with a
// comment on a statement and, on the return's own page, a reason (refused
// without one); inspector.a is told so at the top of the assessment, sees
// the comment beside the statement, and is told on the home page. Sent
// again and validated on its confirmation page, the council is told its deadline
// and comments; inspector.a is told of the comment at home and at the top
// of the assessment, follows the banner's link to it and answers it.
// Publishing is not offered, and a forged post is refused with the page's
// reason, until the council says it has no more comments; then it is done.
// Set PORTAL_SCREENSHOT_DIR to keep the screenshots of the banners.
func TestBrowserReturnedBanner(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	browser := startBrowser(t)
	shots := os.Getenv("PORTAL_SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatalf("create screenshot directory: %v", err)
	}
	shootAs := func(t *testing.T, tab context.Context, name string, noJS bool) {
		t.Helper()
		if !noJS {
			name = "js-" + name
		}
		png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatalf("write screenshot: %v", err)
		}
	}
	ins := "inspector.a@demo.test"
	for _, mode := range []struct {
		name string
		noJS bool
	}{{"JavaScript off", true}, {"JavaScript on", false}} {
		t.Run(mode.name, func(t *testing.T) {
			returnedBannerJourney(t, browser, cat, ins, mode.noJS, shootAs)
		})
	}
}

func returnedBannerJourney(t *testing.T, browser context.Context, cat *framework.Catalogue, ins string, noJS bool,
	shootAs func(t *testing.T, tab context.Context, name string, noJS bool)) {
	base := startPortal(t)
	shoot := func(t *testing.T, tab context.Context, name string) { t.Helper(); shootAs(t, tab, name, noJS) }
	var a string

	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"an admin opens an assessment of Ashford Vale for inspector.a", func(t *testing.T) {
			journeyTab(t, browser, base, "/assessments", ins, noJS)
			admin := journeyTab(t, browser, base, "/admin/assessments", "admin@demo.test", false)
			do(t, admin, chromedp.SetValue(chromedp.ID("la"), "E06009901"), chromedp.SetValue(chromedp.ID("version"), "qs-only-2024"))
			status := click(t, admin, `//button[normalize-space()="Open assessment"]`)
			checkPage(t, admin, status, http.StatusOK, "/admin/assessments", []string{"The assessment has been opened"}, nil)
			href, err := chromedp.Run(admin, chromedp.AttributeValue(chromedp.CSS("#assessments a"), "href"))
			if err != nil || !strings.HasPrefix(href.Value, "/assessments/") {
				t.Fatalf("link to the new assessment = %q, %v", href.Value, err)
			}
			a = href.Value
			addInspector(t, admin, strings.TrimPrefix(a, "/assessments/"), ins)
		}},
		{"the inspector scores every statement and sends it to calibration", func(t *testing.T) {
			tab := journeyTab(t, browser, base, a, ins, noJS)
			for i, q := range cat.Statements {
				status := click(t, tab, `//ul[@id="tasks"]//a[contains(., "`+q.Name+`")]`)
				checkPage(t, tab, status, http.StatusOK, a+"/statements/"+q.Slug, []string{"Save score"}, nil)
				do(t, tab, chromedp.SetValue(chromedp.ID("score-"+q.Slug+"-qs"), "3"),
					chromedp.SendKeys(chromedp.ID("rationale-"+q.Slug+"-qs"), "Finding for "+q.Name))
				status = click(t, tab, `//button[contains(., "Save score")]`)
				checkPage(t, tab, status, http.StatusOK, a+"/statements/"+q.Slug, []string{"The score has been saved"}, nil)
				status = click(t, tab, `//a[@class="govuk-back-link"]`)
				if i < len(cat.Statements)-1 {
					checkPage(t, tab, status, http.StatusOK, a, []string{"Score every quality statement before sending"}, nil)
				} else {
					checkPage(t, tab, status, http.StatusOK, a, []string{"Check your answers and send to calibration"},
						[]string{"Score every quality statement before sending"})
				}
			}
			do(t, tab, chromedp.Navigate(base+a+"/check"))
			status := click(t, tab, `//button[normalize-space()="Send to calibration"]`)
			checkPage(t, tab, status, http.StatusOK, a, []string{"The assessment is now: In calibration"}, []string{"Returned by"})
		}},
		{"the panel comments on a statement and returns it with a reason", func(t *testing.T) {
			tab := journeyTab(t, browser, base, a, "panel@demo.test", noJS)
			safeguarding, err := cat.Statement("safeguarding")
			if err != nil {
				t.Fatal(err)
			}
			do(t, tab, chromedp.SendKeys(chromedp.ID("panel-comment-safeguarding"), "Cite the 2025 board report here."))
			status := click(t, tab, `//button[contains(., "Save comment") and contains(., "`+safeguarding.Name+`")]`)
			checkPage(t, tab, status, http.StatusOK, a, []string{"Your comment has been saved", "Comment from the calibration panel"}, nil)
			// The decision is at the end of the page, after the evidence,
			// and asks for confirmation on a page of its own.
			status = click(t, tab, `//section[@id="decision"]//a[normalize-space()="Return to the inspectors"]`)
			checkPage(t, tab, status, http.StatusOK, a+"/decision/return", []string{"Return the assessment to its inspectors", safeguarding.Name}, nil)
			shoot(t, tab, "calibration-return.png")
			status = click(t, tab, `//button[normalize-space()="Return to the inspectors"]`)
			checkPage(t, tab, status, http.StatusUnprocessableEntity, a+"/state", []string{"There is a problem", "Enter why you are returning the assessment"}, nil)
			do(t, tab, chromedp.SendKeys(chromedp.ID("state-comment"), "The safeguarding evidence is a year old: cite the 2025 board report."))
			status = click(t, tab, `//button[normalize-space()="Return to the inspectors"]`)
			checkPage(t, tab, status, http.StatusOK, a, []string{"The assessment is now: In progress"}, nil)
		}},
		{"the inspector is told at the top of the assessment and at home", func(t *testing.T) {
			tab := journeyTab(t, browser, base, a, ins, noJS)
			checkPage(t, tab, http.StatusOK, http.StatusOK, a, []string{"Returned by the calibration panel",
				"panel@demo.test returned the assessment to its inspectors on", "The safeguarding evidence is a year old",
				"The panel also commented on 1 statement:", "The calibration panel commented on this statement"}, nil)
			top, err := chromedp.Run(tab, chromedp.Evaluate[bool](
				`document.querySelector("#notice").getBoundingClientRect().bottom < window.innerHeight`))
			if err != nil || !top {
				t.Errorf("banner on the first screen = %v, %v; want it seen without scrolling", top, err)
			}
			shoot(t, tab, "assessment-returned.png")
			// The banner links the comment, beside the statement on its page.
			status := click(t, tab, `//div[@id="notice"]//a[contains(., "Safeguarding")]`)
			checkPage(t, tab, status, http.StatusOK, a+"/statements/safeguarding", []string{"Comment from the calibration panel",
				"Cite the 2025 board report here."}, nil)
			checkNavigate(t, tab, base+"/", http.StatusOK, "1 assessment returned by the calibration panel")
			shoot(t, tab, "inspector-home-waiting.png")
		}},
		{"sent again, the panel validates it", func(t *testing.T) {
			tab := journeyTab(t, browser, base, a+"/check", ins, noJS)
			status := click(t, tab, `//button[normalize-space()="Send to calibration"]`)
			checkPage(t, tab, status, http.StatusOK, a, []string{"The assessment is now: In calibration"}, nil)
			tab = journeyTab(t, browser, base, a, "panel@demo.test", noJS)
			status = click(t, tab, `//section[@id="decision"]//a[normalize-space()="Validate and send for factual accuracy"]`)
			checkPage(t, tab, status, http.StatusOK, a+"/decision/validate", []string{"the council is told", "10 working days", "Confirm and send", "Cancel"}, nil)
			shoot(t, tab, "calibration-validate.png")
			status = click(t, tab, `//button[normalize-space()="Confirm and send"]`)
			checkPage(t, tab, status, http.StatusOK, a, []string{"The assessment is now: Factual accuracy"}, nil)
		}},
		{"the council is told its deadline and comments", func(t *testing.T) {
			tab := journeyTab(t, browser, base, a, "submitter.a@demo.test", noJS)
			checkPage(t, tab, http.StatusOK, http.StatusOK, a, []string{"Send any comments by", "Send a factual accuracy comment"}, nil)
			shoot(t, tab, "assessment-council-deadline.png")
			// A link within the page: no page load to wait for.
			do(t, tab, chromedp.Click(chromedp.Search(`//div[@id="notice"]//a[normalize-space()="Send a factual accuracy comment"]`)))
			do(t, tab, chromedp.SetValue(chromedp.ID("qs"), "safeguarding"),
				chromedp.SendKeys(chromedp.ID("comment"), "The 2025 board report is in our evidence since October."))
			status := click(t, tab, `//button[normalize-space()="Send comment"]`)
			checkPage(t, tab, status, http.StatusOK, a, []string{"Your comment has been sent to the inspectors"}, []string{"Send any comments by"})
		}},
		{"the inspector has a comment to answer, at the top and at home", func(t *testing.T) {
			tab := journeyTab(t, browser, base, "/assessments", ins, noJS)
			checkNavigate(t, tab, base+"/", http.StatusOK, "1 comment to answer")
			status := click(t, tab, `//div[@data-testid="waiting"]//a[normalize-space()="Ashford Vale Council"]`)
			checkPage(t, tab, status, http.StatusOK, a, []string{"1 comment to answer", "Safeguarding"}, []string{"Returned by the calibration panel"})
			shoot(t, tab, "assessment-to-answer.png")
			do(t, tab, chromedp.Click(chromedp.Search(`//div[@id="notice"]//a[contains(., "Safeguarding")]`)))
			loc, err := chromedp.Run(tab, chromedp.Location())
			if err != nil || !strings.Contains(loc, "#comment-") {
				t.Errorf("after the banner's link, location = %q, %v; want the comment", loc, err)
			}
			do(t, tab, chromedp.SendKeys(chromedp.CSS(`textarea[name="answer"]`), "Cited in the findings."))
			status = click(t, tab, `//button[normalize-space()="Save answer"]`)
			checkPage(t, tab, status, http.StatusOK, a, []string{"Your answer has been saved"}, []string{"Publish the rating"})
		}},
		{"publication is refused before the deadline, then done once the council has no more comments", func(t *testing.T) {
			tab := journeyTab(t, browser, base, a, ins, noJS)
			checkPage(t, tab, http.StatusOK, http.StatusOK, a, []string{"You can publish the rating after the council's deadline"}, []string{"Publish the rating"})
			// The same post the button would send, forged into the page.
			if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`(() => {
				const f = document.createElement("form");
				f.method = "post";
				f.action = location.pathname + "/state";
				for (const [k, v] of [["csrf_token", document.querySelector("input[name=csrf_token]").value], ["to", "published"]]) {
					const i = document.createElement("input");
					i.type = "hidden"; i.name = k; i.value = v;
					f.append(i);
				}
				const b = document.createElement("button");
				b.id = "forged-publish"; b.textContent = "Forged publish";
				f.append(b);
				document.querySelector("main").append(f);
				return true;
			})()`)); err != nil {
				t.Fatalf("forge the publish form: %v", err)
			}
			status := click(t, tab, `//button[@id="forged-publish"]`)
			checkPage(t, tab, status, http.StatusUnprocessableEntity, a+"/state", []string{"There is a problem",
				"You can publish the rating after the council's deadline"}, []string{"The assessment is now: Published"})

			council := journeyTab(t, browser, base, a, "submitter.a@demo.test", noJS)
			status = click(t, council, `//button[normalize-space()="We have no more comments"]`)
			checkPage(t, council, status, http.StatusOK, a, []string{"You have told CQC that your council has no more factual accuracy comments"}, nil)

			do(t, tab, chromedp.Navigate(base+a))
			status = click(t, tab, `//button[normalize-space()="Publish the rating"]`)
			checkPage(t, tab, status, http.StatusOK, a, []string{"The assessment is now: Published"}, nil)
		}},
	}
	for _, st := range steps {
		if !t.Run(st.name, st.run) {
			return
		}
	}
}
