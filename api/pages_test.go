package api

import (
	"fmt"
	"testing"
)

// TestCouncilPage: a council's page says how much of its evidence is ready
// and where its latest assessment stands, to those who may see the council.
func TestCouncilPage(t *testing.T) {
	env := newTestEnv(t, testOptions(t)) // with one ready document of E06009901
	env.run(t, []step{{"before any assessment", "GET", "/las/E06009901", "viewer.a@demo.test", nil, 200,
		[]string{"1 document ready", "Not started"}, []string{"See the assessment", "being checked"}}})

	env.readyDocument(t, "E06009901", "submitter.a@demo.test", "Carers strategy")
	env.documentIn(t, "E06009901", "submitter.a@demo.test", "Safeguarding policy", "scanning")
	env.readyDocument(t, "E06009902", "submitter.b@demo.test", "Brookmere plan")
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	env.run(t, []step{
		{"council staff", "GET", "/las/E06009901", "viewer.a@demo.test", nil, 200,
			[]string{`href="/documents?la=E06009901"`, "2 documents ready", "1 being checked and read", "In progress",
				fmt.Sprintf(`href="/assessments/%d"`, id)}, []string{"No evidence has been submitted yet.", "Not started"}},
		{"a council that does not exist", "GET", "/las/E06009903", "admin@demo.test", nil, 404, nil, nil},
		{"inspector of the council", "GET", "/las/E06009901", "inspector.a@demo.test", nil, 200,
			[]string{"2 documents ready", "In progress"}, nil},
		{"another council's page has only its own", "GET", "/las/E06009902", "admin@demo.test", nil, 200,
			[]string{"1 document ready", "Not started"}, []string{"being checked", "In progress"}},
		{"another council is 404", "GET", "/las/E06009901", "submitter.b@demo.test", nil, 404, nil, []string{"document ready"}},
	})
}

// TestDocumentsNameCouncils: the evidence list and a document's page name
// the council, and the list filters withdrawn documents too.
func TestDocumentsNameCouncils(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	env.run(t, []step{
		{"list for CQC staff", "GET", "/documents", "admin@demo.test", nil, 200,
			[]string{`<td class="govuk-table__cell">Ashford Vale Council</td>`, `<option value="withdrawn"`}, []string{`<td class="govuk-table__cell">E06009901</td>`}},
		{"document page", "GET", "/documents/" + env.doc.ID, "inspector.a@demo.test", nil, 200,
			[]string{`<span class="govuk-caption-l">Ashford Vale Council</span>`}, nil},
		{"document page for the council", "GET", "/documents/" + env.doc.ID, "viewer.a@demo.test", nil, 200,
			[]string{`<span class="govuk-caption-l">Ashford Vale Council</span>`}, nil},
	})
}
