// Package pdftest reads back what tests need of a PDF: its text (with the
// portal's own extractor, as an evidence PDF would be read), its title and
// language, whether it is tagged, and its outline.
package pdftest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/ledongthuc/pdf"
)

// Info is what a test checks of a PDF.
type Info struct {
	Title, Lang string
	// Tagged: the catalogue has a structure tree and says it is marked.
	Tagged bool
	// Outline is the title of every bookmark, depth first.
	Outline []string
	// Pages is the text of each page; Text all of it, with spaces
	// collapsed.
	Pages []string
	Text  string
}

// Has reports whether the text holds s, whitespace aside: the Go PDF
// reader of ingest/extract puts spaces inside words where Chromium kerns
// them ("Overall scor e"), so words are compared without.
func (in Info) Has(s string) bool {
	return strings.Contains(squeeze(in.Text), squeeze(s))
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// Read reads data as a PDF, failing the test when it is not one.
func Read(t testing.TB, data []byte) Info {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: starts %q", data[:min(len(data), 16)])
	}
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("read PDF: %v", err)
	}
	var in Info
	info := r.Trailer().Key("Info")
	in.Title = text(info.Key("Title"))
	root := r.Trailer().Key("Root")
	in.Lang = text(root.Key("Lang"))
	in.Tagged = root.Key("MarkInfo").Key("Marked").Bool() && !root.Key("StructTreeRoot").IsNull()
	for o := root.Key("Outlines").Key("First"); !o.IsNull(); o = o.Key("Next") {
		outline(o, &in.Outline, 0)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := extract.File(context.Background(), path, "PDF", extract.Options{})
	if err != nil {
		t.Fatalf("extract text of PDF: %v", err)
	}
	var all []string
	for _, p := range res.Pages {
		in.Pages = append(in.Pages, p.Text)
		all = append(all, p.Text)
	}
	in.Text = strings.Join(strings.Fields(strings.Join(all, " ")), " ")
	return in
}

func outline(o pdf.Value, out *[]string, depth int) {
	if depth > 10 {
		return
	}
	*out = append(*out, text(o.Key("Title")))
	for c := o.Key("First"); !c.IsNull(); c = c.Key("Next") {
		outline(c, out, depth+1)
	}
}

// text decodes a PDF text string (UTF-16 with its byte order mark, or
// PDFDocEncoding).
func text(v pdf.Value) string { return v.Text() }
