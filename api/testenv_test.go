package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/api/session"
	"github.com/evidenceportal/portal/api/signin"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/pdf"
	"github.com/evidenceportal/portal/internal/servicetest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
	"github.com/evidenceportal/portal/internal/tusstore"
	"github.com/evidenceportal/portal/search"
	"github.com/prometheus/client_golang/prometheus"
)

// demoGroups mirror the groups of the Dex demo users (deploy/dev/dex.yaml.tmpl).
var demoGroups = map[string][]string{
	"submitter.a@demo.test": {"la:E06009901:submitter"},
	"viewer.a@demo.test":    {"la:E06009901:viewer"},
	"submitter.b@demo.test": {"la:E06009902:submitter"},
	"inspector.a@demo.test": {"cqc:inspector"},
	"inspector.b@demo.test": {"cqc:inspector"},
	"admin@demo.test":       {"cqc:admin"},
	"panel@demo.test":       {"cqc:panel"},
}

type testEnv struct {
	srv *Server
	st  *store.Store
	bl  *blob.Store
	ix  *search.Index
	// doc is a ready document of Ashford Vale Council (E06009901).
	doc store.Document
}

func testOptions(t testing.TB) Options {
	secret := make([]byte, 32)
	rand.Read(secret)
	return Options{
		PublicURL: "http://127.0.0.1:8080",
		OIDC: signin.OIDC{
			Issuer:       servicetest.Env(t, "PORTAL_OIDC_ISSUER"),
			ClientID:     servicetest.Env(t, "PORTAL_OIDC_CLIENT_ID"),
			ClientSecret: servicetest.Env(t, "PORTAL_OIDC_CLIENT_SECRET"),
			RedirectURL:  servicetest.Env(t, "PORTAL_OIDC_REDIRECT_URL"),
			GroupsClaim:  "groups",
		},
		Groups:         authz.DefaultGroupRules(),
		SessionSecret:  secret,
		SessionIdle:    30 * time.Minute,
		SessionMaxAge:  12 * time.Hour,
		UploadMaxBytes: 1 << 20,
	}
}

