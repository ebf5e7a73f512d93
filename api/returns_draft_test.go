package api

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/google/go-cmp/cmp"
)

// TestReturnItemAddForm: the inspector adds items to the draft from the
// page's form; each bad input is refused with its GOV.UK message, on its
// field, with what was typed kept, and adds nothing; the council cannot
// add (403) and another council's people do not find the return (404);
// once issued the form is gone, a forged post is refused, and the council
// answers the added table.
func TestReturnItemAddForm(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	ins, sub, viewer := "inspector.a@demo.test", "submitter.a@demo.test", "viewer.a@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	r := fmt.Sprintf("/assessments/%d/return", id)
	add := r + "/items"
	env.run(t, []step{{"the inspector starts the draft", "POST", r, ins, url.Values{}, 303, nil, nil}})
	rt, err := env.st.ReturnOf(ctx, authz.AllLAs(), id)
	if err != nil {
		t.Fatal(err)
	}
	before := len(env.returnItemIDs(t, rt.ID))
	audited := env.auditCount(t, "return_item_added")

	forum := func(kv ...string) url.Values {
		f := url.Values{"part": {"contacts"}, "title": {"Carers' forum"}, "wanted": {"Who chairs the carers' forum, and how to reach them"},
			"kind": {"table"}, "columns": {"Name\nRole\nEmail"}, "qs": {"safeguarding", "partnerships"}, "required": {"yes"}, "personal": {"yes"}}
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	env.run(t, []step{
		{"the form on the draft", "GET", r, ins, nil, 200, []string{"Add an item", `action="` + add + `"`, `name="csrf_token"`,
			`id="new-part"`, `id="new-kind-table-conditional"`, `id="new-qs"`, `id="new-personal"`}, nil},
		{"the council's submitter may not add", "POST", add, sub, forum(), 403, nil, nil},
		{"nor its viewer", "POST", add, viewer, forum(), 403, nil, nil},
		{"nor the panel", "POST", add, "panel@demo.test", forum(), 403, nil, nil},
		{"Brookmere's submitter finds nothing", "POST", add, "submitter.b@demo.test", forum(), 404, nil, nil},
		{"nor Brookmere's inspector", "POST", add, "inspector.b@demo.test", forum(), 404, nil, nil},
		{"no part", "POST", add, ins, forum("part", ""), 422, []string{"There is a problem", `href="#new-part"`,
			"Select the part of the return the item is in", `value="Carers&#39; forum"`, "Name\nRole\nEmail"}, nil},
		{"a part not in the template", "POST", add, ins, forum("part", "finance"), 422, []string{"Select the part of the return the item is in"}, nil},
		{"no title", "POST", add, ins, forum("title", " "), 422, []string{`href="#new-title"`, "Enter a title", "Who chairs the carers"}, nil},
		{"a title too long", "POST", add, ins, forum("title", strings.Repeat("x", 301)), 422, []string{"The title must be 300 characters or fewer"}, nil},
		{"nothing wanted", "POST", add, ins, forum("wanted", ""), 422, []string{`href="#new-wanted"`, "Say what is wanted"}, nil},
		{"a forged kind", "POST", add, ins, forum("kind", "spreadsheet"), 422, []string{`href="#new-kind"`, "Select how the council answers the item"}, nil},
		{"a table without columns", "POST", add, ins, forum("columns", " , "), 422, []string{`href="#new-columns"`,
			"Enter the columns of the table, one per line"}, nil},
		{"eleven columns", "POST", add, ins, forum("columns", "a,b,c,d,e,f,g,h,i,j,k"), 422, []string{"A table can have up to 10 columns"}, nil},
		{"a column too long", "POST", add, ins, forum("columns", "Name\n"+strings.Repeat("y", 61)), 422,
			[]string{"Each column name must be 60 characters or fewer"}, nil},
		{"a column twice", "POST", add, ins, forum("columns", "Name, name"), 422, []string{"Give each column a different name"}, nil},
		{"a statement not in the framework", "POST", add, ins, forum("qs", "finance"), 422, []string{`href="#new-qs"`,
			"Select quality statements from the list"}, nil},
		{"several at once, the choices kept", "POST", add, ins, forum("title", "", "wanted", ""), 422, []string{"Enter a title", "Say what is wanted",
			`id="new-part" name="part" type="radio" value="contacts" checked`, `value="safeguarding" checked`, `id="new-personal" name="personal" type="checkbox" value="yes" checked`}, nil},
	})
	if n := env.auditCount(t, "return_item_added"); n != audited {
		t.Errorf("refused items wrote %d audit entries", n-audited)
	}
	if n := len(env.returnItemIDs(t, rt.ID)); n != before {
		t.Fatalf("refused items changed the return: %d items, want %d", n, before)
	}

	rec := env.request(t, "POST", add, ins, forum())
	if rec.Code != 303 || !strings.HasPrefix(rec.Header().Get("Location"), r+"?added=1#item-") {
		t.Fatalf("adding the forum = %d %q, want 303 to the item on the return", rec.Code, rec.Header().Get("Location"))
	}
	env.run(t, []step{
		// A link item by an admin: the columns box, hidden under the table
		// choice, is not part of it.
		{"an admin adds one", "POST", add, "admin@demo.test", url.Values{"part": {"evidence"}, "title": {"Carers' strategy"},
			"wanted": {"A link to the carers' strategy"}, "kind": {"link"}, "columns": {"left over"}}, 303, nil, nil},
		{"the draft shows them", "GET", r + "?added=1", ins, nil, 200, []string{"The item has been added", "Carers&#39; forum",
			"A table · Required · Safeguarding, Partnerships and communities · Personal data", "Written for this assessment by inspector.a@demo.test",
			"Carers&#39; strategy", "A link · Optional", "Written for this assessment by admin@demo.test"}, nil},
	})
	items, err := env.st.ReturnItems(ctx, authz.AllLAs(), rt.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	type added struct {
		Key, Part, Kind    string
		Columns, QS        []string
		Required, Personal bool
	}
	var got []added
	for _, it := range items[len(items)-2:] {
		got = append(got, added{it.Key, it.Part, it.Kind, it.Columns, it.QS, it.Required, it.Personal})
	}
	want := []added{
		{"added-1", "contacts", "table", []string{"Name", "Role", "Email"}, []string{"safeguarding", "partnerships"}, true, true},
		{"added-2", "evidence", "link", []string{}, []string{}, false, false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the added items (-want +got):\n%s", diff)
	}
	if n := env.auditCount(t, "return_item_added"); n != audited+2 {
		t.Errorf("additions audited %d times, want 2", n-audited)
	}

	forumItem := fmt.Sprintf("%s/items/%d", r, items[len(items)-2].ID)
	env.run(t, []step{
		{"the inspector issues it", "POST", r + "/issue", ins, url.Values{"due_days": {"21"}}, 303, nil, nil},
		{"the form is gone", "GET", r, ins, nil, 200, []string{"Carers&#39; forum"}, []string{"Add an item", `action="` + add + `"`}},
		{"a forged post is refused", "POST", add, ins, forum("title", "Late"), 409, []string{"its items can no longer be changed"}, nil},
		{"and by an admin", "POST", add, "admin@demo.test", forum("title", "Late"), 409, nil, nil},
		{"the council sees the item", "GET", forumItem, viewer, nil, 200, []string{"Carers&#39; forum", "Who chairs the carers"}, nil},
		{"its submitter gets the table to fill in", "GET", forumItem, sub, nil, 200, []string{">Name<", ">Role<", ">Email<"}, nil},
		{"and answers it", "POST", forumItem + "/answer", sub, url.Values{"kind": {"table"}, "version": {"0"}, "rows": {"1"},
			"cell-0-0": {"Ann Smith"}, "cell-0-1": {"Chair"}, "cell-0-2": {"ann@ashford.example"}}, 303, nil, nil},
		{"its inspector sees the answer", "GET", forumItem, ins, nil, 200, []string{"Ann Smith", "holds personal data"}, nil},
		{"the panel does not", "GET", forumItem, "panel@demo.test", nil, 200, nil, []string{"Ann Smith"}},
	})
	if n := len(env.returnItemIDs(t, rt.ID)); n != before+2 {
		t.Errorf("the return has %d items after issue, want %d", n, before+2)
	}
}
