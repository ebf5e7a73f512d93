package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// client talks to one portal as one signed-in submitter.
type client struct {
	base, token string
}

func (c *client) do(req *http.Request) (*http.Response, error) {
	req.Header.Set("Authorization", "Bearer "+c.token)
	return http.DefaultClient.Do(req)
}

// upload sends the file through the API's multipart form.
func (c *client) upload(ctx context.Context, name string, body []byte) (string, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := mw.WriteField("type", "other")
		if err == nil {
			var fw io.Writer
			if fw, err = mw.CreateFormFile("file", name); err == nil {
				_, err = io.Copy(fw, bytes.NewReader(body))
			}
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/api/v1/documents", pr)
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.do(req)
	if err != nil {
		return "", fmt.Errorf("POST /api/v1/documents: %w", err)
	}
	defer res.Body.Close()
	var d struct {
		ID string `json:"id"`
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated || json.Unmarshal(b, &d) != nil {
		return "", fmt.Errorf("POST /api/v1/documents = %d %.300s", res.StatusCode, b)
	}
	return d.ID, nil
}

type document struct {
	Status       string `json:"status"`
	StatusReason string `json:"status_reason"`
	Pages        int    `json:"pages"`
}

// document reads a document's status and pages.
func (c *client) document(ctx context.Context, id string) (document, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/api/v1/documents/"+id, nil)
	if err != nil {
		return document{}, err
	}
	res, err := c.do(req)
	if err != nil {
		return document{}, err
	}
	defer res.Body.Close()
	var d document
	if err := json.NewDecoder(res.Body).Decode(&d); err != nil {
		return document{}, fmt.Errorf("GET document %s: %w", id, err)
	}
	return d, nil
}

// watchHeap reads the portal's heap in use from its metrics every interval
// until the function it returns is called, which gives the peak.
func (p *portal) watchHeap(every time.Duration) func() int64 {
	var (
		mu   sync.Mutex
		peak int64
	)
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if n, err := heapInUse(p.metrics); err == nil {
				mu.Lock()
				peak = max(peak, n)
				mu.Unlock()
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		<-stopped
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

func heapInUse(metrics string) (int64, error) {
	res, err := http.Get(metrics + "/metrics")
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_memstats_heap_inuse_bytes "); ok {
			f, err := strconv.ParseFloat(v, 64)
			return int64(f), err
		}
	}
	return 0, fmt.Errorf("no go_memstats_heap_inuse_bytes in %s/metrics", metrics)
}
