package extract

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

func TestFile(t *testing.T) {
	tests := []struct {
		name    string
		kind    string
		content []byte
		want    []string // text expected on pages 1, 2, ...
		outcome Outcome
	}{
		{"pdf.pdf", "PDF", minimalPDF("Carers strategy 2024", "Section 42 enquiries"), []string{"Carers strategy 2024", "Section 42 enquiries"}, OutcomeText},
		{"blank.pdf", "PDF", minimalPDF(""), nil, OutcomeNeedsOCR},
		{"broken.pdf", "PDF", []byte("%PDF-1.4\nthis is not a pdf"), nil, OutcomeUnreadable},
		{"truncated.pdf", "PDF", minimalPDF("Carers")[:200], nil, OutcomeUnreadable},
		{"doc.docx", "DOCX", docx(t), []string{"Carers strategy\nPage one text.", "Page two text."}, OutcomeText},
		{"slides.pptx", "PPTX", pptx(t), []string{"First slide", "Second slide", "Tenth slide"}, OutcomeText},
		{"book.xlsx", "XLSX", xlsx(t), []string{"Year\tReviews\n2024\t950", "Notes"}, OutcomeText},
		{"minutes.odt", "ODT", odt(t), []string{"Minutes\nItem one agreed.", "Item two."}, OutcomeText},
		{"sheets.ods", "ODS", ods(t), []string{"A\tB", "C"}, OutcomeText},
		{"bomb.docx", "DOCX", bomb(t), nil, OutcomeUnreadable},
		{"notzip.docx", "DOCX", []byte("not a zip"), nil, OutcomeUnreadable},
		{"a.txt", "TXT", []byte("Line one\r\nLine two\n"), []string{"Line one\nLine two"}, OutcomeText},
		{"utf16.txt", "TXT", []byte("\xff\xfeH\x00i\x00"), []string{"Hi"}, OutcomeText},
		{"latin1.txt", "TXT", []byte("caf\xe9"), []string{"caf\uFFFD"}, OutcomeText},
		{"empty.txt", "TXT", []byte(""), nil, OutcomeUnreadable},
		{"a.csv", "CSV", []byte("year,n\n2024,3\n"), []string{"year,n\n2024,3"}, OutcomeText},
		{"page.html", "HTML", []byte(`<html><head><style>p{}</style><script>alert(1)</script></head><body><h1>Policy</h1><p>Text &amp; more</p><img src="http://evil.example/x.png"></body></html>`), []string{"Policy\n\nText & more"}, OutcomeText},
		{"mail.eml", "EML", []byte(eml), []string{"From: Lead é <lead@council.example>", "Please find our self-assessment attached.", "Attachments: self-assessment.pdf"}, OutcomeText},
		{"x.exe", "EXE", []byte("MZ"), nil, OutcomeUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, tt.name, tt.content)
			res, err := File(context.Background(), path, tt.kind, Options{})
			if res.Outcome != tt.outcome {
				t.Fatalf("File(%s) outcome = %s (%s), want %s", tt.name, res.Outcome, res.Reason, tt.outcome)
			}
			if tt.outcome == OutcomeUnreadable && !errors.Is(err, ErrUnreadable) {
				t.Errorf("unreadable file: error %v, want ErrUnreadable", err)
			}
			if tt.outcome == OutcomeText && err != nil {
				t.Errorf("readable file: error %v", err)
			}
			if tt.kind == "EML" {
				all := res.Pages[0].Text
				for _, w := range tt.want {
					if !strings.Contains(all, w) {
						t.Errorf("email text %q lacks %q", all, w)
					}
				}
				return
			}
			if tt.want != nil && len(res.Pages) != len(tt.want) {
				t.Fatalf("File(%s) = %d pages %q, want %d", tt.name, len(res.Pages), pageTexts(res), len(tt.want))
			}
			for i, w := range tt.want {
				if got := strings.TrimSpace(res.Pages[i].Text); got != w {
					t.Errorf("page %d = %q, want %q", i+1, got, w)
				}
				if res.Pages[i].Number != i+1 {
					t.Errorf("page %d numbered %d", i+1, res.Pages[i].Number)
				}
			}
		})
	}
}

