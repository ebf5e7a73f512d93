package ingest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/ingest/sniff"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/servicetest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
	"github.com/evidenceportal/portal/internal/tagger"
	"github.com/evidenceportal/portal/search"
)

// TestMain lets the test binary stand in for `portal extract`.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "chaos-worker" {
		chaosWorker()
		os.Exit(0)
	}
	if len(os.Args) > 1 && os.Args[1] == "extract" {
		fs := flag.NewFlagSet("extract", flag.ExitOnError)
		kind := fs.String("kind", "", "")
		maxText := fs.Int64("max-text", 0, "")
		fs.Parse(os.Args[2:])
		res, _ := extract.File(context.Background(), fs.Arg(0), *kind, extract.Options{MaxText: *maxText})
		extract.WriteResult(os.Stdout, res)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type env struct {
	st     *store.Store
	dbURL  string
	bucket string
	bl     *blob.Store
	intake *Intake
	user   store.User
	index  *search.Index
	tagger *tagger.Model
	follow *Follower // of the running pipeline's index
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st, dbURL := storetest.New(t)
	ctx := context.Background()
	if err := st.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 4)
	rand.Read(b)
	bucket := "ingest-" + hex.EncodeToString(b)
	bl, err := blob.Open(blob.Options{Endpoint: servicetest.Env(t, "PORTAL_S3_ENDPOINT"), Bucket: bucket,
		AccessKey: servicetest.Env(t, "PORTAL_S3_ACCESS_KEY"), SecretKey: servicetest.Env(t, "PORTAL_S3_SECRET_KEY")})
	if err != nil {
		t.Fatal(err)
	}
	if err := bl.EnsureBucket(ctx); err != nil {
		t.Fatal(err)
	}
	u, err := st.UpsertUser(ctx, store.Identity{Issuer: "t", Subject: "s", Email: "submitter.a@demo.test"},
		authz.Assignment{Role: authz.RoleLASubmitter, LA: "E06009901"}, true)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	tg, err := tagger.Default(cat)
	if err != nil {
		t.Fatal(err)
	}
	return &env{st: st, dbURL: dbURL, bucket: bucket, bl: bl, intake: NewIntake(st, bl, 1<<20), user: u, index: ix, tagger: tg}
}

func (e *env) pipeline(t *testing.T, clamdAddr string) (stop func()) {
	t.Helper()
	return e.pipelineWith(t, clamdAddr, func(*Options) {})
}

// pipelineWith is pipeline with options changed by set.
func (e *env) pipelineWith(t *testing.T, clamdAddr string, set func(*Options)) (stop func()) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Workers: 2, Executable: exe, PollInterval: 50 * time.Millisecond, ExtractLimits: testLimits(), Index: e.index, Tagger: e.tagger,
		Follow: FollowOptions{Poll: 50 * time.Millisecond, Housekeeping: 50 * time.Millisecond}}
	set(&o)
	p, err := NewPipeline(e.st, e.bl, NewClamd(clamdAddr), slog.New(slog.NewTextHandler(io.Discard, nil)), o)
	if err != nil {
		t.Fatal(err)
	}
	e.follow = p.Follower()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("pipeline Run = %v", err)
		}
	}
}

func (e *env) upload(t *testing.T, name string, body []byte) (store.Document, error) {
	t.Helper()
	ctx := context.Background()
	r, err := e.intake.Receive(ctx, name, bytes.NewReader(body))
	if err != nil {
		return store.Document{}, err
	}
	return e.intake.Record(ctx, r, Metadata{LA: "E06009901", UploadedBy: e.user.ID, Type: "policy"}, store.AuditEntry{ActorEmail: e.user.Email})
}

