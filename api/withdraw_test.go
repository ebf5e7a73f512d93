package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
)

func setupWithdrawable(t *testing.T, env *testEnv, fx *routeFixtures) {
	fx.Withdrawable = env.readyDocument(t, "E06009901", "submitter.a@demo.test", "A policy uploaded by mistake").ID
}

// withdrawRouteTable: only the council's submitters withdraw its documents;
// Brookmere's submitter gets 404, as for a document that does not exist.
func withdrawRouteTable(fx routeFixtures) []routeCase {
	doc := "/documents/" + fx.Withdrawable
	reason := url.Values{"reason": {"Uploaded by mistake"}}
	return []routeCase{
		{"GET", "/documents/:id/withdraw", doc + "/withdraw", nil, statuses{302, 200, 403, 404, 403, 403, 403, 403}},
		{"POST", "/documents/:id/withdraw", doc + "/withdraw", reason, statuses{302, 303, 403, 404, 403, 403, 403, 403}},
		{"POST", "/api/v1/documents/:id/withdraw", "/api/v1" + doc + "/withdraw", reason, statuses{401, 200, 403, 404, 403, 403, 403, 403}},
	}
}

func TestWithdrawDocument(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	d := env.readyDocument(t, "E06009901", "submitter.a@demo.test", "Carers strategy, withdrawn")
	path := "/documents/" + d.ID + "/withdraw"

	t.Run("another council's submitter gets 404 and changes nothing", func(t *testing.T) {
		rec := env.request(t, "POST", path, "submitter.b@demo.test", url.Values{"reason": {"x"}})
		if rec.Code != 404 {
			t.Fatalf("status %d, want 404", rec.Code)
		}
		if got, _ := env.st.DocumentForWork(ctx, d.ID); got.Status != "ready" {
			t.Fatalf("status %s after a refused withdrawal", got.Status)
		}
	})
	t.Run("a reason is required", func(t *testing.T) {
		rec := env.request(t, "POST", path, "submitter.a@demo.test", url.Values{"reason": {"  "}})
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), msgWithdrawReason) {
			t.Fatalf("status %d, want 422 with %q; body %.300s", rec.Code, msgWithdrawReason, rec.Body.String())
		}
		if got, _ := env.st.DocumentForWork(ctx, d.ID); got.Status != "ready" {
			t.Fatalf("status %s after a withdrawal with no reason", got.Status)
		}
	})
	t.Run("withdrawn with its reason, audited, out of reach and out of search", func(t *testing.T) {
		rec := env.request(t, "POST", path, "submitter.a@demo.test", url.Values{"reason": {"Out of date <b>now</b>"}})
		if rec.Code != 303 {
			t.Fatalf("status %d, want 303; body %.300s", rec.Code, rec.Body.String())
		}
		got, err := env.st.DocumentForWork(ctx, d.ID)
		if err != nil || got.Status != document.Withdrawn || got.StatusReason != "Out of date <b>now</b>" {
			t.Fatalf("document = %s %q (%v), want withdrawn with the reason", got.Status, got.StatusReason, err)
		}
		log, err := env.st.AuditLog(ctx, authz.AllLAs(), 50, 0)
		var withdrawals []store.AuditEntry
		for _, e := range log.Entries {
			if e.Action == "document_withdrawn" {
				withdrawals = append(withdrawals, e)
			}
		}
		if err != nil || len(withdrawals) != 1 || withdrawals[0].ObjectID != d.ID || withdrawals[0].ActorEmail != "submitter.a@demo.test" ||
			withdrawals[0].Detail["reason"] != "Out of date <b>now</b>" {
			t.Errorf("audit = %+v (%v), want one withdrawal by submitter.a with its reason", withdrawals, err)
		}
		if ch, err := env.st.IndexChanges(ctx, 0, 100); err != nil || len(ch) == 0 || ch[len(ch)-1].DocumentID != d.ID || ch[len(ch)-1].Kind != store.ChangeRemove {
			t.Errorf("index change log = %+v (%v), want the document's removal last", ch, err)
		}
		if rec := env.request(t, "GET", "/documents/"+d.ID+"/file", "submitter.a@demo.test", nil); rec.Code != 404 {
			t.Errorf("download of a withdrawn document = %d, want 404", rec.Code)
		}
		page := env.request(t, "GET", "/documents/"+d.ID, "inspector.a@demo.test", nil).Body.String()
		if !strings.Contains(page, "Withdrawn") || !strings.Contains(page, "Out of date &lt;b&gt;now&lt;/b&gt;") {
			t.Errorf("document page does not show the withdrawal and its escaped reason: %.2000s", page)
		}
		if strings.Contains(env.request(t, "GET", "/documents/"+d.ID, "submitter.a@demo.test", nil).Body.String(), d.ID+"/withdraw") {
			t.Errorf("a withdrawn document still offers withdrawal")
		}
	})
	t.Run("withdrawing again changes nothing", func(t *testing.T) {
		rec := env.request(t, "POST", path, "submitter.a@demo.test", url.Values{"reason": {"again"}})
		if rec.Code != 303 {
			t.Fatalf("status %d, want 303", rec.Code)
		}
		if got, _ := env.st.DocumentForWork(ctx, d.ID); got.StatusReason != "Out of date <b>now</b>" {
			t.Errorf("reason became %q", got.StatusReason)
		}
	})
}

