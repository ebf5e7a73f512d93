package extract

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// minimalPDF is a valid one-font PDF with one line of text per page.
func minimalPDF(lines ...string) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(s string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), s)
	}
	b.WriteString("%PDF-1.4\n")
	n := len(lines)
	kids := ""
	for i := range lines {
		kids += fmt.Sprintf("%d 0 R ", 4+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, n))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	for i, l := range lines {
		stream := fmt.Sprintf("BT /F1 12 Tf 72 720 Td (%s) Tj ET", l)
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i))
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream))
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

func zipFile(t testing.TB, entries [][2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		f, err := w.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(e[1]))
	}
	w.Close()
	return buf.Bytes()
}

func writeTemp(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const w = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

func docx(t testing.TB) []byte {
	return zipFile(t, [][2]string{{"word/document.xml", `<?xml version="1.0"?><w:document ` + w + `><w:body>
<w:p><w:r><w:t>Carers strategy</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Page one </w:t></w:r><w:r><w:t>text.</w:t></w:r></w:p>
<w:p><w:r><w:br w:type="page"/></w:r></w:p>
<w:p><w:r><w:t>Page two text.</w:t></w:r></w:p></w:body></w:document>`}})
}

func pptx(t testing.TB) []byte {
	a := `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"`
	return zipFile(t, [][2]string{
		{"ppt/slides/slide2.xml", `<p:sld ` + a + `><a:p><a:r><a:t>Second slide</a:t></a:r></a:p></p:sld>`},
		{"ppt/slides/slide1.xml", `<p:sld ` + a + `><a:p><a:r><a:t>First slide</a:t></a:r></a:p></p:sld>`},
		{"ppt/slides/slide10.xml", `<p:sld ` + a + `><a:p><a:r><a:t>Tenth slide</a:t></a:r></a:p></p:sld>`},
	})
}

func xlsx(t testing.TB) []byte {
	return zipFile(t, [][2]string{
		{"xl/sharedStrings.xml", `<sst><si><t>Year</t></si><si><t>Reviews</t></si></sst>`},
		{"xl/worksheets/sheet1.xml", `<worksheet><sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row><row><c><v>2024</v></c><c><v>950</v></c></row></sheetData></worksheet>`},
		{"xl/worksheets/sheet2.xml", `<worksheet><sheetData><row><c t="inlineStr"><is><t>Notes</t></is></c></row></sheetData></worksheet>`},
	})
}

func odt(t testing.TB) []byte {
	return zipFile(t, [][2]string{{"mimetype", "application/vnd.oasis.opendocument.text"},
		{"content.xml", `<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text><text:h>Minutes</text:h><text:p>Item one<text:s/>agreed.</text:p><text:soft-page-break/><text:p>Item two.</text:p></office:text></office:body></office:document-content>`}})
}

func ods(t testing.TB) []byte {
	return zipFile(t, [][2]string{{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
		{"content.xml", `<office:document-content xmlns:table="t" xmlns:text="x"><table:table><table:table-row><table:table-cell><text:p>A</text:p></table:table-cell><table:table-cell><text:p>B</text:p></table:table-cell></table:table-row></table:table><table:table><table:table-row><table:table-cell><text:p>C</text:p></table:table-cell></table:table-row></table:table></office:document-content>`}})
}

func bomb(t testing.TB) []byte {
	return zipFile(t, [][2]string{{"word/document.xml", string(bytes.Repeat([]byte("A"), 50<<20))}})
}

const eml = "From: =?utf-8?q?Lead_=C3=A9?= <lead@council.example>\r\nTo: cqc@example.org\r\nSubject: Evidence\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find our self-assessment attached.\r\n--XX\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"self-assessment.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--XX--\r\n"

// oleFile is a minimal OLE compound file whose directory names the given
// streams (all empty), like the container Office writes around a
// password-protected .docx: EncryptionInfo and EncryptedPackage.
func oleFile(streams ...string) []byte {
	const sector = 512
	le := binary.LittleEndian
	head := make([]byte, sector)
	copy(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(head[24:], 0x3E)       // minor version
	le.PutUint16(head[26:], 3)          // major version
	le.PutUint16(head[28:], 0xFFFE)     // little-endian
	le.PutUint16(head[30:], 9)          // 512-byte sectors
	le.PutUint16(head[32:], 6)          // 64-byte mini sectors
	le.PutUint32(head[44:], 1)          // one FAT sector
	le.PutUint32(head[48:], 1)          // directory starts at sector 1
	le.PutUint32(head[56:], 4096)       // mini stream cutoff
	le.PutUint32(head[60:], 0xFFFFFFFE) // no mini FAT
	le.PutUint32(head[68:], 0xFFFFFFFE) // no DIFAT sectors
	le.PutUint32(head[76:], 0)          // the FAT is sector 0
	for i := 80; i < sector; i += 4 {
		le.PutUint32(head[i:], 0xFFFFFFFF)
	}
	fat := make([]byte, sector)
	for i := 0; i < sector; i += 4 {
		le.PutUint32(fat[i:], 0xFFFFFFFF)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD) // sector 0 is the FAT
	le.PutUint32(fat[4:], 0xFFFFFFFE) // sector 1, the directory, ends its chain
	dir := make([]byte, sector)
	names := append([]string{"Root Entry"}, streams...)
	for i, name := range names[:min(len(names), 4)] {
		e := dir[i*128 : (i+1)*128]
		for j, r := range name {
			le.PutUint16(e[2*j:], uint16(r))
		}
		le.PutUint16(e[64:], uint16(2*(len(name)+1)))
		e[66] = 2 // stream
		if i == 0 {
			e[66] = 5 // root storage
		}
		le.PutUint32(e[68:], 0xFFFFFFFF)
		le.PutUint32(e[72:], 0xFFFFFFFF)
		le.PutUint32(e[76:], 0xFFFFFFFF)
		if i == 0 && len(names) > 1 {
			le.PutUint32(e[76:], 1) // the root's child
		}
		if i > 0 && i+1 < len(names) {
			le.PutUint32(e[72:], uint32(i+1)) // right sibling
		}
		le.PutUint32(e[116:], 0xFFFFFFFE) // no data
	}
	return append(append(head, fat...), dir...)
}
