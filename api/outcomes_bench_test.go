package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/outcomes/outcomestest"
	"github.com/evidenceportal/portal/internal/store"
)

// importOutcomeYears creates the 148 generated councils beside the two demo
// ones and imports years of ASCOF (150 councils, 19 measures, from 2014-15)
// and the last three of them of the Adult Social Care Survey, as an admin's
// imports would.
func importOutcomeYears(tb testing.TB, env *testEnv, years int) {
	tb.Helper()
	ctx := context.Background()
	ms := env.srv.catalogue.Measures()
	councils := outcomestest.Councils(150)
	for _, c := range councils[2:] {
		if err := env.st.CreateLA(ctx, c.ONS, c.Name, env.auditAs("la_created")); err != nil {
			tb.Fatal(err)
		}
	}
	for y := 0; y < years; y++ {
		year := fmt.Sprintf("%d-%02d", 2014+y, (15+y)%100)
		for _, l := range []outcomes.Layout{outcomes.ASCOF, outcomes.ASCS} {
			if l.Slug == outcomes.ASCS.Slug && y < years-3 {
				continue
			}
			var b bytes.Buffer
			if err := outcomestest.Write(&b, outcomestest.Options{Layout: l, Councils: councils, Measures: ms, Year: y, Seed: 1}); err != nil {
				tb.Fatal(err)
			}
			ds := store.OutcomeDataset{Publication: strings.ToUpper(l.Slug) + " " + year, Year: year, ImportedBy: "admin@demo.test"}
			if _, err := env.st.ImportOutcomes(ctx, ds, &b, l, ms, env.auditAs("outcomes_imported")); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

// benchSignedIn requests target b.N times with one session of who, as a
// browser would, through the real router, middleware and PostgreSQL, and
// reports the median and 95th percentile of a request.
func benchSignedIn(b *testing.B, env *testEnv, target, who, want string) {
	b.Helper()
	ck, _ := env.signIn(b, who)
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, target, nil)
		req.AddCookie(ck)
		start := time.Now()
		rec := env.serve(req)
		took = append(took, time.Since(start))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			b.Fatalf("GET %s = %d without %q", target, rec.Code, want)
		}
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkOutcomePages: with ten years of ASCOF and three of the survey for
// 150 councils, the council's page (its outcomes grouped by statement) as
// its own staff see it, the assessment's scoring page (its task list) and
// the page of the statement healthier lives (its outcomes under it) as its
// inspector does, and the API's JSON of the same.
// The target is a p95 under 100 ms.
func BenchmarkOutcomePages(b *testing.B) {
	env := newTestEnv(b, testOptions(b))
	importOutcomeYears(b, env, 10)
	id := env.openAssessment(b, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	b.Run("council-page", func(b *testing.B) { benchSignedIn(b, env, "/las/E06009901", "viewer.a@demo.test", `id="outcome-2A"`) })
	b.Run("scoring-page", func(b *testing.B) {
		benchSignedIn(b, env, fmt.Sprintf("/assessments/%d", id), "inspector.a@demo.test", fmt.Sprintf(`href="/assessments/%d/statements/healthier-lives"`, id))
	})
	b.Run("statement-page", func(b *testing.B) {
		benchSignedIn(b, env, fmt.Sprintf("/assessments/%d/statements/healthier-lives", id), "inspector.a@demo.test", `id="outcome-2A"`)
	})
	b.Run("api", func(b *testing.B) {
		benchSignedIn(b, env, "/api/v1/las/E06009901/outcomes", "inspector.a@demo.test", `"measure":"2A"`)
	})
}
