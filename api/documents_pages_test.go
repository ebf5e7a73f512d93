package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestDocumentsListPages: a council with more documents than a page holds
// reaches every one of them through the GOV.UK pagination, which keeps the
// filters, and the caption counts all of them, not the page.
func TestDocumentsListPages(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	for i := range documentsPerPage {
		env.benchDocument(t, "E06009901", fmt.Sprintf("Ashford evidence %d", i+1), "")
	}
	env.readyDocument(t, "E06009902", "submitter.b@demo.test", "Brookmere plan")
	const sub = "submitter.a@demo.test"
	tests := []struct {
		name, target, as string
		want, wantNot    []string
	}{
		{"first page", "/documents", sub,
			[]string{fmt.Sprintf("%d documents", documentsPerPage+1), ">Ashford evidence 200<", `href="/documents?page=2"`, `rel="next"`, `aria-current="page"`},
			[]string{">" + env.doc.Title + "<", `rel="prev"`, "E06009902"}},
		{"second page", "/documents?page=2", sub,
			[]string{fmt.Sprintf("%d documents", documentsPerPage+1), ">" + env.doc.Title + "<", `href="/documents?page=1"`, `rel="prev"`},
			[]string{">Ashford evidence 1<", `rel="next"`}},
		{"past the end shows the last page", "/documents?page=99", sub, []string{">" + env.doc.Title + "<"}, []string{">Ashford evidence 1<"}},
		{"filters kept", "/documents?type=strategy&status=ready", sub, []string{`href="/documents?page=2&amp;status=ready&amp;type=strategy"`}, nil},
		{"one page: no pagination", "/documents?la=E06009902", "admin@demo.test", []string{"1 document<"}, []string{"govuk-pagination"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.request(t, http.MethodGet, tt.target, tt.as, nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s = %d", tt.target, rec.Code)
			}
			body := rec.Body.String()
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: missing %q", tt.target, w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(body, w) {
					t.Errorf("GET %s: holds %q", tt.target, w)
				}
			}
		})
	}
}
