package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
	"github.com/google/go-cmp/cmp"
)

func seeded(t *testing.T) *store.Store {
	t.Helper()
	st, _ := storetest.New(t)
	if err := st.SeedDemo(context.Background()); err != nil {
		t.Fatalf("SeedDemo: %v", err)
	}
	return st
}

func TestMigrateTwiceAppliesNothingNew(t *testing.T) {
	st, _ := storetest.New(t)
	applied, err := st.Migrate(context.Background())
	if err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	if len(applied) != 0 {
		t.Errorf("second Migrate applied %v, want nothing", applied)
	}
}

func TestSeedDemoIsIdempotent(t *testing.T) {
	st := seeded(t)
	if err := st.SeedDemo(context.Background()); err != nil {
		t.Fatalf("second SeedDemo: %v", err)
	}
	las, err := st.LAs(context.Background(), authz.AllLAs())
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, la := range las {
		codes = append(codes, la.Code)
	}
	if diff := cmp.Diff([]string{"E06009901", "E06009902"}, codes); diff != "" {
		t.Errorf("councils after seeding twice (-want +got):\n%s", diff)
	}
}

func TestLAsAreScoped(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		scope authz.Scope
		list  []string
		get   map[string]bool
	}{
		{"all", authz.AllLAs(), []string{"E06009901", "E06009902"}, map[string]bool{"E06009901": true, "E06009902": true}},
		{"own council", authz.OnlyLAs("E06009901"), []string{"E06009901"}, map[string]bool{"E06009901": true, "E06009902": false}},
		{"nothing", authz.OnlyLAs(), nil, map[string]bool{"E06009901": false, "E06009902": false}},
		{"missing council", authz.AllLAs(), []string{"E06009901", "E06009902"}, map[string]bool{"E06000000": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			las, err := st.LAs(ctx, tt.scope)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, la := range las {
				got = append(got, la.Code)
			}
			if diff := cmp.Diff(tt.list, got); diff != "" {
				t.Errorf("LAs (-want +got):\n%s", diff)
			}
			for code, want := range tt.get {
				_, err := st.LA(ctx, tt.scope, code)
				if want && err != nil {
					t.Errorf("LA(%s) = %v, want found", code, err)
				}
				if !want && !errors.Is(err, store.ErrNotFound) {
					t.Errorf("LA(%s) error = %v, want ErrNotFound", code, err)
				}
			}
		})
	}
}

