package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/google/uuid"
)

// The size of the benchmark's return: issue 12 asks for 200 items citing
// 2,000 documents.
const (
	benchItems     = 200
	benchCitations = 2000
	benchPages     = 40 // pages of each cited document
)

// benchReturnFixture is an issued return of Ashford Vale with benchItems
// items, almost all answered: its documents items cite benchCitations read
// documents of the council between them (one in twenty has a newer
// version since), its tables have rows, its links and texts are given.
type benchReturnFixture struct {
	href string // the return's page
	api  string // its JSON
	// item is the page of the documents item citing the most documents.
	item string
}

func benchReturn(b *testing.B, env *testEnv) benchReturnFixture {
	b.Helper()
	ctx := context.Background()
	ins, la := "inspector.a@demo.test", "E06009901"
	scope := authz.OnlyLAs(la)
	id := env.openAssessment(b, la, "qs-only-2024", ins)

	// The template's 15 items over and over, with keys of their own.
	tpl := *env.srv.returnTpl
	tpl.Items = nil
	for i := range benchItems {
		it := env.srv.returnTpl.Items[i%len(env.srv.returnTpl.Items)]
		it.Key = fmt.Sprintf("%s-%d", it.Key, i)
		it.Title = fmt.Sprintf("%s (%d)", it.Title, i+1)
		tpl.Items = append(tpl.Items, it)
	}
	rid, err := env.st.CreateReturn(ctx, scope, id, &tpl, ins, env.auditAs("return_started"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := env.st.IssueReturn(ctx, scope, rid, 0, time.Now(), env.srv.loc, ins, env.auditAs("return_issued")); err != nil {
		b.Fatal(err)
	}

	// Read documents of the council, as rows: the pipeline is not what is
	// measured here.
	docs := make([]string, benchCitations)
	for i := range docs {
		docs[i] = env.benchDocument(b, la, fmt.Sprintf("Ashford evidence %d", i+1), "")
	}

	items, err := env.st.ReturnItems(ctx, authz.AllLAs(), rid, true)
	if err != nil {
		b.Fatal(err)
	}
	var docItems []store.ReturnItem
	for _, it := range items {
		if it.Kind == framework.AnswerDocuments {
			docItems = append(docItems, it)
		}
	}
	cites := make(map[int64][]assessment.Citation)
	for i, d := range docs {
		it := docItems[i%len(docItems)]
		cites[it.ID] = append(cites[it.ID], assessment.Citation{DocumentID: d, Page: i%benchPages + 1, Section: fmt.Sprintf("Part %d", i%7+1)})
	}
	var most int64
	for i, it := range items {
		if i%20 == 19 && it.Kind != framework.AnswerDocuments {
			continue // a few left for the council to answer or explain
		}
		a := assessment.Answer{Kind: it.Kind}
		switch it.Kind {
		case framework.AnswerDocuments:
			a.Citations = cites[it.ID]
			if len(a.Citations) > len(cites[most]) {
				most = it.ID
			}
		case framework.AnswerLink:
			a.Link = fmt.Sprintf("https://www.ashford.example/evidence/%d", i)
		case framework.AnswerText:
			a.Text = strings.Repeat("Forty-two people wait for an assessment of their needs. ", 10)
		case framework.AnswerTable:
			for r := range 10 {
				row := make([]string, len(it.Columns))
				for c := range row {
					row[c] = fmt.Sprintf("Cell %d of row %d", c+1, r+1)
				}
				a.Rows = append(a.Rows, row)
			}
		}
		if a, err = assessment.CheckAnswer(it.Kind, len(it.Columns), a); err != nil {
			b.Fatalf("answer %s: %v", it.Key, err)
		}
		if err := env.st.AnswerItem(ctx, scope, store.AnswerInput{Return: rid, Item: it.ID, Answer: a, By: "submitter.a@demo.test"},
			env.auditAs("return_item_answered")); err != nil {
			b.Fatalf("answer %s: %v", it.Key, err)
		}
	}
	// Newer versions of one cited document in twenty: the return keeps
	// citing the old one and links the new.
	for i := 0; i < len(docs); i += 20 {
		env.benchDocument(b, la, fmt.Sprintf("Ashford evidence %d, revised", i+1), docs[i])
	}
	a := fmt.Sprintf("/assessments/%d/return", id)
	return benchReturnFixture{href: a, api: "/api/v1" + a, item: fmt.Sprintf("%s/items/%d", a, most)}
}

// benchDocument inserts a read document of la of benchPages pages
// (replacing another when replaces is not ""), and gives its id.
func (e *testEnv) benchDocument(b testing.TB, la, title, replaces string) string {
	b.Helper()
	ctx := context.Background()
	id := uuid.NewString()
	sum := sha256.Sum256([]byte(id))
	d := store.Document{ID: id, LA: la, Title: title, Type: "strategy", Filename: "evidence.pdf", Kind: "pdf",
		ContentType: "application/pdf", Size: 1 << 20, SHA256: hex.EncodeToString(sum[:]), ObjectKey: "files/" + id,
		Status: "received", UploadedBy: e.doc.UploadedBy, Replaces: replaces}
	if err := e.st.CreateDocument(ctx, d, e.auditAs("document_uploaded")); err != nil {
		b.Fatal(err)
	}
	if _, err := e.st.MoveDocument(ctx, store.Transition{ID: id, From: []document.Status{"received"}, To: "ready", Pages: benchPages}); err != nil {
		b.Fatal(err)
	}
	return id
}

// benchGet requests target as who through the real router and middleware,
// against the real PostgreSQL, and reports the median and the 95th
// percentile. The person signs in once, outside what is timed.
func benchGet(b *testing.B, env *testEnv, target, who, want string) {
	b.Helper()
	ck, _ := env.signIn(b, who)
	var took []time.Duration
	var size int
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.AddCookie(ck)
		start := time.Now()
		rec := env.serve(req)
		took = append(took, time.Since(start))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			b.Fatalf("GET %s as %s = %d, want 200 with %q: %.300s", target, who, rec.Code, want, rec.Body.String())
		}
		size = rec.Body.Len()
	}
	b.StopTimer()
	slices.Sort(took)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
	b.ReportMetric(ms(took[len(took)*95/100]), "p95-ms")
	b.ReportMetric(float64(size)/1024, "KiB")
}

// BenchmarkReturnPages: the information return of 200 items citing 2,000
// documents, as its inspector and the council's submitter (who may answer
// and submit) see it, its biggest documents item with the answer form, and
// the same return through the JSON API.
func BenchmarkReturnPages(b *testing.B) {
	env := newTestEnv(b, testOptions(b))
	fx := benchReturn(b, env)
	ins, sub := "inspector.a@demo.test", "submitter.a@demo.test"
	b.Run("return-inspector", func(b *testing.B) { benchGet(b, env, fx.href, ins, "required items answered") })
	b.Run("return-council", func(b *testing.B) { benchGet(b, env, fx.href, sub, "Submit the return") })
	b.Run("item-inspector", func(b *testing.B) { benchGet(b, env, fx.item, ins, "Ashford evidence") })
	b.Run("item-council", func(b *testing.B) { benchGet(b, env, fx.item, sub, "Save the answer") })
	b.Run("api-inspector", func(b *testing.B) { benchGet(b, env, fx.api, ins, `"items"`) })
	b.Run("api-council", func(b *testing.B) { benchGet(b, env, fx.api, sub, `"items"`) })
}
