package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"

	"github.com/minio/minio-go/v7"
)

// ErrTooLarge means the stream crossed its size limit; nothing was stored.
var ErrTooLarge = errors.New("object larger than its limit")

// ErrNotFound means there is no object under the key.
var ErrNotFound = errors.New("object not found")

// partSize and partBuffers bound the memory one upload holds: minio-go
// fills partBuffers buffers of partSize in turn when the size is not known in
// advance, so that one part goes to S3 while the next one is read from the
// client. Measured by tools/uploadbench: one 8 MiB buffer at a time made the
// portal wait for S3 and for its client in turn (0.74 of a direct
// PutObject); two 8 MiB buffers made 8 uploads at once grow the process by
// 267 MiB, twice their 128 MiB of buffers through garbage collection. Three
// of S3's smallest parts, 5 MiB, keep both in bounds: 8 uploads at once
// grew it by 201 MiB (limit 256), one by 22 MiB (up to 48 GiB per object).
const (
	partSize    = 5 << 20
	partBuffers = 3
)

// Object is what was stored: the key, and the size and SHA-256 counted as the
// bytes went past.
type Object struct {
	Key    string
	Size   int64
	SHA256 string
}

// Put streams r to key without knowing its size, hashing and counting as it
// goes, and stops as soon as more than limit bytes have come. On any failure,
// including ctx ending or the limit, the multipart upload is aborted so no
// part of the object remains.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, limit int64, contentType string) (Object, error) {
	lr := &limitedHasher{r: r, limit: limit, h: sha256.New()}
	_, err := s.client.PutObject(ctx, s.bucket, key, lr, -1, minio.PutObjectOptions{
		ContentType:           contentType,
		PartSize:              partSize,
		NumThreads:            partBuffers,
		ConcurrentStreamParts: true,
		// We hash the stream already; minio-go then protects each part with
		// a CRC32C trailer instead of signing its SHA-256 a second time (as
		// it does over TLS anyway).
		DisableContentSha256: true,
	})
	if lr.exceeded {
		return Object{}, fmt.Errorf("put %s: %w (limit %d bytes)", key, ErrTooLarge, limit)
	}
	if err != nil {
		return Object{}, fmt.Errorf("put %s: %w", key, err)
	}
	return Object{Key: key, Size: lr.n, SHA256: hex.EncodeToString(lr.h.Sum(nil))}, nil
}

// limitedHasher counts and hashes what it passes on, and fails the read that
// crosses the limit.
type limitedHasher struct {
	r        io.Reader
	limit    int64
	n        int64
	h        hash.Hash
	exceeded bool
}

func (l *limitedHasher) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.limit {
		l.exceeded = true
		return 0, ErrTooLarge
	}
	l.h.Write(p[:n])
	return n, err
}

// Open returns the object's content; ErrNotFound when there is none.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if _, err := s.Stat(ctx, key); err != nil {
		return nil, err
	}
	o, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	return o, nil
}

// Info describes a stored object.
type Info struct {
	Key          string
	Size         int64
	LastModified time.Time
}

// Stat describes the object under key; ErrNotFound when there is none.
func (s *Store) Stat(ctx context.Context, key string) (Info, error) {
	st, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			return Info{}, fmt.Errorf("stat %s: %w", key, ErrNotFound)
		}
		return Info{}, fmt.Errorf("stat %s: %w", key, err)
	}
	return Info{Key: st.Key, Size: st.Size, LastModified: st.LastModified}, nil
}

// Move copies the object to a new key on the server and then removes the
// old one. Moving again after a crash between the two steps is safe: when
// the source is gone and the target exists, the move already happened.
func (s *Store) Move(ctx context.Context, from, to string) error {
	_, err := s.client.CopyObject(ctx, minio.CopyDestOptions{Bucket: s.bucket, Object: to},
		minio.CopySrcOptions{Bucket: s.bucket, Object: from})
	if err != nil {
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			if _, serr := s.Stat(ctx, to); serr == nil {
				return nil
			}
			return fmt.Errorf("move %s: %w", from, ErrNotFound)
		}
		return fmt.Errorf("copy %s to %s: %w", from, to, err)
	}
	return s.Remove(ctx, from)
}

// Remove deletes the object; removing a missing object is not an error.
func (s *Store) Remove(ctx context.Context, key string) error {
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("remove %s: %w", key, err)
	}
	return nil
}

// List returns the objects under prefix last modified before the time given,
// for the sweeper that removes what a crash left behind.
func (s *Store) List(ctx context.Context, prefix string, before time.Time) ([]Info, error) {
	var out []Info
	for o := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if o.Err != nil {
			return nil, fmt.Errorf("list %s: %w", prefix, o.Err)
		}
		if o.LastModified.Before(before) {
			out = append(out, Info{Key: o.Key, Size: o.Size, LastModified: o.LastModified})
		}
	}
	return out, nil
}

// AbortIncomplete aborts multipart uploads under prefix begun before the
// time given (so that uploads still streaming are left alone), as a crashed
// process leaves them, and says how many it aborted.
func (s *Store) AbortIncomplete(ctx context.Context, prefix string, before time.Time) (int, error) {
	n := 0
	for u := range s.client.ListIncompleteUploads(ctx, s.bucket, prefix, true) {
		if u.Err != nil {
			return n, fmt.Errorf("list incomplete uploads under %s: %w", prefix, u.Err)
		}
		if !u.Initiated.Before(before) {
			continue
		}
		if err := s.client.RemoveIncompleteUpload(ctx, s.bucket, u.Key); err != nil {
			return n, fmt.Errorf("abort incomplete upload %s: %w", u.Key, err)
		}
		n++
	}
	return n, nil
}
