package api

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/pack"
	"github.com/evidenceportal/portal/internal/pdf/pdftest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
)

// packRouteTable: the evidence pack of the route table's assessment (in
// progress): its inspector and admins, the council's own staff; the panel
// and other inspectors 403; Brookmere 404.
func packRouteTable(fx routeFixtures) []routeCase {
	a := "/assessments/" + fx.Assessment
	return []routeCase{
		{"GET", "/assessments/:id/evidence-pack", a + "/evidence-pack", nil, statuses{302, 200, 200, 404, 200, 404, 403, 200}},
		{"GET", "/api/v1/assessments/:id/evidence-pack", "/api/v1" + a + "/evidence-pack", nil, statuses{401, 200, 200, 404, 200, 404, 403, 200}},
	}
}

// putText stores a document's text as the extract stage would.
func (e *testEnv) putText(t testing.TB, id string, pages ...string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, `{"document_id":%q,"outcome":"text","pages":[`, id)
	for i, p := range pages {
		if i > 0 {
			b.WriteByte(',')
		}
		js, _ := json.Marshal(p)
		fmt.Fprintf(&b, `{"number":%d,"text":%s,"method":"text","quality":1}`, i+1, js)
	}
	b.WriteString("]}\n")
	if _, err := e.bl.Put(context.Background(), blob.TextKey(id), strings.NewReader(b.String()), int64(b.Len()), "application/json"); err != nil {
		t.Fatal(err)
	}
}

