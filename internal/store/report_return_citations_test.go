package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/evidenceportal/portal/internal/store"
)

// returnFor starts and issues the return of the assessment, answering
// waiting-lists and the personal interview-contacts item; its id and its
// items by key.
func returnFor(t *testing.T, st *store.Store, scope authz.Scope, aid int64) (int64, map[string]store.ReturnItem) {
	t.Helper()
	ctx := context.Background()
	audit := store.AuditEntry{Action: "test"}
	id, err := st.CreateReturn(ctx, scope, aid, returnTemplate(t), "inspector.a@demo.test", audit)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.IssueReturn(ctx, scope, id, 0, time.Now(), time.UTC, "inspector.a@demo.test", audit); err != nil {
		t.Fatal(err)
	}
	items, err := st.ReturnItems(ctx, scope, id, true)
	if err != nil {
		t.Fatal(err)
	}
	for key, a := range map[string]assessment.Answer{
		"waiting-lists":      {Kind: "text", Text: "42 people wait for an assessment"},
		"interview-contacts": {Kind: "table", Rows: [][]string{{"Ann", "Director", "Ashford", "ann@council.test", "01"}}},
	} {
		if err := st.AnswerItem(ctx, scope, store.AnswerInput{Return: id, Item: itemOf(t, items, key).ID, Answer: a,
			By: "submitter@demo.test"}, audit); err != nil {
			t.Fatal(err)
		}
	}
	items, _ = st.ReturnItems(ctx, scope, id, true)
	out := map[string]store.ReturnItem{}
	for _, it := range items {
		out[it.Key] = it
	}
	return id, out
}

// submitFor submits the return, with a reason for each required item not
// answered.
func submitFor(t *testing.T, st *store.Store, scope authz.Scope, id int64, items map[string]store.ReturnItem) {
	t.Helper()
	reasons := map[int64]string{}
	for _, it := range items {
		if it.Required && it.Answer == nil {
			reasons[it.ID] = "We do not have this"
		}
	}
	if err := st.SubmitReturn(context.Background(), scope, id, reasons, "submitter@demo.test", store.AuditEntry{Action: "test"}); err != nil {
		t.Fatal(err)
	}
}

