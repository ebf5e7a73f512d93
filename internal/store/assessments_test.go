package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
)

// qsOnly is the method of the version the tests' assessments are opened
// under: one score per quality statement.
func qsOnly() assessment.Method {
	cat, err := framework.Load()
	if err != nil {
		panic(err) // the embedded catalogue is checked by internal/framework's tests
	}
	v, err := cat.Version("qs-only-2024")
	if err != nil {
		panic(err)
	}
	return assessment.NewMethod(cat, v)
}

func openAssessment(t *testing.T, st *store.Store) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := st.CreateAssessment(ctx, "E06009901", "qs-only-2024", "admin@demo.test", store.AuditEntry{Action: "assessment_opened"})
	if err != nil {
		t.Fatalf("CreateAssessment: %v", err)
	}
	if err := st.AddAssessmentInspector(ctx, id, "Inspector.A@demo.test", store.AuditEntry{Action: "assessment_inspector_added"}); err != nil {
		t.Fatalf("AddAssessmentInspector: %v", err)
	}
	return id
}

// docIn stores a document of the council in the status given, with its
// number of pages.
func docIn(t *testing.T, st *store.Store, la string, status document.Status, pages int) store.Document {
	t.Helper()
	ctx := context.Background()
	d := newDoc(t, st, la)
	if err := st.CreateDocument(ctx, d, store.AuditEntry{Action: "document_uploaded"}); err != nil {
		t.Fatal(err)
	}
	if status != "received" {
		if _, err := st.MoveDocument(ctx, store.Transition{ID: d.ID, From: []document.Status{"received"}, To: status, Pages: pages}); err != nil {
			t.Fatal(err)
		}
	}
	d.Status, d.Pages = status, pages
	return d
}

func save(st *store.Store, id int64, qs string, score, version int, cites ...store.Citation) (store.ScoreChange, error) {
	return st.SaveScore(context.Background(), authz.OnlyLAs("E06009901"), store.ScoreInput{Assessment: id, QS: qs, Score: score,
		Rationale: "Seen in the strategy", Version: version, Citations: cites, ActorEmail: "inspector.a@demo.test"},
		qsOnly(), store.AuditEntry{Action: "score_saved"})
}

