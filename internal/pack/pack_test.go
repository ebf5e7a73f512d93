package pack

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

var (
	docBody  = []byte("%PDF-1.7 the carers strategy, as uploaded\n")
	textBody = "--- Page 1 ---\nThe carers strategy\n"
)

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// goodPack writes a pack of one document, its text and the scores.
func goodPack(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	w := NewWriter(&buf, Manifest{AssessmentID: 7, LA: "E06009901", LAName: "Ashford Vale Council", State: "published",
		Audience: "cqc", CreatedAt: at, CreatedBy: "inspector.a@demo.test"})
	doc := File{Path: "documents/d1/carers strategy.pdf", Kind: KindDocument, DocumentID: "d1", Title: "=Carers strategy",
		Filename: "carers strategy.pdf", UploadedBy: "submitter.a@demo.test", UploadedAt: &at, Version: 2, Replaces: "d0",
		UploadSHA256: sum(docBody), Tags: []string{"qs:safeguarding"},
		CitedBy: []Citation{{CitedByScore, "safeguarding", 3}, {CitedByReturn, "return item carers", 0}}}
	if _, err := w.Add(doc, bytes.NewReader(docBody)); err != nil {
		t.Fatal(err)
	}
	e, err := w.Create(File{Path: "documents/d1/text.txt", Kind: KindText, DocumentID: "d1"})
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(e, textBody)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Add(File{Path: "scores/scores.csv", Kind: KindScores}, strings.NewReader("qs,score\nsafeguarding,1\n")); err != nil {
		t.Fatal(err)
	}
	w.Omit(Omitted{DocumentID: "d9", Title: "Withdrawn plan", Reason: "withdrawn"})
	m, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 3 || m.Files[0].SHA256 != sum(docBody) || m.Files[1].Size != int64(len(textBody)) {
		t.Fatalf("manifest = %+v", m.Files)
	}
	return buf.Bytes()
}

