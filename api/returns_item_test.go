package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
)

// TestReturnItemCiteRows: on the answer form of a documents item, a row
// citing a document offers only that document (or none), so the page does
// not repeat the council's whole list in every row and a cited document
// is never missing from its own row; the empty rows list every read
// document of the council.
func TestReturnItemCiteRows(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	id := env.openAssessment(t, "E06009901", "qs-only-2024", "inspector.a@demo.test")
	rid, items := env.issueReturn(t, id)
	sub := "submitter.a@demo.test"
	cited := env.readyDocument(t, "E06009901", sub, "Ashford self-assessment 2025")
	other := env.readyDocument(t, "E06009901", sub, "Ashford carers survey")
	if err := env.st.AnswerItem(context.Background(), authz.OnlyLAs("E06009901"), store.AnswerInput{Return: rid, Item: items["self-assessment"],
		Answer: assessment.Answer{Kind: "documents", Citations: []assessment.Citation{{DocumentID: cited.ID, Page: 1}}}, By: sub},
		env.auditAs("return_item_answered")); err != nil {
		t.Fatal(err)
	}
	rec := env.request(t, http.MethodGet, fmt.Sprintf("/assessments/%d/return/items/%d", id, items["self-assessment"]), sub, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("item page = %d", rec.Code)
	}
	body := rec.Body.String()
	row0, rest, ok := strings.Cut(body, `name="page-0"`)
	if !ok {
		t.Fatalf("no first row: %.600s", body)
	}
	_, row0, _ = strings.Cut(row0, `name="doc-0"`)
	if !strings.Contains(row0, `value="`+cited.ID+`" selected`) || strings.Contains(row0, other.ID) {
		t.Errorf("the cited row offers %q, want only the cited document, selected", row0)
	}
	// Three empty rows, each with the council's three read documents.
	for _, d := range []string{env.doc.ID, cited.ID, other.ID} {
		if n := strings.Count(rest, `value="`+d+`"`); n != blankCiteRows {
			t.Errorf("document %s offered in %d empty rows, want %d", d, n, blankCiteRows)
		}
	}
}
