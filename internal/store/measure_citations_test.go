package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/store"
)

func TestScoreMeasureCitations(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	ms := cat.Measures()
	imp := func(seed uint64) {
		t.Helper()
		if _, err := st.ImportOutcomes(ctx, store.OutcomeDataset{Publication: "ASCOF 2022-23", Year: "2022-23", ImportedBy: "admin@demo.test"},
			bytes.NewReader(outcomeFile(t, ms, outcomes.ASCOF, 0, seed)), outcomes.ASCOF, ms, store.AuditEntry{Action: "outcomes_imported"}); err != nil {
			t.Fatal(err)
		}
	}
	imp(1)
	figure := func(measure string) (value, england float64) {
		t.Helper()
		figs, err := st.OutcomeFigures(ctx, "E06009901")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range figs {
			switch {
			case f.Measure == measure && f.Level == outcomes.LevelLA && f.Area == "E06009901":
				value = f.Value
			case f.Measure == measure && f.Level == outcomes.LevelEngland:
				england = f.Value
			}
		}
		return value, england
	}
	value, england := figure("2A")
	if value == 0 || england == 0 {
		t.Fatalf("the file has no figure of 2A for the council (%v) or England (%v)", value, england)
	}
	id := openAssessment(t, st)
	in := store.ScoreInput{Assessment: id, QS: "care-provision", Score: 3, Rationale: "The figures", ActorEmail: "inspector.a@demo.test",
		Measures: []store.MeasureCitation{{Measure: "2A", Year: "2022-23"}, {Measure: "2A", Year: "2022-23"}}}
	saveIn := func(in store.ScoreInput) (store.ScoreChange, error) {
		return st.SaveScore(ctx, authz.OnlyLAs("E06009901"), in, qsOnly(), store.AuditEntry{Action: "score_saved"})
	}
	ch, err := saveIn(in)
	if err != nil {
		t.Fatalf("SaveScore citing 2A = %v", err)
	}
	want := store.MeasureCitation{Measure: "2A", Year: "2022-23", Layout: "ascof", Value: value, England: england}
	if len(ch.Measures) != 1 || ch.Measures[0] != want {
		t.Errorf("saved measures = %+v, want [%+v] (the same measure twice is cited once)", ch.Measures, want)
	}
	scores := func() store.Score {
		t.Helper()
		scs, err := st.Scores(ctx, authz.AllLAs(), id)
		if err != nil || len(scs) != 1 {
			t.Fatalf("Scores = %v, %v", scs, err)
		}
		return scs[0]
	}
	if got := scores(); len(got.Measures) != 1 || got.Measures[0] != want {
		t.Errorf("Scores measures = %+v, want [%+v]", got.Measures, want)
	}
	hist, err := st.ScoreHistory(ctx, authz.AllLAs(), id)
	if err != nil || len(hist) != 1 || len(hist[0].Measures) != 1 || hist[0].Measures[0] != want {
		t.Errorf("history = %+v, %v; want its measures [%+v]", hist, err, want)
	}

	t.Run("a measure or year the council has no figure for is refused and nothing saved", func(t *testing.T) {
		for _, m := range []store.MeasureCitation{{Measure: "2A", Year: "2019-20"}, {Measure: "NOPE", Year: "2022-23"}} {
			bad := in
			bad.Version, bad.Score = 1, 1
			bad.Measures = []store.MeasureCitation{m}
			_, err := saveIn(bad)
			var me *store.MeasureCitationError
			if !errors.Is(err, store.ErrBadCitation) || !errors.As(err, &me) || me.Measure != m.Measure || me.Year != m.Year {
				t.Errorf("SaveScore citing %+v = %v, want a MeasureCitationError", m, err)
			}
			if got := scores(); got.Score != 3 || got.Version != 1 || len(got.Measures) != 1 {
				t.Errorf("after a refused save the score is %+v", got)
			}
		}
	})

	t.Run("the figure stays as cited when its year is imported again", func(t *testing.T) {
		imp(99)
		if now, _ := figure("2A"); now == value {
			t.Fatalf("the second file has the same figure %v: choose another seed", now)
		}
		if got := scores(); len(got.Measures) != 1 || got.Measures[0] != want {
			t.Errorf("after a re-import measures = %+v, want [%+v]", got.Measures, want)
		}
	})

	t.Run("a report paragraph cites a measure, kept in its version", func(t *testing.T) {
		sec := store.ReportSectionInput{Assessment: id, Section: "people", Body: "One.\n\nTwo.", ActorEmail: "inspector.a@demo.test",
			Measures: []store.MeasureCitation{{Paragraph: 2, Measure: "2A", Year: "2022-23"}}}
		got, err := st.SaveReportSection(ctx, authz.OnlyLAs("E06009901"), sec, store.AuditEntry{Action: "report_section_saved"})
		if err != nil || len(got.Measures) != 1 || got.Measures[0].Paragraph != 2 || got.Measures[0].Layout != "ascof" {
			t.Fatalf("SaveReportSection = %+v, %v", got.Measures, err)
		}
		secs, err := st.ReportSections(ctx, authz.AllLAs(), id)
		if err != nil || len(secs["people"].Measures) != 1 || secs["people"].Measures[0] != got.Measures[0] {
			t.Errorf("ReportSections people measures = %+v, %v; want %+v", secs["people"].Measures, err, got.Measures)
		}
		vs, err := st.ReportVersions(ctx, authz.AllLAs(), id, 10)
		if err != nil || len(vs) != 1 || len(vs[0].Measures) != 1 {
			t.Errorf("ReportVersions = %+v, %v", vs, err)
		}
		sec.Version, sec.Measures = 1, []store.MeasureCitation{{Paragraph: 1, Measure: "2A", Year: "2001-02"}}
		if _, err := st.SaveReportSection(ctx, authz.OnlyLAs("E06009901"), sec, store.AuditEntry{Action: "report_section_saved"}); !errors.Is(err, store.ErrBadCitation) {
			t.Errorf("citing a year with no figure = %v, want ErrBadCitation", err)
		}
	})

	t.Run("citing nothing removes the citation", func(t *testing.T) {
		next := in
		next.Version, next.Measures = 1, nil
		if _, err := saveIn(next); err != nil {
			t.Fatal(err)
		}
		if got := scores(); len(got.Measures) != 0 {
			t.Errorf("measures = %+v, want none", got.Measures)
		}
	})
}
