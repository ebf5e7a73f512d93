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
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/tus/tusd/v2/pkg/handler"
	"github.com/tus/tusd/v2/pkg/memorylocker"
	"github.com/tus/tusd/v2/pkg/s3store"
	expslog "golang.org/x/exp/slog"
)

// An upload's bytes go straight to their quarantine key (the same as the
// plain form's, so that a finished upload needs no copy), while tusd's .info
// and .part objects live under MetaPrefix. Nothing there is evidence yet.
const (
	ObjectPrefix = blob.QuarantinePrefix
	MetaPrefix   = blob.ResumablePrefix
)

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
	// Locks, when set, lock each upload across the cluster in PostgreSQL;
	// nil locks it in this process only (one node, or sticky routing).
	Locks *store.Store
}

// Compose returns tusd's store over the bucket, with its uploads locked
// across the cluster (Options.Locks) or, without, in this process.
func Compose(o Options) *Store {
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
	st := s3store.New(o.Bucket, objectHeaders{client})
	st.ObjectPrefix = strings.TrimSuffix(ObjectPrefix, "/")
	st.MetadataObjectPrefix = strings.TrimSuffix(MetaPrefix, "/")
	st.PreferredPartSize = PartSize
	st.MaxBufferedParts = bufferedParts
	st.TemporaryDirectory = o.TempDir
	st.SetConcurrentPartUploads(concurrentParts)
	h := &hashing{core: st, term: st, defr: st, hashes: map[string]*hashState{}}
	c := handler.NewStoreComposer()
	c.UseCore(h)
	c.UseTerminater(h)
	c.UseLengthDeferrer(h)
	if o.Locks != nil {
		c.UseLocker(pgLocker{locks: o.Locks})
	} else {
		memorylocker.New().UseIn(c)
	}
	return &Store{Composer: c, h: h}
}

// Store is tusd's store composer over the bucket, and what it counted of
// each upload.
type Store struct {
	Composer *handler.StoreComposer
	h        *hashing
}

// Sum is the SHA-256 of a finished upload of the size given, when this
// process saw every byte of it; ok is false otherwise, and the caller reads
// the object back.
func (s *Store) Sum(id string, size int64) (sum string, ok bool) { return s.h.sum(id, size) }

// Forget drops what was counted of an upload.
func (s *Store) Forget(id string) { s.h.forget(id) }

// ObjectID is the object part of a tus id (the object id, "+", and S3's
// multipart id): the future document's id.
func ObjectID(tusID string) string {
	obj, _, _ := strings.Cut(tusID, "+")
	return obj
}

// MetaKeys are tusd's own objects for an upload, to remove once its bytes
// became a document.
func MetaKeys(tusID string) []string {
	return []string{MetaPrefix + ObjectID(tusID) + ".info", MetaPrefix + ObjectID(tusID) + ".part"}
}

// Info reads an upload's description, for checking who owns it before
// tusd acts on a request; handler.ErrNotFound when there is none.
func (s *Store) Info(ctx context.Context, id string) (handler.FileInfo, error) {
	up, err := s.Composer.Core.GetUpload(ctx, id)
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
func (s *Store) Terminate(ctx context.Context, id string) error {
	up, err := s.Composer.Core.GetUpload(ctx, id)
	if err != nil {
		return fmt.Errorf("get upload %s: %w", id, err)
	}
	if err := s.Composer.Terminater.AsTerminatableUpload(up).Terminate(ctx); err != nil {
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

// objectHeaders keeps an upload's metadata out of the S3 object's headers:
// S3 allows 2 KB of them, less than the form's fields may take (a 2,000
// character description), and the type a client claims means nothing until
// the bytes are sniffed. tusd's .info object keeps the metadata whole.
type objectHeaders struct{ *s3.Client }

func (c objectHeaders) CreateMultipartUpload(ctx context.Context, in *s3.CreateMultipartUploadInput, opts ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error) {
	in.Metadata, in.ContentType = nil, nil
	return c.Client.CreateMultipartUpload(ctx, in, opts...)
}