func newTestEnv(t testing.TB, opts Options) *testEnv {
	t.Helper()
	st, _ := storetest.New(t)
	if err := st.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	bucket := "api-" + hex.EncodeToString([]byte(session.NewToken()[:6])) // its own, so counts of objects are this test's
	bl, err := blob.Open(blob.Options{
		Endpoint:  servicetest.Env(t, "PORTAL_S3_ENDPOINT"),
		Bucket:    bucket,
		AccessKey: servicetest.Env(t, "PORTAL_S3_ACCESS_KEY"),
		SecretKey: servicetest.Env(t, "PORTAL_S3_SECRET_KEY"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := bl.EnsureBucket(context.Background()); err != nil {
		t.Fatal(err)
	}
	assets, err := frontend.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	r, err := frontend.New(assets)
	if err != nil {
		t.Fatal(err)
	}
	intake := ingest.NewIntake(st, bl, opts.UploadMaxBytes)
	ix, err := search.Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	// Chromium starts only when a test asks for a PDF.
	printer := pdf.New(pdf.Options{})
	t.Cleanup(printer.Close)
	srv, err := New(opts, Deps{Store: st, Blob: bl, Clamd: ingest.NewClamd(servicetest.Env(t, "PORTAL_CLAMD_ADDR")), PDF: printer,
		Intake: intake, Index: ix, Renderer: r, Assets: assets, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: prometheus.NewRegistry(),
		Tus: tusstore.Compose(tusstore.Options{Endpoint: servicetest.Env(t, "PORTAL_S3_ENDPOINT"), Bucket: bucket,
			AccessKey: servicetest.Env(t, "PORTAL_S3_ACCESS_KEY"), SecretKey: servicetest.Env(t, "PORTAL_S3_SECRET_KEY"), TempDir: t.TempDir(), Locks: st})})
	if err != nil {
		t.Fatal(err)
	}
	e := &testEnv{srv: srv, st: st, bl: bl, ix: ix}
	e.doc = e.readyDocument(t, "E06009901", "submitter.a@demo.test", "Ashford carers strategy")
	return e
}

// signIn makes the demo user as a sign-in would and returns a fresh session
// cookie and its CSRF token.
func (e *testEnv) signIn(t testing.TB, email string) (*http.Cookie, string) {
	t.Helper()
	ctx := context.Background()
	a, err := authz.DefaultGroupRules().Map(demoGroups[email])
	if err != nil {
		t.Fatalf("groups of %s: %v", email, err)
	}
	u, err := e.st.UpsertUser(ctx, store.Identity{Issuer: "test", Subject: email, Email: email}, a, true)
	if err != nil {
		t.Fatal(err)
	}
	id, csrf := session.NewToken(), session.NewToken()
	if err := e.st.CreateSession(ctx, store.Session{IDHash: e.srv.sessions.Hash(id), UserID: u.ID, CSRFToken: csrf,
		ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return &http.Cookie{Name: e.srv.sessions.CookieName(), Value: id}, csrf
}

// request sends one request through the real router and middleware, as the
// demo user named (or anonymously with ""), with a valid CSRF token unless
// form says otherwise.
func (e *testEnv) request(t testing.TB, method, target, as string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if as != "" {
		ck, csrf := e.signIn(t, as)
		req.AddCookie(ck)
		if form != nil && !form.Has("csrf_token") {
			form = cloneValues(form)
			form.Set("csrf_token", csrf)
			req.Body = io.NopCloser(strings.NewReader(form.Encode()))
			req.ContentLength = int64(len(form.Encode()))
			if method == http.MethodDelete {
				// Go parses no form body on DELETE: scripts send the header.
				req.Header.Set("X-CSRF-Token", csrf)
			}
		}
	}
	rec := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(rec, req)
	return rec
}

// requestJSON sends a JSON body as API clients do: as the demo user named
// (or anonymously with ""), with the session's CSRF token in its header.
func (e *testEnv) requestJSON(t *testing.T, method, target, as, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if as != "" {
		ck, csrf := e.signIn(t, as)
		req.AddCookie(ck)
		req.Header.Set("X-CSRF-Token", csrf)
	}
	return e.serve(req)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func (e *testEnv) auditAs(action string) store.AuditEntry {
	return store.AuditEntry{Action: action, ActorEmail: "test"}
}

// newClosedClamd is a scanner on a port nobody listens on.
func newClosedClamd() *ingest.Clamd { return ingest.NewClamd("127.0.0.1:1") }

func (e *testEnv) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(rec, req)
	return rec
}

// readyDocument stores a small text document as if the pipeline had
// scanned it clean, for tests of what people may see and download.
func (e *testEnv) readyDocument(t testing.TB, la, uploader, body string) store.Document {
	t.Helper()
	ctx := context.Background()
	a, _ := authz.DefaultGroupRules().Map(demoGroups[uploader])
	u, err := e.st.UpsertUser(ctx, store.Identity{Issuer: "test", Subject: uploader, Email: uploader}, a, true)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.srv.intake.Receive(ctx, "strategy.txt", strings.NewReader(body+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.srv.intake.Record(ctx, r, ingest.Metadata{LA: la, UploadedBy: u.ID, Type: "strategy"}, store.AuditEntry{ActorEmail: uploader})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.bl.Move(ctx, blob.QuarantineKey(d.ID), blob.FileKey(d.ID)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.MoveDocument(ctx, store.Transition{ID: d.ID, From: []document.Status{"received"}, To: "ready", Pages: 1}); err != nil {
		t.Fatal(err)
	}
	d.Status = "ready"
	return d
}

func storeFilter() store.DocumentFilter { return store.DocumentFilter{} }

func farFuture() time.Time { return time.Now().Add(24 * time.Hour) }
