package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

// TestTokensValidAfter: bearer tokens are cut off by a change of role or
// council (at the time of the claims that changed it), by RevokeTokens, and
// by nothing else.
func TestTokensValidAfter(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	viewer := authz.Assignment{Role: authz.RoleLAViewer, LA: "E06009901"}
	issued := time.Now().Add(-time.Minute).Truncate(time.Second)
	id := store.Identity{Issuer: "https://idp", Subject: "tok", Email: "tok@demo.test", IssuedAt: issued}
	u, err := st.UpsertUser(ctx, id, viewer, false)
	if err != nil || !u.TokensValidAfter.Equal(time.Unix(0, 0)) {
		t.Fatalf("new user: valid after %v, %v; want the epoch", u.TokensValidAfter, err)
	}
	if u, _ = st.UpsertUser(ctx, id, viewer, false); !u.TokensValidAfter.Equal(time.Unix(0, 0)) {
		t.Errorf("same claims moved the cut-off to %v", u.TokensValidAfter)
	}
	if u, _ = st.UpsertUser(ctx, id, authz.Assignment{Role: authz.RoleLASubmitter, LA: "E06009901"}, false); !u.TokensValidAfter.Equal(issued) {
		t.Errorf("role change: cut-off %v, want the changing token's time %v", u.TokensValidAfter, issued)
	}
	if u, _ = st.UpsertUser(ctx, store.Identity{Issuer: "https://idp", Subject: "tok", Email: "tok@demo.test"},
		authz.Assignment{Role: authz.RoleLASubmitter, LA: "E06009902"}, true); !u.TokensValidAfter.After(issued) {
		t.Errorf("council change at a browser sign-in: cut-off %v, want now", u.TokensValidAfter)
	}
	before := time.Now()
	if err := st.RevokeTokens(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if u, _ = st.User(ctx, u.ID); u.TokensValidAfter.Before(before.Add(-time.Second)) {
		t.Errorf("after RevokeTokens: cut-off %v, want about %v", u.TokensValidAfter, before)
	}
}

// TestAuditOnceAggregates: a flood of one refusal by one person in one
// minute is one entry with its count and its first distinct objects; other
// people, other actions and Audit's entries stay apart; filters find them.
func TestAuditOnceAggregates(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	refusal := func(who, ip, id string) store.AuditEntry {
		return store.AuditEntry{ActorEmail: who, IP: ip, Action: "access_refused", ObjectType: "route", ObjectID: id, LA: "E06009901",
			Outcome: store.OutcomeRefused, Detail: map[string]string{"status": "404"}}
	}
	for i := range 500 {
		if err := st.AuditOnce(ctx, refusal("mallory@demo.test", "10.0.0.1", fmt.Sprintf("GET /documents/%d", i%30))); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.AuditOnce(ctx, refusal("", "10.0.0.2", "GET /api/v1/me")); err != nil {
		t.Fatal(err)
	}
	if err := st.Audit(ctx, store.AuditEntry{ActorEmail: "mallory@demo.test", Action: "login"}); err != nil {
		t.Fatal(err)
	}
	page, err := st.AuditSearch(ctx, authz.AllLAs(), store.AuditFilter{Actor: "MALLORY", Action: "access_*", Outcome: store.OutcomeRefused}, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The minute may turn during the loop: one entry, or two.
	if page.Total < 1 || page.Total > 2 {
		t.Fatalf("refusals by mallory = %d entries, want 1 (or 2 across a minute)", page.Total)
	}
	sum := 0
	for _, e := range page.Entries {
		sum += e.Repeats
		if len(e.Objects) > store.MaxRepeatObjects || e.Outcome != store.OutcomeRefused {
			t.Errorf("entry %+v: objects %d (max %d), outcome %s", e, len(e.Objects), store.MaxRepeatObjects, e.Outcome)
		}
	}
	if sum != 500 || len(page.Entries[len(page.Entries)-1].Objects) != store.MaxRepeatObjects && page.Total == 1 {
		t.Errorf("repeats = %d, want 500; objects %v", sum, page.Entries[0].Objects)
	}
	for _, tt := range []struct {
		name string
		f    store.AuditFilter
		want int64
	}{
		{"signed-out refusals are by address", store.AuditFilter{Action: "access_refused", Actor: ""}, page.Total + 1},
		{"logins are not aggregated nor refused", store.AuditFilter{Actor: "mallory", Outcome: store.OutcomeDone}, 1},
		{"by council", store.AuditFilter{LA: "E06009902", Action: "access_refused"}, 0},
		{"by date", store.AuditFilter{Action: "access_refused", To: time.Now().Add(-time.Hour)}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := st.AuditSearch(ctx, authz.AllLAs(), tt.f, 10, 0)
			if err != nil || p.Total != tt.want {
				t.Errorf("AuditSearch(%+v) = %d, %v; want %d", tt.f, p.Total, err, tt.want)
			}
		})
	}
	n := 0
	if err := st.EachAudit(ctx, store.AuditFilter{}, 2, func(store.AuditEntry) error { n++; return nil }); err != nil || n != 2 {
		t.Errorf("EachAudit with max 2 = %d, %v", n, err)
	}
}

// TestInspectors: the people whose last sign-in was as an inspector, by
// name then email, one per email, filtered by name or email, without those
// on the assessment, cut at the limit plus one.
func TestInspectors(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	sign := func(subject, email, name string, role authz.Role) {
		t.Helper()
		if _, err := st.UpsertUser(ctx, store.Identity{Issuer: "https://idp", Subject: subject, Email: email, Name: name},
			authz.Assignment{Role: role}, true); err != nil {
			t.Fatal(err)
		}
	}
	sign("1", "zoe@cqc.test", "Zoe Adams", authz.RoleInspector)
	sign("2", "al@cqc.test", "Al Brown", authz.RoleInspector)
	sign("3", "noname@cqc.test", "", authz.RoleInspector)
	sign("4", "panel@cqc.test", "Pat Panel", authz.RolePanel)
	sign("5", "moved@cqc.test", "Mo Ved", authz.RoleInspector)
	time.Sleep(10 * time.Millisecond)
	sign("6", "moved@cqc.test", "Mo Ved", authz.RolePanel)    // the same email, now on the panel
	sign("7", "al@cqc.test", "Al Brown", authz.RoleInspector) // a second identity: listed once
	id, err := st.CreateAssessment(ctx, "E06009901", "qs-only-2024", "admin@demo.test", store.AuditEntry{ActorEmail: "admin@demo.test", Action: "assessment_opened"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddAssessmentInspector(ctx, id, "zoe@cqc.test", store.AuditEntry{ActorEmail: "admin@demo.test", Action: "assessment_inspector_added"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    store.InspectorFilter
		want []string
	}{
		{"all, by name", store.InspectorFilter{}, []string{"al@cqc.test", "noname@cqc.test", "zoe@cqc.test"}},
		{"not those on the assessment", store.InspectorFilter{NotOn: id}, []string{"al@cqc.test", "noname@cqc.test"}},
		{"by name, any case", store.InspectorFilter{Text: "ADAMS"}, []string{"zoe@cqc.test"}},
		{"by email", store.InspectorFilter{Text: " noname@ "}, []string{"noname@cqc.test"}},
		{"a LIKE wildcard is a letter", store.InspectorFilter{Text: "%"}, nil},
		{"limit plus one", store.InspectorFilter{Limit: 1}, []string{"al@cqc.test", "noname@cqc.test"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			us, err := st.Inspectors(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range us {
				if u.Email == "inspector.a@demo.test" || u.Email == "inspector.b@demo.test" {
					continue // the seed's
				}
				got = append(got, u.Email)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Inspectors(%+v) = %v, want %v", tt.f, got, tt.want)
			}
		})
	}
}
