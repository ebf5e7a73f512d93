package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/outcomes/outcomestest"
	"github.com/evidenceportal/portal/internal/store"
)

// TestBrowserOutcomesJourney: national outcome data in a real browser, each
// person signed in through Dex. An admin imports three years of ASCOF (in the
// published long format) and of the Adult Social Care Survey (its own
// layout) for 150 councils on /admin/outcomes, and the last ASCOF file
// again, which changes nothing; Ashford Vale's submitter, with JavaScript off,
// sees its figures beside England's and its region's with each year in a
// table and the chart, the survey's under care provision; its inspector
// sees them under the quality statement they evidence on the scoring page
// and, JavaScript off, cites 2A for a score; Brookmere's submitter sees
// Brookmere's and gets 404 for Ashford Vale's page.
func TestBrowserOutcomesJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	// As a new user would try it: three years of ASCOF and of the survey
	// for 150 councils, the two demo councils and 148 more added first.
	councils := outcomestest.Councils(150)
	base := startPortalWith(t, func(ctx context.Context, st *store.Store) error {
		for _, c := range councils[2:] {
			if err := st.CreateLA(ctx, c.ONS, c.Name, store.AuditEntry{ActorEmail: "test", Action: "la.create"}); err != nil {
				return err
			}
		}
		return nil
	})
	browser := startBrowser(t)
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	years := []string{"2021-22", "2022-23", "2023-24"}
	files := map[string]string{} // by layout and year
	for y, year := range years {
		for _, l := range []outcomes.Layout{outcomes.ASCOF, outcomes.ASCS} {
			var b bytes.Buffer
			// Years before 2023-24 carry the measure codes of before the renumbering, as those files did.
			if err := outcomestest.Write(&b, outcomestest.Options{Layout: l, Councils: councils, Measures: cat.Measures(), Year: y, OldCodes: year != "2023-24", Seed: 1}); err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(dir, l.Name+"-"+year+".csv")
			if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			files[l.Name+year] = name
		}
	}
	choice, ok := cat.Measures().Measure("ASCS-CHOICE")
	if !ok {
		t.Fatal("no survey measure ASCS-CHOICE")
	}
	ins, sub := "inspector.a@demo.test", "submitter.a@demo.test"
	m2A, ok := cat.Measures().Measure("2A")
	if !ok {
		t.Fatal("no measure 2A")
	}
	var a string // the assessment's path

	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"an admin imports three years of each file for 150 councils, the last again", func(t *testing.T) {
			admin := journeyTab(t, browser, base, "/admin/outcomes", "admin@demo.test", false)
			type imp struct{ radio, file, year, want string }
			var imps []imp
			for _, year := range years {
				imps = append(imps, imp{"layout", files[outcomes.ASCOF.Name+year], year, "imported: "}, imp{"layout-ascs", files[outcomes.ASCS.Name+year], year, "imported: "})
			}
			imps = append(imps, imp{"layout", files[outcomes.ASCOF.Name+"2023-24"], "2023-24", "was already imported: nothing changed"})
			for _, imp := range imps {
				res, err := chromedp.RunResponse(admin,
					chromedp.Click(chromedp.CSS(`label[for="`+imp.radio+`"]`)),
					chromedp.SetValue(chromedp.ID("year"), imp.year),
					chromedp.SetUploadFiles(chromedp.ID("file"), []string{imp.file}),
					chromedp.Click(chromedp.Search(`//button[normalize-space()="Import file"]`)),
				)
				if err != nil {
					t.Fatalf("import %s: %v", imp.file, err)
				}
				checkPage(t, admin, res.Status, http.StatusOK, "/admin/outcomes", []string{imp.want, imp.year}, []string{"There is a problem"})
			}
		}},
		{"the council sees its figures benchmarked, JavaScript off", func(t *testing.T) {
			tab := journeyTab(t, browser, base, "/las/E06009901", sub, true)
			checkPage(t, tab, http.StatusOK, http.StatusOK, "/las/E06009901", []string{"Ashford Vale Council", m2A.Name}, []string{"Brookmere"})
			text, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS("#outcomes-healthier-lives #outcome-2A")))
			if err != nil {
				t.Fatalf("measure 2A under healthier lives: %v", err)
			}
			for _, want := range []string{"This council", "England", "Region", "Place among councils", "of 150", "2021-22", "2022-23", "2023-24"} {
				if !strings.Contains(text, want) {
					t.Errorf("measure 2A on the council's page does not say %q:\n%s", want, text)
				}
			}
			if _, err := chromedp.Run(tab, chromedp.AttributeValue(chromedp.CSS("#outcome-2A svg polyline"), "points")); err != nil {
				t.Errorf("chart of 2A: %v", err)
			}
			text, err = chromedp.Run(tab, chromedp.Text(chromedp.CSS("#outcomes-care-provision #outcome-ASCS-CHOICE")))
			if err != nil || !strings.Contains(text, choice.Name) || !strings.Contains(text, "England") {
				t.Errorf("the survey's %s under care provision = %q, %v", choice.ID, text, err)
			}
		}},
		{"an admin opens an assessment of Ashford Vale", func(t *testing.T) {
			journeyTab(t, browser, base, "/assessments", ins, false)
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
		{"the inspector sees them under the statement, JavaScript off", func(t *testing.T) {
			// On the statement's page of the task list.
			tab := journeyTab(t, browser, base, a+"/statements/healthier-lives", ins, true)
			text, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS("#healthier-lives")))
			if err != nil {
				t.Fatalf("the healthier lives statement: %v", err)
			}
			for _, want := range []string{"Outcomes: national data", m2A.Name, "England", "Region", "2023-24"} {
				if !strings.Contains(text, want) {
					t.Errorf("healthier lives on the scoring page does not say %q:\n%s", want, text)
				}
			}
		}},
		{"the council uploads a document", func(t *testing.T) {
			tab := journeyTab(t, browser, base, "/documents/upload", sub, false)
			file := filepath.Join(dir, "carers-strategy.txt")
			if err := os.WriteFile(file, []byte(strings.Repeat("How Ashford Vale supports unpaid carers.\n", 50)), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := chromedp.RunResponse(tab,
				chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}),
				chromedp.SetValue(chromedp.ID("type"), "strategy"),
				chromedp.SendKeys(chromedp.ID("title"), "Carers strategy 2025"),
				chromedp.Click(chromedp.Search(`//button[normalize-space()="Upload"]`)),
			)
			if err != nil {
				t.Fatalf("upload: %v", err)
			}
			checkPage(t, tab, res.Status, http.StatusOK, "/documents", []string{"1 file uploaded"}, nil)
			if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.Search(`//td[contains(@class, "app-status-cell")][contains(., "Ready")]`))); err != nil {
				t.Fatalf("the document was not read: %v", err)
			}
		}},
		{"the picker finds documents, JavaScript off and on", func(t *testing.T) {
			options := func(tab context.Context) string {
				t.Helper()
				text, err := chromedp.Run(tab, chromedp.Text(chromedp.ID("cite-doc-healthier-lives-qs-0")))
				if err != nil {
					t.Fatalf("the document list: %v", err)
				}
				return text
			}
			off := journeyTab(t, browser, base, a, ins, true)
			checkNavigate(t, off, base+a+"/statements/healthier-lives?edit=healthier-lives-qs#item-healthier-lives-qs", http.StatusOK, "Find documents to cite")
			for _, find := range []struct{ q, status, want, not string }{
				{"zebra", "No document that can be cited matches “zebra”", "No document", "Carers strategy 2025"},
				{"CARERS", "Showing 1 to 1 of 1 documents matching “CARERS”", "Carers strategy 2025", ""},
			} {
				// The page was loaded afresh: its field follows its value attribute.
				do(t, off, chromedp.SetAttributeValue(chromedp.ID("picker-q"), "value", find.q))
				status := click(t, off, `//button[normalize-space()="Find documents"]`)
				checkPage(t, off, status, http.StatusOK, a+"/statements/healthier-lives", []string{find.status}, nil)
				if got := options(off); !strings.Contains(got, find.want) || (find.not != "" && strings.Contains(got, find.not)) {
					t.Errorf("JavaScript off, %q finds %q", find.q, got)
				}
			}
			on := journeyTab(t, browser, base, a, ins, false)
			checkNavigate(t, on, base+a+"/statements/healthier-lives?edit=healthier-lives-qs#item-healthier-lives-qs", http.StatusOK, "Find documents to cite")
			checkScripts(t, on, true)
			do(t, on, chromedp.SendKeys(chromedp.ID("picker-q"), "zebra"))
			if err := chromedp.Do(on, chromedp.WaitVisible(chromedp.Search(`//p[@id="picker-status"][contains(., "matches “zebra”")]`))); err != nil {
				t.Fatalf("typing did not update the picker: %v", err)
			}
			if got := options(on); strings.Contains(got, "Carers strategy 2025") {
				t.Errorf("JavaScript on, zebra finds %q", got)
			}
			do(t, on, chromedp.SendKeys(chromedp.ID("picker-q"), strings.Repeat(kb.Backspace, len("zebra"))+"carers"))
			if err := chromedp.Do(on, chromedp.WaitVisible(chromedp.Search(`//p[@id="picker-status"][contains(., "matching “carers”")]`))); err != nil {
				t.Fatalf("typing did not update the picker: %v", err)
			}
			if got := options(on); !strings.Contains(got, "Carers strategy 2025") {
				t.Errorf("JavaScript on, carers finds %q", got)
			}
			loc, err := chromedp.Run(on, chromedp.Location())
			if err != nil || strings.Contains(loc, "pick_q") {
				t.Errorf("the page was loaded again (%q, %v): the script should have fetched the documents", loc, err)
			}
		}},
		{"the inspector cites 2A for a score, JavaScript off", func(t *testing.T) {
			tab := journeyTab(t, browser, base, a, ins, true)
			checkNavigate(t, tab, base+a+"/statements/healthier-lives?edit=healthier-lives-qs#item-healthier-lives-qs", http.StatusOK, "Outcome measure (national data)")
			checkScripts(t, tab, false)
			do(t, tab, chromedp.SetValue(chromedp.ID("score-healthier-lives-qs"), "3"),
				chromedp.SendKeys(chromedp.ID("rationale-healthier-lives-qs"), "Most people need no ongoing support after reablement"),
				chromedp.SetValue(chromedp.ID("cite-measure-healthier-lives-qs-0"), "2A:2023-24"))
			status := click(t, tab, `//button[contains(., "Save score")]`)
			checkPage(t, tab, status, http.StatusOK, a+"/statements/healthier-lives", []string{"The score has been saved", "ASCOF 2A, " + m2A.Name + ": ", " in 2023-24 (England "},
				[]string{"There is a problem", "This score cites no evidence"})
		}},
		{"another council sees only its own", func(t *testing.T) {
			tab := journeyTab(t, browser, base, "/las/E06009902", "submitter.b@demo.test", true)
			checkPage(t, tab, http.StatusOK, http.StatusOK, "/las/E06009902", []string{"Brookmere Borough Council", m2A.Name}, []string{"Ashford Vale"})
			checkNavigate(t, tab, base+"/las/E06009901", http.StatusNotFound, "Page not found")
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			return // each step needs the one before
		}
	}
}
