package api

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// benchReport drafts every section of a report (five paragraphs of about 80
// words each, two citations per paragraph), scores every statement and
// publishes it; it returns the assessment's address.
func benchReport(b *testing.B, env *testEnv) string {
	b.Helper()
	ins := "inspector.a@demo.test"
	id := env.openAssessment(b, "E06009901", "qs-only-2024", ins)
	a := fmt.Sprintf("/assessments/%d", id)
	benchReportSections(b, env, a, ins, env.doc.ID)
	for _, q := range env.srv.catalogue.Statements {
		if rec := env.request(b, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", 3, 0, "x")); rec.Code != http.StatusSeeOther {
			b.Fatalf("score = %d", rec.Code)
		}
	}
	return a
}

// benchReportSections drafts every section of the report of the assessment
// at a as its inspector ins: five paragraphs of about 80 words each, two
// citations of page 1 of doc per paragraph.
func benchReportSections(b *testing.B, env *testEnv, a, ins, doc string) {
	b.Helper()
	para := strings.TrimSpace(strings.Repeat("The council's carers strategy sets out *clear* plans for assessment and review. ", 8))
	for _, key := range []string{"summary", "people", "theme-working-with-people", "qs-assessing-needs", "qs-healthier-lives", "qs-equity",
		"theme-providing-support", "qs-care-provision", "qs-partnerships", "theme-ensuring-safety", "qs-safe-systems", "qs-safeguarding",
		"theme-leadership", "qs-governance", "qs-learning", "strengths", "development", "direction", "about"} {
		f := url.Values{"body": {strings.Repeat(para+"\n\n", 5)}, "version": {"0"}}
		for p := 1; p <= 5; p++ {
			for range 2 {
				f.Add("cite_para", fmt.Sprint(p))
				f.Add("cite_doc", doc)
				f.Add("cite_page", "1")
			}
		}
		if key == "about" {
			for k, v := range map[string]string{"year": "2022/23", "budget_estimate": "895817000", "budget_actual": "917896000",
				"asc_estimate": "230464000", "asc_actual": "234568000", "precept_full": "2022/23, 2023/24", "long_term": "10495",
				"short_term": "1234", "population": "210390", "over65": "18.9", "imd_decile": "4"} {
				f.Set(k, v)
			}
		}
		if rec := env.request(b, http.MethodPost, a+"/report/sections/"+key, ins, f); rec.Code != http.StatusSeeOther {
			b.Fatalf("save %s = %d: %.300s", key, rec.Code, rec.Body.String())
		}
	}
}

// benchPage requests target as who b.N times through the real router and
// middleware, against the real PostgreSQL, and reports the 95th percentile.
func benchPage(b *testing.B, env *testEnv, target, who, want string) {
	b.Helper()
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		rec := env.request(b, http.MethodGet, target, who, nil)
		took = append(took, time.Since(start))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			b.Fatalf("GET %s = %d", target, rec.Code)
		}
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkReportPages: the draft report as its inspector edits it (every
// section, the versions list and the changes since the panel saw it) and the
// published summary and theme pages, signed out.
func BenchmarkReportPages(b *testing.B) {
	env := newTestEnv(b, testOptions(b))
	a := benchReport(b, env)
	ins := "inspector.a@demo.test"
	b.Run("draft", func(b *testing.B) { benchPage(b, env, a+"/report", ins, "Versions saved") })
	for _, mv := range [][2]string{{ins, "calibration"}, {"panel@demo.test", "factual_accuracy"}, {ins, "published"}} {
		if mv[1] == "published" {
			env.endComments(b, a)
		}
		if rec := env.request(b, http.MethodPost, a+"/state", mv[0], url.Values{"to": {mv[1]}}); rec.Code != http.StatusSeeOther {
			b.Fatalf("move to %s = %d", mv[1], rec.Code)
		}
	}
	pub := "/reports/" + strings.TrimPrefix(a, "/assessments/")
	b.Run("public-summary", func(b *testing.B) { benchPage(b, env, pub, anon, "Overall score") })
	b.Run("public-theme", func(b *testing.B) { benchPage(b, env, pub+"/themes/working-with-people", anon, "What people expect") })
}
