package api

import (
	"bytes"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"
)

// TestOutcomePagesP95 times the pages that show outcomes under every
// statement with 150 councils, 19 ASCOF measures and 10 years imported
// (and three of the survey): 100 requests of each, after 5 to warm up. The target is a p95
// under 100 ms, which BenchmarkOutcomePages measures; this test logs the
// figures and fails only on a median past 2 s, a page gone pathologically
// slow: a p95 under the race detector on a busy machine is the machine's
// (it reached 1.05 s in CI at load 15).
func TestOutcomePagesP95(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 80,000 rows")
	}
	env := newTestEnv(t, testOptions(t))
	importOutcomeYears(t, env, 10)
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	for _, p := range []struct{ path, as string }{
		// Every statement on one page, as the panel reads it; one
		// statement's page, as its inspector scores it.
		{fmt.Sprintf("/assessments/%d", id), "panel@demo.test"},
		{fmt.Sprintf("/assessments/%d/statements/healthier-lives", id), "inspector.a@demo.test"},
		{"/las/E06009901", "inspector.a@demo.test"},
	} {
		ck, _ := env.signIn(t, p.as)
		var took []time.Duration
		for i := 0; i < 105; i++ {
			req, _ := http.NewRequest(http.MethodGet, p.path, nil)
			req.AddCookie(ck)
			start := time.Now()
			rec := env.serve(req)
			if i >= 5 {
				took = append(took, time.Since(start))
			}
			if rec.Code != 200 || !bytes.Contains(rec.Body.Bytes(), []byte(`id="outcome-2A"`)) {
				t.Fatalf("GET %s = %d without the outcomes", p.path, rec.Code)
			}
		}
		sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
		p50, p95 := took[len(took)/2], took[len(took)*95/100]
		t.Logf("GET %s with outcomes under every statement: p50 %v, p95 %v", p.path, p50.Round(100*time.Microsecond), p95.Round(100*time.Microsecond))
		if p50 > 2*time.Second {
			t.Errorf("GET %s p50 %v, want well under 2 s (target: p95 under 100 ms)", p.path, p50)
		}
	}
}
