package ingest

import (
	"context"
	"fmt"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/servicetest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tagger"
	"github.com/google/go-cmp/cmp"
)

func confidence(r tagger.Result, qs string) float64 {
	for _, s := range r.Scores {
		if s.QS == qs {
			return s.Confidence
		}
	}
	return -1
}

// TestRetrainLearnsFromPeople: the shipped model takes telecare's digital
// switchover for healthier lives, where inspectors see safe systems and
// transitions. Inspectors add safe systems to two such documents and reject
// healthier lives on one, and the council hints safe systems on a third
// (and healthier lives on the first, which the inspector's rejection
// overrules). After a retrain the model is more confident of safe systems,
// and less of healthier lives, on a text of the same kind it never saw. The
// same for an evidence category: inspectors add feedback from partners to
// two of the documents and reject processes on one, and the retrained
// category model follows them.
func TestRetrainLearnsFromPeople(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	stop := e.pipeline(t, servicetest.Env(t, "PORTAL_CLAMD_ADDR"))
	defer stop()
	texts := []string{
		"The council's telecare alarms moved from analogue phone lines to digital. Every alarm user was visited before the switch and the responder service kept running through the change.",
		"During the digital switchover the telecare team checked each pendant alarm and the monitoring centre tested calls from every home, so nobody was left without a working alarm.",
		"Telecare users were told in writing about the digital switchover; alarms and key safes were checked, and the monitoring centre kept a list of people at risk if a line failed.",
	}
	const probe = "Telecare alarms and pendants: the digital switchover plan checked every alarm before the analogue lines were switched off."
	var docs []store.Document
	for i, text := range texts {
		d, err := e.upload(t, fmt.Sprintf("telecare-%d.txt", i), []byte(text+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		if d = e.waitFor(t, d.ID, document.Ready, document.Failed, document.Rejected); d.Status != document.Ready {
			t.Fatalf("document %d is %s, want ready", i, d.Status)
		}
		docs = append(docs, d)
	}
	shipped := e.tagger.Tag(probe)
	if shipped.Top[0] == "safe-systems" {
		t.Fatalf("the shipped model already tags the probe safe-systems first: %v", shipped.Top)
	}
	insp, err := e.st.UpsertUser(ctx, store.Identity{Issuer: "t", Subject: "i", Email: "inspector.a@demo.test"},
		authz.Assignment{Role: authz.RoleInspector}, true)
	if err != nil {
		t.Fatal(err)
	}
	dec := func(d store.Document, label, decision, text string) store.TagDecision {
		if decision == store.DecisionHint {
			return store.TagDecision{DocumentID: d.ID, LA: d.LA, Kind: store.TagQS, Label: label, Decision: decision, Source: "la", DecidedBy: e.user.ID}
		}
		return store.TagDecision{DocumentID: d.ID, LA: d.LA, Kind: store.TagQS, Label: label, Decision: decision, Source: "inspector",
			Text: text, DecidedBy: insp.ID}
	}
	catDec := func(d store.Document, label, decision, text string) store.TagDecision {
		c := dec(d, label, decision, text)
		c.Kind = store.TagCategory
		return c
	}
	decs := []store.TagDecision{
		// Inspectors see the telecare notes as feedback from partners (the
		// alarm responder), not processes, which the document type (a
		// policy) suggests.
		catDec(docs[0], "partners-feedback", store.DecisionAdd, texts[0]),
		catDec(docs[1], "partners-feedback", store.DecisionAccept, texts[1]),
		catDec(docs[0], "processes", store.DecisionReject, texts[0]),
		dec(docs[0], "healthier-lives", store.DecisionHint, ""),
		dec(docs[0], "safe-systems", store.DecisionAdd, texts[0]),
		dec(docs[0], "healthier-lives", store.DecisionReject, texts[0]),
		dec(docs[1], "safe-systems", store.DecisionAccept, texts[1]),
		dec(docs[2], "safe-systems", store.DecisionHint, ""),
	}
	if err := e.st.RecordTagDecisions(ctx, decs, nil, nil); err != nil {
		t.Fatal(err)
	}
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	ms := NewModels(e.st, cat, e.tagger, nil)
	tm, err := Retrain(ctx, e.st, e.bl, ms, "test")
	if err != nil {
		t.Fatal(err)
	}
	repo := len(tagger.RepositoryExamples())
	want := TrainingSources{Repository: repo, Confirmed: 2, Rejected: 1, Hints: 1, Categories: 3}
	if diff := cmp.Diff(want, ModelSources(tm)); diff != "" || tm.Examples != repo+4 || tm.Decisions != 3 {
		t.Errorf("sources (-want +got):\n%s; examples %d, decisions %d", diff, tm.Examples, tm.Decisions)
	}
	m, err := ms.Active(ctx)
	if err != nil || m.Version() != tm.Version {
		t.Fatalf("active model = %v, %v; want the retrained %s", m, err, tm.Version)
	}
	learnt := m.Tag(probe)
	for _, c := range []struct {
		qs   string
		up   bool
		name string
	}{
		{"safe-systems", true, "the statement people gave"},
		{"healthier-lives", false, "the statement inspectors rejected"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before, after := confidence(shipped, c.qs), confidence(learnt, c.qs)
			t.Logf("%s: %.3f before, %.3f after", c.qs, before, after)
			if c.up && after < before+0.2 || !c.up && after >= before {
				t.Errorf("%s: confidence %.3f before the retrain, %.3f after", c.qs, before, after)
			}
		})
	}
	t.Run("categories", func(t *testing.T) {
		if shippedCats := e.tagger.Categories(); shippedCats == nil || m.Categories() == nil {
			t.Fatal("no category model")
		}
		docType := docs[0].Type
		before := confidence(e.tagger.Categories().Tag(probe, docType), "partners-feedback")
		after := confidence(m.Categories().Tag(probe, docType), "partners-feedback")
		procBefore := confidence(e.tagger.Categories().Tag(probe, docType), "processes")
		procAfter := confidence(m.Categories().Tag(probe, docType), "processes")
		t.Logf("partners-feedback: %.3f before, %.3f after; processes %.3f, %.3f (document type %q)", before, after, procBefore, procAfter, docType)
		if after < before+0.2 || procAfter >= procBefore {
			t.Errorf("partners-feedback %.3f before the retrain, %.3f after; processes %.3f, %.3f", before, after, procBefore, procAfter)
		}
	})
	if learnt.Top[0] != "safe-systems" {
		t.Errorf("retrained model's first suggestion = %v, want safe-systems", learnt.Top)
	}
	again, err := Retrain(ctx, e.st, e.bl, ms, "test")
	if err != nil || again.Version != tm.Version {
		t.Errorf("retraining on the same data = %s, %v; want the same version %s", again.Version, err, tm.Version)
	}
}
