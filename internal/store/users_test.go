package store_test

import (
	"context"
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
