package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

// TestMovesNotify: the council hears that the draft report is ready for
// its factual accuracy check and, with the inspectors, that the
// assessment is published; another council hears nothing.
func TestMovesNotify(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	for _, u := range []struct {
		email, la string
	}{{"submitter.a@demo.test", "E06009901"}, {"submitter.b@demo.test", "E06009902"}} {
		if _, err := st.UpsertUser(ctx, store.Identity{Issuer: "t", Subject: u.email, Email: u.email},
			authz.Assignment{Role: authz.RoleLASubmitter, LA: u.la}, true); err != nil {
			t.Fatal(err)
		}
	}
	id := openAssessment(t, st)
	deadline := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	for _, ch := range []store.StateChange{
		{From: assessment.InProgress, To: assessment.Calibration},
		{From: assessment.Calibration, To: assessment.FactualAccuracy, FADeadline: &deadline},
		{From: assessment.FactualAccuracy, To: assessment.Published, Today: deadline.AddDate(0, 0, 1), Snapshot: []byte(`{}`)},
	} {
		ch.ID, ch.ActorEmail, ch.ActorRole = id, "inspector.a@demo.test", "cqc_inspector"
		if err := st.MoveAssessment(ctx, authz.AllLAs(), ch, store.AuditEntry{Action: "x"}); err != nil {
			t.Fatalf("move to %s: %v", ch.To, err)
		}
	}
	tests := []struct {
		email string
		want  []string
	}{
		{"submitter.a@demo.test", []string{"CQC has published its assessment of your council",
			"CQC's draft report and scores are ready for your factual accuracy check. Send any comments by 16 March 2026"}},
		{"inspector.a@demo.test", []string{"The assessment of Ashford Vale Council has been published"}},
		{"submitter.b@demo.test", nil},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			ns, err := st.Notifications(ctx, tt.email)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range ns {
				got = append(got, n.Message)
				if !strings.HasPrefix(n.Href, "/assessments/") {
					t.Errorf("%q links to %q", n.Message, n.Href)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("notifications = %q, want %q", got, tt.want)
			}
		})
	}
}
