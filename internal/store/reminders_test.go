package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
)

// TestDeletePersonalAnswers: the personal answers (a contacts table) of a
// return are emptied once its assessment was published long enough ago,
// once, with an audit entry; other answers stay, and so does a return
// published more recently.
func TestDeletePersonalAnswers(t *testing.T) {
	st, dbURL := storetest.New(t)
	ctx := context.Background()
	if err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	ashford := authz.OnlyLAs("E06009901")
	audit := store.AuditEntry{Action: "test"}
	aid := openAssessment(t, st)
	id, err := st.CreateReturn(ctx, ashford, aid, returnTemplate(t), "inspector.a@demo.test", audit)
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
	contacts, jsna := itemOf(t, items, "interview-contacts"), itemOf(t, items, "jsna")
	for _, a := range []store.AnswerInput{
		{Return: id, Item: contacts.ID, Answer: assessment.Answer{Kind: "table", Rows: [][]string{{"Ann Smith", "Director", "Ashford Vale", "ann@example.gov.uk", "01234 567890"}}}},
		{Return: id, Item: jsna.ID, Answer: assessment.Answer{Kind: jsna.Kind, Link: "https://example.gov.uk/jsna", Text: "The JSNA"}},
	} {
		a.By = "submitter.a@demo.test"
		if err := st.AnswerItem(ctx, ashford, a, audit); err != nil {
			t.Fatalf("answer %d: %v", a.Item, err)
		}
	}
	cutoff := time.Now().AddDate(0, 0, -90)
	if done, err := st.DeletePersonalAnswers(ctx, cutoff, 10); err != nil || len(done) != 0 {
		t.Fatalf("before publication: deleted %+v, %v; want nothing", done, err)
	}
	publishedAgo := func(days int) {
		t.Helper()
		if err := storetest.Exec(t, dbURL, fmt.Sprintf(`UPDATE assessments SET state = 'published', snapshot = coalesce(snapshot, '{}'), published_at = now() - interval '%d days' WHERE id = %d`, days, aid)); err != nil {
			t.Fatal(err)
		}
	}
	publishedAgo(30)
	if done, err := st.DeletePersonalAnswers(ctx, cutoff, 10); err != nil || len(done) != 0 {
		t.Fatalf("published 30 days ago: deleted %+v, %v; want nothing yet", done, err)
	}
	publishedAgo(91)
	done, err := st.DeletePersonalAnswers(ctx, cutoff, 10)
	if err != nil || len(done) != 1 || done[0].Return != id || done[0].Answers != 1 || done[0].LA != "E06009901" {
		t.Fatalf("published 91 days ago: deleted %+v, %v; want the one personal answer of return %d", done, err, id)
	}
	if again, err := st.DeletePersonalAnswers(ctx, cutoff, 10); err != nil || len(again) != 0 {
		t.Errorf("second run deleted %+v, %v; want nothing", again, err)
	}
	items, err = st.ReturnItems(ctx, ashford, id, true)
	if err != nil {
		t.Fatal(err)
	}
	if a := itemOf(t, items, "interview-contacts").Answer; a == nil || len(a.Rows) != 0 {
		t.Errorf("contacts after deletion = %+v, want no rows", a)
	}
	if a := itemOf(t, items, "jsna").Answer; a == nil || a.Link != "https://example.gov.uk/jsna" {
		t.Errorf("a non-personal answer after deletion = %+v, want it kept", a)
	}
	r, err := st.Return(ctx, ashford, id)
	if err != nil || r.PersonalDeletedAt == nil {
		t.Errorf("return after deletion: deleted at %v, %v", r.PersonalDeletedAt, err)
	}
	page, err := st.AuditSearch(ctx, authz.AllLAs(), store.AuditFilter{Action: "return_personal_data_deleted"}, 10, 0)
	if err != nil || page.Total != 1 || page.Entries[0].LA != "E06009901" || page.Entries[0].ActorEmail != "system" {
		t.Errorf("audit = %+v, %v; want one entry by system for E06009901", page, err)
	}
}