// storedDocument stores a ready document of size bytes (not text: the
// bytes of its id over and over), its file in S3 and its row, as the
// pipeline would leave it, without the pipeline.
func (e *testEnv) storedDocument(t testing.TB, la, title string, size int) store.Document {
	t.Helper()
	ctx := context.Background()
	id := uuid.NewString()
	body := bytes.Repeat([]byte(id), size/len(id)+1)[:size]
	obj, err := e.bl.Put(ctx, blob.FileKey(id), bytes.NewReader(body), int64(size), "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	d := store.Document{ID: id, LA: la, Title: title, Type: "strategy", Filename: "evidence.pdf", Kind: "pdf",
		ContentType: "application/pdf", Size: obj.Size, SHA256: obj.SHA256, ObjectKey: blob.FileKey(id),
		Status: "received", UploadedBy: e.doc.UploadedBy}
	if err := e.st.CreateDocument(ctx, d, e.auditAs("document_uploaded")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.MoveDocument(ctx, store.Transition{ID: id, From: []document.Status{"received"}, To: "ready", Pages: 1}); err != nil {
		t.Fatal(err)
	}
	d.Status = "ready"
	return d
}

// readPack checks a downloaded pack with pack.Verify and returns what it
// found, with the content of each file by path.
func readPack(t *testing.T, rec *httptest.ResponseRecorder) (pack.Manifest, map[string]string) {
	t.Helper()
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/zip" ||
		!strings.HasPrefix(rec.Header().Get("Content-Disposition"), `attachment; filename="evidence-pack-`) {
		t.Fatalf("pack = %d %v: %.300s", rec.Code, rec.Header(), rec.Body.String())
	}
	b := rec.Body.Bytes()
	res, err := pack.Verify(bytes.NewReader(b), int64(len(b)))
	if err != nil || !res.OK() {
		t.Fatalf("Verify(pack) = %+v, %v", res.Problems, err)
	}
	files := map[string]string{}
	for _, f := range res.Manifest.Files {
		files[f.Path] = ""
	}
	zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	for _, f := range zr.File {
		r, _ := f.Open()
		body, _ := io.ReadAll(r)
		files[f.Name] = string(body)
	}
	return res.Manifest, files
}

func docFile(m pack.Manifest, id string) (pack.File, bool) {
	for _, f := range m.Files {
		if f.DocumentID == id && f.Kind == pack.KindDocument {
			return f, true
		}
	}
	return pack.File{}, false
}

// TestEvidencePack: the pack of an assessment holds each document its
// scores and report cite and the council submitted (return and request),
// as uploaded, with its text, the report, the scores and a manifest that
// pack.Verify accepts; the council's own pack holds only what it submitted
// until it may see the scores; it is audited; others get 403 or 404.
func TestEvidencePack(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ctx := context.Background()
	ins, sub := "inspector.a@demo.test", "submitter.a@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	a := fmt.Sprintf("/assessments/%d", id)
	scored := env.doc
	env.putText(t, scored.ID, "Carers told us the strategy helped.", "Page two of the strategy.")
	reported := env.readyDocument(t, "E06009901", sub, "Ashford waiting lists")
	returned := env.readyDocument(t, "E06009901", sub, "Ashford self-assessment 2025")
	requested := env.readyDocument(t, "E06009901", sub, "Ashford section 42 enquiries")
	env.readyDocument(t, "E06009901", sub, "Ashford document nobody cites")
	env.run(t, []step{
		{"score citing a document", "POST", a + "/scores", ins, scoreValues("safeguarding", "", 1, 0, "=Enquiries wait too long", scored.ID, "1"), 303, nil, nil},
		{"report citing another", "POST", a + "/report/sections/summary", ins,
			sectionForm("Ashford listens to carers.", 0, "cite_para", "1", "cite_doc", reported.ID, "cite_page", "1"), 303, nil, nil},
	})
	rid, items := env.issueReturn(t, id)
	if err := env.st.AnswerItem(ctx, authz.OnlyLAs("E06009901"), store.AnswerInput{Return: rid, Item: items["self-assessment"],
		Answer: assessment.Answer{Kind: "documents", Citations: []assessment.Citation{{DocumentID: returned.ID}}}, By: sub},
		env.auditAs("return_item_answered")); err != nil {
		t.Fatal(err)
	}
	rq, err := env.st.RaiseRequest(ctx, authz.AllLAs(), id, assessment.RequestInput{QS: []string{"safeguarding"},
		Wanted: "Section 42 enquiries", Due: time.Now().AddDate(0, 0, 7)}, ins, env.auditAs("evidence_request_raised"))
	if err != nil {
		t.Fatal(err)
	}
	if err := env.st.AddRequestMessage(ctx, authz.OnlyLAs("E06009901"), id, rq, assessment.Message{Document: requested.ID, Page: 1},
		sub, "la_submitter", env.auditAs("evidence_request_message")); err != nil {
		t.Fatal(err)
	}

	t.Run("its inspector gets the whole pack", func(t *testing.T) {
		m, files := readPack(t, env.request(t, http.MethodGet, a+"/evidence-pack", ins, nil))
		if m.Audience != "cqc" || m.AssessmentID != id || m.LA != "E06009901" || m.CreatedBy != ins {
			t.Errorf("manifest = %+v", m)
		}
		want := map[string][]pack.Citation{
			scored.ID:    {{Kind: "score", Ref: "safeguarding", Page: 1}},
			reported.ID:  {{Kind: "report", Ref: "summary paragraph 1", Page: 1}},
			returned.ID:  {{Kind: "return", Ref: "return item self-assessment"}},
			requested.ID: {{Kind: "request", Ref: fmt.Sprintf("request %d", rq), Page: 1}},
		}
		docs := 0
		for _, f := range m.Files {
			if f.Kind == pack.KindDocument {
				docs++
			}
		}
		if docs != len(want) {
			t.Errorf("pack holds %d documents, want %d: %+v", docs, len(want), m.Files)
		}
		for doc, cites := range want {
			f, ok := docFile(m, doc)
			if !ok {
				t.Errorf("document %s missing from the pack", doc)
				continue
			}
			if !slices.Equal(f.CitedBy, cites) || f.UploadedBy != sub || f.Version != 1 || f.UploadedAt == nil || f.UploadSHA256 != f.SHA256 {
				t.Errorf("manifest of %s = %+v, want cited by %+v", doc, f, cites)
			}
			if files[f.Path] == "" {
				t.Errorf("%s is empty", f.Path)
			}
		}
		if txt := files["documents/"+scored.ID+"/text.txt"]; !strings.Contains(txt, "--- Page 2 ---\nPage two of the strategy.") {
			t.Errorf("text = %q", txt)
		}
		html := files["report/report.html"]
		for _, w := range []string{`<html lang="en-GB">`, "<title>Draft assessment report: Ashford Vale Council</title>", "Ashford listens to carers.",
			`<a href="../documents/` + reported.ID + `/strategy.txt">` + reported.Title + `</a>, page 1`, "Draft (In progress)",
			"<strong>Draft report: not published</strong>"} {
			if !strings.Contains(html, w) {
				t.Errorf("report.html lacks %q", w)
			}
		}
		if csv := files["scores/scores.csv"]; !strings.Contains(csv, "'=Enquiries wait too long") || !strings.Contains(csv, ins) {
			t.Errorf("scores.csv = %q", csv)
		}
		if !strings.Contains(files[pack.ManifestCSV], "return item self-assessment") {
			t.Errorf("manifest.csv = %q", files[pack.ManifestCSV])
		}
		// Without a browser to print it, the pack says why it has no PDF.
		if _, ok := files["report/report.pdf"]; !ok && (len(m.Notes) != 1 || !strings.Contains(m.Notes[0], "PDF")) {
			t.Errorf("no report.pdf and notes %q", m.Notes)
		}
	})
	t.Run("the draft's PDF, printed again after an edit", func(t *testing.T) {
		needChromium(t)
		for _, body := range []string{"Ashford listens to carers.", "Ashford listens to carers and their families."} {
			if body != "Ashford listens to carers." {
				env.run(t, []step{{"the draft changes", "POST", a + "/report/sections/summary", ins,
					sectionForm(body, 1, "cite_para", "1", "cite_doc", reported.ID, "cite_page", "1"), 303, nil, nil}})
			}
			m, files := readPack(t, env.request(t, http.MethodGet, a+"/evidence-pack", ins, nil))
			var listed bool
			for _, f := range m.Files {
				listed = listed || (f.Path == "report/report.pdf" && f.Kind == pack.KindReport && f.Size == int64(len(files[f.Path])))
			}
			if !listed || len(m.Notes) != 0 || !strings.Contains(files[pack.ManifestCSV], "report/report.pdf") {
				t.Errorf("manifest lists report.pdf %v, notes %q", listed, m.Notes)
			}
			in := pdftest.Read(t, []byte(files["report/report.pdf"]))
			if in.Title != "Draft assessment report: Ashford Vale Council" || in.Lang != "en-GB" {
				t.Errorf("PDF title %q, lang %q; want the draft's", in.Title, in.Lang)
			}
			for _, w := range []string{"Draft report: not published", "Draft (In progress)", body, reported.Title + ", page 1"} {
				if !in.Has(w) {
					t.Errorf("the draft's PDF lacks %q; text: %.1500s", w, in.Text)
				}
			}
			if body != "Ashford listens to carers." && in.Has("Ashford listens to carers.") {
				t.Errorf("the PDF after the edit still has the old paragraph: %.1500s", in.Text)
			}
		}
	})
	t.Run("an admin gets it too, from the API", func(t *testing.T) {
		m, _ := readPack(t, env.request(t, http.MethodGet, "/api/v1"+a+"/evidence-pack", "admin@demo.test", nil))
		if _, ok := docFile(m, scored.ID); !ok || m.Audience != "cqc" {
			t.Errorf("admin's manifest = %+v", m)
		}
	})
	t.Run("the council gets what it submitted, not the draft", func(t *testing.T) {
		m, files := readPack(t, env.request(t, http.MethodGet, a+"/evidence-pack", "viewer.a@demo.test", nil))
		if m.Audience != "council" {
			t.Errorf("audience = %s", m.Audience)
		}
		for _, doc := range []string{returned.ID, requested.ID} {
			if _, ok := docFile(m, doc); !ok {
				t.Errorf("council's pack lacks %s", doc)
			}
		}
		for _, doc := range []string{scored.ID, reported.ID} {
			if _, ok := docFile(m, doc); ok {
				t.Errorf("council's pack holds %s, cited only by the draft", doc)
			}
		}
		for p := range files {
			if strings.HasPrefix(p, "report/") || strings.HasPrefix(p, "scores/") {
				t.Errorf("council's pack holds %s before the factual accuracy check", p)
			}
		}
		if strings.Contains(files[pack.ManifestJSON], "safeguarding") || strings.Contains(files[pack.ManifestJSON], ins) {
			t.Errorf("council's manifest names CQC's draft: %s", files[pack.ManifestJSON])
		}
	})
	t.Run("the assessment page links it", func(t *testing.T) {
		env.run(t, []step{
			{"inspector", "GET", a, ins, nil, 200, []string{`href="` + a + `/evidence-pack"`}, nil},
			{"council", "GET", a, sub, nil, 200, []string{`href="` + a + `/evidence-pack"`}, nil},
			{"panel", "GET", a, "panel@demo.test", nil, 200, nil, []string{"/evidence-pack"}},
		})
	})
	t.Run("others get nothing", func(t *testing.T) {
		for _, tt := range []struct {
			as   string
			want int
		}{{"inspector.b@demo.test", 404}, {"submitter.b@demo.test", 404}, {"panel@demo.test", 403}, {"", 302}} {
			if rec := env.request(t, http.MethodGet, a+"/evidence-pack", tt.as, nil); rec.Code != tt.want {
				t.Errorf("pack as %q = %d, want %d", tt.as, rec.Code, tt.want)
			}
		}
		if rec := env.request(t, http.MethodGet, "/assessments/99999999/evidence-pack", ins, nil); rec.Code != 404 {
			t.Errorf("missing assessment = %d", rec.Code)
		}
	})
	t.Run("audited", func(t *testing.T) {
		page, err := env.st.AuditSearch(ctx, authz.AllLAs(), store.AuditFilter{Action: "evidence_pack_downloaded"}, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		who := map[string]string{}
		for _, e := range page.Entries {
			who[e.ActorEmail] = e.Detail["audience"] + " " + e.Detail["documents"]
		}
		if who[ins] != "cqc 4" || who["viewer.a@demo.test"] != "council 2" || who["admin@demo.test"] != "cqc 4" {
			t.Errorf("audit entries = %v", who)
		}
	})
}

// goneWriter is a client that goes away after limit bytes: its writes fail
// and the request's context ends, as net/http does.
type goneWriter struct {
	header http.Header
	n      int
	limit  int
	cancel context.CancelFunc
	status int
}

func (w *goneWriter) Header() http.Header  { return w.header }
func (w *goneWriter) WriteHeader(code int) { w.status = code }
func (w *goneWriter) Write(p []byte) (int, error) {
	if w.n+len(p) > w.limit {
		w.cancel()
		return 0, fmt.Errorf("write tcp: %w", context.Canceled)
	}
	w.n += len(p)
	return len(p), nil
}

// syncBuffer is a log that the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestEvidencePackClientGone: a download the client abandons halfway is
// logged as such, not as a server error.
func TestEvidencePackClientGone(t *testing.T) {
	env := newTestEnv(t, testOptions(t))
	ins := "inspector.a@demo.test"
	id := env.openAssessment(t, "E06009901", "qs-only-2024", ins)
	for i := range 3 {
		d := env.storedDocument(t, "E06009901", fmt.Sprintf("Ashford plan %d", i), 1<<20)
		if rec := env.request(t, http.MethodPost, fmt.Sprintf("/assessments/%d/scores", id), ins,
			scoreValues(env.srv.catalogue.Statements[i].Slug, "", 3, 0, "Fine", d.ID, "1")); rec.Code != http.StatusSeeOther {
			t.Fatalf("score = %d", rec.Code)
		}
	}
	var logs syncBuffer
	srv2, err := New(env.srv.opts, Deps{Store: env.st, Blob: env.bl, Clamd: env.srv.clamd, Intake: env.srv.intake, Index: env.ix,
		Renderer: env.srv.renderer, Assets: env.srv.assets, Logger: slog.New(slog.NewTextHandler(&logs, nil)), Metrics: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	ck, _ := env.signIn(t, ins)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/assessments/%d/evidence-pack", id), nil).WithContext(ctx)
	req.AddCookie(ck)
	w := &goneWriter{header: http.Header{}, limit: 300 << 10, cancel: cancel}
	srv2.Handler().ServeHTTP(w, req)
	got := logs.String()
	if w.status != http.StatusOK || !strings.Contains(got, "evidence pack download stopped by the client") ||
		strings.Contains(got, "level=ERROR") {
		t.Errorf("status %d, logs:\n%s", w.status, got)
	}
}

// TestEvidencePackPublished: once published, the pack holds the latest
// publication's report as HTML and as the PDF its public download makes,
// and the council's pack holds the scores (naming no CQC staff) and the
// report too.
func TestEvidencePackPublished(t *testing.T) {
	needChromium(t)
	env := newTestEnv(t, testOptions(t))
	doc := env.publish(t, 2)
	a := fmt.Sprintf("/assessments/%d/evidence-pack", doc.ID)
	m, files := readPack(t, env.request(t, http.MethodGet, a, "inspector.a@demo.test", nil))
	if !strings.HasPrefix(files["report/report.pdf"], "%PDF-") || !strings.Contains(files["report/report.html"], "Published, version 1 of") ||
		len(m.Notes) != 0 {
		t.Errorf("pack files %d, notes %q, report.html %.300q", len(files), m.Notes, files["report/report.html"])
	}
	m, files = readPack(t, env.request(t, http.MethodGet, a, "submitter.a@demo.test", nil))
	csv := files["scores/scores.csv"]
	if m.Audience != "council" || files["report/report.pdf"] == "" || !strings.Contains(csv, "safeguarding") ||
		strings.Contains(csv, "inspector.a@demo.test") {
		t.Errorf("council's pack: audience %s, files %v, scores %q", m.Audience, len(files), csv)
	}
}
