package extract

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/servicetest"
)

// ocrTools finds tesseract and pdftoppm, which deploy/dev/install.sh
// installs; without them the test is skipped, or fails under make test.
func ocrTools(t *testing.T) OCR {
	t.Helper()
	var o OCR
	var err error
	if o.Tesseract, err = exec.LookPath("tesseract"); err == nil {
		o.PDFToPPM, err = exec.LookPath("pdftoppm")
	}
	if err != nil {
		if servicetest.Required() {
			t.Fatalf("OCR test needs tesseract and pdftoppm (deploy/dev/install.sh installs them): %v", err)
		}
		t.Skipf("OCR test skipped: %v", err)
	}
	return o
}

// scannedPage renders a one-page text PDF with pdftoppm into a grey image,
// as a scanner would have made it.
func scannedPage(t *testing.T, o OCR, lines ...string) *image.Gray {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "text.pdf")
	if err := os.WriteFile(src, multiLinePDF(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(o.PDFToPPM, "-r", "150", "-gray", "-png", "-singlefile", src, filepath.Join(dir, "scan")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "scan.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g
}

// multiLinePDF is a one-page text PDF in 14 pt Helvetica.
func multiLinePDF(lines []string) []byte {
	var s strings.Builder
	s.WriteString("BT /F1 14 Tf 20 TL 72 720 Td ")
	for _, l := range lines {
		fmt.Fprintf(&s, "(%s) Tj T* ", l)
	}
	s.WriteString("ET")
	return pdfOf([]pdfPage{{content: s.String()}})
}

// pdfPage is a page of text (content) or a scanned image (img).
type pdfPage struct {
	content string
	img     *image.Gray
}

// pdfOf writes a PDF whose pages are text or full-page grey images.
func pdfOf(pages []pdfPage) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(s string, stream []byte) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\n", len(offsets), s)
		if stream != nil {
			b.WriteString("stream\n")
			b.Write(stream)
			b.WriteString("\nendstream\n")
		}
		b.WriteString("endobj\n")
	}
	b.WriteString("%PDF-1.4\n")
	var kids []string
	for i := range pages {
		kids = append(kids, fmt.Sprintf("%d 0 R", 4+3*i))
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)), nil)
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>", nil)
	for i, p := range pages {
		contents, image := 5+3*i, 6+3*i
		content := p.content
		if p.img != nil {
			content = "q 612 0 0 792 0 0 cm /Im1 Do Q"
		}
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>", image, contents), nil)
		obj(fmt.Sprintf("<< /Length %d >>", len(content)), []byte(content))
		if p.img == nil {
			obj("<< >>", nil) // keeps the numbering regular
			continue
		}
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		r := p.img.Bounds()
		for y := r.Min.Y; y < r.Max.Y; y++ {
			zw.Write(p.img.Pix[(y-r.Min.Y)*p.img.Stride : (y-r.Min.Y)*p.img.Stride+r.Dx()])
		}
		zw.Close()
		obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>",
			r.Dx(), r.Dy(), z.Len()), z.Bytes())
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

func TestOCROfPagesWithoutText(t *testing.T) {
	o := ocrTools(t)
	scan := scannedPage(t, o, "Carers assessment waiting times", "Safeguarding enquiries completed", "Direct payments reviewed")
	text := "BT /F1 12 Tf 72 720 Td (Our strategy for unpaid carers, 2025 to 2028.) Tj ET"
	pdftotext, _ := exec.LookPath("pdftotext")
	tests := []struct {
		name        string
		pages       []pdfPage
		ocr         bool
		wantOutcome Outcome
		wantOCR     []bool   // NeedsOCR by page
		wantText    []string // in the page of the same index
	}{
		{"image only, OCR off", []pdfPage{{img: scan}}, false, OutcomeNeedsOCR, []bool{true}, []string{""}},
		{"image only, OCR on", []pdfPage{{img: scan}}, true, OutcomeText, []bool{false}, []string{"waiting times"}},
		{"text and image, OCR off", []pdfPage{{content: text}, {img: scan}}, false, OutcomeText, []bool{false, true}, []string{"unpaid carers", ""}},
		{"text and image, OCR on", []pdfPage{{content: text}, {img: scan}}, true, OutcomeText, []bool{false, false}, []string{"unpaid carers", "Safeguarding"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, "scan.pdf", pdfOf(tt.pages))
			opts := Options{PDFToText: pdftotext}
			if tt.ocr {
				opts.OCR = o
			}
			res, err := File(context.Background(), path, "PDF", opts)
			if err != nil || res.Outcome != tt.wantOutcome || len(res.Pages) != len(tt.pages) {
				t.Fatalf("File = %s, %d pages, %v; want %s, %d pages", res.Outcome, len(res.Pages), err, tt.wantOutcome, len(tt.pages))
			}
			for i, p := range res.Pages {
				if p.NeedsOCR != tt.wantOCR[i] || !strings.Contains(p.Text, tt.wantText[i]) {
					t.Errorf("page %d = needs OCR %v, %q (%s); want %v containing %q", i+1, p.NeedsOCR, p.Text, p.Method, tt.wantOCR[i], tt.wantText[i])
				}
				if tt.ocr && tt.pages[i].img != nil && p.Method != "ocr" {
					t.Errorf("page %d method %q, want ocr", i+1, p.Method)
				}
			}
		})
	}
}

func TestOCRStopsWhenTimeIsUp(t *testing.T) {
	o := ocrTools(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	pages := []Page{{Text: "Some text"}, {Text: " "}, {}}
	ocrPages(ctx, "unused.pdf", pages, o)
	for i, want := range []bool{false, true, true} {
		if pages[i].NeedsOCR != want {
			t.Errorf("page %d NeedsOCR = %v, want %v", i+1, pages[i].NeedsOCR, want)
		}
	}
}

func TestIsolatedOCR(t *testing.T) {
	o := ocrTools(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "scan.pdf", pdfOf([]pdfPage{{img: scannedPage(t, o, "Quality assurance of social work practice")}}))
	for _, ocr := range []bool{false, true} {
		lim := DefaultLimits()
		lim.OCR = ocr
		if raceEnabled {
			lim.Memory = 8 << 30 // the race runtime reserves more address space
		}
		res, err := Isolated(context.Background(), exe, path, "PDF", lim)
		switch {
		case err != nil:
			t.Errorf("Isolated with OCR %v = %v", ocr, err)
		case ocr && (res.Outcome != OutcomeText || !strings.Contains(res.Pages[0].Text, "social work")):
			t.Errorf("Isolated with OCR = %s %+v, want the page's words", res.Outcome, res.Pages)
		case !ocr && (res.Outcome != OutcomeNeedsOCR || !res.Pages[0].NeedsOCR):
			t.Errorf("Isolated without OCR = %s %+v, want needs OCR", res.Outcome, res.Pages)
		}
	}
}
