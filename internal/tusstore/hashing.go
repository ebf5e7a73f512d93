package tusstore

import (
	"context"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"hash"
	"io"
	"sync"

	"github.com/tus/tusd/v2/pkg/handler"
)

// hashing wraps tusd's S3 store to count and hash the bytes of each upload
// as they arrive, in order, so that a finished upload needs no second read
// from S3 to learn its SHA-256. When the bytes did not all pass through this
// process in order (a restart, another process, a chunk cut short), the
// state is dropped and the caller reads the object back instead.
type hashing struct {
	core handler.DataStore
	term handler.TerminaterDataStore
	defr handler.LengthDeferrerDataStore

	mu     sync.Mutex
	hashes map[string]*hashState // by upload id
}

type hashState struct {
	h hash.Hash
	n int64
}

func (s *hashing) NewUpload(ctx context.Context, info handler.FileInfo) (handler.Upload, error) {
	up, err := s.core.NewUpload(ctx, info)
	if err != nil {
		return nil, err
	}
	got, err := up.GetInfo(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.hashes[got.ID] = &hashState{h: sha256.New()}
	s.mu.Unlock()
	return &hashingUpload{Upload: up, id: got.ID, s: s}, nil
}

func (s *hashing) GetUpload(ctx context.Context, id string) (handler.Upload, error) {
	up, err := s.core.GetUpload(ctx, id)
	if err != nil {
		return nil, err
	}
	return &hashingUpload{Upload: up, id: id, s: s}, nil
}

func (s *hashing) AsTerminatableUpload(up handler.Upload) handler.TerminatableUpload {
	hu := up.(*hashingUpload)
	s.forget(hu.id)
	return s.term.AsTerminatableUpload(hu.Upload)
}

func (s *hashing) AsLengthDeclarableUpload(up handler.Upload) handler.LengthDeclarableUpload {
	return s.defr.AsLengthDeclarableUpload(up.(*hashingUpload).Upload)
}

func (s *hashing) forget(id string) {
	s.mu.Lock()
	delete(s.hashes, id)
	s.mu.Unlock()
}

// sum is the SHA-256 of the first size bytes of the upload, when every one
// of them passed through here in order.
func (s *hashing) sum(id string, size int64) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.hashes[id]
	if !ok || st.n != size {
		return "", false
	}
	return hex.EncodeToString(st.h.Sum(nil)), true
}

type hashingUpload struct {
	handler.Upload
	id string
	s  *hashing
}

// WriteChunk hashes what the store takes. tusd holds the upload's lock
// around it, so chunks of one upload never overlap.
func (u *hashingUpload) WriteChunk(ctx context.Context, offset int64, src io.Reader) (int64, error) {
	u.s.mu.Lock()
	st, ok := u.s.hashes[u.id]
	u.s.mu.Unlock()
	if !ok || st.n != offset {
		u.s.forget(u.id)
		return u.Upload.WriteChunk(ctx, offset, src)
	}
	before, _ := st.h.(encoding.BinaryMarshaler).MarshalBinary()
	tee := &countingTee{r: src, h: st.h}
	n, err := u.Upload.WriteChunk(ctx, offset, tee)
	switch {
	case n == tee.n:
		st.n += n
	case n == 0:
		// Nothing was kept: the hash goes back to where it was.
		if st.h.(encoding.BinaryUnmarshaler).UnmarshalBinary(before) != nil {
			u.s.forget(u.id)
		}
	default:
		u.s.forget(u.id)
	}
	return n, err
}

type countingTee struct {
	r io.Reader
	h hash.Hash
	n int64
}

func (t *countingTee) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.h.Write(p[:n])
	t.n += int64(n)
	return n, err
}
