package ingest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/servicetest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tagger"
	"github.com/evidenceportal/portal/search"
)

const safeguardingPage = "Section 42 enquiries were completed within 28 days. The safeguarding adults board reviewed " +
	"every safeguarding adults review. People told us they felt safe."

func TestSuggest(t *testing.T) {
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	m, err := tagger.Default(cat)
	if err != nil {
		t.Fatal(err)
	}
	g, err := tagger.NewGuesser()
	if err != nil {
		t.Fatal(err)
	}
	pages := []extract.Page{{Number: 1, Text: "Contents."}, {Number: 2, Text: safeguardingPage}}
	sugs := Suggest(m, g, pages, "")
	doc := map[[2]string]store.TagSuggestion{}
	for _, sg := range sugs {
		if sg.ModelVersion != m.Version() {
			t.Errorf("suggestion %+v does not name the model %s", sg, m.Version())
		}
		if sg.Page == 0 {
			doc[[2]string{sg.Kind, sg.Label}] = sg
		} else if sg.Confidence < pageFloor {
			t.Errorf("page suggestion below the floor kept: %+v", sg)
		}
		for _, p := range sg.Passages {
			if p.Page < 1 || p.Page > len(pages) || pages[p.Page-1].Text[p.Start:p.End] != p.Text {
				t.Errorf("passage %+v is not a slice of its page", p)
			}
		}
	}
	if len(doc) != 9+5 {
		t.Errorf("document suggestions = %d, want one per quality statement and category (14)", len(doc))
	}
	sg := doc[[2]string{store.TagQS, "safeguarding"}]
	if sg.Confidence < 0.5 || len(sg.Passages) == 0 || sg.Passages[0].Page != 2 {
		t.Errorf("safeguarding = %+v, want confident with a passage of page 2", sg)
	}
	if c := doc[[2]string{store.TagCategory, "people-experience"}]; c.Confidence == 0 || len(c.Passages) == 0 {
		t.Errorf("people's experience = %+v, want the cue's sentence", c)
	}
	if got := Suggest(m, g, nil, ""); len(got) != 14 {
		t.Errorf("Suggest of no pages = %d suggestions, want 14 at zero", len(got))
	}
}

func TestTagStageStoresSuggestionsForTheIndex(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	stop := e.pipeline(t, servicetest.Env(t, "PORTAL_CLAMD_ADDR"))
	defer stop()
	d, err := e.upload(t, "safeguarding.txt", []byte(safeguardingPage+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	e.waitFor(t, d.ID, document.Ready, document.Failed, document.Rejected)
	active, err := e.st.ActiveTagModelVersion(ctx)
	if err != nil || active != e.tagger.Version() {
		t.Fatalf("active model = %q, %v; want the shipped %s stored at start", active, err, e.tagger.Version())
	}
	tags, err := e.st.DocumentTags(ctx, authz.OnlyLAs("E06009901"), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	st := tags.State(store.TagQS, SuggestAt)
	if len(st.Suggested) == 0 || st.Suggested[0] != "safeguarding" {
		t.Errorf("suggested = %v, want safeguarding first", st.Suggested)
	}
	if _, err := e.st.DocumentTags(ctx, authz.OnlyLAs("E06009902"), d.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another council reading the tags: %v, want ErrNotFound", err)
	}
	if done, total, err := e.st.RetagProgress(ctx, active, RetagStatuses); err != nil || done != 1 || total != 1 {
		t.Errorf("RetagProgress = %d/%d, %v; want 1/1", done, total, err)
	}
	scope := search.Scope{LAs: []string{"E06009901"}}
	q, _ := search.Parse("qs:safeguarding")
	if res, err := e.index.Search(ctx, search.Request{Query: q, Scope: scope}); err != nil || len(res.Hits) != 1 {
		t.Errorf("qs:safeguarding = %d hits, %v; want the suggested document", len(res.Hits), err)
	}

	// An inspector confirms another statement: re-indexed as confirmed.
	insp, err := e.st.UpsertUser(ctx, store.Identity{Issuer: "t", Subject: "i", Email: "inspector.a@demo.test"},
		authz.Assignment{Role: authz.RoleInspector}, true)
	if err != nil {
		t.Fatal(err)
	}
	err = e.st.RecordTagDecisions(ctx, []store.TagDecision{{DocumentID: d.ID, LA: d.LA, Kind: store.TagQS, Label: "care-provision",
		Decision: store.DecisionAdd, Source: "inspector", Page: 1, Text: safeguardingPage, DecidedBy: insp.ID}},
		[]store.AuditEntry{{Action: "tag_added"}},
		[]store.Transition{{ID: d.ID, From: []document.Status{document.Ready}, To: document.Indexing, Jobs: []store.Job{IndexJob{DocumentID: d.ID}}}})
	if err != nil {
		t.Fatal(err)
	}
	e.waitFor(t, d.ID, document.Ready)
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := e.index.Search(ctx, search.Request{Query: q, Scope: scope, Filters: map[string]string{"qs": "care-provision"}})
		if err == nil && len(res.Hits) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("confirmed care-provision not in the index: %+v, %v", res.Hits, err)
		}
		time.Sleep(50 * time.Millisecond)
	}

	// Retraining learns the decision, makes a new active model and re-tags.
	tm, err := Retrain(ctx, e.st, e.bl, NewModels(e.st, mustCatalogue(t), e.tagger, nil), "test")
	if err != nil {
		t.Fatal(err)
	}
	if tm.Version == active || tm.Decisions != 1 || tm.Examples != len(tagger.RepositoryExamples())+1 {
		t.Fatalf("retrained model = %s with %d examples (%d decisions), want a new version with the decision", tm.Version, tm.Examples, tm.Decisions)
	}
	deadline = time.Now().Add(20 * time.Second)
	for {
		done, total, err := e.st.RetagProgress(ctx, tm.Version, RetagStatuses)
		if err == nil && done == 1 && total == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("re-tag progress = %d/%d, %v; want the document re-tagged by %s", done, total, err, tm.Version)
		}
		time.Sleep(50 * time.Millisecond)
	}
	e.waitFor(t, d.ID, document.Ready)

	// Rolling back makes the shipped model active again.
	prev, err := e.st.RollbackTagModel(ctx, store.AuditEntry{Action: "tag_model_rolled_back"}, RetagAllJob{Version: active})
	if err != nil || prev.Version != active {
		t.Fatalf("RollbackTagModel = %s, %v; want %s", prev.Version, err, active)
	}
	if _, err := e.st.RollbackTagModel(ctx, store.AuditEntry{Action: "tag_model_rolled_back"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rollback past the first model: %v, want ErrNotFound", err)
	}
}

func mustCatalogue(t *testing.T) *framework.Catalogue {
	t.Helper()
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}
