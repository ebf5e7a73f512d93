package search

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// A snapshot is a copy of the served generation at one position of the
// change log, packed as a tar, for a new node to start from instead of
// reading every document's text again: it unpacks the snapshot as its
// first generation and follows the log from the snapshot's position,
// which is inside the copy (each shard's marks and the base file), as in
// any generation.
const (
	snapshotPrefix = "snapshot-"
	// fromSnapshotFile in a restored generation names the snapshot it
	// came from, for operators (and tests).
	fromSnapshotFile = "from-snapshot"
)

// ErrNotEmpty means a snapshot was to be restored into a directory that
// already holds an index.
var ErrNotEmpty = errors.New("the index directory already holds an index")

// Snapshot is a copy of the served generation in a directory of its own.
type Snapshot struct {
	dir string
	// Seq: every change of the log up to it is in the copy.
	Seq int64
	// Pages and Shards count what the copy holds.
	Pages  uint64
	Shards int
}

// Snapshot copies the served generation into a new directory beside it,
// while searches and writes go on. Bleve copies each shard as one
// consistent view (segments still in memory are written out), so the copy
// costs about what reading the index from disk does. applied is where the
// writer stood in the log when the copy began: every shard copied holds at
// least that, and its own mark says how much more of its council; the
// snapshot's position is applied (or the index's own, if later), and each
// copied shard's "round started after" mark is cleared so that a shard
// copied later cannot claim more of the other councils than was copied.
// Remove the snapshot when done.
func (ix *Index) Snapshot(ctx context.Context, applied int64) (*Snapshot, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	pos, err := ix.position()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(ix.root, snapshotPrefix)
	if err != nil {
		return nil, fmt.Errorf("make index snapshot directory: %w", err)
	}
	s := &Snapshot{dir: dir, Seq: max(pos.Low, applied)}
	ix.sh.mu.Lock()
	m := maps.Clone(ix.sh.m)
	ix.sh.mu.Unlock()
	for _, la := range slices.Sorted(maps.Keys(m)) {
		if err := ctx.Err(); err != nil {
			s.Remove()
			return nil, err
		}
		bi := m[la]
		c, ok := bi.(bleve.IndexCopyable)
		if !ok {
			s.Remove()
			return nil, fmt.Errorf("copy index shard %s: the index cannot be copied", la)
		}
		path := filepath.Join(dir, shardsDir, shardName(la))
		if err := c.CopyTo(bleve.FileSystemDirectory(path)); err != nil {
			s.Remove()
			return nil, fmt.Errorf("copy index shard %s: %w", la, err)
		}
		if err := clearPrev(path); err != nil {
			s.Remove()
			return nil, err
		}
		n, err := bi.DocCount()
		if err != nil {
			s.Remove()
			return nil, fmt.Errorf("count pages of %s: %w", la, err)
		}
		s.Pages += n
		s.Shards++
	}
	for _, f := range []struct{ name, body string }{{versionFile, strconv.Itoa(MappingVersion)}, {baseFile, strconv.FormatInt(s.Seq, 10)}} {
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte(f.body), 0o640); err != nil {
			s.Remove()
			return nil, fmt.Errorf("write index snapshot: %w", err)
		}
	}
	return s, nil
}

// clearPrev clears a copied shard's "round started after" mark: the
// snapshot's base says how much of the log the whole copy holds.
func clearPrev(path string) error {
	bi, err := bleve.Open(path)
	if err != nil {
		return fmt.Errorf("open copied index shard %s: %w", path, err)
	}
	b := bi.NewBatch()
	b.DeleteInternal([]byte(prevKey))
	if err := bi.Batch(b); err != nil {
		bi.Close()
		return fmt.Errorf("write copied index shard %s: %w", path, err)
	}
	if err := bi.Close(); err != nil {
		return fmt.Errorf("close copied index shard %s: %w", path, err)
	}
	return nil
}

// removeSnapshots deletes snapshot copies left by a process that died
// while publishing one; only the index's owner makes them.
func removeSnapshots(root string) {
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), snapshotPrefix) {
			os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}

// Remove deletes the snapshot's directory.
func (s *Snapshot) Remove() { os.RemoveAll(s.dir) }

