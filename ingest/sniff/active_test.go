package sniff

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scanAll writes b to a scanner in pieces of n bytes, as a stream would.
func scanAll(b []byte, n int) string {
	var s ActiveScanner
	for len(b) > 0 {
		k := min(n, len(b))
		s.Write(b[:k])
		b = b[k:]
	}
	return s.Found()
}

const plainPDF = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

// TestActiveContent: the three files of issue 15 (a script in /OpenAction
// with a /Launch action, a PDF with a ZIP appended, HTML with %PDF 630
// bytes in) and the other forms are found however the file is cut into
// pieces; plain PDFs, incremental updates and other files are not.
func TestActiveContent(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"plain", plainPDF, ""},
		{"incremental update", plainPDF + "2 0 obj << >> endobj\n%%EOF\r\n\x00\x00", ""},
		{"script and launch", "%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> /AA << /O << /S /Launch /F (cmd.exe) >> >> >> endobj\n%%EOF\n",
			"JavaScript and an action that starts a program"},
		{"zip appended", plainPDF + "PK\x03\x04" + strings.Repeat("zipdata", 20), "another file joined after the end of the PDF"},
		{"html first", "<html><body>" + strings.Repeat("x", 618) + "%PDF-1.4\n" + plainPDF[9:], "another kind of file before the PDF in it"},
		{"attachment", "%PDF-1.7\n<< /Type /EmbeddedFile /Length 3 >>\n%%EOF\n", "files attached inside it"},
		{"names that only start alike", "%PDF-1.7\n<< /JSON 1 /Launcher 2 /JavaScripts 3 >>\n%%EOF\n", ""},
		{"not a PDF", "Unpaid carers /JavaScript in a text file", ""},
	}
	for _, tt := range tests {
		for _, n := range []int{1, 3, 7, 4096} {
			if got := scanAll([]byte(tt.file), n); got != tt.want {
				t.Errorf("%s in pieces of %d: Found() = %q, want %q", tt.name, n, got, tt.want)
			}
		}
	}
}

// TestActiveContentRealPDFs: none of the real-world PDFs of the corpus is
// taken for active content, except those that hold it.
func TestActiveContentRealPDFs(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus/pdf/*.pdf")
	if len(files) == 0 {
		t.Skip("no corpus beside the project")
	}
	flagged := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := scanAll(b, 32<<10); got != "" {
			flagged++
			t.Logf("%s: %s", filepath.Base(f), got)
		}
	}
	if flagged > len(files)/10 {
		t.Errorf("%d of %d real PDFs flagged as active: too many to be right", flagged, len(files))
	}
}

// FuzzActiveScanner: what is found never depends on how the stream is cut.
func FuzzActiveScanner(f *testing.F) {
	f.Add([]byte(plainPDF), 3)
	f.Add([]byte("%PDF-1.4 /JS (x) /Launch\n%%EOF\nPK"), 1)
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		if n < 1 || n > 1<<16 {
			return
		}
		if whole, cut := scanAll(b, len(b)+1), scanAll(b, n); whole != cut {
			t.Errorf("whole %q, in pieces of %d %q", whole, n, cut)
		}
	})
}
