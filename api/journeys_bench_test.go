package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

// The size of the council in the page-time benchmark: issue 17 asks for
// 2,000 documents and an assessment fully scored.
const (
	benchCouncilDocs  = 2000
	benchIndexedPages = 3 // pages of each document put in the index
	benchSuggestEvery = 10
)

// benchCouncilFixture is Ashford Vale with benchCouncilDocs ready documents
// (one in benchSuggestEvery with the tagger's suggestions), their first
// pages in the index, and an interim assessment with every evidence
// category of every quality statement scored, with a rationale and two
// citations, and its report drafted.
type benchCouncilFixture struct {
	assessment string // the assessment's page
	docs       []string
}

func benchCouncil(b *testing.B, env *testEnv) benchCouncilFixture {
	b.Helper()
	ctx := context.Background()
	ins, la := "inspector.a@demo.test", "E06009901"
	fx := benchCouncilFixture{docs: make([]string, benchCouncilDocs)}
	model, err := env.st.ActiveTagModelVersion(ctx)
	if err != nil {
		model = "bench" // no model stored: the label is all the pages show
	}
	var pages []search.Page
	for i := range fx.docs {
		id := env.benchDocument(b, la, fmt.Sprintf("Ashford evidence %d", i+1), "")
		fx.docs[i] = id
		q := env.srv.catalogue.Statements[i%len(env.srv.catalogue.Statements)]
		var suggested []string
		if i%benchSuggestEvery == 0 {
			suggested = []string{q.Slug}
			sug := []store.TagSuggestion{{DocumentID: id, Page: 0, Kind: store.TagQS, Label: q.Slug, Confidence: 0.8, ModelVersion: model},
				{DocumentID: id, Page: 1, Kind: store.TagQS, Label: q.Slug, Confidence: 0.7, ModelVersion: model,
					Passages: []store.TagPassage{{Page: 1, Start: 0, End: 20, Text: "Unpaid carers helped"}}}}
			if err := env.st.SaveSuggestions(ctx, id, sug, store.Transition{ID: id, From: []document.Status{"ready"}, To: "ready"}); err != nil {
				b.Fatal(err)
			}
		}
		for n := 1; n <= benchIndexedPages; n++ {
			pages = append(pages, search.Page{DocID: id, Number: n, LA: la, Title: fmt.Sprintf("Ashford evidence %d", i+1), Type: "strategy",
				Year: 2022 + i%3, Status: "ready", QSSuggested: suggested,
				Body: fmt.Sprintf("Page %d. Unpaid carers helped write this strategy on %s; %d people waited for an assessment of their needs.",
					n, strings.ToLower(q.Name), i%97)})
		}
	}
	for len(pages) > 0 {
		n := min(len(pages), 1000)
		if err := env.ix.Put(ctx, pages[:n]); err != nil {
			b.Fatal(err)
		}
		pages = pages[n:]
	}

	id := env.openAssessment(b, la, "interim-2023", ins)
	fx.assessment = fmt.Sprintf("/assessments/%d", id)
	v, err := env.srv.catalogue.Version("interim-2023")
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, q := range env.srv.catalogue.Statements {
		for _, cat := range v.Categories {
			if cat == "observation" {
				continue // never scored
			}
			f := scoreValues(q.Slug, cat, 3, 0, strings.Repeat("The council's plans for "+strings.ToLower(q.Name)+" are clear and followed. ", 6),
				fx.docs[n%len(fx.docs)], fmt.Sprint(n%benchPages+1), fx.docs[(n+1)%len(fx.docs)], fmt.Sprint((n+1)%benchPages+1))
			if rec := env.request(b, http.MethodPost, fx.assessment+"/scores", ins, f); rec.Code != http.StatusSeeOther {
				b.Fatalf("score %s/%s = %d: %.300s", q.Slug, cat, rec.Code, rec.Body.String())
			}
			n += 2
		}
	}
	benchReportSections(b, env, fx.assessment, ins, fx.docs[0])
	return fx
}