// WriteTo writes the snapshot to w as a tar of its files.
func (s *Snapshot) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	tw := tar.NewWriter(cw)
	err := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == s.dir {
			return err
		}
		rel, err := filepath.Rel(s.dir, p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		h := &tar.Header{Name: filepath.ToSlash(rel), Mode: 0o640, ModTime: info.ModTime(), Typeflag: tar.TypeReg, Size: info.Size()}
		if d.IsDir() {
			h.Name += "/"
			h.Typeflag, h.Mode, h.Size = tar.TypeDir, 0o750, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(tw, f)
		return err
	})
	if err == nil {
		err = tw.Close()
	}
	if err != nil {
		return cw.n, fmt.Errorf("write index snapshot: %w", err)
	}
	return cw.n, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Restore unpacks a snapshot read from r as the first generation of root,
// which must hold no index yet (ErrNotEmpty), and makes it current once
// check (the caller's check of what was read, such as its SHA-256) passes.
// A snapshot of another mapping version is refused (ErrMappingChanged).
// At most limit bytes of files are written; paths are checked, so a
// snapshot names nothing outside its generation. On any failure nothing
// is left behind. from is recorded in the generation (fromSnapshotFile).
func Restore(ctx context.Context, root string, r io.Reader, limit int64, from string, check func() error) (string, error) {
	if Exists(root) {
		return "", fmt.Errorf("restore index snapshot into %s: %w", root, ErrNotEmpty)
	}
	if err := os.MkdirAll(root, 0o750); err != nil {
		return "", fmt.Errorf("create index directory %s: %w", root, err)
	}
	lock, err := lockRebuild(root)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	gen := genPrefix + time.Now().UTC().Format("20060102T150405.000000000Z")
	dir := filepath.Join(root, gen)
	if err := unpack(ctx, dir, r, limit); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	if err := check(); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	ver, err := os.ReadFile(filepath.Join(dir, versionFile))
	if err != nil || strings.TrimSpace(string(ver)) != strconv.Itoa(MappingVersion) {
		os.RemoveAll(dir)
		return "", fmt.Errorf("restore index snapshot (version %q, want %d): %w", ver, MappingVersion, ErrMappingChanged)
	}
	for _, f := range []struct{ name, body string }{{fromSnapshotFile, from}, {completeFile, "ok"}} {
		if err := writeSynced(filepath.Join(dir, f.name), f.body); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
	}
	syncDir(dir)
	if err := makeCurrent(root, gen); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return gen, nil
}

// ErrBadSnapshot means a snapshot's tar names a path outside its
// generation, holds something other than files and directories, or
// crosses its size limit.
var ErrBadSnapshot = errors.New("the index snapshot is not a snapshot the portal wrote")

func unpack(ctx context.Context, dir string, r io.Reader, limit int64) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("create index generation %s: %w", dir, err)
	}
	tr := tar.NewReader(r)
	var written int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read index snapshot: %w", err)
		}
		name := path.Clean(h.Name)
		if !fs.ValidPath(name) || name == "." || strings.Contains(h.Name, `\`) {
			return fmt.Errorf("read index snapshot: path %q: %w", h.Name, ErrBadSnapshot)
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o750); err != nil {
				return fmt.Errorf("restore index snapshot: %w", err)
			}
		case tar.TypeReg:
			written += h.Size
			if h.Size < 0 || written > limit {
				return fmt.Errorf("read index snapshot: more than %d bytes: %w", limit, ErrBadSnapshot)
			}
			if err := writeFile(target, tr, h.Size); err != nil {
				return err
			}
		default:
			return fmt.Errorf("read index snapshot: %q is not a file: %w", h.Name, ErrBadSnapshot)
		}
	}
}

func writeFile(target string, r io.Reader, size int64) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return fmt.Errorf("restore index snapshot: %w", err)
	}
	f, err := os.OpenFile(target, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return fmt.Errorf("restore index snapshot: %w", err)
	}
	if _, err := io.CopyN(f, r, size); err != nil {
		f.Close()
		return fmt.Errorf("restore index snapshot: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("restore index snapshot: %w", err)
	}
	return f.Close()
}
