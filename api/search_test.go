package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/search"
)

func TestSearchIsScopedAndEscaped(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	brook := env.readyDocument(t, "E06009902", "submitter.b@demo.test", "Brookmere carers plan")
	if err := env.ix.Put(ctx, []search.Page{
		{DocID: env.doc.ID, Number: 1, LA: "E06009901", Title: "Ashford carers strategy", Type: "strategy", Year: 2024,
			Body: "Unpaid carers helped write this strategy. <script>alert(1)</script>"},
		{DocID: brook.ID, Number: 1, LA: "E06009902", Title: "Brookmere carers plan", Type: "strategy", Year: 2024,
			Body: "Brookmere carers plan and respite."},
	}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, as, q string
		want        []string
		wantNot     []string
		status      int
	}{
		{"inspector sees assigned council only", "inspector.a@demo.test", "carers", []string{"Ashford carers strategy", "<mark>carers</mark>"}, []string{"Brookmere"}, 200},
		{"la: to another council finds nothing", "inspector.a@demo.test", "la:E06009902", []string{"0 documents"}, []string{"Brookmere carers plan"}, 200},
		{"council staff see their own", "submitter.b@demo.test", "carers", []string{"Brookmere carers plan"}, []string{"Ashford"}, 200},
		{"admin sees all", "admin@demo.test", "carers", []string{"Ashford carers strategy", "Brookmere carers plan"}, nil, 200},
		{"councils, types and statements by name", "admin@demo.test", "carers", []string{"Ashford Vale Council</a> (1)", "Brookmere Borough Council</a> (1)",
			"Strategy</a> (2)", "Ashford Vale Council · Strategy"}, []string{">E06009901<", ">strategy</a>"}, 200},
		{"document markup is escaped", "inspector.a@demo.test", "strategy", []string{"&lt;script&gt;"}, []string{"<script>alert"}, 200},
		{"malformed query", "inspector.a@demo.test", `"unclosed`, []string{"There is a problem", "opening quotation mark without a closing one"}, nil, 400},
		{"bracket left open", "inspector.a@demo.test", "carers AND (", []string{"There is a problem", "ends with an opening bracket"}, []string{"Enter words to search for"}, 400},
		{"unknown statement", "inspector.a@demo.test", "qs:nonsense", []string{"There is a problem", "no quality statement &#34;nonsense&#34;. Use one of qs:"}, nil, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.request(t, http.MethodGet, "/search?q="+url.QueryEscape(tt.q), tt.as, nil)
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Fatalf("GET /search = %d", rec.Code)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("search page lacks %q", w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(body, w) {
					t.Errorf("search page shows %q", w)
				}
			}
		})
	}
	rec := env.request(t, http.MethodGet, "/api/v1/search?q=carers", "inspector.b@demo.test", nil)
	var res struct {
		Total  int `json:"total"`
		Hits   []searchHitJSON
		Facets map[string][]facetJSON
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || res.Total != 1 || res.Hits[0].LA != "E06009902" {
		t.Errorf("API search as inspector.b = %s", rec.Body.String())
	}
	for _, f := range res.Facets["la"] {
		if f.Value != "E06009902" {
			t.Errorf("facet counts reveal %s", f.Value)
		}
	}
	rec = env.request(t, http.MethodGet, "/api/v1/search?q=%28", "inspector.b@demo.test", nil)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"bad_query"`) {
		t.Errorf("API bad query = %d %s", rec.Code, rec.Body.String())
	}
}
