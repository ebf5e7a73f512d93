package api

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
)

// TestReturnDraftAPI: through the JSON API the inspector starts the draft,
// adds, changes and removes items with the form's rules and messages (422
// with fields), the council may not (403), another council's ids and
// items of another return are 404, once issued every change is 409, and
// each change is audited once.
func TestReturnDraftAPI(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	ins, sub, subB, insB := "inspector.a@demo.test", "submitter.a@demo.test", "submitter.b@demo.test", "inspector.b@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	ret := fmt.Sprintf("/api/v1/assessments/%d/return", id)
	// Brookmere's draft, whose items are not Ashford's.
	bid := env.openAssessment(t, "E06009902", "qs-only-2024", insB)
	brid, err := env.st.CreateReturn(ctx, authz.AllLAs(), bid, env.srv.returnTpl, insB, env.auditAs("setup"))
	if err != nil {
		t.Fatal(err)
	}
	bitem := env.returnItemIDs(t, brid)["jsna"]
	audits := map[string]int{}
	for _, a := range []string{"return_started", "return_item_added", "return_item_changed", "return_item_removed"} {
		audits[a] = env.auditCount(t, a)
	}
	table := `{"part": "contacts", "title": "Carers' forum", "wanted": "Who chairs it", "kind": "table", "columns": ["Name", " Role "],
		"qs": ["safeguarding"], "required": true, "personal": true}`

	t.Run("start", func(t *testing.T) {
		env.runAPI(t, []apiStep{
			{name: "the council may not start it", method: "POST", path: ret, as: sub, body: `{}`, want: 403, contains: []string{"forbidden"}},
			{name: "nor the panel", method: "POST", path: ret, as: "panel@demo.test", body: `{}`, want: 403},
			{name: "another council's inspector", method: "POST", path: ret, as: insB, body: `{}`, want: 404, contains: []string{"not_found"}},
			{name: "a missing assessment", method: "POST", path: fmt.Sprintf("/api/v1/assessments/%d/return", bid+100000), as: ins, want: 404},
			{name: "started", method: "POST", path: ret, as: ins, body: `{}`, want: 201,
				contains: []string{`"state":"draft"`, `"key":"jsna"`, `"href":"` + ret + `"`}},
			{name: "starting twice", method: "POST", path: ret, as: ins, want: 409, contains: []string{"wrong_state", "has an information return already"}},
		}, map[string]string{})
	})
	rt, err := env.st.ReturnOf(ctx, authz.AllLAs(), id)
	if err != nil {
		t.Fatal(err)
	}
	jsna := fmt.Sprintf("%s/items/%d", ret, env.returnItemIDs(t, rt.ID)["jsna"])

	t.Run("add", func(t *testing.T) {
		env.runAPI(t, []apiStep{
			{name: "the council may not add", method: "POST", path: ret + "/items", as: sub, body: table, want: 403},
			{name: "another council's submitter", method: "POST", path: ret + "/items", as: subB, body: table, want: 404},
			{name: "not JSON", method: "POST", path: ret + "/items", as: ins, body: `{"columns": "Name"}`, want: 400},
			{name: "nothing", method: "POST", path: ret + "/items", as: ins, body: `{}`, want: 422, contains: []string{`"code":"invalid"`,
				`"part":"Select the part of the return the item is in"`, `"title":"Enter a title"`, `"wanted":"Say what is wanted"`,
				`"kind":"Select how the council answers the item"`}},
			{name: "columns on a link", method: "POST", path: ret + "/items", as: ins,
				body: `{"part": "evidence", "title": "T", "wanted": "W", "kind": "link", "columns": ["Name"]}`, want: 422,
				contains: []string{`"columns":"Only a table has columns: remove them, or select a table"`}},
			{name: "eleven columns", method: "POST", path: ret + "/items", as: ins,
				body: `{"part": "contacts", "title": "T", "wanted": "W", "kind": "table", "columns": ["a","b","c","d","e","f","g","h","i","j","k"]}`,
				want: 422, contains: []string{`"columns":"A table can have up to 10 columns"`}},
			{name: "a statement not in the framework", method: "POST", path: ret + "/items", as: ins,
				body: `{"part": "evidence", "title": "T", "wanted": "W", "kind": "text", "qs": ["finance"]}`, want: 422,
				contains: []string{`"qs":"Select quality statements from the list"`}},
			{name: "added", method: "POST", path: ret + "/items", as: ins, body: table, want: 201, contains: []string{`"key":"added-1"`,
				`"part":"contacts"`, `"columns":["Name","Role"]`, `"qs":["safeguarding"]`, `"required":true`, `"personal":true`, `"status":"not_started"`}},
			{name: "an admin adds one with a bearer token", method: "POST", path: ret + "/items", as: "admin@demo.test", bearer: true,
				body: `{"part": "evidence", "title": "Carers' strategy", "wanted": "A link to it", "kind": "link"}`, want: 201,
				contains: []string{`"key":"added-2"`, `"kind":"link"`}},
			{name: "in the return", method: "GET", path: ret, as: ins, want: 200, contains: []string{`"title":"Carers' forum"`, `"title":"Carers' strategy"`}},
		}, map[string]string{})
	})
	ids := env.returnItemIDs(t, rt.ID)
	forum, strategy := fmt.Sprintf("%s/items/%d", ret, ids["added-1"]), fmt.Sprintf("%s/items/%d", ret, ids["added-2"])

	t.Run("change and remove", func(t *testing.T) {
		env.runAPI(t, []apiStep{
			{name: "the council may not change", method: "PATCH", path: forum, as: sub, body: `{"title": "x"}`, want: 403},
			{name: "another council's inspector", method: "PATCH", path: forum, as: insB, body: `{"title": "x"}`, want: 404},
			{name: "an item of another return", method: "PATCH", path: fmt.Sprintf("%s/items/%d", ret, bitem), as: ins, body: `{"title": "x"}`, want: 404},
			{name: "an item that is no number", method: "PATCH", path: ret + "/items/jsna", as: ins, body: `{"title": "x"}`, want: 404},
			{name: "an empty title", method: "PATCH", path: forum, as: ins, body: `{"title": " "}`, want: 422,
				contains: []string{`"fields":{"title":"Enter a title"}`}},
			{name: "what is wanted too long", method: "PATCH", path: forum, as: ins, body: `{"wanted": "` + strings.Repeat("x", 5001) + `"}`, want: 422,
				contains: []string{`"wanted":"What is wanted must be 5,000 characters or fewer"`}},
			{name: "not JSON", method: "PATCH", path: forum, as: ins, body: `{"required": "no"}`, want: 400},
			{name: "changed: only what is sent", method: "PATCH", path: forum, as: ins, body: `{"title": "Carers' forum leads", "required": false}`, want: 204},
			{name: "a template item, with a bearer token", method: "PATCH", path: jsna, as: ins, bearer: true, body: `{"wanted": "A link to the JSNA."}`, want: 204},
			{name: "the council may not remove", method: "DELETE", path: strategy, as: sub, want: 403},
			{name: "another council's submitter", method: "DELETE", path: strategy, as: subB, want: 404},
			{name: "removed", method: "DELETE", path: strategy, as: ins, want: 204},
			{name: "removed twice", method: "DELETE", path: strategy, as: ins, want: 404},
			{name: "the return", method: "GET", path: ret, as: ins, want: 200,
				contains:    []string{`"title":"Carers' forum leads","wanted":"Who chairs it"`, `"wanted":"A link to the JSNA."`},
				notContains: []string{"Carers' strategy"}},
		}, map[string]string{})
	})
	if it, err := env.st.ReturnItem(ctx, authz.AllLAs(), rt.ID, ids["added-1"], true); err != nil || it.Required || !it.Personal || it.Kind != "table" {
		t.Errorf("the changed item = %+v, %v; want no longer required, the rest kept", it, err)
	}

	t.Run("after issue", func(t *testing.T) {
		env.runAPI(t, []apiStep{
			{name: "issued", method: "POST", path: ret + "/issue", as: ins, body: `{}`, want: 204},
			{name: "no more items", method: "POST", path: ret + "/items", as: ins, body: table, want: 409,
				contains: []string{"wrong_state", "its items can no longer be changed"}},
			{name: "no changes", method: "PATCH", path: forum, as: ins, body: `{"title": "x"}`, want: 409, contains: []string{"wrong_state"}},
			{name: "no removals", method: "DELETE", path: forum, as: "admin@demo.test", want: 409, contains: []string{"wrong_state"}},
			{name: "no second return", method: "POST", path: ret, as: ins, want: 409, contains: []string{"wrong_state"}},
			{name: "the council still may not", method: "PATCH", path: forum, as: sub, body: `{"title": "x"}`, want: 403},
			{name: "the council sees the added item", method: "GET", path: ret, as: sub, want: 200, contains: []string{`"key":"added-1"`,
				`"due_on":"` + time.Now().In(env.srv.loc).AddDate(0, 0, 21).Format(time.DateOnly) + `"`}},
		}, map[string]string{})
	})
	for action, want := range map[string]int{"return_started": 1, "return_item_added": 2, "return_item_changed": 2, "return_item_removed": 1} {
		if got := env.auditCount(t, action) - audits[action]; got != want {
			t.Errorf("%s audited %d times, want %d", action, got, want)
		}
	}
}
