package pack

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"path"
	"strings"
	"unicode"
)

// copyBuffer is the size of the buffer a document is copied through.
const copyBuffer = 256 << 10

// ErrPath means a file's path in the pack is empty, not clean, absolute,
// reserved for the manifest or already used.
var ErrPath = errors.New("unusable path in pack")

// Writer writes a pack to w as it goes: each file is compressed (or, for a
// document as uploaded, stored) and hashed on its way through, and only its
// manifest entry is kept. Close writes the manifest and the archive's
// central directory.
type Writer struct {
	zw    *zip.Writer
	m     Manifest
	paths map[string]bool
	buf   []byte
	open  *Entry
}

// NewWriter starts a pack described by m (its Files are filled in as files
// are added).
func NewWriter(w io.Writer, m Manifest) *Writer {
	m.Format, m.Files = Format, nil
	return &Writer{zw: zip.NewWriter(w), m: m, paths: map[string]bool{}}
}

// Entry is a file being written into the pack.
type Entry struct {
	pw *Writer
	w  io.Writer
	h  hash.Hash
	f  File
}

// Write adds p to the file.
func (e *Entry) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	e.h.Write(p[:n])
	e.f.Size += int64(n)
	return n, err
}

// Close ends the file and lists it in the manifest with its size and hash.
func (e *Entry) Close() error {
	if e.pw.open != e {
		return fmt.Errorf("close %s: not the open file of the pack", e.f.Path)
	}
	e.f.SHA256 = hex.EncodeToString(e.h.Sum(nil))
	e.pw.m.Files = append(e.pw.m.Files, e.f)
	e.pw.open = nil
	return nil
}

// Create starts the file f (its Path and Kind set; Size and SHA256 are
// worked out) and returns it to write to; it must be closed before the
// next. Documents are stored as uploaded, everything else deflated.
func (w *Writer) Create(f File) (*Entry, error) {
	if w.open != nil {
		return nil, fmt.Errorf("create %s: %s is still open", f.Path, w.open.f.Path)
	}
	if f.Path == "" || f.Path != path.Clean(f.Path) || path.IsAbs(f.Path) || strings.HasPrefix(f.Path, "../") ||
		f.Path == ManifestJSON || f.Path == ManifestCSV || w.paths[f.Path] {
		return nil, fmt.Errorf("create %q: %w", f.Path, ErrPath)
	}
	w.paths[f.Path] = true
	hdr := &zip.FileHeader{Name: f.Path, Method: zip.Deflate, Modified: w.m.CreatedAt}
	if f.Kind == KindDocument {
		// Uploads are mostly compressed already (PDF, Office files):
		// deflating them again costs the CPU and gains little.
		hdr.Method = zip.Store
	}
	if f.UploadedAt != nil {
		hdr.Modified = *f.UploadedAt
	}
	zf, err := w.zw.CreateHeader(hdr)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", f.Path, err)
	}
	f.Size, f.SHA256 = 0, ""
	w.open = &Entry{pw: w, w: zf, h: sha256.New(), f: f}
	return w.open, nil
}

// Add writes the file f with the content of r.
func (w *Writer) Add(f File, r io.Reader) (File, error) {
	e, err := w.Create(f)
	if err != nil {
		return File{}, err
	}
	if w.buf == nil {
		w.buf = make([]byte, copyBuffer)
	}
	if _, err := io.CopyBuffer(e, r, w.buf); err != nil {
		return File{}, fmt.Errorf("write %s: %w", f.Path, err)
	}
	if err := e.Close(); err != nil {
		return File{}, err
	}
	return w.m.Files[len(w.m.Files)-1], nil
}

// Omit lists a document the pack does not hold, and why.
func (w *Writer) Omit(o Omitted) { w.m.Omitted = append(w.m.Omitted, o) }

// Note adds a note to the manifest.
func (w *Writer) Note(s string) { w.m.Notes = append(w.m.Notes, s) }

// Close writes the manifest (JSON, then CSV) and ends the archive; it
// returns the manifest as written.
func (w *Writer) Close() (Manifest, error) {
	if w.open != nil {
		return Manifest{}, fmt.Errorf("close pack: %s is still open", w.open.f.Path)
	}
	if w.m.Files == nil {
		w.m.Files = []File{}
	}
	hdr := &zip.FileHeader{Name: ManifestJSON, Method: zip.Deflate, Modified: w.m.CreatedAt}
	mw, err := w.zw.CreateHeader(hdr)
	if err != nil {
		return Manifest{}, fmt.Errorf("create %s: %w", ManifestJSON, err)
	}
	enc := json.NewEncoder(mw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(w.m); err != nil {
		return Manifest{}, fmt.Errorf("write %s: %w", ManifestJSON, err)
	}
	hdr = &zip.FileHeader{Name: ManifestCSV, Method: zip.Deflate, Modified: w.m.CreatedAt}
	cw, err := w.zw.CreateHeader(hdr)
	if err != nil {
		return Manifest{}, fmt.Errorf("create %s: %w", ManifestCSV, err)
	}
	if err := writeCSV(cw, w.m); err != nil {
		return Manifest{}, fmt.Errorf("write %s: %w", ManifestCSV, err)
	}
	if err := w.zw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("close pack: %w", err)
	}
	return w.m, nil
}

// SafeName makes an uploaded file name safe as the last part of a path in
// a pack: letters, digits, spaces, dots, hyphens and underscores only, no
// leading dot, at most 100 characters; "file" when nothing is left.
func SafeName(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' || r == ' ':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	out := strings.TrimLeft(strings.TrimSpace(b.String()), ".")
	if r := []rune(out); len(r) > 100 {
		out = string(r[len(r)-100:])
	}
	if out == "" {
		return "file"
	}
	return out
}
