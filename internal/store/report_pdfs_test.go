package store_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
)

// TestMakeReportPDF: many requests at once for a PDF not made yet run the
// maker once and all get its bytes; a failed make stores nothing; only
// published versions may have one.
func TestMakeReportPDF(t *testing.T) {
	st, _ := storetest.New(t)
	ctx := context.Background()
	if err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	id := openAssessment(t, st)
	a := authz.OnlyLAs("E06009901")
	const ins = "inspector.a@demo.test"
	if _, err := st.MakeReportPDF(ctx, id, 1, 1, func(context.Context) ([]byte, error) { return []byte("%PDF-x"), nil }); err == nil {
		t.Errorf("PDF of an unpublished report was stored")
	}
	for _, mv := range [][2]assessment.State{{assessment.InProgress, assessment.Calibration},
		{assessment.Calibration, assessment.FactualAccuracy}, {assessment.FactualAccuracy, assessment.Published}} {
		ch := store.StateChange{ID: id, From: mv[0], To: mv[1], ActorEmail: ins}
		if mv[1] == assessment.Published {
			ch.Snapshot = []byte(`{}`)
		}
		if err := st.MoveAssessment(ctx, a, ch, store.AuditEntry{Action: "assessment_" + string(mv[1])}); err != nil {
			t.Fatalf("move to %s: %v", mv[1], err)
		}
	}
	boom := errors.New("browser gone")
	if _, err := st.MakeReportPDF(ctx, id, 1, 1, func(context.Context) ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("MakeReportPDF with a failing maker = %v, want its error", err)
	}
	if _, err := st.ReportPDF(ctx, id, 1, 1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ReportPDF after a failed make = %v, want ErrNotFound", err)
	}

	var calls atomic.Int32
	slow := func(context.Context) ([]byte, error) {
		calls.Add(1)
		time.Sleep(300 * time.Millisecond)
		return []byte("%PDF-1.7 report"), nil
	}
	var wg sync.WaitGroup
	got := make([]store.ReportPDF, 6)
	errs := make([]error, 6)
	for i := range got {
		wg.Go(func() { got[i], errs[i] = st.MakeReportPDF(ctx, id, 1, 1, slow) })
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil || string(got[i].PDF) != "%PDF-1.7 report" || len(got[i].SHA256) != 64 {
			t.Errorf("request %d = %q %q, %v", i, got[i].PDF, got[i].SHA256, errs[i])
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("the PDF was made %d times, want once", n)
	}
	// Another format is another PDF, made anew.
	if p, err := st.MakeReportPDF(ctx, id, 1, 2, func(context.Context) ([]byte, error) { return []byte("%PDF-2"), nil }); err != nil || string(p.PDF) != "%PDF-2" {
		t.Errorf("format 2 = %q, %v", p.PDF, err)
	}
	// A version never published has none.
	if _, err := st.MakeReportPDF(ctx, id, 2, 1, func(context.Context) ([]byte, error) { return []byte("%PDF-3"), nil }); err == nil {
		t.Errorf("PDF of a version that does not exist was stored")
	}
}