// BenchmarkJourneyPages: every page of the journeys of issue 17 for a
// council with 2,000 documents and an assessment fully scored, through the
// real router, session and PostgreSQL: the council's home page, the
// documents list, a document, a search with a query and facets, coverage,
// the assessment (as its inspector: the task list, a statement's page with
// a score form open and after a save, the check answers page; as the
// panel and the council once it is in factual accuracy), the list of assessments, the report and the
// notifications. Each reports its median and 95th percentile.
func BenchmarkJourneyPages(b *testing.B) {
	env := newTestEnv(b, testOptions(b))
	fx := benchCouncil(b, env)
	ins, sub := "inspector.a@demo.test", "submitter.a@demo.test"
	a := fx.assessment
	search := "/search?" + url.Values{"q": {"carers assessment"}, "la": {"E06009901"}, "type": {"strategy"}, "year": {"2023"}}.Encode()
	b.Run("home-council", func(b *testing.B) { benchGet(b, env, "/", sub, "Ashford Vale") })
	b.Run("home-inspector", func(b *testing.B) { benchGet(b, env, "/", ins, "Ashford Vale") })
	b.Run("la-page", func(b *testing.B) { benchGet(b, env, "/las/E06009901", ins, "Ashford Vale") })
	b.Run("documents", func(b *testing.B) { benchGet(b, env, "/documents", sub, "Ashford evidence 2000") })
	// The list shows 200 a page, newest first: page 10 holds the first 200
	// seeded, and page 11 the test's own document, uploaded before them.
	b.Run("documents-page-10", func(b *testing.B) { benchGet(b, env, "/documents?page=10", sub, ">Ashford evidence 1<") })
	b.Run("documents-page-11", func(b *testing.B) { benchGet(b, env, "/documents?page=11", sub, ">"+env.doc.Title+"<") })
	b.Run("documents-filtered", func(b *testing.B) { benchGet(b, env, "/documents?type=strategy&status=ready", ins, "Ashford evidence") })
	b.Run("document", func(b *testing.B) { benchGet(b, env, "/documents/"+fx.docs[0], ins, "Ashford evidence 1") })
	b.Run("search", func(b *testing.B) { benchGet(b, env, search, ins, "Ashford evidence") })
	b.Run("search-page-5", func(b *testing.B) { benchGet(b, env, search+"&page=5", ins, "Ashford evidence") })
	b.Run("coverage", func(b *testing.B) { benchGet(b, env, "/las/E06009901/coverage", ins, "Ashford Vale") })
	b.Run("assessment-inspector", func(b *testing.B) { benchGet(b, env, a, ins, "Score the quality statements") })
	b.Run("assessment-statement", func(b *testing.B) { benchGet(b, env, a+"/statements/equity?edit=equity-processes", ins, "Save score") })
	b.Run("assessment-statement-saved", func(b *testing.B) {
		benchGet(b, env, a+"/statements/equity?saved=equity-processes", ins, "The score has been saved")
	})
	b.Run("assessment-check", func(b *testing.B) { benchGet(b, env, a+"/check", ins, "Send to calibration") })
	// The score form's picker: its first page of 50 of the 2,000, a search
	// of them, and the fragment its script asks for as one types.
	b.Run("score-form", func(b *testing.B) {
		benchGet(b, env, a+"/statements/equity?edit=equity-people-experience", ins, "Showing 1 to 50 of")
	})
	b.Run("score-form-search", func(b *testing.B) {
		benchGet(b, env, a+"/statements/equity?edit=equity-people-experience&pick_q=evidence+19", ins, "documents matching")
	})
	b.Run("picker-fragment", func(b *testing.B) {
		benchGet(b, env, a+"/statements/equity?edit=equity-people-experience&pick_q=evidence+19&fragment=picker", ins, "picker-results")
	})
	b.Run("report-section-form", func(b *testing.B) { benchGet(b, env, a+"/report?edit=summary", ins, "Showing 1 to 50 of") })
	b.Run("assessments", func(b *testing.B) { benchGet(b, env, "/assessments", ins, "Ashford Vale") })
	b.Run("report", func(b *testing.B) { benchGet(b, env, a+"/report", ins, "Versions saved") })

	for _, mv := range [][2]string{{ins, "calibration"}, {"panel@demo.test", "factual_accuracy"}} {
		if rec := env.request(b, http.MethodPost, a+"/state", mv[0], url.Values{"to": {mv[1]}}); rec.Code != http.StatusSeeOther {
			b.Fatalf("move to %s = %d: %.300s", mv[1], rec.Code, rec.Body.String())
		}
	}
	b.Run("assessment-panel", func(b *testing.B) { benchGet(b, env, a, "panel@demo.test", "Ashford Vale") })
	b.Run("assessment-council", func(b *testing.B) { benchGet(b, env, a, sub, "Ashford Vale") })
	b.Run("assessments-council", func(b *testing.B) { benchGet(b, env, "/assessments", sub, "Ashford Vale") })
	b.Run("notifications-council", func(b *testing.B) { benchGet(b, env, "/notifications", sub, "Notifications") })
	b.Run("notifications-inspector", func(b *testing.B) { benchGet(b, env, "/notifications", ins, "Notifications") })
}
