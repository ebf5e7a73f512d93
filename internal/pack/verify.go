package pack

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
)

// ErrNotPack means the archive has no usable manifest: it is not a pack,
// or its manifest cannot be read, so nothing can be checked.
var ErrNotPack = errors.New("not an evidence pack")

// Problem is one way a pack differs from its manifest.
type Problem struct {
	Path string
	What string
}

// Result is what Verify found.
type Result struct {
	Manifest Manifest
	// Checked counts the files found whole, of Bytes in all.
	Checked  int
	Bytes    int64
	Problems []Problem
}

// OK reports whether the pack matches its manifest in every respect.
func (r Result) OK() bool { return len(r.Problems) == 0 }

// Verify checks the pack in ra (size bytes) against its manifest: every
// file it lists is present once, of its size and SHA-256 (and, for a
// document, the hash recorded at upload), nothing else is in the archive,
// and manifest.csv agrees with manifest.json. Each file is read through
// once, with a fixed buffer. An error means there was nothing to check
// against (ErrNotPack) or the archive could not be read at all.
func Verify(ra io.ReaderAt, size int64) (Result, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrNotPack, err)
	}
	var res Result
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		if _, dup := entries[f.Name]; dup {
			res.Problems = append(res.Problems, Problem{f.Name, "is in the archive more than once"})
			continue
		}
		entries[f.Name] = f
	}
	mf := entries[ManifestJSON]
	if mf == nil {
		return res, fmt.Errorf("%w: no %s", ErrNotPack, ManifestJSON)
	}
	if err := readJSON(mf, &res.Manifest); err != nil {
		return res, fmt.Errorf("%w: %s: %w", ErrNotPack, ManifestJSON, err)
	}
	if res.Manifest.Format != Format {
		return res, fmt.Errorf("%w: format %q, want %q", ErrNotPack, res.Manifest.Format, Format)
	}
	listed := map[string]File{}
	for _, f := range res.Manifest.Files {
		if _, dup := listed[f.Path]; dup {
			res.Problems = append(res.Problems, Problem{f.Path, "is listed in the manifest more than once"})
			continue
		}
		listed[f.Path] = f
	}
	buf := make([]byte, copyBuffer)
	for _, f := range res.Manifest.Files {
		zf := entries[f.Path]
		if zf == nil {
			res.Problems = append(res.Problems, Problem{f.Path, "is missing"})
			continue
		}
		if p := checkFile(zf, f, buf); p != "" {
			res.Problems = append(res.Problems, Problem{f.Path, p})
			continue
		}
		res.Checked++
		res.Bytes += f.Size
	}
	for _, zf := range zr.File {
		if _, ok := listed[zf.Name]; !ok && zf.Name != ManifestJSON && zf.Name != ManifestCSV {
			res.Problems = append(res.Problems, Problem{zf.Name, "is not in the manifest"})
		}
	}
	res.Problems = append(res.Problems, checkCSV(entries[ManifestCSV], res.Manifest)...)
	return res, nil
}

func readJSON(zf *zip.File, v any) error {
	r, err := zf.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	// A manifest lists files, not their content: 64 MiB is room for
	// hundreds of thousands of them.
	return json.NewDecoder(io.LimitReader(r, 64<<20)).Decode(v)
}

// checkFile reads one file through and says what is wrong with it, ""
// when nothing is.
func checkFile(zf *zip.File, f File, buf []byte) string {
	r, err := zf.Open()
	if err != nil {
		return fmt.Sprintf("cannot be read: %v", err)
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.CopyBuffer(h, r, buf)
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return "is damaged (its CRC-32 does not match)"
	case err != nil:
		return fmt.Sprintf("cannot be read: %v", err)
	case n != f.Size:
		return fmt.Sprintf("is %d bytes, the manifest says %d", n, f.Size)
	}
	got := hex.EncodeToString(h.Sum(nil))
	switch {
	case got != f.SHA256:
		return fmt.Sprintf("has SHA-256 %s, the manifest says %s", got, f.SHA256)
	case f.Kind == KindDocument && f.UploadSHA256 != got:
		return fmt.Sprintf("has SHA-256 %s, the portal recorded %q at upload", got, f.UploadSHA256)
	}
	return ""
}

// checkCSV compares the CSV manifest with the JSON one.
func checkCSV(zf *zip.File, m Manifest) []Problem {
	if zf == nil {
		return []Problem{{ManifestCSV, "is missing"}}
	}
	r, err := zf.Open()
	if err != nil {
		return []Problem{{ManifestCSV, fmt.Sprintf("cannot be read: %v", err)}}
	}
	defer r.Close()
	rows, err := readCSV(io.LimitReader(r, 64<<20))
	if err != nil {
		return []Problem{{ManifestCSV, err.Error()}}
	}
	var out []Problem
	seen := map[string]bool{}
	for _, f := range m.Files {
		seen[f.Path] = true
		row, ok := rows[f.Path]
		switch {
		case !ok:
			out = append(out, Problem{ManifestCSV, fmt.Sprintf("does not list %s", f.Path)})
		case row.sha != f.SHA256 || row.size != f.Size:
			out = append(out, Problem{ManifestCSV, fmt.Sprintf("gives %s a different size or SHA-256 from %s", f.Path, ManifestJSON)})
		}
	}
	for _, p := range slices.Sorted(maps.Keys(rows)) {
		if !seen[p] {
			out = append(out, Problem{ManifestCSV, fmt.Sprintf("lists %s, which %s does not", p, ManifestJSON)})
		}
	}
	return out
}
