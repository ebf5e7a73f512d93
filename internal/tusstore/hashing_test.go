package tusstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"testing"

	"github.com/tus/tusd/v2/pkg/handler"
)

// memStore is a tusd store in memory whose writes can be cut short.
type memStore struct {
	data map[string]*bytes.Buffer
	// keep, when not negative, is how many bytes the next write keeps
	// (reading them all), as a store that failed part way.
	keep int64
}

type memUpload struct {
	s  *memStore
	id string
}

func (s *memStore) NewUpload(ctx context.Context, info handler.FileInfo) (handler.Upload, error) {
	s.data[info.ID] = &bytes.Buffer{}
	return &memUpload{s: s, id: info.ID}, nil
}

func (s *memStore) GetUpload(ctx context.Context, id string) (handler.Upload, error) {
	if _, ok := s.data[id]; !ok {
		return nil, handler.ErrNotFound
	}
	return &memUpload{s: s, id: id}, nil
}

func (u *memUpload) WriteChunk(ctx context.Context, offset int64, src io.Reader) (int64, error) {
	b, _ := io.ReadAll(src)
	if u.s.keep >= 0 {
		b = b[:min(int64(len(b)), u.s.keep)]
		u.s.keep = -1
		u.s.data[u.id].Write(b)
		return int64(len(b)), errors.New("connection lost")
	}
	u.s.data[u.id].Write(b)
	return int64(len(b)), nil
}

func (u *memUpload) GetInfo(ctx context.Context) (handler.FileInfo, error) {
	return handler.FileInfo{ID: u.id, Offset: int64(u.s.data[u.id].Len())}, nil
}
func (u *memUpload) GetReader(ctx context.Context) (io.ReadCloser, error) { return nil, nil }
func (u *memUpload) FinishUpload(ctx context.Context) error               { return nil }

func TestHashingCountsOnlyWhatWasKeptInOrder(t *testing.T) {
	file := bytes.Repeat([]byte("carers strategy "), 1000)
	sum := sha256.Sum256(file)
	want := hex.EncodeToString(sum[:])
	type write struct {
		from, to int
		keep     int64 // -1: the store keeps all
	}
	tests := []struct {
		name     string
		writes   []write
		restart  bool // the process restarted before the writes
		wantKnow bool
	}{
		{"one write", []write{{0, len(file), -1}}, false, true},
		{"three writes", []write{{0, 100, -1}, {100, 9000, -1}, {9000, len(file), -1}}, false, true},
		{"a write that kept nothing is forgotten", []write{{0, 100, -1}, {100, 5000, 0}, {100, len(file), -1}}, false, true},
		{"a write cut short", []write{{0, 5000, 1000}, {1000, len(file), -1}}, false, false},
		{"begun in another process", []write{{0, len(file), -1}}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			mem := &memStore{data: map[string]*bytes.Buffer{}, keep: -1}
			h := &hashing{core: mem, hashes: map[string]*hashState{}}
			up, err := h.NewUpload(ctx, handler.FileInfo{ID: "u1"})
			if err != nil {
				t.Fatal(err)
			}
			if tt.restart {
				h = &hashing{core: mem, hashes: map[string]*hashState{}}
				up, _ = h.GetUpload(ctx, "u1")
			}
			for _, w := range tt.writes {
				mem.keep = w.keep
				up.WriteChunk(ctx, int64(w.from), bytes.NewReader(file[w.from:w.to]))
			}
			if got := mem.data["u1"].Bytes(); !bytes.Equal(got, file) {
				t.Fatalf("store holds %d bytes, want the file's %d", len(got), len(file))
			}
			got, ok := h.sum("u1", int64(len(file)))
			if ok != tt.wantKnow || ok && got != want {
				t.Errorf("sum = %q, %v; want known %v (%s)", got, ok, tt.wantKnow, want)
			}
		})
	}
}
