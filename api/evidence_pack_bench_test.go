package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/store"
)

// benchPackDocSize is the size of each document of the pack benchmark.
const benchPackDocSize = 256 << 10

// discardResponse is a client that reads the pack as fast as it comes and
// keeps none of it (httptest.ResponseRecorder would hold the whole pack).
type discardResponse struct {
	header http.Header
	status int
	n      int64
}

func (w *discardResponse) Header() http.Header         { return w.header }
func (w *discardResponse) WriteHeader(code int)        { w.status = code }
func (w *discardResponse) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// benchPackAssessment opens an assessment of the council whose further
// evidence requests hold n documents of benchPackDocSize each (stored in
// S3 four at a time), and returns its path and the documents.
func benchPackAssessment(b *testing.B, env *testEnv, la, ins string, n int) (string, []store.Document) {
	b.Helper()
	ctx := context.Background()
	id := env.openAssessment(b, la, "qs-only-2024", ins)
	docs := make([]store.Document, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range 4 {
		wg.Go(func() {
			for i := range next {
				docs[i] = env.storedDocument(b, la, fmt.Sprintf("Evidence %d", i+1), benchPackDocSize)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	var rq int64
	for i, d := range docs {
		if i%assessment.MaxThreadLength == 0 {
			var err error
			if rq, err = env.st.RaiseRequest(ctx, authz.AllLAs(), id, assessment.RequestInput{QS: []string{"safeguarding"},
				Wanted: "Everything", Due: time.Now().AddDate(0, 0, 7)}, ins, env.auditAs("evidence_request_raised")); err != nil {
				b.Fatal(err)
			}
		}
		if err := env.st.AddRequestMessage(ctx, authz.AllLAs(), id, rq, assessment.Message{Document: d.ID, Page: 1},
			"submitter@bench", "la_submitter", env.auditAs("evidence_request_message")); err != nil {
			b.Fatal(err)
		}
	}
	return fmt.Sprintf("/assessments/%d", id), docs
}

// liveHeap is the heap the last garbage collection found live: what a
// request holds, not the garbage it leaves for the next collection.
const liveHeap = "/gc/heap/live:bytes"

// heapPeak samples the live heap every millisecond until stop is closed
// and returns the largest it saw.
func heapPeak(stop <-chan struct{}) uint64 {
	s := []metrics.Sample{{Name: liveHeap}}
	var peak uint64
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		metrics.Read(s)
		peak = max(peak, s[0].Value.Uint64())
		select {
		case <-stop:
			return peak
		case <-t.C:
		}
	}
}

// benchPackGet downloads the pack at a as the cookie's person and returns
// its size.
func benchPackGet(b *testing.B, env *testEnv, a string, ck *http.Cookie, docs int) int64 {
	req := httptest.NewRequest(http.MethodGet, a+"/evidence-pack", nil)
	req.AddCookie(ck)
	w := &discardResponse{header: http.Header{}}
	env.srv.Handler().ServeHTTP(w, req)
	if w.status != http.StatusOK || w.n < int64(docs*benchPackDocSize) {
		b.Fatalf("pack = %d, %d bytes", w.status, w.n)
	}
	return w.n
}

// BenchmarkEvidencePack: the evidence pack of 50 and of 500 documents of
// 256 KiB, through the real router, session, PostgreSQL and MinIO, read by
// a client that keeps nothing, against reading the same objects from S3
// directly one after the other (blob.Open and a copy to io.Discard, as the
// pack does). Each iteration reads both; it reports the pack's and the
// direct read's throughput, the median of each iteration's ratio of the
// two (direct time over pack time; target ≥ 0.8), and the live heap
// (as each garbage collection during the pack found it) at its peak above
// what it was before the pack (flat: the same for 50 and 500).
func BenchmarkEvidencePack(b *testing.B) {
	env := newTestEnv(b, testOptions(b))
	for _, tt := range []struct {
		la, ins string
		n       int
	}{{"E06009902", "inspector.b@demo.test", 50}, {"E06009901", "inspector.a@demo.test", 500}} {
		a, docs := benchPackAssessment(b, env, tt.la, tt.ins, tt.n)
		ck, _ := env.signIn(b, tt.ins)
		b.Run(fmt.Sprintf("docs=%d", tt.n), func(b *testing.B) {
			ctx := context.Background()
			buf := make([]byte, 256<<10)
			var packTook, directTook time.Duration
			var packBytes, directBytes int64
			var ratios []float64
			for b.Loop() {
				start := time.Now()
				var dn int64
				for _, d := range docs {
					r, err := env.bl.Open(ctx, blob.FileKey(d.ID))
					if err != nil {
						b.Fatal(err)
					}
					n, err := io.CopyBuffer(io.Discard, r, buf)
					r.Close()
					if err != nil {
						b.Fatal(err)
					}
					dn += n
				}
				directBytes += dn
				direct := time.Since(start)
				directTook += direct

				start = time.Now()
				n := benchPackGet(b, env, a, ck, len(docs))
				pack := time.Since(start)
				packTook += pack
				packBytes += n
				// The same documents' bytes each way: the ratio of the times.
				ratios = append(ratios, direct.Seconds()/pack.Seconds())
			}
			b.StopTimer()
			// The live heap is known at the end of each collection: one
			// more pack with collections every 5% of growth shows what
			// the download holds at its peak.
			old := debug.SetGCPercent(5)
			runtime.GC()
			s := []metrics.Sample{{Name: liveHeap}}
			metrics.Read(s)
			before := s[0].Value.Uint64()
			stop, peak := make(chan struct{}), make(chan uint64)
			go func() { peak <- heapPeak(stop) }()
			benchPackGet(b, env, a, ck, len(docs))
			close(stop)
			growth := int64(<-peak) - int64(before)
			debug.SetGCPercent(old)
			slices.Sort(ratios)
			mbps := func(n int64, d time.Duration) float64 { return float64(n) / (1 << 20) / d.Seconds() }
			b.ReportMetric(mbps(packBytes, packTook), "pack-MB/s")
			b.ReportMetric(mbps(directBytes, directTook), "s3-MB/s")
			b.ReportMetric(ratios[len(ratios)/2], "ratio")
			b.ReportMetric(float64(growth)/(1<<20), "peak-live-heap-MiB")
		})
	}
}
