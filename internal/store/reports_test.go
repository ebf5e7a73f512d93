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
	"github.com/evidenceportal/portal/internal/store/storetest"
)

func saveSection(st *store.Store, scope authz.Scope, id int64, section, body string, version int, by string, cites ...report.Citation) (store.ReportSection, error) {
	return st.SaveReportSection(context.Background(), scope, store.ReportSectionInput{Assessment: id, Section: section, Body: body,
		Citations: cites, Version: version, ActorEmail: by}, store.AuditEntry{Action: "report_section_saved"})
}

func TestReportSections(t *testing.T) {
	st, dbURL := storetest.New(t)
	ctx := context.Background()
	if err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	id := openAssessment(t, st)
	a := authz.OnlyLAs("E06009901")
	b := authz.OnlyLAs("E06009902")
	const ins = "inspector.a@demo.test"
	doc := docIn(t, st, "E06009901", "ready", 4)
	other := docIn(t, st, "E06009902", "ready", 4)
	waiting := docIn(t, st, "E06009901", "received", 0)

	first, err := saveSection(st, a, id, "summary", "First.\n\nSecond.", 0, ins, report.Citation{Paragraph: 2, DocumentID: doc.ID, Page: 3})
	if err != nil {
		t.Fatalf("first save: %v", err)
	}
	if first.Version != 1 || len(first.Citations) != 1 || first.Citations[0].Title != doc.Title {
		t.Errorf("first save = %+v", first)
	}
	var conflict *store.ReportConflictError
	if _, err := saveSection(st, a, id, "summary", "Stale.", 0, ins); !errors.As(err, &conflict) || conflict.Current.Body != "First.\n\nSecond." {
		t.Errorf("save from no version over version 1: %v, want a conflict carrying the newer text", err)
	}
	if _, err := saveSection(st, a, id, "people", "x", 3, ins); !errors.Is(err, store.ErrConflict) {
		t.Errorf("save of a new section naming version 3: %v, want ErrConflict", err)
	}
	if _, err := saveSection(st, b, id, "summary", "Other council.", 1, ins); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("save in another council's scope: %v, want ErrNotFound", err)
	}
	if _, err := saveSection(st, a, id, "summary", "Not theirs.", 1, "inspector.b@demo.test"); !errors.Is(err, authz.ErrForbidden) {
		t.Errorf("save by an inspector not on the assessment: %v, want ErrForbidden", err)
	}
	for name, c := range map[string]report.Citation{
		"another council's document": {Paragraph: 1, DocumentID: other.ID, Page: 1},
		"a document not scanned yet": {Paragraph: 1, DocumentID: waiting.ID, Page: 1},
		"a page past the end":        {Paragraph: 1, DocumentID: doc.ID, Page: 5},
		"a made-up id":               {Paragraph: 1, DocumentID: "'; DROP TABLE documents; --", Page: 1},
	} {
		if _, err := saveSection(st, a, id, "summary", "Changed.", 1, ins, c); !errors.Is(err, store.ErrBadCitation) {
			t.Errorf("citation of %s: %v, want ErrBadCitation", name, err)
		}
	}
	got, err := st.ReportSections(ctx, a, id)
	if err != nil {
		t.Fatal(err)
	}
	if s := got["summary"]; s.Body != "First.\n\nSecond." || s.Version != 1 || len(s.Citations) != 1 {
		t.Errorf("after refused saves, summary = %+v, want version 1 unchanged", s)
	}
	if _, err := st.ReportSections(ctx, b, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ReportSections in another council's scope: %v, want ErrNotFound", err)
	}

	seen := time.Now()
	time.Sleep(10 * time.Millisecond)
	facts := &report.Facts{Year: "2022/23", BudgetEstimate: ptr(895_817_000), BudgetActual: ptr(917_896_000)}
	if _, err := st.SaveReportSection(ctx, a, store.ReportSectionInput{Assessment: id, Section: "about", Body: "A county.",
		Facts: facts, ActorEmail: ins}, store.AuditEntry{Action: "report_section_saved"}); err != nil {
		t.Fatal(err)
	}
	second, err := saveSection(st, a, id, "summary", "First.\n\nSecond, changed.", 1, ins)
	if err != nil || second.Version != 2 || len(second.Citations) != 0 {
		t.Fatalf("second save = %+v, %v", second, err)
	}
	got, err = st.ReportSections(ctx, a, id)
	if err != nil {
		t.Fatal(err)
	}
	if f := got["about"].Facts; f == nil || *f.BudgetActual != 917_896_000 || f.Year != "2022/23" {
		t.Errorf("about facts = %+v", f)
	}
	vs, err := st.ReportVersions(ctx, a, id, 10)
	if err != nil || len(vs) != 3 || vs[0].Section != "summary" || vs[0].Version != 2 || vs[2].Version != 1 || len(vs[2].Citations) != 1 {
		t.Errorf("ReportVersions = %+v, %v; want three, newest first, the first with its citation", vs, err)
	}
	if vs, err := st.ReportVersions(ctx, a, id, 1); err != nil || len(vs) != 1 {
		t.Errorf("ReportVersions limit 1 = %d, %v", len(vs), err)
	}
	at, err := st.ReportAt(ctx, a, id, seen)
	if err != nil || len(at) != 1 || at["summary"].Version != 1 {
		t.Errorf("ReportAt(before the second save) = %+v, %v; want summary version 1 only", at, err)
	}
	if at, err := st.ReportAt(ctx, b, id, time.Now()); err != nil || len(at) != 0 {
		t.Errorf("ReportAt in another council's scope = %+v, %v; want nothing", at, err)
	}

	// In calibration the draft is frozen; in factual accuracy inspectors
	// may correct it; once published it never changes.
	move := func(from, to assessment.State) {
		t.Helper()
		if err := st.MoveAssessment(ctx, authz.AllLAs(), store.StateChange{ID: id, From: from, To: to, ActorEmail: ins, ActorRole: "x",
			Snapshot: []byte(`{}`)}, store.AuditEntry{Action: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	move(assessment.InProgress, assessment.Calibration)
	if _, err := saveSection(st, a, id, "summary", "In calibration.", 2, ins); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("save in calibration: %v, want ErrWrongState", err)
	}
	move(assessment.Calibration, assessment.FactualAccuracy)
	if _, err := saveSection(st, a, id, "summary", "Corrected.", 2, ins); err != nil {
		t.Errorf("save in factual accuracy: %v", err)
	}
	move(assessment.FactualAccuracy, assessment.Published)
	if _, err := saveSection(st, a, id, "summary", "After.", 3, ins); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("save after publication: %v, want ErrWrongState", err)
	}
	for _, sql := range []string{"UPDATE report_versions SET body = 'x'", "DELETE FROM report_versions", "TRUNCATE report_versions"} {
		if err := storetest.Exec(t, dbURL, sql); err == nil {
			t.Errorf("%s succeeded on the append-only report versions", sql)
		}
	}
}