func (e *env) waitFor(t *testing.T, id string, want ...document.Status) store.Document {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		d, err := e.st.DocumentForWork(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if d.Status == w {
				e.caughtUp(t)
				return d
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("document %s is %s (%s), want %v", id, d.Status, d.StatusReason, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// caughtUp waits until the running pipeline's follower has applied the
// whole change log, so that what is ready is searchable.
func (e *env) caughtUp(t *testing.T) {
	t.Helper()
	if e.follow == nil {
		return
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		lg, err := e.st.IndexLog(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if e.follow.Applied() >= lg.Head {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("index follower at %d, log at %d", e.follow.Applied(), lg.Head)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func eicarBytes() []byte {
	return []byte(`X5O!P%@AP[4\PZX54(P^)7CC)7}$` + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!" + `$H+H*`)
}

func TestPipelineEndsEveryDocumentFinal(t *testing.T) {
	e := newEnv(t)
	stop := e.pipeline(t, servicetest.Env(t, "PORTAL_CLAMD_ADDR"))
	defer stop()
	ctx := context.Background()
	tests := []struct {
		name       string
		body       []byte
		want       document.Status
		wantReason string
		wantPages  int
		wantText   string
	}{
		{"plan.txt", []byte("Our carers strategy for 2024 to 2027.\n"), document.Ready, "", 1, "carers strategy"},
		{"figures.csv", []byte("year,reviews\n2024,950\n"), document.Ready, "", 1, "2024,950"},
		{"eicar.txt", eicarBytes(), document.Rejected, "contains a virus", 0, ""},
		{"page.html", []byte("<!DOCTYPE html><html><body><script>x()</script><p>Safeguarding adults board</p></body></html>"), document.Ready, "", 1, "Safeguarding adults board"},
		// The three files of issue 15, item 6: rejected and kept out of reach.
		{"script.pdf", []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> /AA << /O << /S /Launch /F (cmd.exe) >> >> >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
			document.Rejected, "contains JavaScript and an action that starts a program, which evidence must not have", 0, ""},
		{"zipped.pdf", []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\nPK\x03\x04" + strings.Repeat("zipped data ", 10)),
			document.Rejected, "another file joined after the end of the PDF", 0, ""},
		{"polyglot.pdf", []byte("<!DOCTYPE html><html><body><p>" + strings.Repeat("Carers ", 88) + "</p>%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n</body></html>"),
			document.Rejected, "another kind of file before the PDF in it", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := e.upload(t, tt.name, tt.body)
			if err != nil {
				t.Fatal(err)
			}
			got := e.waitFor(t, d.ID, document.Ready, document.Rejected, document.Failed)
			if got.Status != tt.want || !strings.Contains(got.StatusReason, tt.wantReason) || got.Pages != tt.wantPages {
				t.Fatalf("document = %s %q %d pages, want %s %q %d", got.Status, got.StatusReason, got.Pages, tt.want, tt.wantReason, tt.wantPages)
			}
			if _, err := e.bl.Stat(ctx, blob.QuarantineKey(d.ID)); !errors.Is(err, blob.ErrNotFound) {
				t.Errorf("file still in quarantine: %v", err)
			}
			if tt.want == document.Rejected {
				if _, err := e.bl.Stat(ctx, blob.InfectedKey(d.ID)); err != nil {
					t.Errorf("infected file not moved out of reach: %v", err)
				}
				if _, err := e.bl.Stat(ctx, blob.FileKey(d.ID)); !errors.Is(err, blob.ErrNotFound) {
					t.Errorf("infected file readable under files/: %v", err)
				}
				return
			}
			text, err := ReadText(ctx, e.bl, d.ID)
			if err != nil || len(text.Pages) != tt.wantPages || !strings.Contains(text.Pages[0].Text, tt.wantText) {
				t.Errorf("stored text = %+v, %v; want %q", text, err, tt.wantText)
			}
			if strings.Contains(text.Pages[0].Text, "x()") {
				t.Errorf("script content reached the text")
			}
			q, _ := search.Parse(`"` + tt.wantText + `"`)
			res, err := e.index.Search(ctx, search.Request{Query: q, Scope: search.Scope{LAs: []string{"E06009901"}}})
			if err != nil || len(res.Hits) != 1 || res.Hits[0].DocID != d.ID {
				t.Errorf("search for %q = %+v, %v; want the document", tt.wantText, res.Hits, err)
			}
		})
	}
	// River completes jobs in batches just after they return.
	for _, kind := range []string{ScanJob{}.Kind(), ExtractJob{}.Kind(), TagJob{}.Kind()} {
		deadline := time.Now().Add(10 * time.Second)
		for {
			n, err := e.st.PendingJobs(ctx, kind)
			if err == nil && n == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("%s jobs left pending: %d, %v", kind, n, err)
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

func TestScannerDownMeansWaitingNeverClean(t *testing.T) {
	e := newEnv(t)
	stop := e.pipeline(t, "127.0.0.1:1")
	d, err := e.upload(t, "plan.txt", []byte("Our carers strategy.\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := e.waitFor(t, d.ID, document.WaitingForScan, document.Ready, document.Extracting)
	stop()
	if got.Status != document.WaitingForScan || !strings.Contains(got.StatusReason, "virus scanner") {
		t.Fatalf("with the scanner down: %s %q, want waiting_for_scan", got.Status, got.StatusReason)
	}
	if _, err := e.bl.Stat(context.Background(), blob.FileKey(d.ID)); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("an unscanned file reached files/: %v", err)
	}
	// The scanner is back: the retried scan finishes the job.
	stop = e.pipeline(t, servicetest.Env(t, "PORTAL_CLAMD_ADDR"))
	defer stop()
	if got := e.waitFor(t, d.ID, document.Ready, document.Failed, document.Rejected); got.Status != document.Ready {
		t.Errorf("after the scanner came back: %s %q, want ready", got.Status, got.StatusReason)
	}
}

func TestIntakeRefusals(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.upload(t, "first.txt", []byte("The same words.\n")); err != nil {
		t.Fatal(err)
	}
	var mismatch *sniff.MismatchError
	tests := []struct {
		name  string
		body  []byte
		check func(error) bool
	}{
		{"empty.txt", nil, func(err error) bool { return errors.Is(err, ErrEmpty) }},
		{"big.txt", bytes.Repeat([]byte("a"), 1<<20+1), func(err error) bool { return errors.Is(err, ErrTooLarge) }},
		{"setup.exe", append([]byte("MZ\x90\x00"), make([]byte, 100)...), func(err error) bool { return errors.Is(err, sniff.ErrUnsupported) }},
		{"report.pdf", []byte("just some words\n"), func(err error) bool { return errors.As(err, &mismatch) }},
		{"again.txt", []byte("The same words.\n"), func(err error) bool { return errors.Is(err, store.ErrDuplicate) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.upload(t, tt.name, tt.body)
			if !tt.check(err) {
				t.Errorf("upload %s: %v", tt.name, err)
			}
		})
	}
	// Only the first upload's file remains.
	left, err := e.bl.List(ctx, blob.QuarantinePrefix, time.Now().Add(time.Hour))
	if err != nil || len(left) != 1 {
		t.Errorf("quarantine holds %d objects, %v; want only the first upload", len(left), err)
	}
	if n, _ := e.bl.AbortIncomplete(ctx, "", time.Now().Add(time.Hour)); n != 0 {
		t.Errorf("%d multipart uploads were left open", n)
	}
}

func testLimits() extract.Limits {
	l := extract.DefaultLimits()
	if raceEnabled {
		l.Memory = 8 << 30
	}
	return l
}

func TestSweepRemovesOnlyOrphans(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	kept, err := e.upload(t, "kept.txt", []byte("A document with a row.\n"))
	if err != nil {
		t.Fatal(err)
	}
	orphan, err := e.intake.Receive(ctx, "orphan.txt", strings.NewReader("Stored, then the process died.\n"))
	if err != nil {
		t.Fatal(err)
	}
	// A resumable upload that was never finished: tusd's objects.
	for _, k := range []string{blob.ResumablePrefix + "abandoned.info", blob.ResumablePrefix + "abandoned.part"} {
		if _, err := e.bl.Put(ctx, k, strings.NewReader("{}"), 10, "application/json"); err != nil {
			t.Fatal(err)
		}
	}
	// Too recent: nothing goes.
	if a, r, err := Sweep(ctx, e.st, e.bl, time.Now()); err != nil || a+r != 0 {
		t.Errorf("Sweep of recent objects = %d, %d, %v; want nothing", a, r, err)
	}
	a, r, err := Sweep(ctx, e.st, e.bl, time.Now().Add(sweepAfter+time.Minute))
	if err != nil || r != 1 {
		t.Fatalf("Sweep = %d aborted, %d removed, %v; want the one orphan removed", a, r, err)
	}
	if left, _ := e.bl.List(ctx, blob.ResumablePrefix, farFuture()); len(left) != 2 {
		t.Errorf("resumable uploads younger than a day were swept: %d left, want 2", len(left))
	}
	if a, _, err := Sweep(ctx, e.st, e.bl, time.Now().Add(resumableExpiry+time.Minute)); err != nil || a != 1 {
		t.Errorf("Sweep after a day = %d aborted, %v; want the resumable upload", a, err)
	}
	if left, _ := e.bl.List(ctx, blob.ResumablePrefix, farFuture()); len(left) != 0 {
		t.Errorf("resumable upload left behind: %v", left)
	}
	if _, err := e.bl.Stat(ctx, blob.QuarantineKey(orphan.ID)); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("orphan still stored: %v", err)
	}
	if _, err := e.bl.Stat(ctx, blob.QuarantineKey(kept.ID)); err != nil {
		t.Errorf("a recorded document's file was swept: %v", err)
	}
}

func TestRetryFailedDocument(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	d, err := e.upload(t, "a.txt", []byte("Text.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := Retry(ctx, e.st, d.ID, store.AuditEntry{Action: "document_retried"}); ok {
		t.Errorf("Retry of a document that has not failed moved it")
	}
	if _, err := e.st.MoveDocument(ctx, store.Transition{ID: d.ID, From: []document.Status{"received"}, To: "failed"}); err != nil {
		t.Fatal(err)
	}
	if ok, err := Retry(ctx, e.st, d.ID, store.AuditEntry{Action: "document_retried"}); !ok || err != nil {
		t.Fatalf("Retry = %v, %v", ok, err)
	}
	stop := e.pipeline(t, servicetest.Env(t, "PORTAL_CLAMD_ADDR"))
	defer stop()
	if got := e.waitFor(t, d.ID, document.Ready, document.Failed, document.Rejected); got.Status != document.Ready {
		t.Errorf("after retry: %s", got.Status)
	}
}

func farFuture() time.Time { return time.Now().Add(48 * time.Hour) }