// rewrite copies a pack entry by entry through edit, which may change an
// entry's name or body or drop it (keep false), then appends extra.
func rewrite(t *testing.T, in []byte, edit func(name string, body []byte) (string, []byte, bool), extra map[string]string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		name, keep := f.Name, true
		if edit != nil {
			name, body, keep = edit(f.Name, body)
		}
		if !keep {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	for name, body := range extra {
		w, _ := zw.Create(name)
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// editing changes the body of one entry.
func editing(target string, fn func([]byte) []byte) func(string, []byte) (string, []byte, bool) {
	return func(name string, body []byte) (string, []byte, bool) {
		if name == target {
			return name, fn(body), true
		}
		return name, body, true
	}
}

// flipStored flips a byte of the stored document inside the archive's raw
// bytes, leaving the archive's structure as it was: only its CRC can tell.
func flipStored(t *testing.T, in []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	out := bytes.Clone(in)
	for _, f := range zr.File {
		if f.Method == zip.Store && strings.HasPrefix(f.Name, "documents/") && strings.HasSuffix(f.Name, ".pdf") {
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			out[off+3] ^= 0x20
			return out
		}
	}
	t.Fatal("no stored document")
	return nil
}

// TestVerify: a good pack passes; each kind of tampering is found and
// named, and an archive without a manifest is not a pack at all.
func TestVerify(t *testing.T) {
	good := goodPack(t)
	const doc = "documents/d1/carers strategy.pdf"
	tests := []struct {
		name    string
		pack    []byte
		wantErr error
		// want are the problems expected, path then a part of what.
		want [][2]string
	}{
		{"good", good, nil, nil},
		{"a document changed", rewrite(t, good, editing(doc, func(b []byte) []byte { return bytes.Replace(b, []byte("carers"), []byte("carer5"), 1) }), nil),
			nil, [][2]string{{doc, "has SHA-256"}}},
		{"a document truncated", rewrite(t, good, editing(doc, func(b []byte) []byte { return b[:10] }), nil),
			nil, [][2]string{{doc, "is 10 bytes, the manifest says 42"}}},
		{"a text changed", rewrite(t, good, editing("documents/d1/text.txt", func(b []byte) []byte { return append(b, '!') }), nil),
			nil, [][2]string{{"documents/d1/text.txt", "is 36 bytes"}}},
		{"a file missing", rewrite(t, good, func(n string, b []byte) (string, []byte, bool) { return n, b, n != "scores/scores.csv" }, nil),
			nil, [][2]string{{"scores/scores.csv", "is missing"}}},
		{"a file renamed", rewrite(t, good, func(n string, b []byte) (string, []byte, bool) {
			if n == "scores/scores.csv" {
				n = "scores/scores-2.csv"
			}
			return n, b, true
		}, nil), nil, [][2]string{{"scores/scores.csv", "is missing"}, {"scores/scores-2.csv", "is not in the manifest"}}},
		{"an extra file", rewrite(t, good, nil, map[string]string{"documents/d2/extra.pdf": "x"}),
			nil, [][2]string{{"documents/d2/extra.pdf", "is not in the manifest"}}},
		{"a file twice", rewrite(t, good, nil, map[string]string{"scores/scores.csv": "qs,score\n"}),
			nil, [][2]string{{"scores/scores.csv", "more than once"}}},
		{"the manifest's hash edited to match", rewrite(t, rewrite(t, good, editing(doc, func(b []byte) []byte { return []byte("forged") }), nil),
			editing(ManifestJSON, func(b []byte) []byte {
				b = bytes.Replace(b, []byte(`"sha256": "`+sum(docBody)), []byte(`"sha256": "`+sum([]byte("forged"))), 1)
				return bytes.Replace(b, []byte(`"size": 42`), []byte(`"size": 6`), 1)
			}), nil),
			nil, [][2]string{{doc, "the portal recorded"}, {ManifestCSV, "different size or SHA-256"}}},
		{"the CSV manifest edited", rewrite(t, good, editing(ManifestCSV, func(b []byte) []byte {
			return bytes.Replace(b, []byte(sum(docBody)), []byte(sum([]byte("x"))), 1)
		}), nil), nil, [][2]string{{ManifestCSV, "different size or SHA-256"}}},
		{"the CSV manifest missing", rewrite(t, good, func(n string, b []byte) (string, []byte, bool) { return n, b, n != ManifestCSV }, nil),
			nil, [][2]string{{ManifestCSV, "is missing"}}},
		{"a byte flipped in the archive", flipStored(t, good), nil, [][2]string{{doc, "is damaged"}}},
		{"no manifest", rewrite(t, good, func(n string, b []byte) (string, []byte, bool) { return n, b, n != ManifestJSON }, nil),
			ErrNotPack, nil},
		{"manifest not JSON", rewrite(t, good, editing(ManifestJSON, func([]byte) []byte { return []byte("{") }), nil), ErrNotPack, nil},
		{"another format", rewrite(t, good, editing(ManifestJSON, func(b []byte) []byte {
			return bytes.Replace(b, []byte(Format), []byte("evidence-pack/9"), 1)
		}), nil), ErrNotPack, nil},
		{"not a zip", []byte("PK not really"), ErrNotPack, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Verify(bytes.NewReader(tt.pack), int64(len(tt.pack)))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Verify() error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if len(res.Problems) != len(tt.want) {
				t.Fatalf("Verify() problems = %+v, want %d: %v", res.Problems, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if p := res.Problems[i]; p.Path != w[0] || !strings.Contains(p.What, w[1]) {
					t.Errorf("problem %d = %+v, want %s %q", i, p, w[0], w[1])
				}
			}
			if tt.want == nil && (res.Checked != 3 || res.Manifest.LA != "E06009901" || len(res.Manifest.Omitted) != 1) {
				t.Errorf("Verify() = %d checked, manifest %+v", res.Checked, res.Manifest)
			}
		})
	}
}

// TestWriterPaths: paths that are not clean, reserved or used twice are
// refused, and the CSV manifest defuses formulas.
func TestWriterPaths(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, Manifest{})
	if _, err := w.Add(File{Path: "a/b.txt", Kind: KindText}, strings.NewReader("x")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"", "a/b.txt", "../x", "/etc/passwd", "a//b", "a/./b", ManifestJSON, ManifestCSV} {
		if _, err := w.Add(File{Path: p}, strings.NewReader("x")); !errors.Is(err, ErrPath) {
			t.Errorf("Add(%q) error = %v, want ErrPath", p, err)
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	writeCSV(&csv, Manifest{Files: []File{{Path: "p", Title: "=HYPERLINK(1)", Filename: "+x"}}})
	if !strings.Contains(csv.String(), "'=HYPERLINK(1)") || !strings.Contains(csv.String(), "'+x") {
		t.Errorf("CSV = %q, want formulas defused", csv.String())
	}
}

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"carers strategy.pdf", "carers strategy.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\x\plan.docx`, "plan.docx"},
		{".hidden", "hidden"},
		{"a<script>.html", "a_script_.html"},
		{"", "file"},
		{"...", "file"},
		{"Café plan – 2023.pdf", "Café plan _ 2023.pdf"},
		{strings.Repeat("a", 150) + ".pdf", strings.Repeat("a", 96) + ".pdf"},
	}
	for _, tt := range tests {
		if got := SafeName(tt.in); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
