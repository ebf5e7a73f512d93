package api

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

// section50RouteTable: the route table's assessment is in progress, so it
// has no section 50 letters: 404 for those who may see it, 403 for the
// council (and for anyone but admins recording one).
func section50RouteTable(fx routeFixtures) []routeCase {
	a := "/assessments/" + fx.Assessment
	return []routeCase{
		{"GET", "/assessments/:id/section50", a + "/section50", nil, statuses{302, 403, 403, 404, 404, 404, 404, 404}},
		{"POST", "/assessments/:id/section50/:letter", a + "/section50/council",
			url.Values{"sent-day": {"1"}, "sent-month": {"1"}, "sent-year": {"2026"}}, statuses{302, 403, 403, 404, 403, 404, 403, 404}},
	}
}

func sentForm(day, month, year string) url.Values {
	return url.Values{"sent-day": {day}, "sent-month": {month}, "sent-year": {year}}
}

// TestSection50Letters: published scores of 1 trigger section 50; the two
// letters are drafted naming the statements; only an admin records that
// each was sent (GOV.UK date input, every bad date refused with nothing
// recorded), shown on the assessment and audited; an assessment that does
// not trigger it has no letters.
func TestSection50Letters(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ok := env.publish(t, 3)
	doc := env.publish(t, 1)
	a := fmt.Sprintf("/assessments/%d", doc.ID)
	l := a + "/section50"
	admin, ins := "admin@demo.test", "inspector.a@demo.test"
	today := time.Now().In(env.srv.loc)
	day, month, year := fmt.Sprint(today.Day()), fmt.Sprint(int(today.Month())), fmt.Sprint(today.Year())
	tomorrow := today.AddDate(0, 0, 1)
	forged := sentForm(day, month, year)
	forged.Set("csrf_token", "forged")
	env.run(t, []step{
		{"the assessment page says so", "GET", a, ins, nil, 200, []string{"The published scores trigger section 50", "Safeguarding",
			"Letter to the Secretary of State: not sent yet", `href="` + l + `"`}, nil},
		{"an admin reads the drafts", "GET", l, admin, nil, 200, []string{"Letter to the Secretary of State",
			"Letter to the Chief Executive and the Director of Adult Social Services", "Dear Secretary of State,",
			"Ashford Vale Council (E06009901)", "- Safeguarding", "- Assessing needs", "Not sent yet", `name="sent-day"`,
			"http://127.0.0.1:8080/reports/" + fmt.Sprint(doc.ID), "except the two Leadership statements"},
			[]string{"- Governance, management", "&lt;no value&gt;"}},
		{"its inspector reads them, with no form", "GET", l, ins, nil, 200, []string{"Dear Chief Executive"}, []string{`name="sent-day"`}},
		{"the panel too", "GET", l, "panel@demo.test", nil, 200, []string{"Dear Secretary of State"}, []string{`name="sent-day"`}},
		{"not the council", "GET", l, "submitter.a@demo.test", nil, 403, nil, nil},
		{"nor another council's inspector", "GET", l, "inspector.b@demo.test", nil, 404, nil, nil},
		{"an inspector cannot record", "POST", l + "/council", ins, sentForm(day, month, year), 403, nil, nil},
		{"a forged form", "POST", l + "/council", admin, forged, 403, nil, nil},
		{"no date", "POST", l + "/council", admin, sentForm("", "", ""), 422,
			[]string{`href="#council-sent-day"`, "Enter the date the letter was sent", "govuk-form-group--error"}, nil},
		{"no month", "POST", l + "/council", admin, sentForm("3", "", year), 422, []string{`href="#council-sent-month"`, "must include a month"}, nil},
		{"not a real date", "POST", l + "/council", admin, sentForm("31", "2", year), 422, []string{"must be a real date", `value="31"`}, nil},
		{"markup typed", "POST", l + "/council", admin, sentForm("<b>3</b>", month, year), 422, []string{"must be a real date", `value="&lt;b&gt;3&lt;/b&gt;"`}, nil},
		{"in the future", "POST", l + "/council", admin, sentForm(fmt.Sprint(tomorrow.Day()), fmt.Sprint(int(tomorrow.Month())), fmt.Sprint(tomorrow.Year())), 422,
			[]string{"must be today or in the past"}, nil},
		{"before publication", "POST", l + "/council", admin, sentForm("1", "1", "2020"), 422, []string{"must be on or after"}, nil},
		{"a letter that does not exist", "POST", l + "/minister", admin, sentForm(day, month, year), 404, nil, nil},
		{"nothing recorded yet", "GET", l, admin, nil, 200, []string{"Not sent yet"}, []string{"recorded by"}},
		{"recorded", "POST", l + "/council", admin, sentForm(day, month, year), 303, nil, nil},
		{"shown as sent", "GET", l + "?recorded=council", admin, nil, 200, []string{"You have recorded when the letter to the Chief Executive",
			"recorded by admin@demo.test", "Correct the date this letter was sent", `value="` + day + `"`}, nil},
		{"and on the assessment", "GET", a, ins, nil, 200, []string{"Letter to the Chief Executive and the Director of Adult Social Services: sent on " +
			today.Format("2 January 2006"), "Letter to the Secretary of State: not sent yet"}, nil},
		{"no letters when not triggered", "GET", fmt.Sprintf("/assessments/%d/section50", ok.ID), admin, nil, 404, nil, nil},
		{"nor a record", "POST", fmt.Sprintf("/assessments/%d/section50/council", ok.ID), admin, sentForm(day, month, year), 404, nil, nil},
		{"nor a summary", "GET", fmt.Sprintf("/assessments/%d", ok.ID), ins, nil, 200, nil, []string{"trigger section 50"}},
	})
	got, err := env.st.Section50Letters(context.Background(), authz.AllLAs(), doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec, ok := got["council"]; len(got) != 1 || !ok || rec.RecordedBy != admin || !strings.Contains(rec.Body, "Dear Chief Executive") {
		t.Errorf("letters recorded = %+v", got)
	}
	page, err := env.st.AuditSearch(context.Background(), authz.AllLAs(), store.AuditFilter{Action: "section50_letter_recorded"}, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Entries) != 1 || page.Entries[0].Detail["letter"] != "council" || page.Entries[0].ActorEmail != admin {
		t.Errorf("audit = %+v", page.Entries)
	}
}
