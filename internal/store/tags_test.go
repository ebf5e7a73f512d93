package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestTagState(t *testing.T) {
	sug := func(label string, conf float64) store.TagSuggestion {
		return store.TagSuggestion{Page: 0, Kind: store.TagQS, Label: label, Confidence: conf}
	}
	dec := func(label, decision, source string) store.TagDecision {
		return store.TagDecision{Kind: store.TagQS, Label: label, Decision: decision, Source: source}
	}
	tests := []struct {
		name string
		tags store.DocumentTags
		want store.TagState
	}{
		{"suggestions only, from the threshold", store.DocumentTags{Suggestions: []store.TagSuggestion{sug("a", 0.9), sug("b", 0.5), sug("c", 0.49),
			{Page: 3, Kind: store.TagQS, Label: "d", Confidence: 0.99}}},
			store.TagState{Suggested: []string{"a", "b"}}},
		{"decided labels leave the suggestions", store.DocumentTags{Suggestions: []store.TagSuggestion{sug("a", 0.9), sug("b", 0.8)},
			Decisions: []store.TagDecision{dec("a", store.DecisionAccept, "inspector"), dec("b", store.DecisionReject, "inspector"), dec("c", store.DecisionAdd, "inspector")}},
			store.TagState{Confirmed: []string{"a", "c"}, Rejected: []string{"b"}}},
		{"the latest decision counts", store.DocumentTags{Decisions: []store.TagDecision{dec("a", store.DecisionAccept, "inspector"), dec("a", store.DecisionReject, "inspector"),
			dec("b", store.DecisionReject, "inspector"), dec("b", store.DecisionAdd, "inspector")}},
			store.TagState{Confirmed: []string{"b"}, Rejected: []string{"a"}}},
		{"hints stay the council's", store.DocumentTags{QSHint: "h", Suggestions: []store.TagSuggestion{sug("h", 0.9)},
			Decisions: []store.TagDecision{dec("x", store.DecisionHint, "la"), dec("h", store.DecisionHint, "la")}},
			store.TagState{Suggested: []string{"h"}, Hints: []string{"h", "x"}}},
		{"other kinds ignored", store.DocumentTags{Suggestions: []store.TagSuggestion{{Kind: store.TagCategory, Label: "outcomes", Confidence: 1}},
			Decisions: []store.TagDecision{{Kind: store.TagCategory, Label: "processes", Decision: store.DecisionAdd, Source: "inspector"}}},
			store.TagState{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.tags.State(store.TagQS, 0.5)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("State (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTagModelsActivateAndRollBack(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	if _, err := st.ActiveTagModelVersion(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("active model of a new database: %v, want ErrNotFound", err)
	}
	first := store.TagModel{Version: "qs-1", Examples: 150, Model: []byte(`{"v":1}`), Metrics: []byte(`{"MacroF1":0.8}`)}
	if ok, err := st.EnsureTagModel(ctx, first); !ok || err != nil {
		t.Fatalf("EnsureTagModel = %v, %v", ok, err)
	}
	if ok, err := st.EnsureTagModel(ctx, store.TagModel{Version: "qs-other", Model: []byte("{}")}); ok || err != nil {
		t.Errorf("second EnsureTagModel = %v, %v; want nothing done", ok, err)
	}
	second := store.TagModel{Version: "qs-2", Examples: 151, Decisions: 1, Model: []byte(`{"v":2}`)}
	if err := st.ActivateTagModel(ctx, second, store.AuditEntry{Action: "tag_model_trained"}, testJob{"all"}); err != nil {
		t.Fatal(err)
	}
	m, err := st.ActiveTagModel(ctx)
	if err != nil || m.Version != "qs-2" || string(m.Model) != `{"v":2}` || m.Decisions != 1 {
		t.Errorf("ActiveTagModel = %+v, %v; want qs-2", m, err)
	}
	if n, _ := st.PendingJobs(ctx, "test_job"); n != 1 {
		t.Errorf("re-tag job not enqueued with the model: %d", n)
	}
	list, err := st.TagModels(ctx, 10)
	if err != nil || len(list) != 2 || list[0].Version != "qs-2" || list[1].Active || string(list[1].Metrics) != `{"MacroF1": 0.8}` {
		t.Errorf("TagModels = %+v, %v", list, err)
	}
	prev, err := st.RollbackTagModel(ctx, store.AuditEntry{Action: "tag_model_rolled_back"})
	if err != nil || prev.Version != "qs-1" {
		t.Fatalf("RollbackTagModel = %+v, %v; want qs-1", prev, err)
	}
	if _, err := st.RollbackTagModel(ctx, store.AuditEntry{Action: "tag_model_rolled_back"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rollback before the first model: %v, want ErrNotFound", err)
	}
	log, err := st.AuditLog(ctx, authz.AllLAs(), 10, 0)
	if err != nil || len(log.Entries) != 2 || log.Entries[0].ObjectID != "qs-1" {
		t.Errorf("audit log = %+v, %v; want the training and the rollback", log.Entries, err)
	}
}

func TestTagSuggestionsAndDecisions(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	d := newDoc(t, st, "E06009901")
	d.Status = "tagging"
	d.QSHint = "learning"
	if err := st.CreateDocument(ctx, d, store.AuditEntry{Action: "document_uploaded"}); err != nil {
		t.Fatal(err)
	}
	sugs := []store.TagSuggestion{
		{Page: 0, Kind: store.TagQS, Label: "safeguarding", Confidence: 0.9, ModelVersion: "qs-1",
			Passages: []store.TagPassage{{Page: 2, Start: 0, End: 5, Text: "<b>x"}}},
		{Page: 2, Kind: store.TagQS, Label: "safeguarding", Confidence: 0.9, ModelVersion: "qs-1"},
	}
	move := store.Transition{ID: d.ID, From: []document.Status{"tagging"}, To: "indexing", Jobs: []store.Job{testJob{d.ID}}}
	if err := st.SaveSuggestions(ctx, d.ID, sugs, move); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveSuggestions(ctx, d.ID, nil, move); !errors.Is(err, store.ErrNotMoved) {
		t.Errorf("second SaveSuggestions = %v, want ErrNotMoved", err)
	}
	tags, err := st.DocumentTags(ctx, authz.OnlyLAs("E06009901"), d.ID)
	if err != nil || len(tags.Suggestions) != 2 || tags.Suggestions[0].Passages[0].Text != "<b>x" {
		t.Fatalf("DocumentTags = %+v, %v; want the suggestions kept, passage as given", tags, err)
	}
	if _, err := st.DocumentTags(ctx, authz.OnlyLAs("E06009902"), d.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another council's tags: %v, want ErrNotFound", err)
	}
	insp, err := st.UpsertUser(ctx, store.Identity{Issuer: "t", Subject: "insp", Email: "inspector.a@demo.test"},
		authz.Assignment{Role: authz.RoleInspector}, true)
	if err != nil {
		t.Fatal(err)
	}
	decs := []store.TagDecision{
		{DocumentID: d.ID, LA: d.LA, Kind: store.TagQS, Label: "safeguarding", Decision: store.DecisionAccept, Source: "inspector",
			Text: "passage", ModelVersion: "qs-1", Confidence: 0.9, DecidedBy: insp.ID},
		{DocumentID: d.ID, LA: d.LA, Kind: store.TagQS, Label: "care-provision", Decision: store.DecisionReject, Source: "inspector", DecidedBy: insp.ID},
		{DocumentID: d.ID, LA: d.LA, Kind: store.TagQS, Label: "equity", Decision: store.DecisionReject, Source: "inspector",
			Text: "rejected passage", DecidedBy: insp.ID},
		{DocumentID: d.ID, LA: d.LA, Kind: store.TagQS, Label: "partnerships", Decision: store.DecisionHint, Source: "la", DecidedBy: d.UploadedBy},
		{DocumentID: d.ID, LA: d.LA, Kind: store.TagQS, Label: "safeguarding", Decision: store.DecisionHint, Source: "la", DecidedBy: d.UploadedBy},
		{DocumentID: d.ID, LA: d.LA, Kind: store.TagQS, Label: "learning", Decision: store.DecisionHint, Source: "la", DecidedBy: d.UploadedBy},
	}
	if err := st.RecordTagDecisions(ctx, decs, []store.AuditEntry{{Action: "tag_accepted", LA: d.LA}}, nil); err != nil {
		t.Fatal(err)
	}
	// A hint cannot be recorded as an inspector's.
	bad := decs[3]
	bad.Source = "inspector"
	if err := st.RecordTagDecisions(ctx, []store.TagDecision{bad}, nil, nil); err == nil {
		t.Errorf("a hint recorded as an inspector's decision")
	}
	// The accepted statement and the rejected one with a passage; the
	// rejection without text has nothing to teach.
	train, err := st.TrainingDecisions(ctx)
	if err != nil || len(train) != 2 || train[0].Label != "safeguarding" || train[0].DecidedEmail != "inspector.a@demo.test" ||
		train[1].Label != "equity" || train[1].Decision != store.DecisionReject {
		t.Errorf("TrainingDecisions = %+v, %v; want the accepted one and the rejected one with text", train, err)
	}
	// Hints at upload and later, once each, but not where an inspector
	// decided (safeguarding accepted, care-provision rejected).
	for _, tt := range []struct {
		name     string
		statuses []document.Status
		want     []store.TagHint
	}{
		{"document read", []document.Status{"indexing", "ready"}, []store.TagHint{{DocumentID: d.ID, LA: d.LA, Label: "learning"}, {DocumentID: d.ID, LA: d.LA, Label: "partnerships"}}},
		{"document not in the statuses", []document.Status{"ready"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := st.TrainingHints(ctx, tt.statuses)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("TrainingHints (-want +got):\n%s", diff)
			}
		})
	}
	byDoc, err := st.LATags(ctx, authz.OnlyLAs("E06009901"), "E06009901", []document.Status{"indexing"})
	if err != nil || byDoc[d.ID] == nil || len(byDoc[d.ID].Decisions) != 6 || len(byDoc[d.ID].Suggestions) != 1 {
		t.Errorf("LATags = %+v, %v; want the document with its page-0 suggestion and 6 decisions", byDoc, err)
	}
	if _, err := st.LATags(ctx, authz.OnlyLAs("E06009902"), "E06009901", []document.Status{"indexing"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("LATags of another council: %v, want ErrNotFound", err)
	}
}
