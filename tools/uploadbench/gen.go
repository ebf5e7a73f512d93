package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// textBlock is repeated to make large plain-text files quickly: the portal
// decides a file's kind from its bytes, so the bench sends real text.
var textBlock = func() []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < 64<<10; i++ {
		fmt.Fprintf(&b, "Line %05d: the council reviews carers' assessments, waiting times and outcomes each quarter.\n", i)
	}
	return b.Bytes()
}()

// textReader yields size bytes of text whose first line is unique to seed,
// so that no upload is refused as a duplicate of an earlier one.
type textReader struct {
	head      []byte
	size, off int64
}

func newText(seed string, size int64) *textReader {
	return &textReader{head: []byte("Evidence for the upload benchmark, " + seed + "\n"), size: size}
}

func (r *textReader) Read(p []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	if rest := r.size - r.off; int64(len(p)) > rest {
		p = p[:rest]
	}
	n := 0
	for n < len(p) {
		var src []byte
		if r.off < int64(len(r.head)) {
			src = r.head[r.off:]
		} else {
			i := (r.off - int64(len(r.head))) % int64(len(textBlock))
			src = textBlock[i:]
		}
		c := copy(p[n:], src)
		n += c
		r.off += int64(c)
	}
	return n, nil
}

// textPDF is a PDF of the pages given, 40 lines of text each, in the
// standard Helvetica font: what a council's exported report looks like to
// the extractor, minus images.
func textPDF(seed string, pages int) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(s string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), s)
	}
	b.WriteString("%PDF-1.4\n")
	var kids []string
	for i := range pages {
		kids = append(kids, fmt.Sprintf("%d 0 R", 4+2*i))
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), pages))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	for i := range pages {
		var s strings.Builder
		s.WriteString("BT /F1 10 Tf 14 TL 60 750 Td ")
		for l := range 40 {
			fmt.Fprintf(&s, "(Page %d line %d of %s: carers assessments were reviewed within 28 days.) Tj T* ", i+1, l+1, seed)
		}
		s.WriteString("ET")
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i))
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", s.Len(), s.String()))
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}