func TestReportComments(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	id := openAssessment(t, st)
	a := authz.OnlyLAs("E06009901")
	if err := st.MoveAssessment(ctx, authz.AllLAs(), store.StateChange{ID: id, From: assessment.InProgress, To: assessment.Calibration,
		ActorEmail: "x", ActorRole: "x"}, store.AuditEntry{Action: "x"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().AddDate(0, 0, 14)
	if err := st.MoveAssessment(ctx, authz.AllLAs(), store.StateChange{ID: id, From: assessment.Calibration, To: assessment.FactualAccuracy,
		ActorEmail: "x", ActorRole: "x", FADeadline: &deadline}, store.AuditEntry{Action: "x"}); err != nil {
		t.Fatal(err)
	}
	c := store.Comment{Section: "about", Figure: "budget_actual", Kind: "typo", Body: "The spend was £917,986,000.", AuthorEmail: "submitter.a@demo.test"}
	if err := st.AddComment(ctx, a, id, time.Now(), c, store.AuditEntry{Action: "fa_comment_sent"}); err != nil {
		t.Fatal(err)
	}
	p := store.Comment{Section: "summary", Paragraph: 2, Kind: "omitted", Body: "The new strategy is missing.", AuthorEmail: "submitter.a@demo.test"}
	if err := st.AddComment(ctx, a, id, time.Now(), p, store.AuditEntry{Action: "fa_comment_sent"}); err != nil {
		t.Fatal(err)
	}
	bad := store.Comment{Section: "summary", Kind: "rude", Body: "x", AuthorEmail: "submitter.a@demo.test"}
	if err := st.AddComment(ctx, a, id, time.Now(), bad, store.AuditEntry{Action: "fa_comment_sent"}); err == nil {
		t.Error("comment of an unknown kind was stored")
	}
	cs, err := st.Comments(ctx, a, id)
	if err != nil || len(cs) != 2 {
		t.Fatalf("Comments = %+v, %v", cs, err)
	}
	if cs[0].Section != "about" || cs[0].Figure != "budget_actual" || cs[0].Kind != "typo" || cs[0].QS != "" ||
		cs[1].Paragraph != 2 || cs[1].Kind != "omitted" {
		t.Errorf("Comments = %+v", cs)
	}
	if cs, err := st.Comments(ctx, authz.OnlyLAs("E06009902"), id); err != nil || len(cs) != 0 {
		t.Errorf("Comments in another council's scope = %+v, %v", cs, err)
	}
}

func ptr(n int64) *int64 { return &n }
