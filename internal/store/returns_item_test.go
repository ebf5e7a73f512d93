package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
)

// TestReturnItem: one item of a return, with its answer and citations as
// ReturnItems gives them; an item of another return, or of another
// council, is missing; a personal answer is left out without leave.
func TestReturnItem(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	ashford, brookmere := authz.OnlyLAs("E06009901"), authz.OnlyLAs("E06009902")
	audit := store.AuditEntry{Action: "test"}
	id, err := st.CreateReturn(ctx, ashford, openAssessment(t, st), returnTemplate(t), "inspector.a@demo.test", audit)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.IssueReturn(ctx, ashford, id, 0, time.Now(), time.UTC, "inspector.a@demo.test", audit); err != nil {
		t.Fatal(err)
	}
	items, err := st.ReturnItems(ctx, ashford, id, true)
	if err != nil {
		t.Fatal(err)
	}
	sa, contacts := itemOf(t, items, "self-assessment"), itemOf(t, items, "interview-contacts")
	own := docIn(t, st, "E06009901", document.Status("ready"), 12)
	answers := map[int64]assessment.Answer{
		sa.ID:       {Kind: "documents", Citations: []assessment.Citation{{DocumentID: own.ID, Page: 3, Section: "2.1"}, {DocumentID: own.ID, Page: 7}}},
		contacts.ID: {Kind: "table", Rows: [][]string{{"Ann", "Director", "Ashford", "ann@ashford.test", "01"}}},
	}
	for item, a := range answers {
		if err := st.AnswerItem(ctx, ashford, store.AnswerInput{Return: id, Item: item, Answer: a, By: "submitter.a@demo.test"}, audit); err != nil {
			t.Fatal(err)
		}
	}

	got, err := st.ReturnItem(ctx, ashford, id, sa.ID, false)
	if err != nil || got.Key != "self-assessment" || got.Answer == nil || len(got.Answer.Citations) != 2 {
		t.Fatalf("ReturnItem = %+v, %v; want the self-assessment with 2 citations", got, err)
	}
	if c := got.Answer.Citations[1]; c.DocumentID != own.ID || c.Page != 7 || c.Pages != 12 || c.Title != own.Title || c.SHA256 != own.SHA256 {
		t.Errorf("second citation = %+v", c)
	}
	for _, tc := range []struct {
		name     string
		scope    authz.Scope
		ret, id  int64
		personal bool
		want     error
		answer   bool
	}{
		{"personal, with leave", ashford, id, contacts.ID, true, nil, true},
		{"personal, without", ashford, id, contacts.ID, false, nil, false},
		{"another council", brookmere, id, sa.ID, true, store.ErrNotFound, false},
		{"another return", ashford, id + 1000, sa.ID, true, store.ErrNotFound, false},
		{"no such item", ashford, id, sa.ID + 1000, true, store.ErrNotFound, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it, err := st.ReturnItem(ctx, tc.scope, tc.ret, tc.id, tc.personal)
			if !errors.Is(err, tc.want) {
				t.Fatalf("ReturnItem = %v, want %v", err, tc.want)
			}
			if (it.Answer != nil) != tc.answer {
				t.Errorf("answer = %+v, want given %v", it.Answer, tc.answer)
			}
		})
	}
}
