package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

// TestAssessmentsWaiting: the home pages' list carries each open
// assessment's latest change of state and unanswered comments, within scope
// and for the inspector asked about only; published ones are not waiting.
func TestAssessmentsWaiting(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	id := openAssessment(t, st) // Ashford, inspector.a
	brook, err := st.CreateAssessment(ctx, "E06009902", "qs-only-2024", "admin@demo.test", store.AuditEntry{Action: "assessment_opened"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddAssessmentInspector(ctx, brook, "inspector.b@demo.test", store.AuditEntry{Action: "assessment_inspector_added"}); err != nil {
		t.Fatal(err)
	}
	move := func(from, to assessment.State, who, comment string, deadline *time.Time) {
		t.Helper()
		if err := st.MoveAssessment(ctx, authz.AllLAs(), store.StateChange{ID: id, From: from, To: to, ActorEmail: who, ActorRole: "x",
			Comment: comment, FADeadline: deadline}, store.AuditEntry{Action: "assessment_" + string(to)}); err != nil {
			t.Fatal(err)
		}
	}
	get := func(scope authz.Scope, inspector string) []store.Waiting {
		t.Helper()
		ws, err := st.AssessmentsWaiting(ctx, scope, inspector, 10)
		if err != nil {
			t.Fatal(err)
		}
		return ws
	}
	ws := get(authz.AllLAs(), "")
	if len(ws) != 2 || ws[0].ID != id || ws[0].Last.From != "" || !ws[0].Last.At.IsZero() || ws[0].Standing.State != assessment.InProgress {
		t.Fatalf("AssessmentsWaiting, all, just opened = %+v; want both, Ashford's first, never moved", ws)
	}
	move(assessment.InProgress, assessment.Calibration, "inspector.a@demo.test", "", nil)
	move(assessment.Calibration, assessment.InProgress, "panel@demo.test", "Check equity", nil)
	ws = get(authz.OnlyLAs("E06009901"), "Inspector.A@demo.test")
	if len(ws) != 1 || ws[0].ID != id || ws[0].LAName != "Ashford Vale Council" || ws[0].Last.Comment != "Check equity" ||
		ws[0].Last.ActorEmail != "panel@demo.test" || !ws[0].Standing.Returned() {
		t.Errorf("AssessmentsWaiting, inspector.a, returned = %+v; want Ashford returned with its reason", ws)
	}
	if ws := get(authz.OnlyLAs("E06009902"), ""); len(ws) != 1 || ws[0].ID != brook {
		t.Errorf("AssessmentsWaiting, Brookmere's scope = %+v; want only Brookmere's", ws)
	}
	if ws := get(authz.AllLAs(), "inspector.b@demo.test"); len(ws) != 1 || ws[0].ID != brook {
		t.Errorf("AssessmentsWaiting, inspector.b = %+v; want only the assessment they are on", ws)
	}
	if ws := get(authz.OnlyLAs("E06009902"), "inspector.a@demo.test"); len(ws) != 0 {
		t.Errorf("AssessmentsWaiting, inspector.a within Brookmere = %+v; want none", ws)
	}

	move(assessment.InProgress, assessment.Calibration, "inspector.a@demo.test", "", nil)
	deadline := time.Date(2026, 12, 14, 0, 0, 0, 0, time.UTC)
	move(assessment.Calibration, assessment.FactualAccuracy, "panel@demo.test", "", &deadline)
	for _, body := range []string{"One", "Two"} {
		if err := st.AddComment(ctx, authz.OnlyLAs("E06009901"), id, deadline, store.Comment{QS: "equity", Body: body,
			AuthorEmail: "submitter.a@demo.test"}, store.AuditEntry{Action: "c"}); err != nil {
			t.Fatal(err)
		}
	}
	ws = get(authz.OnlyLAs("E06009901"), "")
	if len(ws) != 1 || ws[0].Standing.Unanswered != 2 || ws[0].Standing.Deadline == nil || !ws[0].Standing.Deadline.Equal(deadline) ||
		ws[0].Standing.CouncilDone || ws[0].Standing.Returned() {
		t.Errorf("AssessmentsWaiting in factual accuracy = %+v; want 2 unanswered, the deadline, not returned", ws)
	}
	if _, err := st.Pool().Exec(ctx, `UPDATE assessments SET state = 'published', published_at = now(), snapshot = '{}' WHERE id = $1`, brook); err != nil {
		t.Fatal(err)
	}
	if ws := get(authz.OnlyLAs("E06009902"), ""); len(ws) != 0 {
		t.Errorf("AssessmentsWaiting, published = %+v; want none", ws)
	}
}
