package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/pack"
)

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// testPack writes a pack of two documents as the portal does.
func testPack(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	w := pack.NewWriter(&buf, pack.Manifest{AssessmentID: 3, LA: "E06009901", LAName: "Ashford Vale Council", State: "factual_accuracy",
		Audience: "council", CreatedAt: at, CreatedBy: "submitter.a@demo.test"})
	for _, d := range []struct{ id, body string }{{"d1", "first document"}, {"d2", "second document"}} {
		b := []byte(d.body)
		if _, err := w.Add(pack.File{Path: "documents/" + d.id + "/file.txt", Kind: pack.KindDocument, DocumentID: d.id,
			UploadSHA256: sha(b), UploadedAt: &at}, bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rezip copies a pack, dropping the entry named drop and adding extra.
func rezip(t *testing.T, in []byte, drop, extra string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == drop {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	if extra != "" {
		w, _ := zw.Create(extra)
		io.WriteString(w, "smuggled")
	}
	zw.Close()
	return out.Bytes()
}

// flipped changes one byte of the first stored document in place.
func flipped(t *testing.T, in []byte) []byte {
	t.Helper()
	zr, _ := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	off, err := zr.File[0].DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	out := bytes.Clone(in)
	out[off] ^= 1
	return out
}

// TestRunVerify: a good pack exits 0 with its summary; a tampered one
// exits 1 naming what does not match; what is not a pack exits 2.
func TestRunVerify(t *testing.T) {
	dir := t.TempDir()
	good := testPack(t)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
	}{
		{"good pack", []string{write("good.zip", good)}, 0,
			[]string{"assessment 3, Ashford Vale Council (E06009901)", "2 files in the manifest (2 documents); 2 checked whole", "OK: every file"}},
		{"a byte changed", []string{write("flipped.zip", flipped(t, good))}, 1,
			[]string{"MISMATCH documents/d1/file.txt: is damaged", "FAILED: 1 problems"}},
		{"a document missing", []string{write("missing.zip", rezip(t, good, "documents/d2/file.txt", ""))}, 1,
			[]string{"MISMATCH documents/d2/file.txt: is missing"}},
		{"a file added", []string{write("extra.zip", rezip(t, good, "", "documents/d3/evil.exe"))}, 1,
			[]string{"MISMATCH documents/d3/evil.exe: is not in the manifest"}},
		{"no manifest", []string{write("bare.zip", rezip(t, good, pack.ManifestJSON, ""))}, 2, nil},
		{"not a zip", []string{write("text.zip", []byte("hello"))}, 2, nil},
		{"no such file", []string{filepath.Join(dir, "nope.zip")}, 2, nil},
		{"no file named", nil, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"verify"}, tt.args...), func(string) string { return "" }, &stdout, &stderr)
			if code != tt.wantCode {
				t.Fatalf("portal verify %q = %d, want %d; stdout %q stderr %q", tt.args, code, tt.wantCode, stdout.String(), stderr.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("portal verify %q printed %q, want %q", tt.args, stdout.String(), w)
				}
			}
		})
	}
}
