package api

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/api/request"
)

// TestPacedBody: a body slower than the minimum rate over the window fails
// with ErrBodyStalled; one fast enough reads to its end.
func TestPacedBody(t *testing.T) {
	l := UploadLimits{MinRate: 1000, StallWindow: 50 * time.Millisecond}
	slow := &pacedBody{r: io.NopCloser(&trickle{n: 100, every: 10 * time.Millisecond}), rc: http.NewResponseController(httptest.NewRecorder()), limits: l, start: time.Now()}
	if _, err := io.Copy(io.Discard, slow); !errors.Is(err, request.ErrBodyStalled) {
		t.Errorf("a byte every 10 ms against 1000 B/s = %v, want ErrBodyStalled", err)
	}
	fast := &pacedBody{r: io.NopCloser(bytes.NewReader(make([]byte, 1<<20))), rc: http.NewResponseController(httptest.NewRecorder()), limits: l, start: time.Now()}
	if n, err := io.Copy(io.Discard, fast); err != nil || n != 1<<20 {
		t.Errorf("a fast body = %d, %v", n, err)
	}
}

// trickle sends one byte every so often, n in all.
type trickle struct {
	n     int
	every time.Duration
}

func (t *trickle) Read(p []byte) (int, error) {
	if t.n == 0 {
		return 0, io.EOF
	}
	time.Sleep(t.every)
	t.n--
	p[0] = 'x'
	return 1, nil
}

// TestStalledUploadsAreRefusedOrDropped, over real connections: uploads past
// a person's or the process's limit get 429 with Retry-After at once,
// before their body is read; uploads that stop sending, or trickle, are
// dropped after the stall window with 408 (or a closed connection), never a
// 500; and their slots are free again afterwards.
func TestStalledUploadsAreRefusedOrDropped(t *testing.T) {
	opts := testOptions(t)
	opts.UploadMaxBytes = 100 << 20
	opts.Uploads = UploadLimits{InFlight: 3, PerPerson: 2, MinRate: 64 << 10, StallWindow: time.Second}
	env := newTestEnv(t, opts)
	ts := httptest.NewServer(env.srv.Handler())
	t.Cleanup(ts.Close)
	type who struct{ cookie, csrf string }
	people := map[string]who{}
	for _, email := range []string{"submitter.a@demo.test", "submitter.b@demo.test"} {
		ck, csrf := env.signIn(t, email)
		people[email] = who{ck.Name + "=" + ck.Value, csrf}
	}
	const boundary = "xxBOUNDARYxx"
	head := func(p who) string {
		return fmt.Sprintf("POST /api/v1/documents HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n"+
			"Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n", ts.Listener.Addr(), p.cookie, p.csrf, boundary, 50<<20)
	}
	fields := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nStalled\r\n" +
		"--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\npolicy\r\n" +
		"--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\nContent-Type: text/plain\r\n\r\n"
	// open starts an upload that sends its head and 64 KB of the file, then
	// trickles a byte every trickleEvery (0: sends nothing more).
	open := func(p who, trickleEvery time.Duration) net.Conn {
		c, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		if _, err := io.WriteString(c, head(p)+fields+strings.Repeat("carers ", 64<<10/7)); err != nil {
			t.Fatal(err)
		}
		if trickleEvery > 0 {
			go func() {
				for {
					time.Sleep(trickleEvery)
					if _, err := c.Write([]byte("x")); err != nil {
						return
					}
				}
			}()
		}
		return c
	}
	a, b := people["submitter.a@demo.test"], people["submitter.b@demo.test"]
	stalled := []net.Conn{open(a, 0), open(a, 200*time.Millisecond), open(b, 0)}
	time.Sleep(300 * time.Millisecond) // the three hold their slots
	refusedAt := time.Now()
	for name, p := range map[string]who{"a third of one person's": a, "one past the process's": b} {
		// Go's client reads the answer while it sends, as browsers do.
		pr, pw := io.Pipe()
		t.Cleanup(func() { pw.Close() })
		go io.WriteString(pw, fields+strings.Repeat("carers ", 64<<10/7))
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/documents", pr)
		req.ContentLength = 50 << 20
		req.Header.Set("Cookie", p.cookie)
		req.Header.Set("X-CSRF-Token", p.csrf)
		req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		// The client waits for the answer before it sends the body, so a
		// refusal that closes the connection is read, not lost to a
		// write on a closed connection (it was, once, in CI).
		req.Header.Set("Expect", "100-continue")
		res, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
		if err != nil {
			t.Fatalf("%s upload: %v", name, err)
		}
		body, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
		res.Body.Close()
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "30" || !strings.Contains(string(body), "too_many_uploads") {
			t.Errorf("%s upload = %d Retry-After %q %s, want 429 with Retry-After 30", name, res.StatusCode, res.Header.Get("Retry-After"), body)
		}
	}
	if d := time.Since(refusedAt); d > 2*time.Second {
		t.Errorf("refusals took %v: they must not wait for the body", d)
	}
	for i, c := range stalled {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		switch {
		case err == nil && res.StatusCode == http.StatusRequestTimeout:
		case err != nil && !isTimeout(err):
			// dropped without an answer: fine, the connection is closed
		default:
			t.Errorf("stalled upload %d: %v %v, want 408 or a dropped connection within the stall window", i, res, err)
		}
	}
	time.Sleep(200 * time.Millisecond)
	if rec := env.uploadAs(t, "/api/v1/documents", "submitter.a@demo.test", []part{{field: "title", body: []byte("After")}, {field: "type", body: []byte("policy")},
		{field: "file", filename: "after.txt", body: []byte("Carers strategy after the stalls")}}, true); rec.Code != http.StatusCreated {
		t.Errorf("an upload once the stalled ones were dropped = %d: %.300s", rec.Code, rec.Body.String())
	}
}

// isTimeout says whether err is this test's own read deadline passing: the
// server neither answered nor closed the connection.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
