package blob

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
)

// TestOpenVerified: an object read to its end as it was stored reads
// whole; one whose recorded sum or size differs fails at the end (or past
// its size) with ErrCorrupt.
func TestOpenVerified(t *testing.T) {
	s := testStore(t)
	ctx := context.Background()
	data := randomBytes(3 << 20)
	obj, err := s.Put(ctx, "index-snapshots/a.tar", bytes.NewReader(data), int64(len(data)), "application/x-tar")
	if err != nil {
		t.Fatal(err)
	}
	other := make([]byte, 64)
	for _, c := range []struct {
		name string
		size int64
		sum  string
		want error
	}{
		{"as stored", obj.Size, obj.SHA256, nil},
		{"another SHA-256", obj.Size, string(bytes.Repeat([]byte("0"), 64)), ErrCorrupt},
		{"longer than recorded", obj.Size - 1, obj.SHA256, ErrCorrupt},
		{"shorter than recorded", obj.Size + 1, obj.SHA256, ErrCorrupt},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := s.OpenVerified(ctx, obj.Key, c.size, c.sum)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if _, err := io.ReadFull(r, other); err != nil {
				t.Fatalf("first bytes: %v", err)
			}
			_, err = io.Copy(io.Discard, r)
			if !errors.Is(err, c.want) {
				t.Errorf("read to the end = %v, want %v", err, c.want)
			}
		})
	}
}
