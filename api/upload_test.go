package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/store"
)

type part struct {
	field, filename string
	body            []byte
}

func multipartBody(t *testing.T, parts []part) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		var fw io.Writer
		var err error
		if p.filename != "" || p.field == "file" {
			fw, err = w.CreateFormFile(p.field, p.filename)
		} else {
			fw, err = w.CreateFormField(p.field)
		}
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(p.body)
	}
	w.Close()
	return &buf, w.FormDataContentType()
}

func (e *testEnv) uploadAs(t *testing.T, path, as string, parts []part, withToken bool) *httptest.ResponseRecorder {
	t.Helper()
	ck, csrf := e.signIn(t, as)
	if withToken {
		parts = append([]part{{field: "csrf_token", body: []byte(csrf)}}, parts...)
	}
	body, ct := multipartBody(t, parts)
	req := httptest.NewRequest(http.MethodPost, path, body)
	req.Header.Set("Content-Type", ct)
	req.AddCookie(ck)
	return e.serve(req)
}

func TestUploadThroughTheForm(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	pdf := []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
	tests := []struct {
		name       string
		parts      []part
		token      bool
		as         string
		wantStatus int
		wantBody   string
	}{
		{"one file", []part{{field: "type", body: []byte("policy")}, {field: "file", filename: "policy.pdf", body: pdf}}, true, "submitter.a@demo.test", 303, ""},
		{"two files", []part{{field: "type", body: []byte("minutes")}, {field: "file", filename: "a.txt", body: []byte("Minutes one\n")}, {field: "file", filename: "b.txt", body: []byte("Minutes two\n")}}, true, "submitter.a@demo.test", 303, ""},
		{"no file", []part{{field: "type", body: []byte("policy")}, {field: "file", filename: "", body: nil}}, true, "submitter.a@demo.test", 422, "Select a file"},
		{"empty file", []part{{field: "type", body: []byte("policy")}, {field: "file", filename: "empty.txt", body: nil}}, true, "submitter.a@demo.test", 422, "The selected file empty.txt is empty"},
		{"too big", []part{{field: "type", body: []byte("policy")}, {field: "file", filename: "big.txt", body: bytes.Repeat([]byte("a"), 1<<20+1)}}, true, "submitter.a@demo.test", 422, "must be smaller than 1MB"},
		{"wrong type", []part{{field: "type", body: []byte("policy")}, {field: "file", filename: "tool.exe", body: append([]byte("MZ\x90\x00"), make([]byte, 64)...)}}, true, "submitter.a@demo.test", 422, "must be a PDF, DOCX"},
		{"name and content disagree", []part{{field: "type", body: []byte("policy")}, {field: "file", filename: "report.docx", body: pdf}}, true, "submitter.a@demo.test", 422, "is called a DOCX file but its content is PDF"},
		{"no type", []part{{field: "file", filename: "notes.txt", body: []byte("Notes\n")}}, true, "submitter.a@demo.test", 422, "Select the type of document"},
		{"hostile name is cleaned and escaped", []part{{field: "type", body: []byte("policy")}, {field: "file", filename: "../../<script>alert(1)</script>.exe", body: append([]byte("MZ"), make([]byte, 64)...)}}, true, "submitter.a@demo.test", 422, "script&gt;.exe"},
		{"no CSRF token", []part{{field: "type", body: []byte("policy")}, {field: "file", filename: "x.txt", body: []byte("x\n")}}, false, "submitter.a@demo.test", 403, "Your form could not be sent"},
		{"token after the file", []part{{field: "file", filename: "x.txt", body: []byte("x\n")}, {field: "csrf_token", body: []byte("late")}}, false, "submitter.a@demo.test", 403, ""},
		{"viewer may not upload", []part{{field: "type", body: []byte("policy")}, {field: "file", filename: "x.txt", body: []byte("x\n")}}, true, "viewer.a@demo.test", 403, ""},
		{"inspector may not upload", []part{{field: "type", body: []byte("policy")}, {field: "file", filename: "x.txt", body: []byte("x\n")}}, true, "inspector.a@demo.test", 403, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.uploadAs(t, "/documents/upload", tt.as, tt.parts, tt.token)
			if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantBody) {
				t.Errorf("upload = %d, want %d containing %q; %.500s", rec.Code, tt.wantStatus, tt.wantBody, rec.Body.String())
			}
			if strings.Contains(rec.Body.String(), "<script>alert") {
				t.Errorf("file name reached the page as markup")
			}
		})
	}
	docs, err := env.st.Documents(context.Background(), authz.OnlyLAs("E06009901"), storeFilter())
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 4 { // the env's own and the three accepted files
		t.Errorf("documents after the uploads = %d, want 4", len(docs))
	}
	left, _ := env.bl.List(context.Background(), blob.QuarantinePrefix, farFuture())
	if len(left) != 3 {
		t.Errorf("quarantine holds %d files, want the 3 accepted: refused files must leave nothing", len(left))
	}
}

