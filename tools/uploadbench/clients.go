package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
)

// client uploads to one portal as one signed-in submitter.
type client struct {
	base, token string
	http        *http.Client
}

func (c *client) do(req *http.Request) (*http.Response, error) {
	req.Header.Set("Authorization", "Bearer "+c.token)
	return c.http.Do(req)
}

// multipart sends the file as the API's multipart form, streamed.
func (c *client) multipart(ctx context.Context, name string, r io.Reader) (string, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := mw.WriteField("type", "other")
		if err == nil {
			var fw io.Writer
			if fw, err = mw.CreateFormFile("file", name); err == nil {
				_, err = io.CopyBuffer(fw, r, make([]byte, 256<<10))
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

// tus sends the file with the tus protocol in chunks of the size given
// (0: one PATCH for the whole file).
func (c *client) tus(ctx context.Context, name string, r io.Reader, size, chunk int64) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/api/v1/uploads", nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Upload-Length", strconv.FormatInt(size, 10))
	req.Header.Set("Upload-Metadata", "filename "+b64(name)+",type "+b64("other"))
	res, err := c.do(req)
	if err != nil {
		return "", fmt.Errorf("tus create: %w", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("tus create = %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	if strings.HasPrefix(loc, "/") {
		loc = c.base + loc
	}
	if chunk <= 0 {
		chunk = size
	}
	for off := int64(0); off < size; {
		n := min(chunk, size-off)
		req, err := http.NewRequestWithContext(ctx, http.MethodPatch, loc, io.LimitReader(r, n))
		if err != nil {
			return "", err
		}
		req.ContentLength = n
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set("Upload-Offset", strconv.FormatInt(off, 10))
		req.Header.Set("Content-Type", "application/offset+octet-stream")
		res, err := c.do(req)
		if err != nil {
			return "", fmt.Errorf("tus PATCH at %d: %w", off, err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent {
			return "", fmt.Errorf("tus PATCH at %d = %d %.300s", off, res.StatusCode, b)
		}
		off += n
		if off == size {
			return res.Header.Get("Document-Id"), nil
		}
	}
	return "", fmt.Errorf("tus: empty file")
}

// status reads a document's status.
func (c *client) status(ctx context.Context, id string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/api/v1/documents/"+id, nil)
	if err != nil {
		return "", err
	}
	res, err := c.do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var d struct {
		Status string `json:"status"`
	}
	if err := json.NewDecoder(res.Body).Decode(&d); err != nil {
		return "", fmt.Errorf("GET document %s: %w", id, err)
	}
	return d.Status, nil
}
