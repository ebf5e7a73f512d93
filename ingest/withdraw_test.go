package ingest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/servicetest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

// TestNewVersionAndWithdrawalLeaveSearch: search shows the current version
// of a document only, and a withdrawn document not at all.
func TestNewVersionAndWithdrawalLeaveSearch(t *testing.T) {
	e := newEnv(t)
	stop := e.pipeline(t, servicetest.Env(t, "PORTAL_CLAMD_ADDR"))
	defer stop()
	ctx := context.Background()
	hits := func(phrase string) []string {
		t.Helper()
		q, err := search.Parse(`"` + phrase + `"`)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.index.Search(ctx, search.Request{Query: q, Scope: search.Scope{LAs: []string{"E06009901"}}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.DocID)
		}
		return ids
	}
	waitJobs := func() {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			n, err := e.st.PendingJobs(ctx, UnindexJob{}.Kind())
			if err == nil && n == 0 {
				e.caughtUp(t) // the withdrawal's change, applied
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("unindex jobs left: %d (%v)", n, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	v1, err := e.upload(t, "plan.txt", []byte("Reablement plan, first edition.\n"))
	if err != nil {
		t.Fatal(err)
	}
	e.waitFor(t, v1.ID, document.Ready)
	r, err := e.intake.Receive(ctx, "plan-v2.txt", bytes.NewReader([]byte("Reablement plan, second edition.\n")))
	if err != nil {
		t.Fatal(err)
	}
	v2, err := e.intake.Record(ctx, r, Metadata{LA: "E06009901", UploadedBy: e.user.ID, Type: "policy", Replaces: v1.ID}, store.AuditEntry{ActorEmail: e.user.Email})
	if err != nil {
		t.Fatal(err)
	}
	e.waitFor(t, v2.ID, document.Ready)
	waitJobs()
	if got := hits("first edition"); len(got) != 0 {
		t.Errorf("the replaced version is still found: %v", got)
	}
	if got := hits("second edition"); len(got) != 1 || got[0] != v2.ID {
		t.Errorf("the new version is not found: %v", got)
	}
	if ids, err := e.st.DocumentIDs(ctx, document.Ready); err != nil || len(ids) != 1 || ids[0] != v2.ID {
		t.Errorf("current ready documents (what a rebuilt index holds) = %v (%v), want only the new version", ids, err)
	}

	moved, err := Withdraw(ctx, e.st, authz.Scope{}, v2.ID, "mistake", store.AuditEntry{ActorEmail: e.user.Email})
	if err == nil || moved {
		t.Fatalf("withdrawal with an empty scope = %v, %v; want not found", moved, err)
	}
	p := authz.Principal{Role: authz.RoleLASubmitter, LA: "E06009901"}
	if moved, err := Withdraw(ctx, e.st, p.Scope(), v2.ID, "mistake", store.AuditEntry{ActorEmail: e.user.Email}); err != nil || !moved {
		t.Fatalf("withdraw = %v, %v", moved, err)
	}
	e.waitFor(t, v1.ID, document.Ready)
	waitJobs()
	if got := hits("second edition"); len(got) != 0 {
		t.Errorf("the withdrawn document is still found: %v", got)
	}
	deadline := time.Now().Add(10 * time.Second)
	for got := hits("first edition"); len(got) != 1 || got[0] != v1.ID; got = hits("first edition") {
		if time.Now().After(deadline) {
			t.Fatalf("the version before the withdrawn one is not found again: %v", got)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
