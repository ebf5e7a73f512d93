package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"testing"

	"github.com/evidenceportal/portal/internal/pdf"
	"github.com/evidenceportal/portal/internal/pdf/pdftest"
	"github.com/evidenceportal/portal/internal/servicetest"
)

// needChromium skips a test that prints PDFs on a machine without Chromium
// (fails under make test and CI, which install it).
func needChromium(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(pdf.DefaultChromium); err != nil {
		if servicetest.Required() {
			t.Fatalf("PDF test needs Chromium: %v (deploy/dev/install.sh installs it)", err)
		}
		t.Skipf("PDF test skipped: %v", err)
	}
}

// getPDF downloads a report's PDF signed out and reads it back.
func (e *testEnv) getPDF(t *testing.T, path string) (pdftest.Info, http.Header) {
	t.Helper()
	rec := e.request(t, http.MethodGet, path, anon, nil)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("GET %s = %d %s: %.300s", path, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	return pdftest.Read(t, rec.Body.Bytes()), rec.Header()
}

// TestReportPDF: the PDF of a published report, signed out, holds the text
// of the summary, every theme's sections and the facts, with the report's
// title and language, tagged and with bookmarks; it is made once per
// version and served again from PostgreSQL; a correction's version has its
// own PDF while version 1's stays as it was; the public summary page links
// it.
func TestReportPDF(t *testing.T) {
	needChromium(t)
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	ins := "inspector.a@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	a := fmt.Sprintf("/assessments/%d", id)
	r, pub := a+"/report", fmt.Sprintf("/reports/%d", id)
	env.run(t, []step{
		{"summary", "POST", r + "/sections/summary", ins, sectionForm("Ashford Vale is good.\n\nCarers wait 12 weeks.", 0,
			"cite_para", "2", "cite_doc", env.doc.ID, "cite_page", "1"), 303, nil, nil},
		{"a statement", "POST", r + "/sections/qs-assessing-needs", ins, sectionForm("Assessments are timely <script>x</script>.", 0), 303, nil, nil},
		{"a theme", "POST", r + "/sections/theme-leadership", ins, sectionForm("Leaders know their *communities*.", 0), 303, nil, nil},
		{"about", "POST", r + "/sections/about", ins, sectionForm("A rural county.", 0, "year", "2022/23",
			"budget_estimate", "895,817,000", "budget_actual", "917,896,000", "population", "210390"), 303, nil, nil},
	})
	env.publishReport(t, a, ins)
	env.run(t, []step{{"the summary page links the PDF", "GET", pub, anon, nil, 200,
		[]string{`href="` + pub + `/report.pdf">Download the whole report (PDF)`}, nil}})

	in, h := env.getPDF(t, pub+"/report.pdf")
	if d := os.Getenv("PORTAL_PDF_DIR"); d != "" {
		rec := env.request(t, http.MethodGet, pub+"/report.pdf", anon, nil)
		if err := os.WriteFile(d+"/report.pdf", rec.Body.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if in.Title != "Ashford Vale Council: local authority assessment report" || in.Lang != "en-GB" || !in.Tagged {
		t.Errorf("title %q, lang %q, tagged %v; want the report's title, en-GB, tagged", in.Title, in.Lang, in.Tagged)
	}
	for _, want := range []string{"Ashford Vale Council", "Overall rating", "Good", "Overall score", "Published", "Page last updated",
		"Assessing needs", "3 – Good standard", "Ashford Vale is good.", "Carers wait 12 weeks.", "Evidence: strategy, page 1",
		"Assessments are timely <script>x</script>.", "The local authority commitment", "What people expect",
		"Leaders know their communities.", "A rural county.", "Approximately 210,390 people live in the local authority area.",
		"The local authority estimated that in 2022/23, its total budget would be £895,817,000. Its actual spend for that year was £917,896,000, which was £22,079,000 more than estimated.",
		"These facts are for information only", fmt.Sprintf("/reports/%d/versions/1", id)} {
		if !in.Has(want) {
			t.Errorf("PDF lacks %q; text: %.2000s", want, in.Text)
		}
	}
	for _, want := range []string{"Ashford Vale Council", "Summary", "Overall summary", "How the LA works with people", "Assessing needs",
		"Leadership", "Key findings for this theme", "About the local authority", "Financial facts"} {
		if !slices.Contains(in.Outline, want) {
			t.Errorf("bookmarks %q lack %q", in.Outline, want)
		}
	}
	if got := h.Get("Content-Disposition"); got != `attachment; filename="ashford-vale-council-assessment-report-v1.pdf"` {
		t.Errorf("Content-Disposition = %q", got)
	}
	var made int
	if err := env.st.Pool().QueryRow(ctx, `SELECT count(*) FROM report_pdfs WHERE assessment_id = $1`, id).Scan(&made); err != nil || made != 1 {
		t.Fatalf("report_pdfs rows = %d, %v; want 1", made, err)
	}
	// Served again from the table: the same bytes, and 304 for the ETag.
	again := env.request(t, http.MethodGet, pub+"/versions/1/report.pdf", anon, nil)
	if again.Code != 200 || again.Header().Get("ETag") != h.Get("ETag") || again.Header().Get("Cache-Control") != "public, max-age=86400" {
		t.Errorf("version 1's PDF = %d, ETag %q, Cache-Control %q; want the same PDF", again.Code, again.Header().Get("ETag"), again.Header().Get("Cache-Control"))
	}
	req := httptest.NewRequest(http.MethodGet, pub+"/report.pdf", nil)
	req.Header.Set("If-None-Match", h.Get("ETag"))
	rq := httptest.NewRecorder()
	env.srv.Handler().ServeHTTP(rq, req)
	if rq.Code != http.StatusNotModified {
		t.Errorf("GET with If-None-Match = %d, want 304", rq.Code)
	}

	env.run(t, []step{
		{"start a correction", "POST", r + "/correction", ins, url.Values{}, 303, nil, nil},
		{"change the summary", "POST", r + "/sections/summary", ins, sectionForm("Ashford Vale is good.\n\nCarers wait 6 weeks.", 1,
			"cite_para", "2", "cite_doc", env.doc.ID, "cite_page", "1"), 303, nil, nil},
		{"publish it", "POST", r + "/correction/publish", ins, url.Values{"reason": {"Corrected the waiting time."}}, 303, nil, nil},
	})
	v2, _ := env.getPDF(t, pub+"/report.pdf")
	if !v2.Has("Carers wait 6 weeks.") || v2.Has("Carers wait 12 weeks.") || !v2.Has("Version 2: Corrected the waiting time.") {
		t.Errorf("the latest PDF after the correction: %.1500s", v2.Text)
	}
	v1, _ := env.getPDF(t, pub+"/versions/1/report.pdf")
	if !v1.Has("Carers wait 12 weeks.") || v1.Has("Carers wait 6 weeks.") {
		t.Errorf("version 1's PDF after the correction: %.1500s", v1.Text)
	}
	env.run(t, []step{
		{"a version that does not exist", "GET", pub + "/versions/3/report.pdf", anon, nil, 404, nil, nil},
		{"a draft has no PDF", "GET", fmt.Sprintf("/reports/%d/report.pdf", env.openAssessment(t, "E06009902", "qs-only-2024", "inspector.b@demo.test")), anon, nil, 404, nil, nil},
	})
}

// TestReportReassessment: the council's next published assessment shows,
// for each statement, whether its score was reviewed and kept (with the
// day) or changed from the previous assessment's, and the rating's band
// change, on the summary page and in the PDF; the first assessment's pages
// stay as they were.
func TestReportReassessment(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ins := "inspector.a@demo.test"
	first := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	env.publishReport(t, fmt.Sprintf("/assessments/%d", first), ins)
	second := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	a := fmt.Sprintf("/assessments/%d", second)
	for _, q := range env.srv.catalogue.Statements {
		score := 2
		if q.Slug == "assessing-needs" {
			score = 3
		}
		if rec := env.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", score, 0, "x")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score %s = %d", q.Slug, rec.Code)
		}
	}
	env.run(t, []step{
		{"to calibration", "POST", a + "/state", ins, url.Values{"to": {"calibration"}}, 303, nil, nil},
		{"to factual accuracy", "POST", a + "/state", "panel@demo.test", url.Values{"to": {"factual_accuracy"}}, 303, nil, nil},
	})
	env.endComments(t, a)
	env.run(t, []step{{"publish", "POST", a + "/state", ins, url.Values{"to": {"published"}}, 303, nil, nil}})
	pub := fmt.Sprintf("/reports/%d", second)
	env.run(t, []step{
		{"the reassessment's summary", "GET", pub, anon, nil, 200, []string{"Rating changed", "Previous rating: Good, published",
			"3 – Good standard<br><span class=\"govuk-body-s\">Reviewed ", "Changed from 3 – Good standard"}, nil},
		{"the first assessment's summary is as it was", "GET", fmt.Sprintf("/reports/%d", first), anon, nil, 200, nil,
			[]string{"Rating changed", "Reviewed ", "Changed from"}},
	})
	if _, err := os.Stat(pdf.DefaultChromium); err != nil {
		return
	}
	in, _ := env.getPDF(t, pub+"/report.pdf")
	for _, want := range []string{"Rating changed", "Previous rating: Good", "Reviewed", "the score is unchanged", "Changed from 3 – Good standard"} {
		if !in.Has(want) {
			t.Errorf("the reassessment's PDF lacks %q", want)
		}
	}
}
