package sniff

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// zipWith builds a zip whose entries are the given names (first stored,
// as ODF requires for its mimetype entry).
func zipWith(t testing.TB, entries map[string]string, first string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	write := func(name, body string, method uint16) {
		f, err := w.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
	}
	if first != "" {
		write(first, entries[first], zip.Store)
	}
	for name, body := range entries {
		if name != first {
			write(name, body, zip.Deflate)
		}
	}
	w.Close()
	return buf.Bytes()
}

func fixtures(t testing.TB) map[string][]byte {
	ooxml := func(part, ct string) []byte {
		return zipWith(t, map[string]string{
			"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/` + part + `" ContentType="` + ct + `"/></Types>`,
			"_rels/.rels":         `<?xml version="1.0"?><Relationships/>`,
			part:                  `<?xml version="1.0"?><x/>`,
		}, "[Content_Types].xml")
	}
	odf := func(mt string) []byte {
		return zipWith(t, map[string]string{"mimetype": mt, "content.xml": "<x/>", "META-INF/manifest.xml": "<x/>"}, "mimetype")
	}
	cfb := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	cfb = append(cfb, utf16("EncryptedPackage")...)
	return map[string][]byte{
		"pdf":  []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
		"docx": ooxml("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
		"xlsx": ooxml("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
		"pptx": ooxml("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
		"odt":  odf("application/vnd.oasis.opendocument.text"),
		"ods":  odf("application/vnd.oasis.opendocument.spreadsheet"),
		"csv":  []byte("year,assessments,reviews\n2023,1200,800\n2024,1300,950\n"),
		"txt":  []byte("Our carers strategy, refreshed in 2024.\n"),
		"html": []byte("<!DOCTYPE html><html><head><title>Policy</title></head><body><p>Text</p></body></html>"),
		"eml":  []byte("Received: from mail.example.org\r\nFrom: lead@council.example\r\nTo: cqc@example.org\r\nSubject: Evidence\r\nDate: Mon, 2 Sep 2024 10:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nPlease find attached.\r\n"),
		"exe":  append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 200)...),
		"png":  []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"),
		"zip":  zipWith(t, map[string]string{"a.txt": "x"}, ""),
		"cfb":  cfb,
	}
}

func TestDetect(t *testing.T) {
	f := fixtures(t)
	tests := []struct {
		name     string
		content  string
		want     string
		wantErr  error
		mismatch bool
	}{
		{"report.pdf", "pdf", "PDF", nil, false},
		{"REPORT.PDF", "pdf", "PDF", nil, false},
		{"no-extension", "pdf", "PDF", nil, false},
		{"policy.docx", "docx", "DOCX", nil, false},
		{"data.xlsx", "xlsx", "XLSX", nil, false},
		{"slides.pptx", "pptx", "PPTX", nil, false},
		{"minutes.odt", "odt", "ODT", nil, false},
		{"figures.ods", "ods", "ODS", nil, false},
		{"figures.csv", "csv", "CSV", nil, false},
		{"notes.txt", "txt", "TXT", nil, false},
		{"notes.txt", "csv", "TXT", nil, false},
		{"page.html", "html", "HTML", nil, false},
		{"mail.eml", "eml", "EML", nil, false},
		{"report.docx", "pdf", "", nil, true},
		{"policy.pdf", "docx", "", nil, true},
		{"evil.pdf", "exe", "", ErrUnsupported, false},
		{"setup.exe", "exe", "", ErrUnsupported, false},
		{"photo.png", "png", "", ErrUnsupported, false},
		{"archive.zip", "zip", "", ErrUnsupported, false},
		{"protected.docx", "cfb", "", ErrPassword, false},
		{"protected", "cfb", "", ErrPassword, false},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.content, func(t *testing.T) {
			got, err := Detect(f[tt.content], tt.name)
			var mm *MismatchError
			switch {
			case tt.mismatch:
				if !errors.As(err, &mm) {
					t.Fatalf("Detect = %v, %v; want a mismatch", got.Short, err)
				}
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Detect = %v, %v; want %v", got.Short, err, tt.wantErr)
				}
			default:
				if err != nil || got.Short != tt.want {
					t.Fatalf("Detect = %q, %v; want %q", got.Short, err, tt.want)
				}
			}
		})
	}
}

func TestCleanName(t *testing.T) {
	long := strings.Repeat("é", 200) + ".pdf"
	tests := []struct{ in, want string }{
		{"report.pdf", "report.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\me\Desktop\plan.docx`, "plan.docx"},
		{"a\x00b\x1bc.pdf", "abc.pdf"},
		{"invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"...hidden", "hidden"},
		{"  spaced name.pdf  ", "spaced name.pdf"},
		{"", "unnamed"},
		{"/", "unnamed"},
		{"\xff\xfe.pdf", "pdf"},
		{"<script>alert(1)</script>.pdf", "script>.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := CleanName(tt.in); got != tt.want {
				t.Errorf("CleanName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	got := CleanName(long)
	if len(got) > maxNameBytes || !utf8.ValidString(got) || !strings.HasSuffix(got, ".pdf") {
		t.Errorf("CleanName(long) = %d bytes, valid=%v, %q...; want at most %d valid bytes ending .pdf", len(got), utf8.ValidString(got), got[len(got)-8:], maxNameBytes)
	}
}

func FuzzSniff(f *testing.F) {
	for _, b := range fixtures(f) {
		f.Add(b, "x.pdf")
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "seed", "*"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, filepath.Base(p))
	}
	f.Add([]byte("MZ\x90\x00"), "invoice\u202Efdp.docx")
	f.Fuzz(func(t *testing.T, head []byte, name string) {
		k, err := Detect(head, name)
		if err == nil && k.Short == "" {
			t.Fatalf("Detect gave no kind and no error")
		}
		n := CleanName(name)
		if n == "" || len(n) > maxNameBytes || strings.ContainsAny(n, "/\\\x00") || !utf8.ValidString(n) || strings.HasPrefix(n, ".") {
			t.Fatalf("CleanName(%q) = %q", name, n)
		}
		for _, r := range n {
			if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
				t.Fatalf("CleanName(%q) = %q keeps %U", name, n, r)
			}
		}
		if CleanName(n) != n {
			t.Fatalf("CleanName(%q) = %q, but CleanName of that = %q", name, n, CleanName(n))
		}
	})
}
