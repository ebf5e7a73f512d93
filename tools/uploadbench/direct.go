package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	// The reference is the plain SDK call, so the bench speaks to MinIO
	// with minio-go itself rather than through internal/blob.
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/evidenceportal/portal/internal/blob"
)

type direct struct {
	c      *minio.Client
	bucket string
}

func newDirect() (*direct, error) {
	c, err := minio.New(os.Getenv("PORTAL_S3_ENDPOINT"), &minio.Options{
		Creds:  credentials.NewStaticV4(os.Getenv("PORTAL_S3_ACCESS_KEY"), os.Getenv("PORTAL_S3_SECRET_KEY"), ""),
		Secure: os.Getenv("PORTAL_S3_USE_TLS") == "true",
	})
	if err != nil {
		return nil, err
	}
	bucket := os.Getenv("PORTAL_S3_BUCKET")
	if bucket == "" {
		bucket = "evidence"
	}
	return &direct{c: c, bucket: bucket}, nil
}

// put stores r under a bench key with PutObject and removes it again.
func (d *direct) put(ctx context.Context, r io.Reader, size int64) error {
	key := fmt.Sprintf("bench/%d", time.Now().UnixNano())
	opts := minio.PutObjectOptions{ContentType: "text/plain"}
	if size < 0 {
		opts.PartSize = 8 << 20 // what internal/blob uses when the size is unknown
	}
	if _, err := d.c.PutObject(ctx, d.bucket, key, r, size, opts); err != nil {
		return fmt.Errorf("PutObject: %w", err)
	}
	return d.c.RemoveObject(ctx, d.bucket, key, minio.RemoveObjectOptions{})
}

// putUnsigned is put with the size known and without SHA-256 payload
// signing, as internal/blob sends (a CRC32C trailer protects each part).
func (d *direct) putUnsigned(ctx context.Context, r io.Reader, size int64) error {
	key := fmt.Sprintf("bench/%d", time.Now().UnixNano())
	if _, err := d.c.PutObject(ctx, d.bucket, key, r, size, minio.PutObjectOptions{ContentType: "text/plain", DisableContentSha256: true}); err != nil {
		return fmt.Errorf("PutObject: %w", err)
	}
	return d.c.RemoveObject(ctx, d.bucket, key, minio.RemoveObjectOptions{})
}

// removeDocument deletes a benchmark document's file, so that the disk
// does not fill up; its row stays, waiting for a scan that never comes.
func (d *direct) removeDocument(ctx context.Context, id string) error {
	return d.c.RemoveObject(ctx, d.bucket, blob.QuarantineKey(id), minio.RemoveObjectOptions{})
}

func newHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16, WriteBufferSize: 256 << 10, ReadBufferSize: 64 << 10}}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
