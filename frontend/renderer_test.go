package frontend

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func newRenderer(t *testing.T) *Renderer {
	t.Helper()
	a, err := NewAssets()
	if err != nil {
		t.Fatalf("NewAssets: %v", err)
	}
	r, err := New(a)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

func TestEveryPageRenders(t *testing.T) {
	r := newRenderer(t)
	user := &User{Email: "a@demo.test", Role: "Council submitter", LAName: "Ashford Vale Council"}
	lay := Layout{User: user, CSRFToken: "tok", Nav: []NavItem{{Label: "Home", Href: "/", Active: true}}}
	pages := map[string]any{
		"start":             StartPage{},
		"home_la":           LAHomePage{Layout: lay, LAName: "Ashford Vale Council", LACode: "E06009901", LAHref: "/las/E06009901"},
		"home_inspector":    InspectorHomePage{Layout: lay, LAs: []LALink{{Code: "E06009901", Name: "Ashford Vale Council", Href: "/las/E06009901"}}},
		"home_panel":        PanelHomePage{Layout: lay},
		"home_admin":        AdminHomePage{Layout: lay},
		"la":                LAPage{Layout: lay, Code: "E06009901", Name: "Ashford Vale Council"},
		"error":             ErrorPage{Layout: lay, Heading: "Page not found", RequestID: "r1"},
		"signed_out":        SignedOutPage{},
		"cookies":           CookiesPage{IdleTimeout: "30 minutes", MaxAge: "12 hours"},
		"accessibility":     AccessibilityPage{},
		"admin_las":         AdminLAsPage{Layout: Layout{User: user, Errors: []FieldError{{"code", "Enter an ONS code"}}}, CodeError: "Enter an ONS code"},
		"admin_assignments": AdminAssignmentsPage{Layout: lay, Assignments: []AssignmentRow{{Email: "i@demo.test", LA: "E06009901", LAName: "A"}}},
		"admin_users":       AdminUsersPage{Layout: lay},
		"admin_audit":       AdminAuditPage{Layout: lay, Entries: []AuditRow{{Action: "login"}}, Total: 1},
		"search":            SearchPage{Layout: lay, Query: "carers", Searched: true, Total: 1, Hits: []SearchHit{{Title: "T", Pages: []SearchPageHit{{Number: 1, Snippet: "a <mark>carers</mark> b"}}}}, Facets: []Facet{{Name: "la", Label: "Local authority", Values: []FacetValue{{Label: "E06009901", Count: 1}}}}},
		"search_help":       SearchHelpPage{Layout: lay},
		"documents":         DocumentsPage{Layout: lay, CanUpload: true, Documents: []DocumentRow{{ID: "d", Title: "Policy", Status: "Ready"}}, Refresh: true},
		"upload":            UploadPage{Layout: Layout{User: user, Errors: []FieldError{{"file", "Select a file"}}}, FileError: "Select a file", MaxSize: "100MB"},
		"document":          DocumentPage{Layout: lay, Doc: DocumentRow{ID: "d", Title: "Policy"}, TextPages: []TextPage{{Number: 1, Text: "<b>text</b>"}, {Number: 2, NeedsOCR: true}}},
	}
	for _, name := range r.Pages() {
		if _, ok := pages[name]; !ok {
			t.Errorf("page %q has no entry in this test", name)
		}
	}
	for name, page := range pages {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := r.Render(&buf, name, page); err != nil {
				t.Fatalf("Render: %v", err)
			}
			html := buf.String()
			for _, want := range []string{"<!DOCTYPE html>", "govuk-frontend.min.css", `id="main-content"`, "Evidence Portal"} {
				if !strings.Contains(html, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if strings.Contains(html, "<script>") {
				t.Errorf("page has an inline script; the CSP forbids them")
			}
		})
	}
}

func TestErrorSummaryTitlePrefix(t *testing.T) {
	r := newRenderer(t)
	var buf bytes.Buffer
	page := AdminLAsPage{Layout: Layout{Errors: []FieldError{{"code", "Enter an ONS code"}}}, CodeError: "Enter an ONS code"}
	if err := r.Render(&buf, "admin_las", page); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>Error: ", "govuk-error-summary", `href="#code"`, "govuk-form-group--error"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("page with errors lacks %q", want)
		}
	}
}

func TestRenderEscapes(t *testing.T) {
	r := newRenderer(t)
	var buf bytes.Buffer
	evil := `<script>alert(1)</script>"'`
	if err := r.Render(&buf, "la", LAPage{Name: evil, Code: evil}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<script>alert") {
		t.Errorf("council name reached the page as markup")
	}
}

func TestRenderUnknownPage(t *testing.T) {
	if err := newRenderer(t).Render(io.Discard, "nope", nil); err == nil {
		t.Errorf("Render of an unknown page succeeded")
	}
}

func TestAssetsHandler(t *testing.T) {
	a, err := NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	h := a.Handler()
	tests := []struct {
		path       string
		wantStatus int
		wantCache  string
	}{
		{a.URL("govuk/govuk-frontend.min.css"), 200, "immutable"},
		{a.URL("app.mjs"), 200, "immutable"},
		{"/static/old/app.css", 200, "max-age=300"},
		{"/assets/fonts/bold-b542beb274-v2.woff2", 200, "max-age=86400"},
		{"/assets/images/favicon.ico", 200, "max-age=86400"},
		{a.URL("../renderer.go"), 404, ""},
		{a.URL("govuk/govuk-frontend.min.css.map"), 404, ""},
		{a.URL("nope.css"), 404, ""},
		{a.URL(""), 404, ""},
		{"/static/", 404, ""},
		{"/assets/../../templates/layout.html", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
			if rec.Code != tt.wantStatus {
				t.Fatalf("GET %s = %d, want %d", tt.path, rec.Code, tt.wantStatus)
			}
			if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, tt.wantCache) {
				t.Errorf("Cache-Control = %q, want it to contain %q", cc, tt.wantCache)
			}
		})
	}
}
