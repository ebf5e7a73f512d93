package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
)

// TestReportPublications: publishing makes version 1; a correction is
// refused until one is started, lets the inspectors change the sections
// again, and publishes version 2 with its reason while version 1 stays
// readable; versions are append-only and scoped to the council.
func TestReportPublications(t *testing.T) {
	st, _ := storetest.New(t)
	ctx := context.Background()
	if err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	id := openAssessment(t, st)
	a, b := authz.OnlyLAs("E06009901"), authz.OnlyLAs("E06009902")
	const ins = "inspector.a@demo.test"
	audit := func(action string) store.AuditEntry { return store.AuditEntry{Action: action} }
	if _, err := saveSection(st, a, id, "summary", "First text.", 0, ins); err != nil {
		t.Fatal(err)
	}
	for _, mv := range [][2]assessment.State{{assessment.InProgress, assessment.Calibration},
		{assessment.Calibration, assessment.FactualAccuracy}, {assessment.FactualAccuracy, assessment.Published}} {
		ch := store.StateChange{ID: id, From: mv[0], To: mv[1], ActorEmail: ins}
		if mv[1] == assessment.Published {
			ch.Snapshot = []byte(`{"report":"first"}`)
		}
		if err := st.MoveAssessment(ctx, a, ch, audit("assessment_"+string(mv[1]))); err != nil {
			t.Fatalf("move to %s: %v", mv[1], err)
		}
	}
	v1, err := st.ReportPublication(ctx, id, 0)
	if err != nil || v1.Version != 1 || !v1.Latest || v1.By != ins || string(v1.Snapshot) != `{"report": "first"}` {
		t.Fatalf("latest after publication = %+v, %v; want version 1", v1, err)
	}
	if _, err := saveSection(st, a, id, "summary", "Changed.", 1, ins); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("save after publication with no correction open: %v, want ErrWrongState", err)
	}
	build := func(cur []byte) ([]byte, error) { return []byte(`{"report":"second"}`), nil }
	if _, err := st.PublishCorrection(ctx, a, id, ins, "Fixed a figure.", build, audit("report_republished")); !errors.Is(err, store.ErrNoCorrection) {
		t.Errorf("publish with no correction open: %v, want ErrNoCorrection", err)
	}
	if err := st.StartCorrection(ctx, a, id, "inspector.b@demo.test", audit("report_correction_started")); !errors.Is(err, authz.ErrForbidden) {
		t.Errorf("start by an inspector not on it: %v, want ErrForbidden", err)
	}
	if err := st.StartCorrection(ctx, b, id, ins, audit("report_correction_started")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("start in another council's scope: %v, want ErrNotFound", err)
	}
	if err := st.StartCorrection(ctx, a, id, ins, audit("report_correction_started")); err != nil {
		t.Fatal(err)
	}
	if err := st.StartCorrection(ctx, a, id, ins, audit("report_correction_started")); !errors.Is(err, store.ErrNoCorrection) {
		t.Errorf("a second start: %v, want ErrNoCorrection", err)
	}
	if open, err := st.CorrectionOpen(ctx, a, id); err != nil || !open {
		t.Errorf("correction open = %v, %v", open, err)
	}
	if _, err := saveSection(st, a, id, "summary", "Corrected text.", 1, ins); err != nil {
		t.Errorf("save during a correction: %v", err)
	}
	v, err := st.PublishCorrection(ctx, a, id, ins, "Fixed a figure.", build, audit("report_republished"))
	if err != nil || v != 2 {
		t.Fatalf("publish correction = %d, %v; want version 2", v, err)
	}
	if open, _ := st.CorrectionOpen(ctx, a, id); open {
		t.Error("the correction is still open after publication")
	}
	latest, err := st.ReportPublication(ctx, id, 0)
	if err != nil || latest.Version != 2 || latest.Reason != "Fixed a figure." || !latest.FirstPublishedAt.Equal(v1.FirstPublishedAt) ||
		latest.PublishedAt.Before(v1.PublishedAt) {
		t.Errorf("latest = %+v, %v; want version 2 first published with version 1", latest, err)
	}
	if old, err := st.ReportPublication(ctx, id, 1); err != nil || old.Latest || string(old.Snapshot) != `{"report": "first"}` {
		t.Errorf("version 1 = %+v, %v; want it kept as published", old, err)
	}
	if _, err := st.ReportPublication(ctx, id, 3); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("version 3: %v, want ErrNotFound", err)
	}
	pubs, err := st.CouncilPublications(ctx, "E06009901")
	if err != nil || len(pubs) != 2 || pubs[0].Version != 2 || !pubs[0].Latest || pubs[1].Latest {
		t.Errorf("council publications = %+v, %v; want versions 2 then 1", pubs, err)
	}
	if pubs, _ := st.CouncilPublications(ctx, "E06009902"); len(pubs) != 0 {
		t.Errorf("Brookmere has publications: %+v", pubs)
	}
	if _, err := st.Pool().Exec(ctx, `UPDATE report_publications SET reason = 'x'`); err == nil {
		t.Error("report_publications could be updated")
	}
}
