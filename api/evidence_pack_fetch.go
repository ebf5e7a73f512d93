package api

import (
	"context"
	"errors"
	"io"
	"sync"

	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/store"
)

// A pack reads its documents from S3 a little ahead of writing them, in
// two stages: one opens the next document (its HEAD and GET requests and
// its first chunk) while the other reads the rest of the current one, and
// the writer writes behind them. The round trips of each request so
// overlap the streaming of the document before. Everything read ahead is
// in a fixed pool of chunks, so that the read-ahead never holds more than
// fetchChunks*fetchChunk bytes (2 MiB) whatever the documents' size.
const (
	fetchChunk  = 256 << 10
	fetchChunks = 8
)

// fetched is one document of a pack as it arrives: its file's chunks in
// order (closed at its end), then err, which is read only once chunks is
// closed.
type fetched struct {
	d       store.PackDocument
	chunks  chan []byte
	err     error
	missing bool // its file is not in storage
}

// opened is a document whose file the first stage opened, with its first
// chunk (nil when there is nothing more to read).
type opened struct {
	it    *fetched
	r     io.ReadCloser
	first []byte
	done  bool // the first chunk was the whole file
}

// fetcher reads a pack's documents ahead; stop ends it and waits for it.
type fetcher struct {
	free   chan []byte
	out    chan *fetched
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func (s *Server) startFetch(ctx context.Context, docs []store.PackDocument) *fetcher {
	ctx, cancel := context.WithCancel(ctx)
	f := &fetcher{free: make(chan []byte, fetchChunks), out: make(chan *fetched, 1), cancel: cancel}
	for range fetchChunks {
		f.free <- make([]byte, fetchChunk)
	}
	opens := make(chan *opened)
	f.wg.Go(func() {
		defer close(opens)
		for _, d := range docs {
			o := s.openOne(ctx, f, d)
			select {
			case opens <- o:
			case <-ctx.Done():
				if o.r != nil {
					o.r.Close()
				}
				return
			}
		}
	})
	f.wg.Go(func() {
		defer close(f.out)
		for o := range opens {
			if !f.readOne(ctx, o) {
				for o := range opens { // let the first stage end
					if o.r != nil {
						o.r.Close()
					}
				}
				return
			}
		}
	})
	return f
}

// release gives a chunk back to the pool once written.
func (f *fetcher) release(c []byte) { f.free <- c[:cap(c)] }

func (f *fetcher) stop() {
	f.cancel()
	f.wg.Wait()
}

// openOne opens a document's file and reads its first chunk.
func (s *Server) openOne(ctx context.Context, f *fetcher, d store.PackDocument) *opened {
	o := &opened{it: &fetched{d: d, chunks: make(chan []byte, fetchChunks)}, done: true}
	if !d.Status.Downloadable() {
		return o
	}
	r, err := s.blob.Open(ctx, blob.FileKey(d.ID))
	switch {
	case errors.Is(err, blob.ErrNotFound):
		o.it.missing = true
		return o
	case err != nil:
		o.it.err = err
		return o
	}
	var buf []byte
	select {
	case buf = <-f.free:
	case <-ctx.Done():
		r.Close()
		o.it.err = ctx.Err()
		return o
	}
	n, err := io.ReadFull(r, buf)
	o.r, o.first = r, buf[:n]
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
	case err != nil:
		o.it.err = err
	default:
		o.done = false
	}
	return o
}

// readOne hands an opened document to the writer and reads the rest of its
// chunks; false when ctx ended.
func (f *fetcher) readOne(ctx context.Context, o *opened) bool {
	it := o.it
	defer close(it.chunks)
	if o.r != nil {
		defer o.r.Close()
	}
	select {
	case f.out <- it:
	case <-ctx.Done():
		return false
	}
	if o.first != nil {
		if len(o.first) == 0 {
			f.release(o.first)
		} else {
			select {
			case it.chunks <- o.first:
			case <-ctx.Done():
				it.err = ctx.Err()
				return false
			}
		}
	}
	if o.done || it.err != nil {
		return true
	}
	for {
		var buf []byte
		select {
		case buf = <-f.free:
		case <-ctx.Done():
			it.err = ctx.Err()
			return false
		}
		n, err := io.ReadFull(o.r, buf)
		if n > 0 {
			select {
			case it.chunks <- buf[:n]:
			case <-ctx.Done():
				it.err = ctx.Err()
				return false
			}
		} else {
			f.release(buf)
		}
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return true
		case err != nil:
			it.err = err
			return true
		}
	}
}
