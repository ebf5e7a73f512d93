package api

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
)

// TestUnstorableTextIsRefused: a NUL byte or invalid UTF-8 in the address or
// a form is a 400 with the GOV.UK page, never a server error from the
// database, and changes nothing.
func TestUnstorableTextIsRefused(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	doc := "/documents/" + env.doc.ID
	tests := []struct {
		name, method, path, as string
		form                   url.Values
		wantStatus             int
	}{
		{"NUL in a path", "GET", "/las/%00", "admin@demo.test", nil, http.StatusBadRequest},
		{"NUL in a filter", "GET", "/documents?type=%00", "admin@demo.test", nil, http.StatusBadRequest},
		{"invalid UTF-8 in a filter", "GET", "/documents?status=%ff", "admin@demo.test", nil, http.StatusBadRequest},
		{"NUL in a document id", "POST", "/documents/%00/tags", "inspector.a@demo.test", url.Values{"decision": {"accept"}, "kind": {"qs"}, "label": {"safeguarding"}}, http.StatusBadRequest},
		{"NUL in a withdrawal reason", "POST", doc + "/withdraw", "submitter.a@demo.test", url.Values{"reason": {"a\x00b"}}, http.StatusBadRequest},
		{"invalid UTF-8 in a reason", "POST", doc + "/withdraw", "submitter.a@demo.test", url.Values{"reason": {"a\xffb"}}, http.StatusBadRequest},
		{"NUL in a field's name", "POST", doc + "/withdraw", "submitter.a@demo.test", url.Values{"reason": {"ok"}, "x\x00": {"y"}}, http.StatusBadRequest},
		{"plain text still passes", "GET", "/documents?type=policy", "admin@demo.test", nil, http.StatusOK},
		{"accents still pass", "GET", "/search?q=caf%C3%A9", "inspector.a@demo.test", nil, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.request(t, tt.method, tt.path, tt.as, tt.form)
			if rec.Code != tt.wantStatus {
				t.Fatalf("%s %s = %d, want %d; %.300s", tt.method, tt.path, rec.Code, tt.wantStatus, rec.Body.String())
			}
		})
	}
	d, err := env.st.Document(t.Context(), authz.AllLAs(), env.doc.ID)
	if err != nil || d.Status != "ready" {
		t.Errorf("document after refused withdrawals = %q, %v; want still ready", d.Status, err)
	}
}
