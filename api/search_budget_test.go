package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/search"
)

// TestSearchOverBudget: a search that runs past PORTAL_SEARCH_BUDGET gets a
// GOV.UK message on the page (503, the form kept) and a JSON error with its
// own code from the API, never a 500.
func TestSearchOverBudget(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ix, err := search.OpenWith(t.TempDir()+"/index", search.Options{SearchBudget: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Put(context.Background(), []search.Page{{DocID: env.doc.ID, Number: 1, LA: "E06009901", Title: "Ashford carers strategy", Type: "strategy", Body: "Unpaid carers"}}); err != nil {
		t.Fatal(err)
	}
	env.srv.index = ix
	tests := []struct {
		name, target, want string
	}{
		{"page", "/search?q=carers", "Your search took too long to run"},
		{"more like this", "/search?like=" + env.doc.ID, "Your search took too long to run"},
		{"api", "/api/v1/search?q=carers", `"search_too_costly"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.request(t, http.MethodGet, tt.target, "inspector.a@demo.test", nil)
			if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), tt.want) {
				t.Fatalf("GET %s = %d, want 503 with %q:\n%.600s", tt.target, rec.Code, tt.want, rec.Body.String())
			}
			if strings.HasPrefix(tt.target, "/api/") && !json.Valid(rec.Body.Bytes()) {
				t.Errorf("API answer is not JSON: %s", rec.Body.String())
			}
		})
	}
}
