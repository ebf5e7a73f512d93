package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
)

// ErrCorrupt means an object's bytes are not the size and SHA-256 recorded
// when it was stored.
var ErrCorrupt = errors.New("object differs from what was stored")

// OpenVerified is Open for an object whose size and SHA-256 were recorded
// when it was put: the read that reaches its end, or goes past size, fails
// with ErrCorrupt when the bytes differ, so a reader that reads to the end
// has read exactly what was stored.
func (s *Store) OpenVerified(ctx context.Context, key string, size int64, sum string) (io.ReadCloser, error) {
	o, err := s.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	return &verified{ReadCloser: o, key: key, sum: sum, lh: &limitedHasher{r: o, limit: size, h: sha256.New()}, size: size}, nil
}

type verified struct {
	io.ReadCloser
	key, sum string
	size     int64
	lh       *limitedHasher
}

func (v *verified) Read(p []byte) (int, error) {
	n, err := v.lh.Read(p)
	switch {
	case errors.Is(err, ErrTooLarge):
		return n, fmt.Errorf("read %s: more than its %d bytes: %w", v.key, v.size, ErrCorrupt)
	case errors.Is(err, io.EOF):
		if got := hex.EncodeToString(v.lh.h.Sum(nil)); v.lh.n != v.size || got != v.sum {
			return n, fmt.Errorf("read %s: %d bytes with SHA-256 %s, stored %d bytes with %s: %w", v.key, v.lh.n, got, v.size, v.sum, ErrCorrupt)
		}
	}
	return n, err
}
