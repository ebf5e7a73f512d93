// Package blob keeps evidence files and derived text in S3-compatible object
// storage (MinIO here, any S3 in production). It is the only package that
// knows minio-go.
package blob

import (
	"context"
	"errors"
	"fmt"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// ErrNoBucket means the configured bucket does not exist.
var ErrNoBucket = errors.New("bucket does not exist")

// Options say where the objects live.
type Options struct {
	Endpoint  string // host:port
	Bucket    string
	AccessKey string
	SecretKey string
	UseTLS    bool
	Region    string
}

// Store is one bucket.
type Store struct {
	client *minio.Client
	bucket string
	region string
}

// Open makes a client for the bucket; it does not contact the server.
func Open(o Options) (*Store, error) {
	c, err := minio.New(o.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(o.AccessKey, o.SecretKey, ""),
		Secure: o.UseTLS,
		Region: o.Region,
	})
	if err != nil {
		return nil, fmt.Errorf("create S3 client for %s: %w", o.Endpoint, err)
	}
	return &Store{client: c, bucket: o.Bucket, region: o.Region}, nil
}

// Ping checks that the bucket exists and the credentials reach it.
func (s *Store) Ping(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("check bucket %s: %w", s.bucket, err)
	}
	if !ok {
		return fmt.Errorf("check bucket %s: %w", s.bucket, ErrNoBucket)
	}
	return nil
}

// EnsureBucket creates the bucket when it is missing.
func (s *Store) EnsureBucket(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("check bucket %s: %w", s.bucket, err)
	}
	if ok {
		return nil
	}
	if err := s.client.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{Region: s.region}); err != nil {
		return fmt.Errorf("create bucket %s: %w", s.bucket, err)
	}
	return nil
}
