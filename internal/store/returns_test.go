package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
)

func returnTemplate(t *testing.T) *framework.ReturnTemplate {
	t.Helper()
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := cat.LoadReturnTemplate(framework.DefaultReturnTemplate)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// itemOf finds the item with the key.
func itemOf(t *testing.T, items []store.ReturnItem, key string) store.ReturnItem {
	t.Helper()
	for _, it := range items {
		if it.Key == key {
			return it
		}
	}
	t.Fatalf("no item %s", key)
	return store.ReturnItem{}
}

// TestReturnLifecycle: a draft from the template, edited, issued with a due
// date three weeks on, answered item by item with every kind of answer,
// refused with bad input, submitted once and frozen.
func TestReturnLifecycle(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	ashford, brookmere := authz.OnlyLAs("E06009901"), authz.OnlyLAs("E06009902")
	audit := store.AuditEntry{Action: "test"}
	aid := openAssessment(t, st)
	tpl := returnTemplate(t)

	if _, err := st.CreateReturn(ctx, brookmere, aid, tpl, "x", audit); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("CreateReturn out of scope = %v, want ErrNotFound", err)
	}
	id, err := st.CreateReturn(ctx, ashford, aid, tpl, "inspector.a@demo.test", audit)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateReturn(ctx, ashford, aid, tpl, "x", audit); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second CreateReturn = %v, want ErrConflict", err)
	}
	if _, err := st.Return(ctx, brookmere, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Return out of scope = %v, want ErrNotFound", err)
	}
	if items, err := st.ReturnItems(ctx, brookmere, id, true); err != nil || len(items) != 0 {
		t.Errorf("ReturnItems out of scope = %d items, %v; want none", len(items), err)
	}
	if rs, err := st.Returns(ctx, ashford, false); err != nil || len(rs) != 0 {
		t.Errorf("Returns without drafts = %d, %v; want the draft hidden", len(rs), err)
	}
	items, err := st.ReturnItems(ctx, ashford, id, true)
	if err != nil || len(items) != len(tpl.Items) {
		t.Fatalf("ReturnItems = %d, %v; want the template's %d", len(items), err, len(tpl.Items))
	}

	// Edited before issue: a title changed, an item removed.
	peer := itemOf(t, items, "peer-reviews")
	jsna := itemOf(t, items, "jsna")
	if err := st.EditReturnItem(ctx, ashford, store.ItemEdit{Return: id, Item: jsna.ID, Title: "JSNA", Wanted: "A link", Required: true}, audit); err != nil {
		t.Fatal(err)
	}
	if err := st.EditReturnItem(ctx, ashford, store.ItemEdit{Return: id, Item: peer.ID, Remove: true}, audit); err != nil {
		t.Fatal(err)
	}
	if err := st.EditReturnItem(ctx, brookmere, store.ItemEdit{Return: id, Item: jsna.ID, Title: "x", Wanted: "y"}, audit); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("EditReturnItem out of scope = %v, want ErrNotFound", err)
	}

	issued := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	due, err := st.IssueReturn(ctx, ashford, id, 0, issued, time.UTC, "inspector.a@demo.test", audit)
	if err != nil || due.Format(time.DateOnly) != "2026-03-23" {
		t.Fatalf("IssueReturn = %v, %v; want due 2026-03-23", due, err)
	}
	if _, err := st.IssueReturn(ctx, ashford, id, 0, issued, time.UTC, "x", audit); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("second IssueReturn = %v, want ErrWrongState", err)
	}
	if err := st.EditReturnItem(ctx, ashford, store.ItemEdit{Return: id, Item: jsna.ID, Title: "x", Wanted: "y"}, audit); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("EditReturnItem after issue = %v, want ErrWrongState", err)
	}
	items, _ = st.ReturnItems(ctx, ashford, id, true)
	if len(items) != len(tpl.Items)-1 || itemOf(t, items, "jsna").Title != "JSNA" || !itemOf(t, items, "jsna").Required {
		t.Errorf("edits not kept: %d items, jsna %+v", len(items), itemOf(t, items, "jsna"))
	}
	for _, it := range items {
		if it.DueOn == nil || !it.DueOn.Equal(due) {
			t.Errorf("item %s due %v, want %v", it.Key, it.DueOn, due)
		}
	}

	own := docIn(t, st, "E06009901", document.Status("ready"), 10)
	other := docIn(t, st, "E06009902", document.Status("ready"), 10)
	unread := docIn(t, st, "E06009901", document.Status("received"), 0)
	answer := func(scope authz.Scope, key string, a assessment.Answer, version int) error {
		return st.AnswerItem(ctx, scope, store.AnswerInput{Return: id, Item: itemOf(t, items, key).ID, Answer: a, Version: version,
			By: "submitter.a@demo.test"}, audit)
	}
	docs := func(cs ...assessment.Citation) assessment.Answer {
		return assessment.Answer{Kind: "documents", Citations: cs}
	}
	bad := []struct {
		name  string
		scope authz.Scope
		key   string
		a     assessment.Answer
		want  error
	}{
		{"another council's document", ashford, "self-assessment", docs(assessment.Citation{DocumentID: other.ID, Page: 1}), store.ErrBadCitation},
		{"a page past the end", ashford, "self-assessment", docs(assessment.Citation{DocumentID: own.ID, Page: 11}), store.ErrBadCitation},
		{"a document not read yet", ashford, "self-assessment", docs(assessment.Citation{DocumentID: unread.ID}), store.ErrBadCitation},
		{"no such document", ashford, "self-assessment", docs(assessment.Citation{DocumentID: "not-a-uuid"}), store.ErrBadCitation},
		{"a forged kind", ashford, "self-assessment", assessment.Answer{Kind: "text", Text: "x"}, store.ErrBadKind},
		{"another council", brookmere, "waiting-lists", assessment.Answer{Kind: "text", Text: "x"}, store.ErrNotFound},
	}
	for _, b := range bad {
		if err := answer(b.scope, b.key, b.a, 0); !errors.Is(err, b.want) {
			t.Errorf("answer with %s = %v, want %v", b.name, err, b.want)
		}
	}
	if err := st.AnswerItem(ctx, ashford, store.AnswerInput{Return: id + 1000, Item: itemOf(t, items, "jsna").ID,
		Answer: assessment.Answer{Kind: "link", Link: "https://example.org"}}, audit); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an item of another return = %v, want ErrNotFound", err)
	}
	if it, _ := st.ReturnItems(ctx, ashford, id, true); itemOf(t, it, "self-assessment").Answer != nil {
		t.Errorf("a refused answer left %+v", itemOf(t, it, "self-assessment").Answer)
	}

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(answer(ashford, "self-assessment", docs(assessment.Citation{DocumentID: own.ID, Page: 3, Section: "2.1"}, assessment.Citation{DocumentID: own.ID}), 0))
	must(answer(ashford, "jsna", assessment.Answer{Kind: "link", Link: "https://www.ashford.gov.uk/jsna"}, 0))
	must(answer(ashford, "waiting-lists", assessment.Answer{Kind: "text", Text: "42 people"}, 0))
	must(answer(ashford, "interview-contacts", assessment.Answer{Kind: "table", Rows: [][]string{{"Ann", "Director", "Ashford", "ann@ashford.test", "01"}}}, 0))
	if err := answer(ashford, "waiting-lists", assessment.Answer{Kind: "text", Text: "40 people"}, 0); !errors.Is(err, store.ErrStale) {
		t.Errorf("a save from a stale form = %v, want ErrStale", err)
	}
	must(answer(ashford, "waiting-lists", assessment.Answer{Kind: "text", Text: "40 people"}, 1))

	items, _ = st.ReturnItems(ctx, ashford, id, true)
	sa := itemOf(t, items, "self-assessment").Answer
	if sa == nil || len(sa.Citations) != 2 || sa.Citations[0].Page != 3 || sa.Citations[0].Section != "2.1" || sa.Citations[0].SHA256 != own.SHA256 {
		t.Errorf("self-assessment answer = %+v", sa)
	}
	if wl := itemOf(t, items, "waiting-lists").Answer; wl == nil || wl.Text != "40 people" || wl.Version != 2 || wl.AnsweredBy != "submitter.a@demo.test" {
		t.Errorf("waiting lists answer = %+v", wl)
	}
	hidden, _ := st.ReturnItems(ctx, ashford, id, false)
	if a := itemOf(t, hidden, "interview-contacts").Answer; a != nil {
		t.Errorf("personal answer shown without leave: %+v", a)
	}

	// Submitting: refused while required items lack an answer or a reason.
	var inc *store.IncompleteError
	if err := st.SubmitReturn(ctx, ashford, id, nil, "submitter.a@demo.test", audit); !errors.As(err, &inc) || len(inc.Items) == 0 {
		t.Fatalf("SubmitReturn of an incomplete return = %v, want IncompleteError", err)
	}
	reasons := map[int64]string{}
	for _, it := range items {
		if it.Required && it.Answer == nil {
			reasons[it.ID] = "We do not have this"
		}
	}
	if err := st.SubmitReturn(ctx, brookmere, id, reasons, "x", audit); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SubmitReturn out of scope = %v, want ErrNotFound", err)
	}
	must(st.SubmitReturn(ctx, ashford, id, reasons, "submitter.a@demo.test", audit))
	if err := st.SubmitReturn(ctx, ashford, id, reasons, "submitter.a@demo.test", audit); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("submitting twice = %v, want ErrWrongState", err)
	}
	if err := answer(ashford, "jsna", assessment.Answer{Kind: "link", Link: "https://example.org/new"}, 1); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("answering after submission = %v, want ErrWrongState", err)
	}

	// A new version of a cited document: the answer still cites the old
	// one, and says that a newer one exists.
	nv := newDoc(t, st, "E06009901")
	nv.Replaces = own.ID
	must(st.CreateDocument(ctx, nv, audit))
	if _, err := st.MoveDocument(ctx, store.Transition{ID: nv.ID, From: []document.Status{"received"}, To: "ready", Pages: 4}); err != nil {
		t.Fatal(err)
	}
	items, _ = st.ReturnItems(ctx, ashford, id, true)
	c := itemOf(t, items, "self-assessment").Answer.Citations[0]
	if c.DocumentID != own.ID || c.Newer != nv.ID {
		t.Errorf("citation after a new version = %+v, want %s with newer %s", c, own.ID, nv.ID)
	}
	r, err := st.Return(ctx, ashford, id)
	if err != nil || r.State != assessment.ReturnSubmitted || r.SubmittedBy != "submitter.a@demo.test" || r.DueOn == nil {
		t.Errorf("Return = %+v, %v", r, err)
	}
	if rs, err := st.Returns(ctx, ashford, false); err != nil || len(rs) != 1 {
		t.Errorf("Returns = %d, %v; want the submitted one", len(rs), err)
	}
	if rs, err := st.Returns(ctx, brookmere, true); err != nil || len(rs) != 0 {
		t.Errorf("Returns of another council = %d, %v; want none", len(rs), err)
	}
}
