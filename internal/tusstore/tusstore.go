// Package tusstore keeps resumable (tus) uploads in the evidence bucket,
// through tusd's S3 store. tusd's store speaks to S3 with the AWS SDK, so
// this is the only package of ours that imports it; everything else reaches
// S3 through internal/blob and minio-go.
package tusstore

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/tus/tusd/v2/pkg/handler"
	"github.com/tus/tusd/v2/pkg/memorylocker"
	"github.com/tus/tusd/v2/pkg/s3store"
	expslog "golang.org/x/exp/slog"
)

// Prefix is where unfinished uploads live in the bucket: the object itself
// under Prefix+id, tusd's .info and .part objects beside it. Nothing there
// is evidence yet; a finished upload is moved to quarantine.
const Prefix = "tus/"

// Part sizes: each part is buffered in a temporary file before it goes to
// S3, so these bound the local disk one upload uses (PartSize times
// bufferedParts), never the whole file.
const (
	PartSize      = 16 << 20
	bufferedParts = 4
	// concurrentParts bounds the parts sent to S3 at once, over all uploads.
	concurrentParts = 8
)

// Options say where the bucket is; the same values as internal/blob's.
type Options struct {
	Endpoint  string // host:port
	Bucket    string
	AccessKey string
	SecretKey string
	UseTLS    bool
	Region    string
	// TempDir holds the parts while they are sent; "" for the system's.
	TempDir string
}

// Compose returns tusd's store composer over the bucket, with an in-process
// lock: one portal process serves a given upload at a time (see README:
// several serve processes need sticky routing of /uploads/tus/ or a shared
// locker).
func Compose(o Options) *handler.StoreComposer {
	scheme := "http://"
	if o.UseTLS {
		scheme = "https://"
	}
	region := o.Region
	if region == "" {
		region = "us-east-1"
	}
	client := s3.New(s3.Options{
		Region:       region,
		BaseEndpoint: aws.String(scheme + o.Endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider(o.AccessKey, o.SecretKey, ""),
		UsePathStyle: true,
		// The parts are hashed with SHA-256 by the request signature already;
		// extra checksums only cost time.
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
		HTTPClient:                 &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()},
	})
	st := s3store.New(o.Bucket, client)
	st.ObjectPrefix = strings.TrimSuffix(Prefix, "/")
	st.PreferredPartSize = PartSize
	st.MaxBufferedParts = bufferedParts
	st.TemporaryDirectory = o.TempDir
	st.SetConcurrentPartUploads(concurrentParts)
	c := handler.NewStoreComposer()
	st.UseIn(c)
	memorylocker.New().UseIn(c)
	return c
}

// ObjectKey is where the bytes of the upload with the tus id given are, once
// it is finished. A tus id is the object id, "+", and S3's multipart id.
func ObjectKey(tusID string) string {
	obj, _, _ := strings.Cut(tusID, "+")
	return Prefix + obj
}

// ObjectID is the object part of a tus id.
func ObjectID(tusID string) string {
	obj, _, _ := strings.Cut(tusID, "+")
	return obj
}

// Info reads an upload's description, for checking who owns it before
// tusd acts on a request; handler.ErrNotFound when there is none.
func Info(ctx context.Context, c *handler.StoreComposer, id string) (handler.FileInfo, error) {
	up, err := c.Core.GetUpload(ctx, id)
	if err != nil {
		return handler.FileInfo{}, fmt.Errorf("get upload %s: %w", id, err)
	}
	info, err := up.GetInfo(ctx)
	if err != nil {
		return handler.FileInfo{}, fmt.Errorf("get upload %s: %w", id, err)
	}
	return info, nil
}

// Terminate removes an upload and everything tusd kept for it.
func Terminate(ctx context.Context, c *handler.StoreComposer, id string) error {
	up, err := c.Core.GetUpload(ctx, id)
	if err != nil {
		return fmt.Errorf("get upload %s: %w", id, err)
	}
	if err := c.Terminater.AsTerminatableUpload(up).Terminate(ctx); err != nil {
		return fmt.Errorf("terminate upload %s: %w", id, err)
	}
	return nil
}

// Logger is for tusd's own log lines, which use golang.org/x/exp/slog: only
// warnings and errors, as JSON on stderr like the portal's (tusd would
// otherwise log every request, which the portal already does).
func Logger() *expslog.Logger {
	return expslog.New(expslog.NewJSONHandler(os.Stderr, &expslog.HandlerOptions{Level: expslog.LevelWarn}))
}
