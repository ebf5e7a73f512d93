package store_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/outcomes/outcomestest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
)

// BenchmarkImportOutcomes imports ten years of ASCOF for 150 councils and
// 19 measures (each year 8,036 rows: numerators, denominators and outcomes
// of councils, regions, council types and England) per iteration, and
// reports rows read and stored per second. Iterations alternate between two
// sets of files so that every import replaces a different file.
func BenchmarkImportOutcomes(b *testing.B) {
	st, _ := storetest.New(b)
	ctx := context.Background()
	cat, err := framework.Load()
	if err != nil {
		b.Fatal(err)
	}
	councils := outcomestest.Councils(150)
	for _, c := range councils {
		if err := st.CreateLA(ctx, c.ONS, c.Name, store.AuditEntry{Action: "la_created"}); err != nil && c.ONS != "E06009901" {
			b.Fatal(err)
		}
	}
	var files [2][10][]byte
	for set := range files {
		for y := range files[set] {
			var buf bytes.Buffer
			if err := outcomestest.Write(&buf, outcomestest.Options{Layout: outcomes.ASCOF, Councils: councils, Measures: cat.Measures(), Year: y, Seed: uint64(set + 1)}); err != nil {
				b.Fatal(err)
			}
			files[set][y] = buf.Bytes()
		}
	}
	rows := 0
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		for y, f := range files[i%2] {
			year := fmt.Sprintf("%d-%02d", 2014+y, (15+y)%100)
			res, err := st.ImportOutcomes(ctx, store.OutcomeDataset{Publication: "ASCOF " + year, Year: year, ImportedBy: "bench"},
				bytes.NewReader(f), outcomes.ASCOF, cat.Measures(), store.AuditEntry{Action: "outcomes_imported"})
			if err != nil {
				b.Fatal(err)
			}
			rows += res.Summary.Rows
		}
	}
	b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
}
