package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/servicetest"
	"github.com/minio/minio-go/v7"
)

// testStore is a store on a bucket of its own, removed with its objects
// when the test ends.
func testStore(t *testing.T) *Store {
	t.Helper()
	b := make([]byte, 4)
	rand.Read(b)
	s, err := Open(Options{
		Endpoint:  servicetest.Env(t, "PORTAL_S3_ENDPOINT"),
		Bucket:    "test-" + hex.EncodeToString(b),
		AccessKey: servicetest.Env(t, "PORTAL_S3_ACCESS_KEY"),
		SecretKey: servicetest.Env(t, "PORTAL_S3_SECRET_KEY"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EnsureBucket(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		for o := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Recursive: true}) {
			s.client.RemoveObject(ctx, s.bucket, o.Key, minio.RemoveObjectOptions{})
		}
		s.AbortIncomplete(ctx, "", time.Now().Add(time.Hour))
		s.client.RemoveBucket(ctx, s.bucket)
	})
	return s
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestPutHashesAndCounts(t *testing.T) {
	s := testStore(t)
	ctx := context.Background()
	for _, size := range []int{0, 1, 1 << 20, partSize + 12345} {
		data := randomBytes(size)
		sum := sha256.Sum256(data)
		obj, err := s.Put(ctx, "quarantine/a", bytes.NewReader(data), int64(size), "application/octet-stream")
		if err != nil {
			t.Fatalf("Put %d bytes: %v", size, err)
		}
		if obj.Size != int64(size) || obj.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("Put %d bytes = %+v, want size %d and the content's SHA-256", size, obj, size)
		}
		r, err := s.Open(ctx, "quarantine/a")
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		r.Close()
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("read back %d bytes, %v; want the %d bytes written", len(got), err, size)
		}
	}
}

// failingReader gives n bytes and then an error, like a browser that drops.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset")
	}
	if len(p) > f.n {
		p = p[:f.n]
	}
	f.n -= len(p)
	return len(p), nil
}

func TestFailedPutLeavesNothing(t *testing.T) {
	s := testStore(t)
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		r       io.Reader
		limit   int64
		wantErr error
	}{
		{"over the limit in the first part", ctx, bytes.NewReader(randomBytes(2000)), 1000, ErrTooLarge},
		{"over the limit after a whole part", ctx, bytes.NewReader(randomBytes(partSize + 2000)), partSize + 1000, ErrTooLarge},
		{"stream breaks after a whole part", ctx, &failingReader{n: partSize + 100}, 1 << 30, nil},
		{"context already ended", cancelled, bytes.NewReader(randomBytes(100)), 1000, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Put(tt.ctx, "quarantine/failed", tt.r, tt.limit, "application/pdf")
			if err == nil {
				t.Fatal("Put succeeded")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("Put error = %v, want %v", err, tt.wantErr)
			}
			if _, err := s.Stat(ctx, "quarantine/failed"); !errors.Is(err, ErrNotFound) {
				t.Errorf("object after failed Put: %v, want ErrNotFound", err)
			}
			for u := range s.client.ListIncompleteUploads(ctx, s.bucket, "quarantine/", true) {
				t.Errorf("incomplete upload left behind: %s (%v)", u.Key, u.Err)
			}
		})
	}
}

func TestMoveRemoveList(t *testing.T) {
	s := testStore(t)
	ctx := context.Background()
	if _, err := s.Put(ctx, "quarantine/x", bytes.NewReader([]byte("evidence")), 100, "text/plain"); err != nil {
		t.Fatal(err)
	}
	if err := s.Move(ctx, "quarantine/x", "clean/x"); err != nil {
		t.Fatalf("Move: %v", err)
	}
	if _, err := s.Stat(ctx, "quarantine/x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("source after Move: %v, want ErrNotFound", err)
	}
	if info, err := s.Stat(ctx, "clean/x"); err != nil || info.Size != 8 {
		t.Errorf("target after Move = %+v, %v", info, err)
	}
	if err := s.Move(ctx, "quarantine/x", "clean/x"); err != nil {
		t.Errorf("repeating a finished Move = %v, want nil (idempotent)", err)
	}
	if err := s.Move(ctx, "quarantine/none", "clean/none"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Move of a missing object = %v, want ErrNotFound", err)
	}
	if _, err := s.Open(ctx, "quarantine/none"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open of a missing object = %v, want ErrNotFound", err)
	}
	old, err := s.List(ctx, "clean/", time.Now().Add(time.Minute))
	if err != nil || len(old) != 1 || old[0].Key != "clean/x" {
		t.Errorf("List(clean/, future) = %+v, %v", old, err)
	}
	if recent, _ := s.List(ctx, "clean/", time.Now().Add(-time.Hour)); len(recent) != 0 {
		t.Errorf("List(clean/, an hour ago) = %+v, want none", recent)
	}
	for range 2 {
		if err := s.Remove(ctx, "clean/x"); err != nil {
			t.Errorf("Remove: %v", err)
		}
	}
	if _, err := s.Stat(ctx, "clean/x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after Remove: %v", err)
	}
}
