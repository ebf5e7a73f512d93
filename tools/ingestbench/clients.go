package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
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

// withdraw takes a document out of the evidence, so that a later portal
// starting on an empty index does not index it again.
func (c *client) withdraw(ctx context.Context, id string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/api/v1/documents/"+id+"/withdraw",
		strings.NewReader(url.Values{"reason": {"Uploaded by the ingest benchmark"}}.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.do(req)
	if err != nil {
		return fmt.Errorf("withdraw %s: %w", id, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		return fmt.Errorf("withdraw %s = %d %.300s", id, res.StatusCode, b)
	}
	return nil
}