func TestUploadThroughTheAPI(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	token := passwordGrantToken(t, "submitter.a@demo.test")
	post := func(parts []part) *httptest.ResponseRecorder {
		body, ct := multipartBody(t, parts)
		req := httptest.NewRequest(http.MethodPost, "/api/v1/documents", body)
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+token)
		return env.serve(req)
	}
	text := []byte("Our self-assessment, 2025.\n")
	rec := post([]part{{field: "file", filename: "self-assessment.txt", body: text}, {field: "type", body: []byte("self-assessment")}, {field: "title", body: []byte("Self-assessment 2025")}})
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST = %d %s", rec.Code, rec.Body.String())
	}
	var d documentJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	if d.ID == "" || d.Status != "received" || d.Size != int64(len(text)) || len(d.SHA256) != 64 || d.Title != "Self-assessment 2025" || d.LA != "E06009901" {
		t.Errorf("created = %+v", d)
	}
	rec = post([]part{{field: "type", body: []byte("policy")}, {field: "file", filename: "again.txt", body: text}})
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), d.ID) || !strings.Contains(rec.Body.String(), "already uploaded as Self-assessment 2025") {
		t.Errorf("duplicate = %d %s, want 409 naming %s", rec.Code, rec.Body.String(), d.ID)
	}
	rec = post([]part{{field: "type", body: []byte("policy")}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"file":"Select a file"`) {
		t.Errorf("no file = %d %s", rec.Code, rec.Body.String())
	}
	// Brookmere's submitter cannot see it, exactly as if it did not exist.
	other := passwordGrantToken(t, "submitter.b@demo.test")
	for _, path := range []string{"/api/v1/documents/" + d.ID, "/api/v1/documents/" + d.ID + "/file", "/api/v1/documents/00000000-0000-0000-0000-000000000000"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+other)
		if rec := env.serve(req); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), `"not_found"`) {
			t.Errorf("GET %s as Brookmere = %d %s, want 404", path, rec.Code, rec.Body.String())
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/documents", nil)
	req.Header.Set("Authorization", "Bearer "+other)
	if rec := env.serve(req); strings.Contains(rec.Body.String(), d.ID) {
		t.Errorf("Brookmere's list includes Ashford's document")
	}
	// Not scanned yet: no download for anyone.
	req = httptest.NewRequest(http.MethodGet, "/api/v1/documents/"+d.ID+"/file", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if rec := env.serve(req); rec.Code != http.StatusNotFound {
		t.Errorf("download before the scan = %d, want 404", rec.Code)
	}
}

func TestDownloadIsAnAttachment(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	rec := env.request(t, http.MethodGet, "/documents/"+env.doc.ID+"/file", "inspector.a@demo.test", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Ashford carers strategy") {
		t.Fatalf("download = %d %q", rec.Code, rec.Body.String())
	}
	h := rec.Header()
	if !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") || h.Get("Content-Type") != "text/plain" {
		t.Errorf("download headers = %v", h)
	}
	log, _ := env.st.AuditLog(context.Background(), authz.AllLAs(), 10, 0)
	if log.Entries[0].Action != "document_downloaded" || log.Entries[0].ActorEmail != "inspector.a@demo.test" {
		t.Errorf("latest audit entry = %+v, want the download", log.Entries[0])
	}
}

// TestNewVersions: versions make a line. Only the newest version in use of a
// council's own document gets a new one, as one file; a withdrawn one, an
// older one and another council's get none, and nothing is kept.
func TestNewVersions(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	v1 := env.doc
	other := env.readyDocument(t, "E06009902", "submitter.b@demo.test", "Brookmere plan")
	gone := env.readyDocument(t, "E06009901", "submitter.a@demo.test", "Old policy")
	if rec := env.request(t, "POST", "/documents/"+gone.ID+"/withdraw", "submitter.a@demo.test", url.Values{"reason": {"Out of date"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("withdraw = %d", rec.Code)
	}
	file := func(name, body string) part { return part{field: "file", filename: name, body: []byte(body)} }
	version := func(of string, files ...part) []part {
		return append([]part{{field: "type", body: []byte("strategy")}, {field: "replaces", body: []byte(of)}}, files...)
	}
	tests := []struct {
		name       string
		parts      []part
		wantStatus int
		wantBody   string
	}{
		{"another council's document", version(other.ID, file("a.txt", "Version for Brookmere\n")), 422, "The document you are replacing could not be found"},
		{"a withdrawn document", version(gone.ID, file("b.txt", "New old policy\n")), 422, "has been withdrawn: upload the file as a new document"},
		{"two files as one version", version(v1.ID, file("c.txt", "Strategy c\n"), file("d.txt", "Strategy d\n")), 422, "Select one file: a new version is a single file"},
		{"a new version", version(v1.ID, file("e.txt", "Carers strategy, second version\n")), 303, ""},
		{"the older version again", version(v1.ID, file("f.txt", "Carers strategy, another second version\n")), 422, "already has a newer version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := env.uploadAs(t, "/documents/upload", "submitter.a@demo.test", tt.parts, true)
			if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantBody) {
				t.Errorf("upload = %d, want %d with %q; %.600s", rec.Code, tt.wantStatus, tt.wantBody, rec.Body.String())
			}
		})
	}
	docs, err := env.st.Documents(t.Context(), authz.AllLAs(), store.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	versions := 0
	for _, d := range docs {
		if d.Replaces != "" {
			versions++
			if d.Replaces != v1.ID {
				t.Errorf("document %s replaces %s, want only the one new version of %s", d.ID, d.Replaces, v1.ID)
			}
		}
	}
	if versions != 1 || len(docs) != 4 {
		t.Errorf("%d documents, %d of them new versions; want 4 and 1", len(docs), versions)
	}
	page := env.request(t, "GET", "/documents/"+v1.ID, "submitter.a@demo.test", nil).Body.String()
	if strings.Contains(page, "Upload a new version") {
		t.Errorf("the replaced version offers a new version")
	}
	log, err := env.st.AuditLog(t.Context(), authz.AllLAs(), 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	audited := 0
	for _, e := range log.Entries {
		if e.Action == "document_uploaded" && e.Detail["replaces"] != "" {
			audited++
			if e.Detail["replaces"] != v1.ID {
				t.Errorf("new version audited as replacing %s, want %s", e.Detail["replaces"], v1.ID)
			}
		}
	}
	if audited != 1 {
		t.Errorf("%d uploads audited as new versions, want 1", audited)
	}
}

// TestNewVersionCarriesDetails: the form for a new version has the earlier
// version's title, type and hints filled in, asks for one file, and is 404
// for another council's document.
func TestNewVersionCarriesDetails(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	brook := env.readyDocument(t, "E06009902", "submitter.b@demo.test", "Brookmere plan")
	env.run(t, []step{
		{"a new version of the council's document", "GET", "/documents/upload?replaces=" + env.doc.ID, "submitter.a@demo.test", nil, 200,
			[]string{"Upload a new version", `value="` + env.doc.Title + `"`, `<option value="strategy" selected>`, "Select the file of the new version"},
			[]string{" multiple", "You can select several files"}},
		{"a first upload asks for several files", "GET", "/documents/upload", "submitter.a@demo.test", nil, 200,
			[]string{" multiple", "You can select several files"}, []string{"Select the file of the new version"}},
		{"another council's document", "GET", "/documents/upload?replaces=" + brook.ID, "submitter.a@demo.test", nil, 404, nil, []string{"Brookmere"}},
	})
}
