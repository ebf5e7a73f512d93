package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
)

// publishReport takes the assessment at path a, with its sections written,
// through scoring, calibration and factual accuracy to publication.
func (e *testEnv) publishReport(t *testing.T, a, ins string) {
	t.Helper()
	for _, q := range e.srv.catalogue.Statements {
		if rec := e.request(t, http.MethodPost, a+"/scores", ins, scoreValues(q.Slug, "", 3, 0, "x")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score %s = %d", q.Slug, rec.Code)
		}
	}
	e.run(t, []step{
		{"to calibration", "POST", a + "/state", ins, url.Values{"to": {"calibration"}}, 303, nil, nil},
		{"to factual accuracy", "POST", a + "/state", "panel@demo.test", url.Values{"to": {"factual_accuracy"}}, 303, nil, nil},
	})
	e.endComments(t, a)
	e.run(t, []step{{"publish", "POST", a + "/state", ins, url.Values{"to": {"published"}}, 303, nil, nil}})
}

// TestReportCorrection: the inspector of a published assessment starts a
// correction, changes a section and publishes it with what changed; only
// the assessment's inspectors may, a correction with no reason or too long
// a one is refused with a GOV.UK message and nothing is published; the
// public reads the last version until the correction is published, then
// version 2 with what changed and a list of versions, and version 1 at its
// own address as it was, saying it is an earlier version.
func TestReportCorrection(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	ins := "inspector.a@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	a := fmt.Sprintf("/assessments/%d", id)
	r, pub := a+"/report", fmt.Sprintf("/reports/%d", id)
	env.run(t, []step{
		{"summary", "POST", r + "/sections/summary", ins, sectionForm("Ashford Vale is good.\n\nCarers wait 12 weeks.", 0,
			"cite_para", "2", "cite_doc", env.doc.ID, "cite_page", "1"), 303, nil, nil},
	})
	env.publishReport(t, a, ins)
	start, publish := r+"/correction", r+"/correction/publish"
	reason := url.Values{"reason": {"Corrected the waiting time: <b>6 weeks</b>, not 12."}}
	env.run(t, []step{
		{"the inspector is offered a correction", "GET", r, ins, nil, 200, []string{"version 1 of the report", `action="` + start + `"`,
			"Correct the published report"}, []string{`action="` + publish + `"`, "?edit=summary"}},
		{"the panel is not", "GET", r, "panel@demo.test", nil, 200, []string{"version 1 of the report"}, []string{`action="` + start + `"`}},
		{"no change with no correction open", "POST", r + "/sections/summary", ins, sectionForm("Later.", 1), 409,
			[]string{"only be changed in a correction"}, nil},
		{"no publication with no correction open", "POST", publish, ins, reason, 409, []string{"No correction of this report is open"}, nil},
		{"a council submitter cannot start one", "POST", start, "submitter.a@demo.test", url.Values{}, 403, nil, nil},
		{"nor the panel", "POST", start, "panel@demo.test", url.Values{}, 403, nil, nil},
		{"nor an admin", "POST", start, "admin@demo.test", url.Values{}, 403, nil, nil},
		{"Brookmere's inspector gets 404", "POST", start, "inspector.b@demo.test", url.Values{}, 404, nil, nil},
		{"Brookmere's submitter gets 404", "POST", start, "submitter.b@demo.test", url.Values{}, 404, nil, nil},
	})
	// inspector.b may now see Ashford Vale but is not on this assessment.
	if err := env.st.Assign(ctx, "inspector.b@demo.test", "E06009901", env.auditAs("setup")); err != nil {
		t.Fatal(err)
	}
	env.run(t, []step{
		{"an inspector not on the assessment cannot start one", "POST", start, "inspector.b@demo.test", url.Values{}, 403, nil, nil},
		{"start", "POST", start, ins, url.Values{}, 303, nil, nil},
		{"a second start", "POST", start, ins, url.Values{}, 409, []string{"already open"}, nil},
		{"the sections may be changed again", "GET", r + "?correcting=1", ins, nil, 200, []string{"You can now change the sections",
			"publish the correction as version 2", `action="` + publish + `"`, `for="reason"`, "?edit=summary"}, []string{`action="` + start + `"`}},
		{"an inspector not on the assessment cannot publish it", "POST", publish, "inspector.b@demo.test", reason, 403, nil, nil},
		{"nor a council submitter", "POST", publish, "submitter.a@demo.test", reason, 403, nil, nil},
		{"change the summary", "POST", r + "/sections/summary", ins, sectionForm("Ashford Vale is good.\n\nCarers wait 6 weeks.", 1,
			"cite_para", "2", "cite_doc", env.doc.ID, "cite_page", "1"), 303, nil, nil},
		{"the change against the published version", "GET", r, ins, nil, 200, []string{"Changes since version 1 was published",
			"<ins><span class=\"govuk-visually-hidden\">Added: </span>Carers wait 6 weeks.</ins>"}, nil},
		{"the public still reads version 1", "GET", pub, anon, nil, 200, []string{"Carers wait 12 weeks."}, []string{"Carers wait 6 weeks."}},
		{"no reason", "POST", publish, ins, url.Values{"reason": {"  \r\n "}}, 422, []string{"There is a problem", `href="#reason"`,
			"Enter what changed in this version of the report", "govuk-textarea--error"}, nil},
		{"too long a reason", "POST", publish, ins, url.Values{"reason": {strings.Repeat("é", 5001)}}, 422,
			[]string{"What changed must be 5,000 characters or fewer", "ééé"}, nil},
	})
	if open, err := env.st.CorrectionOpen(ctx, authz.AllLAs(), id); err != nil || !open {
		t.Errorf("after refused publications the correction is open = %v, %v; want still open", open, err)
	}
	if p, err := env.st.ReportPublication(ctx, id, 0); err != nil || p.Version != 1 {
		t.Errorf("after refused publications the latest is %+v, %v; want version 1", p.Version, err)
	}
	env.run(t, []step{
		{"publish the correction", "POST", publish, ins, reason, 303, nil, nil},
		{"published", "GET", r + "?republished=2", ins, nil, 200, []string{"The correction has been published", "version 2 of the report",
			"Correct the published report", "Changes since version 2 was published"}, []string{"Changed</strong></li>"}},
		{"closed again", "POST", r + "/sections/summary", ins, sectionForm("Later.", 2), 409, nil, nil},
		{"and no second publication", "POST", publish, ins, reason, 409, []string{"No correction of this report is open"}, nil},
	})
	v1 := pub + "/versions/1"
	env.run(t, []step{
		{"the public reads version 2", "GET", pub, anon, nil, 200, []string{"Carers wait 6 weeks.", "Page last updated", "Versions of this report",
			"Version 2 (this version)", "Corrected the waiting time: &lt;b&gt;6 weeks&lt;/b&gt;, not 12.", `href="` + v1 + `">Version 1</a>`,
			"First published", `href="` + pub + `/themes/working-with-people#qs-`}, []string{"Carers wait 12 weeks.", "<b>6 weeks", "This is an earlier version"}},
		{"version 1 as it was published", "GET", v1, anon, nil, 200, []string{"Carers wait 12 weeks.", "This is an earlier version of this report (version 1)",
			`href="` + pub + `">Read the latest version</a>`, "Version 1 (this version)", `href="` + pub + `">Version 2</a>`,
			`href="` + v1 + `/themes/working-with-people#qs-`, `href="` + v1 + `/about"`}, []string{"Carers wait 6 weeks."}},
		{"version 1's about page links the latest's", "GET", v1 + "/about", anon, nil, 200, []string{"This is an earlier version",
			`href="` + pub + `/about">Read the latest version</a>`, `href="` + pub + `/about">Version 2</a>`}, nil},
		{"version 1's theme page", "GET", v1 + "/themes/working-with-people", anon, nil, 200, []string{"What people expect", "This is an earlier version"}, nil},
		{"the latest at its version's address", "GET", pub + "/versions/2", anon, nil, 200, []string{"Carers wait 6 weeks.", "Version 2 (this version)"},
			[]string{"This is an earlier version"}},
		{"a version that does not exist", "GET", pub + "/versions/3", anon, nil, 404, nil, nil},
		{"version 0", "GET", pub + "/versions/0", anon, nil, 404, nil, nil},
		{"a version that is not a number", "GET", pub + "/versions/one", anon, nil, 404, nil, nil},
		{"an unknown theme of version 1", "GET", v1 + "/themes/gossip", anon, nil, 404, nil, nil},
		{"the council's page reads the latest", "GET", a, "submitter.a@demo.test", nil, 200, []string{`href="` + pub + `"`}, nil},
	})
	latest, err := env.st.ReportPublication(ctx, id, 0)
	if err != nil || latest.Version != 2 || latest.Reason != "Corrected the waiting time: <b>6 weeks</b>, not 12." || latest.By != ins {
		t.Errorf("latest publication = %d %q by %s, %v; want version 2 with the reason", latest.Version, latest.Reason, latest.By, err)
	}
	if !strings.Contains(string(latest.Snapshot), "Carers wait 6 weeks.") || !strings.Contains(string(latest.Snapshot), `"results"`) {
		t.Errorf("version 2's snapshot lacks the corrected text or the results: %.300s", latest.Snapshot)
	}
	if old, err := env.st.ReportPublication(ctx, id, 1); err != nil || !strings.Contains(string(old.Snapshot), "Carers wait 12 weeks.") {
		t.Errorf("version 1 = %.200s, %v; want the text as first published", old.Snapshot, err)
	}
	log, err := env.st.AuditLog(ctx, authz.AllLAs(), 500, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, e := range log.Entries {
		n[e.Action]++
	}
	if n["report_correction_started"] != 1 || n["report_correction_published"] != 1 {
		t.Errorf("audit: %d report_correction_started, %d report_correction_published; want 1 of each",
			n["report_correction_started"], n["report_correction_published"])
	}
}
