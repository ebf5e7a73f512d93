package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/google/go-cmp/cmp"
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

// TestAddReturnItem: an inspector's item goes after the last one with the
// next "added-" key, even once an earlier one is removed; the audit entry
// says which; another council's return is missing; an issued return takes
// no more items, nor a return at its limit.
func TestAddReturnItem(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	ashford, brookmere := authz.OnlyLAs("E06009901"), authz.OnlyLAs("E06009902")
	tpl := returnTemplate(t)
	id, err := st.CreateReturn(ctx, ashford, openAssessment(t, st), tpl, "inspector.a@demo.test", store.AuditEntry{Action: "test"})
	if err != nil {
		t.Fatal(err)
	}
	audit := store.AuditEntry{Action: "return_item_added", ActorEmail: "inspector.a@demo.test"}
	forum := assessment.NewItem{Part: "contacts", Title: "Carers' forum", Wanted: "Who chairs it", Kind: "table",
		Columns: []string{"Name", "Email"}, Required: true, Personal: true}
	survey := assessment.NewItem{Part: "evidence", Title: "Carers' survey", Wanted: "The latest one", Kind: "documents", QS: []string{"equity"}}

	if _, err := st.AddReturnItem(ctx, brookmere, id, survey, "x", audit); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("AddReturnItem out of scope = %v, want ErrNotFound", err)
	}
	if _, err := st.AddReturnItem(ctx, ashford, id+1000, survey, "x", audit); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("AddReturnItem to a missing return = %v, want ErrNotFound", err)
	}
	first, err := st.AddReturnItem(ctx, ashford, id, forum, "Written for this assessment by inspector.a@demo.test", audit)
	if err != nil {
		t.Fatal(err)
	}
	if first.Key != "added-1" || first.Position != len(tpl.Items)+1 {
		t.Errorf("first added item key %q position %d, want added-1 at %d", first.Key, first.Position, len(tpl.Items)+1)
	}
	second, err := st.AddReturnItem(ctx, ashford, id, survey, "Written for this assessment by inspector.a@demo.test", audit)
	if err != nil {
		t.Fatal(err)
	}
	if second.Key != "added-2" || second.Position != len(tpl.Items)+2 {
		t.Errorf("second added item key %q position %d, want added-2 at %d", second.Key, second.Position, len(tpl.Items)+2)
	}
	// With the first removed, the next still follows the last.
	if err := st.EditReturnItem(ctx, ashford, store.ItemEdit{Return: id, Item: first.ID, Remove: true}, store.AuditEntry{Action: "return_item_removed"}); err != nil {
		t.Fatal(err)
	}
	table, err := st.AddReturnItem(ctx, ashford, id, forum, "x", audit)
	if err != nil {
		t.Fatal(err)
	}
	if table.Key != "added-3" || table.Position != len(tpl.Items)+3 {
		t.Errorf("third added item key %q position %d, want added-3 at %d", table.Key, table.Position, len(tpl.Items)+3)
	}
	items, err := st.ReturnItems(ctx, ashford, id, true)
	if err != nil {
		t.Fatal(err)
	}
	got := items[len(items)-2]
	got.Answer = nil
	want := store.ReturnItem{ID: second.ID, Position: second.Position, Key: "added-2", Part: "evidence", Title: "Carers' survey",
		Wanted: "The latest one", QS: []string{"equity"}, Categories: []string{}, Kind: "documents", Columns: []string{},
		Source: "Written for this assessment by inspector.a@demo.test"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the item before the last (-want +got):\n%s", diff)
	}
	if it := items[len(items)-1]; it.ID != table.ID || !cmp.Equal(it.Columns, []string{"Name", "Email"}) || !it.Personal || !it.Required {
		t.Errorf("the last item = %+v; want the table with its columns, personal and required", it)
	}

	log, err := st.AuditLog(ctx, authz.AllLAs(), 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, e := range log.Entries {
		if e.Action == "return_item_added" && e.ObjectID == fmt.Sprint(id) && e.LA == "E06009901" {
			added = append(added, e.Detail["key"]+"="+e.Detail["item"])
		}
	}
	if want := []string{fmt.Sprintf("added-3=%d", table.ID), fmt.Sprintf("added-2=%d", second.ID), fmt.Sprintf("added-1=%d", first.ID)}; !cmp.Equal(added, want) {
		t.Errorf("audit entries of the additions = %v, want %v", added, want)
	}

	// At the limit, then issued: refused, and nothing written.
	if _, err := st.Pool().Exec(ctx, `INSERT INTO return_items (return_id, la_code, position, key, part, title, wanted, kind, required)
		SELECT $1, 'E06009901', 1000 + g, 'filler-' || g, 'evidence', 'Filler', 'Filler', 'text', false
		FROM generate_series(1, $2::int) g`, id, assessment.MaxReturnItems-len(items)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddReturnItem(ctx, ashford, id, survey, "x", audit); !errors.Is(err, store.ErrReturnFull) {
		t.Errorf("AddReturnItem at %d items = %v, want ErrReturnFull", assessment.MaxReturnItems, err)
	}
	if _, err := st.Pool().Exec(ctx, `DELETE FROM return_items WHERE return_id = $1 AND key LIKE 'filler-%'`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := st.IssueReturn(ctx, ashford, id, 0, time.Now(), time.UTC, "inspector.a@demo.test", store.AuditEntry{Action: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddReturnItem(ctx, ashford, id, survey, "x", audit); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("AddReturnItem after issue = %v, want ErrWrongState", err)
	}
	if after, err := st.ReturnItems(ctx, ashford, id, true); err != nil || len(after) != len(items) {
		t.Errorf("items after the refusals = %d, %v; want %d", len(after), err, len(items))
	}
}