func TestAssessmentScores(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	id := openAssessment(t, st)
	sid := fmt.Sprint(id)

	if _, err := st.CreateAssessment(ctx, "E06009901", "qs-only-2024", "a", store.AuditEntry{Action: "x"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second open assessment of one council: %v, want ErrConflict", err)
	}
	if _, err := st.CreateAssessment(ctx, "E06000000", "qs-only-2024", "a", store.AuditEntry{Action: "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("assessment of a missing council: %v, want ErrNotFound", err)
	}
	if _, err := st.Assessment(ctx, authz.OnlyLAs("E06009902"), sid); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another council reading the assessment: %v, want ErrNotFound", err)
	}
	if _, err := st.Scores(ctx, authz.OnlyLAs("E06009902"), id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another council reading the scores: %v, want ErrNotFound", err)
	}
	a, err := st.Assessment(ctx, authz.OnlyLAs("E06009901"), sid)
	if err != nil || a.State != assessment.InProgress || !a.HasInspector("inspector.a@demo.test") || a.LAName != "Ashford Vale Council" {
		t.Fatalf("Assessment = %+v, %v", a, err)
	}
	if las, _ := st.AssignedLAs(ctx, "inspector.a@demo.test"); len(las) != 1 {
		t.Errorf("inspector's assignments = %v, want the one council, once", las)
	}

	// Someone who is not one of its inspectors cannot score it.
	_, err = st.SaveScore(ctx, authz.AllLAs(), store.ScoreInput{Assessment: id, QS: "equity", Score: 3, Rationale: "r",
		ActorEmail: "inspector.b@demo.test"}, qsOnly(), store.AuditEntry{Action: "score_saved"})
	if !errors.Is(err, authz.ErrForbidden) {
		t.Errorf("save by another inspector: %v, want ErrForbidden", err)
	}

	doc := docIn(t, st, "E06009901", "ready", 3)
	for _, tt := range []struct {
		name string
		doc  string
		page int
	}{
		{"another council's document", docIn(t, st, "E06009902", "ready", 3).ID, 1},
		{"a document waiting for its virus scan", docIn(t, st, "E06009901", "received", 0).ID, 1},
		{"a rejected document", docIn(t, st, "E06009901", "rejected", 0).ID, 1},
		{"a failed document", docIn(t, st, "E06009901", "failed", 0).ID, 1},
		{"a missing document", "00000000-0000-0000-0000-000000000000", 1},
		{"not a document id", "'; DROP TABLE documents; --", 1},
		{"page 0", doc.ID, 0},
		{"a page past the end", doc.ID, 4},
		{"page 2 of a document of no pages", docIn(t, st, "E06009901", "ready", 0).ID, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := save(st, id, "equity", 3, 0, store.Citation{DocumentID: tt.doc, Page: tt.page}); !errors.Is(err, store.ErrBadCitation) {
				t.Errorf("citing %s page %d: %v, want ErrBadCitation", tt.doc, tt.page, err)
			}
		})
	}
	ch, err := save(st, id, "equity", 3, 0, store.Citation{DocumentID: doc.ID, Page: 3}, store.Citation{DocumentID: doc.ID, Page: 3})
	if err != nil || ch.OldScore != nil || ch.Reviewed || ch.QSBandChanged || len(ch.Citations) != 1 || ch.Citations[0].Title != "Carers strategy" {
		t.Fatalf("first save = %+v, %v", ch, err)
	}
	// A second editor who loaded the empty form is refused and told the newer value.
	_, err = save(st, id, "equity", 2, 0)
	var ce *store.ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, store.ErrConflict) || ce.Current.Score != 3 || ce.Current.Version != 1 {
		t.Errorf("stale save: %v, want a conflict carrying score 3 version 1", err)
	}
	if ch, err = save(st, id, "equity", 3, 1); err != nil || !ch.Reviewed || ch.QSBandChanged {
		t.Errorf("unchanged save = %+v, %v; want reviewed", ch, err)
	}
	// With equity's 3, these make 23 of 36 once governance is scored: 64%, Good.
	for qs, n := range map[string]int{"assessing-needs": 3, "healthier-lives": 3, "care-provision": 3, "partnerships": 3,
		"safe-systems": 2, "safeguarding": 2, "learning": 2} {
		if _, err := save(st, id, qs, n, 0); err != nil {
			t.Fatalf("save %s: %v", qs, err)
		}
	}
	if ch, err = save(st, id, "governance", 2, 0); err != nil || ch.RatingChanged || ch.NewRating != "good" {
		t.Errorf("completing save = %+v, %v; want Good and no rating change when it was incomplete before", ch, err)
	}
	// 22 of 36: Requires improvement.
	ch, err = save(st, id, "equity", 2, 2)
	if err != nil || !ch.QSBandChanged || !ch.RatingChanged || ch.OldRating != "good" || ch.NewRating != "requires-improvement" || *ch.OldScore != 3 {
		t.Errorf("band change = %+v, %v", ch, err)
	}
	scores, err := st.Scores(ctx, authz.OnlyLAs("E06009901"), id)
	if err != nil || len(scores) != 9 || scores[2].QS != "equity" || scores[2].Version != 3 || len(scores[2].Citations) != 0 {
		t.Errorf("Scores = %+v, %v", scores, err)
	}
	hist, err := st.ScoreHistory(ctx, authz.OnlyLAs("E06009901"), id)
	if err != nil || len(hist) != 11 || hist[0].NewScore != 2 || !hist[9].Reviewed || len(hist[10].Citations) != 1 {
		t.Errorf("ScoreHistory = %+v, %v", hist, err)
	}
	if h, _ := st.ScoreHistory(ctx, authz.OnlyLAs("E06009902"), id); len(h) != 0 {
		t.Errorf("another council read the history: %+v", h)
	}
}