func TestVersionHistory(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	v1 := env.readyDocument(t, "E06009901", "submitter.a@demo.test", "Carers strategy, first version")
	a, _ := authz.DefaultGroupRules().Map(demoGroups["submitter.a@demo.test"])
	u, err := env.st.UpsertUser(ctx, store.Identity{Issuer: "test", Subject: "submitter.a@demo.test", Email: "submitter.a@demo.test"}, a, true)
	if err != nil {
		t.Fatal(err)
	}
	r, err := env.srv.intake.Receive(ctx, "strategy-v2.txt", strings.NewReader("Carers strategy, second version\n"))
	if err != nil {
		t.Fatal(err)
	}
	v2, err := env.srv.intake.Record(ctx, r, ingest.Metadata{LA: "E06009901", UploadedBy: u.ID, Type: "strategy", Title: "Strategy v2", Replaces: v1.ID},
		store.AuditEntry{ActorEmail: "submitter.a@demo.test"})
	if err != nil {
		t.Fatal(err)
	}
	old := env.request(t, "GET", "/documents/"+v1.ID, "inspector.a@demo.test", nil).Body.String()
	if !strings.Contains(old, `href="/documents/`+v2.ID+`"`) || !strings.Contains(old, "There is a newer version") {
		t.Errorf("old version does not link to the newer one: %.3000s", old)
	}
	cur := env.request(t, "GET", "/documents/"+v2.ID, "submitter.a@demo.test", nil).Body.String()
	if !strings.Contains(cur, `href="/documents/`+v1.ID+`"`) || !strings.Contains(cur, "(this version)") || strings.Contains(cur, "There is a newer version") {
		t.Errorf("new version's history is wrong: %.3000s", cur)
	}
	if rec := env.request(t, "GET", "/documents/"+v1.ID, "submitter.b@demo.test", nil); rec.Code != 404 {
		t.Errorf("another council sees the history: %d", rec.Code)
	}
	// Once the newer version is withdrawn, the first is the current one
	// again: no pointer to a "newer version" that is not in use.
	if rec := env.request(t, "POST", "/documents/"+v2.ID+"/withdraw", "submitter.a@demo.test", url.Values{"reason": {"Wrong file"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("withdraw v2 = %d, want 303", rec.Code)
	}
	old = env.request(t, "GET", "/documents/"+v1.ID, "inspector.a@demo.test", nil).Body.String()
	if strings.Contains(old, "There is a newer version") || !strings.Contains(old, "Wrong file") {
		t.Errorf("first version after the newer one was withdrawn: %.3000s", old)
	}
}

func TestNewerVersion(t *testing.T) {
	doc := func(id string, status document.Status) store.Document { return store.Document{ID: id, Status: status} }
	history := []store.Document{doc("v4", "rejected"), doc("v3", "withdrawn"), doc("v2", "ready"), doc("v1", "ready")}
	tests := []struct {
		name, id, want string
	}{
		{"replaced", "v1", "/documents/v2"},
		{"newer ones withdrawn or rejected", "v2", ""},
		{"withdrawn itself, a rejected one after", "v3", ""},
		{"newest", "v4", ""},
		{"still being processed counts", "a", "/documents/b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := history
			if tt.id == "a" {
				h = []store.Document{doc("b", "scanning"), doc("a", "ready")}
			}
			if got := newerVersion(h, tt.id); got != tt.want {
				t.Errorf("newerVersion(%s) = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
}
