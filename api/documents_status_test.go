package api

import (
	"net/http"
	"strings"
	"testing"
)

func TestDocumentStatusesForLiveUpdates(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	theirs := env.readyDocument(t, "E06009902", "submitter.b@demo.test", "Brookmere plan")
	tests := []struct {
		name, as, query string
		wantStatus      int
		want, wantNot   []string
	}{
		{"own document", "viewer.a@demo.test", "?id=" + env.doc.ID, 200,
			[]string{env.doc.ID, `"label":"Ready"`, `"class":"govuk-tag--green"`, `"final":true`}, nil},
		{"another council's id is left out", "submitter.a@demo.test", "?id=" + env.doc.ID + "&id=" + theirs.ID, 200,
			[]string{env.doc.ID}, []string{theirs.ID}},
		{"unknown id", "submitter.a@demo.test", "?id=nonsense", 200, []string{`"documents":[]`}, nil},
		{"no id", "submitter.a@demo.test", "", 400, nil, nil},
		{"too many ids", "submitter.a@demo.test", "?id=" + strings.Repeat("x&id=", 200) + "x", 400, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.request(t, http.MethodGet, "/api/v1/documents/status"+tt.query, tt.as, nil)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %s", rec.Code, tt.wantStatus, rec.Body.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("body %s lacks %s", rec.Body.String(), w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(rec.Body.String(), w) {
					t.Errorf("body %s has %s", rec.Body.String(), w)
				}
			}
		})
	}
}