func TestCreateAndRenameLA(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	if err := st.CreateLA(ctx, "E06009901", "Duplicate", store.AuditEntry{Action: "la_created"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("CreateLA duplicate = %v, want ErrConflict", err)
	}
	if err := st.CreateLA(ctx, "X123", "Bad code", store.AuditEntry{Action: "la_created"}); err == nil {
		t.Errorf("CreateLA with malformed code succeeded; the CHECK constraint should refuse it")
	}
	if err := st.RenameLA(ctx, "E06000000", "Nobody", store.AuditEntry{Action: "la_renamed"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RenameLA missing = %v, want ErrNotFound", err)
	}
	if err := st.RenameLA(ctx, "E06009902", "Brookmere Council", store.AuditEntry{Action: "la_renamed", LA: "E06009902"}); err != nil {
		t.Fatal(err)
	}
	la, err := st.LA(ctx, authz.AllLAs(), "E06009902")
	if err != nil || la.Name != "Brookmere Council" {
		t.Errorf("after rename LA = %+v, %v", la, err)
	}
	log, err := st.AuditLog(ctx, authz.AllLAs(), 10, 0)
	if err != nil || log.Total != 1 {
		t.Fatalf("audit log after one successful change = %+v, %v; want exactly one entry", log, err)
	}
	want := map[string]string{"old_name": "Brookmere Borough Council", "new_name": "Brookmere Council"}
	if diff := cmp.Diff(want, log.Entries[0].Detail); diff != "" {
		t.Errorf("rename audit detail (-want +got):\n%s", diff)
	}
}

func TestUpsertUserFollowsClaims(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	id := store.Identity{Issuer: "https://idp", Subject: "abc", Email: "Someone@Demo.Test", Name: "Someone"}
	u1, err := st.UpsertUser(ctx, id, authz.Assignment{Role: authz.RoleLAViewer, LA: "E06009901"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if u1.Email != "someone@demo.test" || u1.Role != authz.RoleLAViewer || u1.LA != "E06009901" || u1.LastLoginAt == nil {
		t.Errorf("first UpsertUser = %+v", u1)
	}
	u2, err := st.UpsertUser(ctx, id, authz.Assignment{Role: authz.RoleInspector}, true)
	if err != nil {
		t.Fatal(err)
	}
	if u2.ID != u1.ID || u2.Role != authz.RoleInspector || u2.LA != "" {
		t.Errorf("second UpsertUser = %+v, want same id %d as inspector with no council", u2, u1.ID)
	}
	if _, err := st.UpsertUser(ctx, store.Identity{Issuer: "https://idp", Subject: "x", Email: "x@demo.test"},
		authz.Assignment{Role: authz.RoleLASubmitter, LA: "E06000000"}, true); err == nil {
		t.Errorf("UpsertUser with an unknown council succeeded")
	}
	if _, err := st.UpsertUser(ctx, store.Identity{Issuer: "https://idp", Subject: "y", Email: "y@demo.test"},
		authz.Assignment{Role: authz.RoleLASubmitter}, true); err == nil {
		t.Errorf("UpsertUser of council staff without a council succeeded")
	}
}

func TestPrincipalReadsAssignments(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	u, err := st.UpsertUser(ctx, store.Identity{Issuer: "i", Subject: "s", Email: "Inspector.A@demo.test"},
		authz.Assignment{Role: authz.RoleInspector}, true)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.Principal(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"E06009901"}, p.Assigned); diff != "" {
		t.Errorf("Assigned (-want +got):\n%s", diff)
	}
	if err := st.Assign(ctx, "inspector.a@demo.test", "E06009902", store.AuditEntry{Action: "assignment"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Assign(ctx, "inspector.a@demo.test", "E06009902", store.AuditEntry{Action: "assignment"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Assign twice = %v, want ErrConflict", err)
	}
	if err := st.Assign(ctx, "inspector.a@demo.test", "E06000000", store.AuditEntry{Action: "assignment"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Assign to missing council = %v, want ErrNotFound", err)
	}
	if err := st.Unassign(ctx, "inspector.a@demo.test", "E06009901", store.AuditEntry{Action: "unassignment"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Unassign(ctx, "inspector.a@demo.test", "E06009901", store.AuditEntry{Action: "unassignment"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Unassign twice = %v, want ErrNotFound", err)
	}
	p, _ = st.Principal(ctx, u)
	if diff := cmp.Diff([]string{"E06009902"}, p.Assigned); diff != "" {
		t.Errorf("Assigned after changes (-want +got):\n%s", diff)
	}
}

func TestSessionExpiry(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	u, err := st.UpsertUser(ctx, store.Identity{Issuer: "i", Subject: "s", Email: "a@demo.test"},
		authz.Assignment{Role: authz.RoleAdmin}, true)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		expires time.Duration
		idle    time.Duration
		active  bool
	}{
		{"fresh", time.Hour, time.Minute, true},
		{"past absolute expiry", -time.Second, time.Hour, false},
		{"idle too long", time.Hour, time.Nanosecond * 1000, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hash := []byte{byte(i), 1, 2, 3}
			if err := st.CreateSession(ctx, store.Session{IDHash: hash, UserID: u.ID, CSRFToken: "t",
				ExpiresAt: time.Now().Add(tt.expires)}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(2 * time.Millisecond)
			_, got, err := st.ActiveSession(ctx, hash, tt.idle)
			if tt.active && (err != nil || got.ID != u.ID) {
				t.Errorf("ActiveSession = %+v, %v; want user %d", got, err, u.ID)
			}
			if !tt.active && !errors.Is(err, store.ErrNotFound) {
				t.Errorf("ActiveSession error = %v, want ErrNotFound", err)
			}
		})
	}
	n, err := st.DeleteStaleSessions(ctx, time.Minute)
	if err != nil || n != 1 {
		t.Errorf("DeleteStaleSessions = %d, %v; want 1 (the expired one)", n, err)
	}
	if err := st.DeleteUserSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.ActiveSession(ctx, []byte{0, 1, 2, 3}, time.Hour); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("session after DeleteUserSessions: %v, want ErrNotFound", err)
	}
}

func TestAuditLogIsAppendOnlyAndScoped(t *testing.T) {
	st, dbURL := storetest.New(t)
	ctx := context.Background()
	if err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	for _, e := range []store.AuditEntry{
		{Action: "login", ActorEmail: "a@demo.test", LA: "E06009901", Detail: map[string]string{"role": "la_viewer"}},
		{Action: "login", ActorEmail: "b@demo.test", LA: "E06009902"},
		{Action: "la_created", ActorEmail: "admin@demo.test", ObjectType: "la", ObjectID: "E06009903"},
	} {
		if err := st.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	all, err := st.AuditLog(ctx, authz.AllLAs(), 10, 0)
	if err != nil || all.Total != 3 || len(all.Entries) != 3 || all.Entries[0].Action != "la_created" {
		t.Fatalf("AuditLog(all) = %+v, %v", all, err)
	}
	if all.Entries[2].Detail["role"] != "la_viewer" {
		t.Errorf("detail = %v, want role la_viewer", all.Entries[2].Detail)
	}
	own, err := st.AuditLog(ctx, authz.OnlyLAs("E06009901"), 10, 0)
	if err != nil || own.Total != 1 || own.Entries[0].ActorEmail != "a@demo.test" {
		t.Errorf("AuditLog(E06009901) = %+v, %v", own, err)
	}
	for _, stmt := range []string{"UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"} {
		t.Run(stmt, func(t *testing.T) {
			if err := storetest.Exec(t, dbURL, stmt); err == nil {
				t.Errorf("%q succeeded on the append-only audit log", stmt)
			}
		})
	}
}