func TestScoreHistoryIsAppendOnly(t *testing.T) {
	st, dbURL := storetest.New(t)
	if err := st.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	id := openAssessment(t, st)
	if _, err := save(st, id, "equity", 3, 0); err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{"UPDATE score_history SET new_score = 4", "DELETE FROM score_history", "TRUNCATE score_history"} {
		if err := storetest.Exec(t, dbURL, sql); err == nil {
			t.Errorf("%s succeeded on the append-only history", sql)
		}
	}
}

func TestConcurrentScoreSaves(t *testing.T) {
	st := seeded(t)
	id := openAssessment(t, st)
	if _, err := save(st, id, "equity", 3, 0); err != nil {
		t.Fatal(err)
	}
	// Many editors who all loaded version 1: exactly one wins.
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = save(st, id, "equity", 1+i%4, 1)
		}()
	}
	wg.Wait()
	ok, conflicts := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, store.ErrConflict):
			conflicts++
		default:
			t.Errorf("concurrent save: %v", err)
		}
	}
	if ok != 1 || conflicts != n-1 {
		t.Errorf("%d saves succeeded and %d conflicted, want 1 and %d", ok, conflicts, n-1)
	}
}

func TestAssessmentStates(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	id := openAssessment(t, st)
	scope := authz.OnlyLAs("E06009901")
	var today time.Time // the UK day publication is judged on
	move := func(from, to assessment.State, who string, inspector bool, snap []byte, deadline *time.Time) error {
		return st.MoveAssessment(ctx, authz.AllLAs(), store.StateChange{ID: id, From: from, To: to, ActorEmail: who,
			ActorRole: "x", RequireInspector: inspector, Snapshot: snap, FADeadline: deadline, Today: today}, store.AuditEntry{Action: "assessment_" + string(to)})
	}
	if _, err := save(st, id, "equity", 3, 0); err != nil {
		t.Fatal(err)
	}
	if err := move(assessment.InProgress, assessment.Calibration, "inspector.b@demo.test", true, nil, nil); !errors.Is(err, authz.ErrForbidden) {
		t.Errorf("submit by someone not on the assessment: %v, want ErrForbidden", err)
	}
	if err := move(assessment.InProgress, assessment.Calibration, "inspector.a@demo.test", true, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := save(st, id, "equity", 2, 1); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("save in calibration: %v, want ErrWrongState (scores frozen)", err)
	}
	if err := move(assessment.InProgress, assessment.Calibration, "inspector.a@demo.test", true, nil, nil); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("second submit: %v, want ErrWrongState", err)
	}
	deadline := time.Date(2026, 12, 14, 0, 0, 0, 0, time.UTC)
	if err := move(assessment.Calibration, assessment.FactualAccuracy, "panel@demo.test", false, nil, &deadline); err != nil {
		t.Fatal(err)
	}
	doc := docIn(t, st, "E06009901", "ready", 1)
	for _, tt := range []struct {
		name string
		doc  string
		page int
	}{
		{"another council's document", docIn(t, st, "E06009902", "ready", 3).ID, 1},
		{"a document waiting for its virus scan", docIn(t, st, "E06009901", "received", 0).ID, 1},
		{"a withdrawn document", docIn(t, st, "E06009901", "withdrawn", 0).ID, 1},
		{"a page past the end", doc.ID, 2},
		{"page 0", doc.ID, 0},
	} {
		t.Run("comment with "+tt.name, func(t *testing.T) {
			c := store.Comment{QS: "equity", Body: "x", DocumentID: tt.doc, Page: tt.page, AuthorEmail: "submitter.a@demo.test"}
			if err := st.AddComment(ctx, scope, id, deadline, c, store.AuditEntry{Action: "c"}); !errors.Is(err, store.ErrBadCitation) {
				t.Errorf("comment citing %s page %d: %v, want ErrBadCitation", tt.doc, tt.page, err)
			}
		})
	}
	comment := store.Comment{QS: "equity", Body: "The survey was in 2024", DocumentID: doc.ID, Page: 1, AuthorEmail: "submitter.a@demo.test"}
	if err := st.AddComment(ctx, scope, id, deadline.AddDate(0, 0, 1), comment, store.AuditEntry{Action: "c"}); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("comment after the deadline: %v, want ErrWrongState", err)
	}
	if err := st.AddComment(ctx, authz.OnlyLAs("E06009902"), id, deadline, comment, store.AuditEntry{Action: "c"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("comment from another council: %v, want ErrNotFound", err)
	}
	if err := st.AddComment(ctx, scope, id, deadline, comment, store.AuditEntry{Action: "c"}); err != nil {
		t.Fatal(err)
	}
	today = deadline
	if err := move(assessment.FactualAccuracy, assessment.Published, "inspector.a@demo.test", true, []byte(`{}`), nil); !errors.Is(err, assessment.ErrCommentsOpen) {
		t.Errorf("publish on the deadline day: %v, want ErrCommentsOpen", err)
	}
	today = deadline.AddDate(0, 0, 1)
	if err := move(assessment.FactualAccuracy, assessment.Published, "inspector.a@demo.test", true, []byte(`{}`), nil); !errors.Is(err, assessment.ErrUnanswered) {
		t.Errorf("publish after the deadline with an unanswered comment: %v, want ErrUnanswered", err)
	}
	if err := st.EndComments(ctx, scope, id, deadline.AddDate(0, 0, 1), "submitter.a@demo.test", store.AuditEntry{Action: "fa_comments_ended"}); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("no more comments after the deadline: %v, want ErrWrongState", err)
	}
	if err := st.EndComments(ctx, authz.OnlyLAs("E06009902"), id, deadline, "submitter.b@demo.test", store.AuditEntry{Action: "fa_comments_ended"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("no more comments from another council: %v, want ErrNotFound", err)
	}
	if err := st.EndComments(ctx, scope, id, deadline, "submitter.a@demo.test", store.AuditEntry{Action: "fa_comments_ended"}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddComment(ctx, scope, id, deadline, comment, store.AuditEntry{Action: "c"}); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("comment after the council said it had no more: %v, want ErrWrongState", err)
	}
	if a, err := st.Assessment(ctx, scope, fmt.Sprint(id)); err != nil || a.FADoneAt == nil || a.FADoneBy != "submitter.a@demo.test" {
		t.Errorf("Assessment after EndComments = %+v, %v; want FADoneAt and FADoneBy set", a, err)
	}
	today = deadline.AddDate(0, 0, -1) // before the deadline: the council's word is enough
	if err := move(assessment.FactualAccuracy, assessment.Published, "inspector.a@demo.test", true, []byte(`{}`), nil); !errors.Is(err, assessment.ErrUnanswered) {
		t.Errorf("publish with an unanswered comment: %v, want ErrUnanswered", err)
	}
	cs, err := st.Comments(ctx, scope, id)
	if err != nil || len(cs) != 1 || cs[0].DocTitle != "Carers strategy" {
		t.Fatalf("Comments = %+v, %v", cs, err)
	}
	if err := st.AnswerComment(ctx, authz.AllLAs(), id, cs[0].ID, "Corrected", "inspector.b@demo.test", store.AuditEntry{Action: "a"}); !errors.Is(err, authz.ErrForbidden) {
		t.Errorf("answer by someone not on the assessment: %v", err)
	}
	if err := st.AnswerComment(ctx, authz.AllLAs(), id, cs[0].ID, "Corrected", "inspector.a@demo.test", store.AuditEntry{Action: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := st.AnswerComment(ctx, authz.AllLAs(), id, cs[0].ID, "Replaced", "inspector.a@demo.test", store.AuditEntry{Action: "a"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second answer: %v, want ErrConflict", err)
	}
	if err := st.AnswerComment(ctx, authz.AllLAs(), id, cs[0].ID+1000, "x", "inspector.a@demo.test", store.AuditEntry{Action: "a"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("answer to a missing comment: %v, want ErrNotFound", err)
	}
	if err := move(assessment.FactualAccuracy, assessment.Published, "inspector.a@demo.test", true, []byte(`{"rating":"good"}`), nil); err != nil {
		t.Fatal(err)
	}
	tr, err := st.Transitions(ctx, scope, id)
	if err != nil || len(tr) != 3 || tr[2].To != assessment.Published || tr[1].ActorEmail != "panel@demo.test" {
		t.Errorf("Transitions = %+v, %v", tr, err)
	}
	pub, err := st.PublishedRatings(ctx)
	if err != nil || len(pub) != 1 || string(pub[0].Snapshot) != `{"rating": "good"}` {
		t.Errorf("PublishedRatings = %+v, %v", pub, err)
	}
	// Published, the council may have a new assessment opened.
	if _, err := st.CreateAssessment(ctx, "E06009901", "qs-only-2024", "a", store.AuditEntry{Action: "x"}); err != nil {
		t.Errorf("new assessment after publication: %v", err)
	}
}

func TestRemoveAssessmentInspector(t *testing.T) {
	st := seeded(t)
	ctx := context.Background()
	id := openAssessment(t, st)
	remove := func(id int64, email string) error {
		return st.RemoveAssessmentInspector(ctx, id, email, store.AuditEntry{Action: "assessment_inspector_removed", ActorEmail: "admin@demo.test"})
	}
	if _, err := save(st, id, "equity", 3, 0); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		id    int64
		email string
		want  error
	}{
		{"missing assessment", id + 1000, "inspector.a@demo.test", store.ErrNotFound},
		{"not on it", id, "inspector.b@demo.test", store.ErrNotOnAssessment},
		{"removed, whatever the case of the address", id, "Inspector.A@demo.test", nil},
		{"removed already", id, "inspector.a@demo.test", store.ErrNotOnAssessment},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := remove(tt.id, tt.email); !errors.Is(err, tt.want) {
				t.Errorf("RemoveAssessmentInspector(%d, %s) = %v, want %v", tt.id, tt.email, err, tt.want)
			}
		})
	}
	a, err := st.Assessment(ctx, authz.AllLAs(), fmt.Sprint(id))
	if err != nil || len(a.Inspectors) != 0 {
		t.Fatalf("after removal: %+v, %v", a.Inspectors, err)
	}
	if _, err := save(st, id, "equity", 2, 1); !errors.Is(err, authz.ErrForbidden) {
		t.Errorf("save by a removed inspector: %v, want ErrForbidden at once", err)
	}
	if h, err := st.ScoreHistory(ctx, authz.AllLAs(), id); err != nil || len(h) != 1 || h[0].ActorEmail != "inspector.a@demo.test" {
		t.Errorf("history after removal = %+v, %v; want their save kept", h, err)
	}
	as, err := st.Assignments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assigned := false
	for _, as := range as {
		assigned = assigned || (as.Email == "inspector.a@demo.test" && as.LA == "E06009901")
	}
	if !assigned {
		t.Errorf("the council assignment went with the assessment: %+v", as)
	}
	log, err := st.AuditLog(ctx, authz.AllLAs(), 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	removals := 0
	for _, e := range log.Entries {
		if e.Action == "assessment_inspector_removed" {
			removals++
			if e.Detail["email"] != "inspector.a@demo.test" || e.LA != "E06009901" {
				t.Errorf("audit entry = %+v", e)
			}
		}
	}
	if removals != 1 {
		t.Errorf("%d removals in the audit log, want 1", removals)
	}
	// Who assessed a published rating stays on it.
	if err := st.AddAssessmentInspector(ctx, id, "inspector.b@demo.test", store.AuditEntry{Action: "x"}); err != nil {
		t.Fatal(err)
	}
	for _, to := range []assessment.State{assessment.Calibration, assessment.FactualAccuracy, assessment.Published} {
		a, _ := st.Assessment(ctx, authz.AllLAs(), fmt.Sprint(id))
		ch := store.StateChange{ID: id, From: a.State, To: to, ActorEmail: "x", ActorRole: "x"}
		if to == assessment.Published {
			ch.Snapshot = []byte(`{}`)
		}
		if err := st.MoveAssessment(ctx, authz.AllLAs(), ch, store.AuditEntry{Action: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := remove(id, "inspector.b@demo.test"); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("removal from a published assessment: %v, want ErrWrongState", err)
	}
	if err := st.AddAssessmentInspector(ctx, id, "inspector.c@demo.test", store.AuditEntry{Action: "x"}); !errors.Is(err, store.ErrWrongState) {
		t.Errorf("addition to a published assessment: %v, want ErrWrongState", err)
	}
}
