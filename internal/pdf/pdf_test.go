package pdf_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/pdf"
	"github.com/evidenceportal/portal/internal/pdf/pdftest"
	"github.com/evidenceportal/portal/internal/servicetest"
)

// newRenderer is a Renderer of the machine's Chromium, or skips the test
// without one (fails under make test and CI, which install it).
func newRenderer(t testing.TB, opts pdf.Options) *pdf.Renderer {
	t.Helper()
	if _, err := os.Stat(pdf.DefaultChromium); err != nil {
		if servicetest.Required() {
			t.Fatalf("PDF test needs Chromium: %v (deploy/dev/install.sh installs it)", err)
		}
		t.Skipf("PDF test skipped: %v", err)
	}
	r := pdf.New(opts)
	t.Cleanup(r.Close)
	return r
}

const doc = `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Ashford Vale Council – report</title>
<style>body{font-family:sans-serif}</style></head><body>
<h1>Ashford Vale Council</h1><p>Overall score: 62</p>
<h2>Working with people</h2><h3>Assessing needs</h3><p>People’s needs were assessed £1,000 quickly.</p>
<h2>About the local authority</h2><p>Approximately 210,390 people live here.</p>
<script>document.body.innerHTML = "scripted"</script>
</body></html>`

func TestRender(t *testing.T) {
	r := newRenderer(t, pdf.Options{})
	out, err := r.Render(context.Background(), []byte(doc))
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	in := pdftest.Read(t, out)
	if in.Title != "Ashford Vale Council – report" {
		t.Errorf("title = %q", in.Title)
	}
	if in.Lang != "en-GB" {
		t.Errorf("lang = %q, want en-GB", in.Lang)
	}
	if !in.Tagged {
		t.Errorf("not tagged")
	}
	for _, want := range []string{"Ashford Vale Council", "Working with people", "Assessing needs", "About the local authority"} {
		if !contains(in.Outline, want) {
			t.Errorf("outline %q has no %q", in.Outline, want)
		}
	}
	for _, want := range []string{"Overall score: 62", "People’s needs were assessed £1,000 quickly.", "Approximately 210,390 people live here.", "Page 1 of 1"} {
		if !in.Has(want) {
			t.Errorf("text has no %q: %q", want, in.Text)
		}
	}
	if strings.Contains(in.Text, "scripted") {
		t.Errorf("the document's script ran: %q", in.Text)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestRenderFetchesNothing: a document that names resources of the network
// is printed without fetching them.
func TestRenderFetchesNothing(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	r := newRenderer(t, pdf.Options{})
	html := `<!DOCTYPE html><html lang="en"><head><title>t</title><link rel="stylesheet" href="` + srv.URL + `/a.css"></head>
<body><p>text</p><img src="` + srv.URL + `/b.png" alt=""><iframe src="` + srv.URL + `/c"></iframe></body></html>`
	if _, err := r.Render(context.Background(), []byte(html)); err != nil {
		t.Fatalf("Render: %v", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server got %d requests, want 0", n)
	}
}

// TestRenderBusy: past InFlight at once, the next is refused at once with
// ErrBusy, and a slot is free again afterwards.
func TestRenderBusy(t *testing.T) {
	r := newRenderer(t, pdf.Options{InFlight: 1})
	if _, err := r.Render(context.Background(), []byte(doc)); err != nil { // starts the browser
		t.Fatalf("Render: %v", err)
	}
	big := strings.Repeat("<p>"+strings.Repeat("word ", 200)+"</p>", 400)
	var wg sync.WaitGroup
	started := make(chan struct{})
	var slowErr error
	wg.Go(func() {
		close(started)
		// The loop below may hold the one slot when this starts: it tries
		// again until it has the slot itself.
		for {
			_, slowErr = r.Render(context.Background(), []byte("<html><body>"+big+"</body></html>"))
			if !errors.Is(slowErr, pdf.ErrBusy) {
				return
			}
			time.Sleep(time.Millisecond)
		}
	})
	<-started
	var busy bool
	for range 200 {
		if _, err := r.Render(context.Background(), []byte(doc)); errors.Is(err, pdf.ErrBusy) {
			busy = true
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	wg.Wait()
	if slowErr != nil {
		t.Fatalf("slow Render: %v", slowErr)
	}
	if !busy {
		t.Errorf("no Render was refused with ErrBusy while one ran")
	}
	if _, err := r.Render(context.Background(), []byte(doc)); err != nil {
		t.Errorf("Render after the slow one: %v", err)
	}
}

// TestRenderTimeout: a PDF that takes longer than Timeout ends with
// context.DeadlineExceeded; after Close, every PDF is refused.
func TestRenderTimeout(t *testing.T) {
	r := newRenderer(t, pdf.Options{Timeout: 300 * time.Millisecond})
	big := strings.Repeat("<p>"+strings.Repeat("word ", 200)+"</p>", 3000)
	_, err := r.Render(context.Background(), []byte("<html><body>"+big+"</body></html>"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Render of a huge document = %v, want context.DeadlineExceeded", err)
	}
	r.Close()
	if _, err := r.Render(context.Background(), []byte(doc)); !errors.Is(err, pdf.ErrClosed) {
		t.Errorf("Render after Close = %v, want ErrClosed", err)
	}
}
