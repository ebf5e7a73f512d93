package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
)

// BenchmarkDocumentPageLong: the page of a 21,300-page document (the 60 MB
// text file of issue 15, pages of about 2,800 bytes) through the real
// router, session, PostgreSQL and MinIO: its first screen and its last
// (which scans the stored text to the end), with the bytes of HTML sent.
func BenchmarkDocumentPageLong(b *testing.B) {
	env := newTestEnv(b, testOptions(b))
	ctx := context.Background()
	d := env.readyDocument(b, "E06009901", "submitter.a@demo.test", "Long register")
	const n = 21300
	pages := make([]extract.Page, n)
	line := strings.Repeat("Carers assessment register entry with a reference, a team and a date opened. ", 36)
	for i := range pages {
		pages[i] = extract.Page{Number: i + 1, Text: fmt.Sprintf("Page %d. %s", i+1, line)}
	}
	body, _ := json.Marshal(ingest.Text{DocumentID: d.ID, Pages: pages})
	if _, err := env.bl.Put(ctx, blob.TextKey(d.ID), strings.NewReader(string(body)), int64(len(body)), "application/json"); err != nil {
		b.Fatal(err)
	}
	if _, err := env.st.MoveDocument(ctx, store.Transition{ID: d.ID, From: []document.Status{"ready"}, To: "ready", Pages: n}); err != nil {
		b.Fatal(err)
	}
	b.Logf("stored text: %d MB", len(body)>>20)
	for _, bc := range []struct{ name, query string }{{"first-screen", ""}, {"last-screen", fmt.Sprintf("?page=%d", n)}} {
		b.Run(bc.name, func(b *testing.B) {
			var bytes int
			for b.Loop() {
				rec := env.request(b, "GET", "/documents/"+d.ID+bc.query, "submitter.a@demo.test", nil)
				if rec.Code != 200 {
					b.Fatalf("status %d", rec.Code)
				}
				bytes = rec.Body.Len()
			}
			b.ReportMetric(float64(bytes)/1024, "KiB-html")
		})
	}
}
