package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/minio/minio-go/v7"
)

// Head returns up to n first bytes of the object; ErrNotFound when there is
// none.
func (s *Store) Head(ctx context.Context, key string, n int) ([]byte, error) {
	opts := minio.GetObjectOptions{}
	if err := opts.SetRange(0, int64(n)-1); err != nil {
		return nil, fmt.Errorf("head %s: %w", key, err)
	}
	o, err := s.client.GetObject(ctx, s.bucket, key, opts)
	if err != nil {
		return nil, fmt.Errorf("head %s: %w", key, err)
	}
	defer o.Close()
	b, err := io.ReadAll(io.LimitReader(o, int64(n)))
	if err != nil {
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			return nil, fmt.Errorf("head %s: %w", key, ErrNotFound)
		}
		// An empty object has no byte 0 to range over.
		if minio.ToErrorResponse(err).Code == "InvalidRange" {
			return nil, nil
		}
		return nil, fmt.Errorf("head %s: %w", key, err)
	}
	return b, nil
}

// Sum reads the object through, counting and hashing it, for a file that
// reached the bucket by another way than Put (a resumable upload).
func (s *Store) Sum(ctx context.Context, key string) (Object, error) {
	o, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return Object{}, fmt.Errorf("sum %s: %w", key, err)
	}
	defer o.Close()
	h := sha256.New()
	n, err := io.CopyBuffer(h, o, make([]byte, 1<<20))
	if err != nil {
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			return Object{}, fmt.Errorf("sum %s: %w", key, ErrNotFound)
		}
		return Object{}, fmt.Errorf("sum %s: %w", key, err)
	}
	return Object{Key: key, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// RemoveAll deletes the objects; missing ones are not an error.
func (s *Store) RemoveAll(ctx context.Context, keys ...string) error {
	var errs []error
	for _, k := range keys {
		errs = append(errs, s.Remove(ctx, k))
	}
	return errors.Join(errs...)
}
