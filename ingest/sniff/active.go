package sniff

import (
	"bytes"
	"strings"
)

// Active content is what a file can do beyond being read: run script,
// start a program, carry other files, or be two files at once. None of it
// has a place in evidence, and the dev clamd (and production's, often)
// does not look for it, so every file is checked for it as it is scanned.
//
// The check reads names as written: a name hidden by #xx escapes or
// inside a compressed object stream is not seen. It stops the common
// forms (a script in /OpenAction, a /Launch action, attached files, HTML
// or ZIP joined to a PDF), not a determined author; the file is still
// served to inspectors only as an attachment with a sandbox CSP.

// activeNames are the PDF names of active content, with what each is.
var activeNames = []struct{ name, what string }{
	{"/JavaScript", "JavaScript"},
	{"/JS", "JavaScript"},
	{"/Launch", "an action that starts a program"},
	{"/EmbeddedFile", "files attached inside it"},
	{"/RichMedia", "embedded media that can run code"},
	{"/SubmitForm", "a form that sends data elsewhere"},
	{"/ImportData", "an action that imports data"},
}

// headerWindow is how far into a file the PDF header is looked for:
// readers accept it anywhere in the first 1,024 bytes, which is what lets
// a file be HTML to one program and a PDF to another.
const headerWindow = 1024

// maxTrailing is how many bytes other than whitespace and NULs may follow
// the last %%EOF before the file counts as carrying something else.
const maxTrailing = 32

// ActiveScanner finds active content in a file written to it in pieces, of
// any size, holding a few bytes between them.
type ActiveScanner struct {
	n        int64  // bytes seen
	head     []byte // the first headerWindow bytes
	tail     []byte // the end of the last piece, for names across pieces
	found    map[string]bool
	eofMatch int   // bytes of "%%EOF" matched so far
	sawEOF   bool  // a %%EOF has been seen
	trailing int64 // bytes other than whitespace since the last %%EOF
}

// Write looks at p; it never fails.
func (s *ActiveScanner) Write(p []byte) (int, error) {
	if s.found == nil {
		s.found = map[string]bool{}
	}
	if room := headerWindow - len(s.head); room > 0 {
		s.head = append(s.head, p[:min(room, len(p))]...)
	}
	buf := append(s.tail, p...)
	for _, a := range activeNames {
		for i := 0; ; {
			j := bytes.Index(buf[i:], []byte(a.name))
			if j < 0 {
				break
			}
			end := i + j + len(a.name)
			// A name ends at a delimiter: /JSON or /Launcher are not ours.
			// One at the very end of the piece is judged with the next,
			// which begins with the kept tail.
			if end < len(buf) && isDelimiter(buf[end]) {
				s.found[a.what] = true
			}
			i = end
		}
	}
	const eof = "%%EOF"
	for _, c := range p {
		switch {
		case c == eof[s.eofMatch]:
			s.eofMatch++
			if s.eofMatch == len(eof) {
				s.sawEOF, s.trailing, s.eofMatch = true, 0, 0
				continue
			}
		case c == '%':
			s.eofMatch = 1
		default:
			s.eofMatch = 0
		}
		if s.sawEOF && !isSpace(c) && c != 0 {
			s.trailing++
		}
	}
	keep := min(len(buf), 16)
	s.tail = append(s.tail[:0], buf[len(buf)-keep:]...)
	s.n += int64(len(p))
	return len(p), nil
}

// Found says what active content the file holds, "" when none: for a PDF
// its script, actions and attachments, and for any file a PDF header after
// its start or data after a PDF's last %%EOF.
func (s *ActiveScanner) Found() string {
	at := bytes.Index(s.head, []byte("%PDF-"))
	if at > 0 {
		return "another kind of file before the PDF in it"
	}
	if at < 0 {
		return ""
	}
	if s.trailing > maxTrailing {
		return "another file joined after the end of the PDF"
	}
	var whats []string
	for _, a := range activeNames {
		if s.found[a.what] && !contains(whats, a.what) {
			whats = append(whats, a.what)
		}
	}
	return strings.Join(whats, " and ")
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// isDelimiter is a PDF delimiter or whitespace: what ends a name.
func isDelimiter(c byte) bool {
	return isSpace(c) || c == 0 || strings.IndexByte("()<>[]{}/%", c) >= 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' }