func pageTexts(r Result) []string {
	var out []string
	for _, p := range r.Pages {
		out = append(out, p.Text)
	}
	return out
}

func TestSplitTextKeepsRunes(t *testing.T) {
	s := strings.Repeat("é", pageChars)
	for _, p := range splitText(s, "text") {
		if !strings.HasPrefix(p.Text, "é") || strings.ContainsRune(p.Text, '\uFFFD') {
			t.Fatalf("a page was cut inside a character")
		}
	}
}

// TestEncrypted: files that need a password end encrypted, with or without
// pdftotext; a PDF with only an owner password opens.
func TestEncrypted(t *testing.T) {
	pdftotext, _ := exec.LookPath("pdftotext")
	tests := []struct {
		name    string
		kind    string
		path    string
		outcome Outcome
	}{
		{"PDF user password RC4", "PDF", "testdata/pdf/user-password-rc4.pdf", OutcomeEncrypted},
		{"PDF user password AES-256", "PDF", "testdata/pdf/user-password-aes256.pdf", OutcomeEncrypted},
		{"PDF owner password only", "PDF", "testdata/pdf/owner-password-only.pdf", OutcomeText},
		{"DOCX in an encrypted OLE container", "DOCX", writeTemp(t, "locked.docx", oleFile("EncryptionInfo", "EncryptedPackage")), OutcomeEncrypted},
		{"XLSX in an encrypted OLE container", "XLSX", writeTemp(t, "locked.xlsx", oleFile("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage")), OutcomeEncrypted},
		{"old Word file named .docx", "DOCX", writeTemp(t, "old.docx", oleFile("WordDocument")), OutcomeUnreadable},
	}
	for _, tt := range tests {
		for _, bin := range []string{"", pdftotext} {
			t.Run(fmt.Sprintf("%s pdftotext=%t", tt.name, bin != ""), func(t *testing.T) {
				res, err := File(context.Background(), tt.path, tt.kind, Options{PDFToText: bin})
				if res.Outcome != tt.outcome {
					t.Fatalf("File(%s) outcome = %s (%s), want %s", tt.path, res.Outcome, res.Reason, tt.outcome)
				}
				if tt.outcome == OutcomeEncrypted && !errors.Is(err, ErrEncrypted) {
					t.Errorf("File(%s) error = %v, want ErrEncrypted", tt.path, err)
				}
				if tt.outcome == OutcomeText && !strings.Contains(res.Pages[0].Text, "Carers strategy 2024") {
					t.Errorf("File(%s) page 1 = %q, want the text", tt.path, res.Pages[0].Text)
				}
			})
		}
	}
}

// TestCancelled: a context that has ended makes a file unreadable with the
// context's error, never an outcome outside the four.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	path := writeTemp(t, "a.pdf", minimalPDF("one", "two"))
	res, err := File(ctx, path, "PDF", Options{})
	if res.Outcome != OutcomeUnreadable || !errors.Is(err, context.Canceled) || !errors.Is(err, ErrUnreadable) {
		t.Errorf("File(cancelled) = %s, %v; want unreadable wrapping context.Canceled", res.Outcome, err)
	}
}

// TestEmailAlternative: of a plain and an HTML version of one message, the
// plain one is kept, once; attachments are named, not opened.
func TestEmailAlternative(t *testing.T) {
	res, err := File(context.Background(), "testdata/eml/multipart.eml", "EML", Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := res.Pages[0].Text
	for _, want := range []string{"From: Lead é <lead@council.example>", "Subject: Evidence", "Date: Mon, 2 Mar 2026", "attached. Café", "Attachments: self-assessment.pdf"} {
		if !strings.Contains(text, want) {
			t.Errorf("email text %q lacks %q", text, want)
		}
	}
	if n := strings.Count(text, "Please find our"); n != 1 {
		t.Errorf("email text has the body %d times, want once: %q", n, text)
	}
}
