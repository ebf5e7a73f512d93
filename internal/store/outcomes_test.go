package store_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/outcomes/outcomestest"
	"github.com/evidenceportal/portal/internal/store"
)

// outcomeFile writes a generated ASCOF file of the demo councils.
func outcomeFile(t *testing.T, ms *framework.MeasureSet, l outcomes.Layout, year int, seed uint64) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := outcomestest.Write(&b, outcomestest.Options{Layout: l, Councils: outcomestest.Councils(2), Measures: ms, Year: year, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func auditCount(t *testing.T, st *store.Store, action string) int {
	t.Helper()
	page, err := st.AuditLog(context.Background(), authz.AllLAs(), 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range page.Entries {
		if e.Action == action {
			n++
		}
	}
	return n
}

func TestImportOutcomes(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	ms := cat.Measures()
	imp := func(year string, file []byte, l outcomes.Layout) (store.OutcomeImport, error) {
		return st.ImportOutcomes(ctx, store.OutcomeDataset{Publication: "ASCOF " + year, Year: year, SourceURL: "https://example.test/ascof.csv", ImportedBy: "admin@demo.test"},
			bytes.NewReader(file), l, ms, store.AuditEntry{Action: "outcomes_imported", ActorEmail: "admin@demo.test"})
	}
	first := outcomeFile(t, ms, outcomes.ASCOF, 0, 1)
	res, err := imp("2022-23", first, outcomes.ASCOF)
	if err != nil {
		t.Fatalf("import = %v", err)
	}
	if res.Unchanged || res.Replaced || res.Dataset.Figures != res.Summary.Figures || res.Dataset.Figures == 0 || len(res.Dataset.SHA256) != 64 || res.Dataset.Size != int64(len(first)) {
		t.Errorf("first import = %+v", res)
	}

	t.Run("same file again changes nothing", func(t *testing.T) {
		again, err := imp("2022-23", first, outcomes.ASCOF)
		if err != nil {
			t.Fatal(err)
		}
		if !again.Unchanged || again.Dataset.ID != res.Dataset.ID {
			t.Errorf("second import = %+v, want unchanged dataset %d", again, res.Dataset.ID)
		}
		if n := auditCount(t, st, "outcomes_imported"); n != 1 {
			t.Errorf("%d audit entries, want 1", n)
		}
	})

	t.Run("a new year adds, a new file of a year replaces", func(t *testing.T) {
		if _, err := imp("2023-24", outcomeFile(t, ms, outcomes.ASCOF, 1, 1), outcomes.ASCOF); err != nil {
			t.Fatal(err)
		}
		rep, err := imp("2022-23", outcomeFile(t, ms, outcomes.ASCOF, 0, 2), outcomes.ASCOF)
		if err != nil || !rep.Replaced {
			t.Fatalf("replace = %+v, %v", rep, err)
		}
		ds, err := st.OutcomeDatasets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 2 || ds[0].Year != "2023-24" || ds[1].Year != "2022-23" || ds[1].ID != rep.Dataset.ID {
			t.Errorf("datasets = %+v", ds)
		}
	})

	t.Run("a bad file stores nothing", func(t *testing.T) {
		before, err := st.OutcomeDataset(ctx, "ascof", "2023-24")
		if err != nil {
			t.Fatal(err)
		}
		bad := strings.Replace(string(outcomeFile(t, ms, outcomes.ASCOF, 5, 3)), "Outcome,", "Outcome,[c]", 1)
		bad = strings.Replace(bad, "E06009902", "E06000999", 1)
		res, err := imp("2023-24", []byte(bad), outcomes.ASCOF)
		if !errors.Is(err, store.ErrOutcomeProblems) {
			t.Fatalf("import of a bad file = %v, want ErrOutcomeProblems", err)
		}
		if res.Summary.ProblemCount != 2 {
			t.Errorf("problems = %v, want 2", res.Summary.Problems)
		}
		after, err := st.OutcomeDataset(ctx, "ascof", "2023-24")
		if err != nil || after != before {
			t.Errorf("dataset after a bad file = %+v, %v, want %+v", after, err, before)
		}
	})

	t.Run("figures for benchmarking", func(t *testing.T) {
		if _, err := imp("2023-24", outcomeFile(t, ms, outcomes.ASCS, 1, 1), outcomes.ASCS); err != nil {
			t.Fatal(err)
		}
		figs, err := st.OutcomeFigures(ctx, "E06009901")
		if err != nil {
			t.Fatal(err)
		}
		views := outcomes.Views("E06009901", figs, ms, nil)
		if len(views) != 21 {
			t.Fatalf("%d measures, want 21", len(views))
		}
		for _, v := range views {
			if v.Year != "2023-24" || (v.Measure.Source == "ascof" && len(v.Trend) != 2) || v.Comparison.Of != 2 || !v.Comparison.HasRegion {
				t.Errorf("view of %s = %+v", v.Measure.ID, v)
			}
		}
		none, err := st.OutcomeFigures(ctx, "E06000000")
		if err != nil {
			t.Fatal(err)
		}
		if v := outcomes.Views("E06000000", none, ms, nil); len(v) != 0 {
			t.Errorf("views of a council with no figures = %v", v)
		}
	})

	t.Run("figures after a file is replaced", func(t *testing.T) {
		// The figures every council shares are cached; replacing the
		// latest year's file must show its figures, not the cached ones.
		latest := func() float64 {
			figs, err := st.OutcomeFigures(ctx, "E06009901")
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range figs {
				if f.Level == outcomes.LevelLA && f.Area == "E06009902" && f.Measure == "2A" && f.Year == "2023-24" {
					return f.Value
				}
			}
			t.Fatal("no 2023-24 figure of 2A for E06009902")
			return 0
		}
		before := latest()
		if _, err := imp("2023-24", outcomeFile(t, ms, outcomes.ASCOF, 1, 7), outcomes.ASCOF); err != nil {
			t.Fatal(err)
		}
		if after := latest(); after == before {
			t.Errorf("2A of E06009902 after the file was replaced = %v, the figure of the file before", after)
		}
	})
}