// TestReportReturnCitations: a paragraph cites an answer of the
// assessment's own submitted return, kept in the section and its version;
// items of an unsubmitted return, another assessment's or council's
// return, items with only a reason and personal items are refused alike;
// the council comments on one cited piece of evidence of a paragraph.
func TestReportReturnCitations(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	ashford, brookmere := authz.OnlyLAs("E06009901"), authz.OnlyLAs("E06009902")
	const ins = "inspector.a@demo.test"

	// An earlier assessment of Ashford, its return submitted, published.
	old := openAssessment(t, st)
	oldRet, oldItems := returnFor(t, st, ashford, old)
	submitFor(t, st, ashford, oldRet, oldItems)
	for _, m := range [][2]assessment.State{{assessment.InProgress, assessment.Calibration}, {assessment.Calibration, assessment.FactualAccuracy},
		{assessment.FactualAccuracy, assessment.Published}} {
		if err := st.MoveAssessment(ctx, authz.AllLAs(), store.StateChange{ID: old, From: m[0], To: m[1], ActorEmail: "x", ActorRole: "x",
			Snapshot: []byte(`{}`)}, store.AuditEntry{Action: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	// Brookmere's assessment with its return submitted.
	bid, err := st.CreateAssessment(ctx, "E06009902", "qs-only-2024", "admin@demo.test", store.AuditEntry{Action: "x"})
	if err != nil {
		t.Fatal(err)
	}
	bRet, bItems := returnFor(t, st, brookmere, bid)
	submitFor(t, st, brookmere, bRet, bItems)

	id := openAssessment(t, st)
	rid, items := returnFor(t, st, ashford, id)
	wl := items["waiting-lists"]
	doc := docIn(t, st, "E06009901", "ready", 4)
	save := func(version int, rc ...store.ReturnCite) (store.ReportSection, error) {
		return st.SaveReportSection(ctx, ashford, store.ReportSectionInput{Assessment: id, Section: "summary", Body: "One.\n\nTwo.",
			Citations: []report.Citation{{Paragraph: 2, DocumentID: doc.ID, Page: 3}}, Returns: rc, Version: version, ActorEmail: ins},
			store.AuditEntry{Action: "report_section_saved"})
	}
	if got, err := st.CitableReturnItems(ctx, ashford, id); err != nil || len(got) != 0 {
		t.Errorf("CitableReturnItems of an issued return = %+v, %v; want none", got, err)
	}
	if _, err := save(0, store.ReturnCite{Paragraph: 2, Item: wl.ID}); !errors.Is(err, store.ErrBadCitation) {
		t.Errorf("citing an answer of a return not submitted: %v, want ErrBadCitation", err)
	}
	submitFor(t, st, ashford, rid, items)

	got, err := st.CitableReturnItems(ctx, ashford, id)
	if err != nil || len(got) != 1 || got[0].Item != wl.ID || got[0].Title != wl.Title || got[0].Key != "waiting-lists" {
		t.Errorf("CitableReturnItems = %+v, %v; want only waiting-lists (answered, not personal)", got, err)
	}
	if _, err := st.CitableReturnItems(ctx, brookmere, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CitableReturnItems in another council's scope: %v, want ErrNotFound", err)
	}
	for _, tt := range []struct {
		name string
		item int64
	}{
		{"an item given only a reason", items["self-assessment"].ID},
		{"a personal item", items["interview-contacts"].ID},
		{"an item of the council's earlier assessment", oldItems["waiting-lists"].ID},
		{"an item of another council's return", bItems["waiting-lists"].ID},
		{"no such item", 1 << 40},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := save(0, store.ReturnCite{Paragraph: 2, Item: tt.item}); !errors.Is(err, store.ErrBadReturnCitation) {
				t.Errorf("citing %s: %v, want ErrBadReturnCitation", tt.name, err)
			}
		})
	}
	if secs, _ := st.ReportSections(ctx, ashford, id); len(secs) != 0 {
		t.Errorf("refused saves left %+v", secs)
	}
	if _, err := st.SaveReportSection(ctx, brookmere, store.ReportSectionInput{Assessment: bid, Section: "summary", Body: "x",
		Returns: []store.ReturnCite{{Paragraph: 1, Item: wl.ID}}, ActorEmail: ins}, store.AuditEntry{Action: "x"}); !errors.Is(err, store.ErrBadCitation) &&
		!errors.Is(err, authz.ErrForbidden) {
		t.Errorf("Brookmere citing Ashford's item: %v, want refused", err)
	}

	saved, err := save(0, store.ReturnCite{Paragraph: 2, Item: wl.ID}, store.ReturnCite{Paragraph: 2, Item: wl.ID})
	want := []store.ReturnCite{{Paragraph: 2, Item: wl.ID, Key: "waiting-lists", Title: wl.Title}}
	if err != nil || !equalCites(saved.Returns, want) {
		t.Fatalf("save = %+v, %v; want returns %+v", saved.Returns, err, want)
	}
	secs, err := st.ReportSections(ctx, ashford, id)
	if err != nil || !equalCites(secs["summary"].Returns, want) {
		t.Errorf("ReportSections summary returns = %+v, %v", secs["summary"].Returns, err)
	}
	vs, err := st.ReportVersions(ctx, ashford, id, 5)
	if err != nil || len(vs) != 1 || !equalCites(vs[0].Returns, want) {
		t.Errorf("ReportVersions = %+v, %v; want the version with its return citation", vs, err)
	}

	// The council comments on one cited piece of evidence of paragraph 2.
	if err := st.MoveAssessment(ctx, authz.AllLAs(), store.StateChange{ID: id, From: assessment.InProgress, To: assessment.Calibration,
		ActorEmail: "x", ActorRole: "x"}, store.AuditEntry{Action: "x"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().AddDate(0, 0, 14)
	if err := st.MoveAssessment(ctx, authz.AllLAs(), store.StateChange{ID: id, From: assessment.Calibration, To: assessment.FactualAccuracy,
		ActorEmail: "x", ActorRole: "x", FADeadline: &deadline}, store.AuditEntry{Action: "x"}); err != nil {
		t.Fatal(err)
	}
	comment := func(scope authz.Scope, para int, ref report.Ref) error {
		return st.AddComment(ctx, scope, id, time.Now(), store.Comment{Section: "summary", Paragraph: para, Citation: ref.String(),
			CitationLabel: "Information return, " + wl.Title, Kind: "inaccurate", Body: "Now 40 people.", AuthorEmail: "submitter.a@demo.test"},
			store.AuditEntry{Action: "fa_report_comment_sent"})
	}
	for _, tt := range []struct {
		name  string
		scope authz.Scope
		para  int
		ref   report.Ref
		want  error
	}{
		{"evidence another paragraph cites", ashford, 1, report.ReturnRef(wl.ID), store.ErrNoSuchCitation},
		{"an item the paragraph does not cite", ashford, 2, report.ReturnRef(items["self-assessment"].ID), store.ErrNoSuchCitation},
		{"another page of the cited document", ashford, 2, report.DocRef(doc.ID, 4), store.ErrNoSuchCitation},
		{"a measure not cited", ashford, 2, report.MeasureRef("3D", "2023-24"), store.ErrNoSuchCitation},
		{"a forged reference", ashford, 2, report.Ref{Kind: "figure", ID: "x"}, store.ErrNoSuchCitation},
		{"another council", brookmere, 2, report.ReturnRef(wl.ID), store.ErrNotFound},
		{"the cited answer", ashford, 2, report.ReturnRef(wl.ID), nil},
		{"the cited page", ashford, 2, report.DocRef(doc.ID, 3), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := comment(tt.scope, tt.para, tt.ref); !errors.Is(err, tt.want) {
				t.Errorf("comment on %s: %v, want %v", tt.name, err, tt.want)
			}
		})
	}
	cs, err := st.Comments(ctx, ashford, id)
	if err != nil || len(cs) != 2 || cs[0].Citation != report.ReturnRef(wl.ID).String() || cs[0].CitationLabel != "Information return, "+wl.Title ||
		cs[0].Paragraph != 2 || cs[1].Citation != report.DocRef(doc.ID, 3).String() {
		t.Errorf("Comments = %+v, %v; want the two on cited evidence", cs, err)
	}
}

func equalCites(a, b []store.ReturnCite) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
