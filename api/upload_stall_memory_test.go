package api

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestThreeHundredStalledUploads is issue 15's attack with the default
// limits: 300 connections each send the head and 1 MB of a 50 MB upload,
// then a byte every 500 ms. At most UploadLimits.InFlight (16) are taken;
// every other gets 429 at once; the taken ones are dropped within the stall
// window; the heap grows by less than the stated bound of all uploads in
// flight (16 x 16 MiB: three 5 MiB part buffers each) and 32 MiB for the
// test's own 300 clients and the refused requests while they hold; and an
// upload works afterwards.
func TestThreeHundredStalledUploads(t *testing.T) {
	if testing.Short() {
		t.Skip("300 connections")
	}
	opts := testOptions(t)
	opts.UploadMaxBytes = 100 << 20
	// The default limits, but for each person's share (two people here)
	// and a shorter window, so the test takes seconds.
	opts.Uploads = UploadLimits{InFlight: DefaultUploadLimits.InFlight, PerPerson: DefaultUploadLimits.InFlight / 2,
		MinRate: DefaultUploadLimits.MinRate, StallWindow: 3 * time.Second}
	env := newTestEnv(t, opts)
	ts := httptest.NewServer(env.srv.Handler())
	t.Cleanup(ts.Close)
	const boundary = "xxBOUNDARYxx"
	var heads []string
	for _, email := range []string{"submitter.a@demo.test", "submitter.b@demo.test"} {
		ck, csrf := env.signIn(t, email)
		heads = append(heads, fmt.Sprintf("POST /api/v1/documents HTTP/1.1\r\nHost: %s\r\nCookie: %s=%s\r\nX-CSRF-Token: %s\r\n"+
			"Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n"+
			"--%s\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\npolicy\r\n"+
			"--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\nContent-Type: text/plain\r\n\r\n",
			ts.Listener.Addr(), ck.Name, ck.Value, csrf, boundary, 50<<20, boundary, boundary))
	}
	megabyte := []byte(strings.Repeat("carers ", 1<<20/7))

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stopWatch := make(chan struct{})
	var watch sync.WaitGroup
	watch.Go(func() {
		var m runtime.MemStats
		for {
			select {
			case <-stopWatch:
				return
			case <-time.After(25 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
		}
	})

	var refused, dropped, other atomic.Int64
	var mu sync.Mutex
	var others []string
	start := time.Now()
	var wg sync.WaitGroup
	for i := range 300 {
		wg.Go(func() {
			c, err := net.Dial("tcp", ts.Listener.Addr().String())
			if err != nil {
				other.Add(1)
				return
			}
			defer c.Close()
			go func() {
				if _, err := io.WriteString(c, heads[i%2]); err != nil {
					return
				}
				if _, err := c.Write(megabyte); err != nil {
					return
				}
				for {
					time.Sleep(500 * time.Millisecond)
					if _, err := c.Write([]byte("x")); err != nil {
						return
					}
				}
			}()
			c.SetReadDeadline(time.Now().Add(30 * time.Second))
			res, err := http.ReadResponse(bufio.NewReader(c), nil)
			switch {
			case err == nil && res.StatusCode == http.StatusTooManyRequests && res.Header.Get("Retry-After") != "":
				refused.Add(1)
			case err == nil && res.StatusCode == http.StatusRequestTimeout, err != nil && !isTimeout(err):
				dropped.Add(1)
			default:
				other.Add(1)
				mu.Lock()
				others = append(others, fmt.Sprint(res, err))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	close(stopWatch)
	watch.Wait()

	growth := int64(peak.Load()) - int64(before.HeapInuse)
	const bound = 16*16<<20 + 32<<20
	t.Logf("300 stalled uploads: %d refused with 429, %d dropped, %d other, in %v; heap in use %d MiB -> peak %d MiB (+%d MiB, bound %d MiB)",
		refused.Load(), dropped.Load(), other.Load(), took.Round(time.Millisecond), before.HeapInuse>>20, peak.Load()>>20, growth>>20, bound>>20)
	if other.Load() != 0 {
		t.Errorf("%d uploads neither refused nor dropped: %v", other.Load(), others[:min(len(others), 5)])
	}
	if n := dropped.Load(); n > int64(DefaultUploadLimits.InFlight) || n == 0 {
		t.Errorf("%d uploads taken and dropped, want 1-%d (the uploads in flight)", n, DefaultUploadLimits.InFlight)
	}
	if growth > bound {
		t.Errorf("the heap grew by %d MiB while they held, want under %d MiB", growth>>20, bound>>20)
	}
	time.Sleep(200 * time.Millisecond)
	if rec := env.uploadAs(t, "/api/v1/documents", "submitter.a@demo.test", []part{{field: "title", body: []byte("After")}, {field: "type", body: []byte("policy")},
		{field: "file", filename: "after.txt", body: []byte("Carers strategy after the stalls")}}, true); rec.Code != http.StatusCreated {
		t.Errorf("an upload once the stalled ones were dropped = %d: %.300s", rec.Code, rec.Body.String())
	}
}
