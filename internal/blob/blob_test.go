package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/evidenceportal/portal/internal/servicetest"
)

func TestEnsureBucketAndPing(t *testing.T) {
	b := make([]byte, 4)
	rand.Read(b)
	opts := Options{
		Endpoint:  servicetest.Env(t, "PORTAL_S3_ENDPOINT"),
		Bucket:    "test-" + hex.EncodeToString(b),
		AccessKey: servicetest.Env(t, "PORTAL_S3_ACCESS_KEY"),
		SecretKey: servicetest.Env(t, "PORTAL_S3_SECRET_KEY"),
	}
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Ping(ctx); !errors.Is(err, ErrNoBucket) {
		t.Fatalf("Ping before the bucket exists = %v, want ErrNoBucket", err)
	}
	for i := range 2 {
		if err := s.EnsureBucket(ctx); err != nil {
			t.Fatalf("EnsureBucket #%d: %v", i+1, err)
		}
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping after EnsureBucket = %v", err)
	}
	t.Cleanup(func() { s.client.RemoveBucket(context.Background(), opts.Bucket) })

	opts.SecretKey = "wrong-secret"
	bad, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := bad.Ping(ctx); err == nil {
		t.Errorf("Ping with a wrong secret key succeeded")
	}
}
