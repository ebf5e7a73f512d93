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

func TestTextScreen(t *testing.T) {
	tests := []struct {
		page, total                 int
		wantScreen, wantFirst, last int
	}{
		{0, 120, 1, 1, 50},
		{1, 120, 1, 1, 50},
		{50, 120, 1, 1, 50},
		{51, 120, 2, 51, 100},
		{120, 120, 3, 101, 150},
		{121, 120, 1, 1, 50},
		{-5, 120, 1, 1, 50},
		{7, 0, 1, 1, 50},
		{21300, 21300, 426, 21251, 21300},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("page %d of %d", tt.page, tt.total), func(t *testing.T) {
			s, f, l := textScreen(tt.page, tt.total)
			if s != tt.wantScreen || f != tt.wantFirst || l != tt.last {
				t.Errorf("textScreen = %d, %d, %d; want %d, %d, %d", s, f, l, tt.wantScreen, tt.wantFirst, tt.last)
			}
		})
	}
}

// TestDocumentTextIsPaged: a long document's page shows one screen of its
// text at a time, the screen that holds the page a link asks for, with
// GOV.UK pagination between screens; search results link there.
func TestDocumentTextIsPaged(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	d := env.readyDocument(t, "E06009901", "submitter.a@demo.test", "Long register")
	var pages []extract.Page
	for n := 1; n <= 120; n++ {
		pages = append(pages, extract.Page{Number: n, Text: fmt.Sprintf("Register entry on page %d.", n)})
	}
	body, _ := json.Marshal(ingest.Text{DocumentID: d.ID, Pages: pages})
	if _, err := env.bl.Put(ctx, blob.TextKey(d.ID), strings.NewReader(string(body)), int64(len(body)), "application/json"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.st.MoveDocument(ctx, store.Transition{ID: d.ID, From: []document.Status{"ready"}, To: "ready", Pages: 120}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		query         string
		want, wantNot []string
	}{
		{"the first screen", "", []string{"Pages 1 to 50 of 120", "Register entry on page 1.", "Register entry on page 50.",
			fmt.Sprintf(`href="/documents/%s?page=51#text" rel="next"`, d.ID), `aria-label="Pages 101 to 120"`},
			[]string{"Register entry on page 51.", `rel="prev"`}},
		{"the screen of a page asked for", "?page=75", []string{"Pages 51 to 100 of 120", "Register entry on page 75.",
			fmt.Sprintf(`href="/documents/%s?page=1#text" rel="prev"`, d.ID), `aria-current="page"`},
			[]string{"Register entry on page 50.", "Register entry on page 101."}},
		{"the last screen is short", "?page=120", []string{"Pages 101 to 120 of 120", "Register entry on page 120."}, []string{`rel="next"`}},
		{"a page past the end shows the first screen", "?page=9999", []string{"Pages 1 to 50 of 120"}, nil},
		{"a page that is no number shows the first screen", "?page=x%3Cscript%3E", []string{"Pages 1 to 50 of 120"}, []string{"<script>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.request(t, "GET", "/documents/"+d.ID+tt.query, "submitter.a@demo.test", nil)
			if rec.Code != 200 {
				t.Fatalf("status %d", rec.Code)
			}
			page := rec.Body.String()
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(page, w) {
					t.Errorf("page has %q", w)
				}
			}
		})
	}
	if got, want := pageHref(d.ID, 75), "/documents/"+d.ID+"?page=75#page-75"; got != want {
		t.Errorf("pageHref = %q, want %q", got, want)
	}
	if id, n, ok := parsePageLink("http://127.0.0.1:8080" + pageHref(d.ID, 75)); !ok || id != d.ID || n != 75 {
		t.Errorf("parsePageLink(pageHref) = %q, %d, %v: a citation of a link the portal gives must be read", id, n, ok)
	}
}
