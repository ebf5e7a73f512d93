// Package sniff decides what a file is from its bytes, against the portal's
// allow-list, and cleans the names people give files. A name is only a
// hint: the bytes decide, and a name that claims another allowed type than
// the bytes is refused as a mismatch. It is the only package that knows
// mimetype.
package sniff

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/gabriel-vasile/mimetype"
)

// HeadSize is how many leading bytes Detect needs.
const HeadSize = 8 << 10

// Kind is an allowed type of evidence file.
type Kind struct {
	Name       string   // what people call it: "PDF", "Word document (DOCX)"
	Short      string   // "PDF", "DOCX": for lists of allowed types
	MIME       string   // the type the file is stored and served as
	Extensions []string // the names it goes by, lower case, with the dot
}

// The allowed kinds.
var (
	PDF  = Kind{"PDF", "PDF", "application/pdf", []string{".pdf"}}
	DOCX = Kind{"Word document", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}}
	XLSX = Kind{"Excel spreadsheet", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}}
	PPTX = Kind{"PowerPoint presentation", "PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation", []string{".pptx"}}
	ODT  = Kind{"OpenDocument text", "ODT", "application/vnd.oasis.opendocument.text", []string{".odt"}}
	ODS  = Kind{"OpenDocument spreadsheet", "ODS", "application/vnd.oasis.opendocument.spreadsheet", []string{".ods"}}
	CSV  = Kind{"CSV file", "CSV", "text/csv", []string{".csv"}}
	TXT  = Kind{"text file", "TXT", "text/plain", []string{".txt", ".text", ""}}
	HTML = Kind{"web page", "HTML", "text/html", []string{".html", ".htm"}}
	EML  = Kind{"email", "EML", "message/rfc822", []string{".eml"}}
)

// Allowed lists every kind, in the order the upload page names them.
func Allowed() []Kind { return []Kind{PDF, DOCX, XLSX, PPTX, ODT, ODS, CSV, TXT, HTML, EML} }

// AllowedShort is the allowed kinds' short names, for messages.
func AllowedShort() []string {
	var out []string
	for _, k := range Allowed() {
		out = append(out, k.Short)
	}
	return out
}

// ErrUnsupported means the bytes are of a type the portal does not accept.
var ErrUnsupported = errors.New("file type not accepted")

// ErrPassword means the file is a password-protected Office document.
var ErrPassword = errors.New("file is password protected")

// MismatchError means the name says one allowed type and the bytes another.
type MismatchError struct {
	Claimed Kind
	Actual  Kind
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("name says %s but content is %s", e.Claimed.Short, e.Actual.Short)
}

// Detect decides the kind of a file from its first bytes (at least HeadSize
// of them when the file is that long) and checks its name against it.
func Detect(head []byte, name string) (Kind, error) {
	ext := strings.ToLower(path.Ext(CleanName(name)))
	if isCFB(head) {
		// Office encrypts a protected .docx/.xlsx/.pptx into an OLE
		// container holding an EncryptedPackage stream.
		if bytes.Contains(head, utf16("EncryptedPackage")) || ext == ".docx" || ext == ".xlsx" || ext == ".pptx" {
			return Kind{}, ErrPassword
		}
		return Kind{}, fmt.Errorf("%w: older Office format", ErrUnsupported)
	}
	mt := mimetype.Detect(head)
	actual, ok := kindOf(mt)
	if !ok {
		return Kind{}, fmt.Errorf("%w: %s", ErrUnsupported, mt.String())
	}
	// Text is ambiguous by nature: a .csv that sniffs as plain text is a
	// CSV, and so is a .txt holding commas.
	if actual.Short == TXT.Short || actual.Short == CSV.Short {
		switch ext {
		case ".csv":
			return CSV, nil
		case ".txt", ".text", "":
			return TXT, nil
		}
	}
	if claimed, ok := kindByExt(ext); ok && claimed.Short != actual.Short {
		return Kind{}, &MismatchError{Claimed: claimed, Actual: actual}
	}
	return actual, nil
}

func kindOf(mt *mimetype.MIME) (Kind, bool) {
	for m := mt; m != nil; m = m.Parent() {
		for _, k := range Allowed() {
			if m.Is(k.MIME) {
				return k, true
			}
		}
	}
	return Kind{}, false
}

func kindByExt(ext string) (Kind, bool) {
	if ext == "" {
		return Kind{}, false
	}
	for _, k := range Allowed() {
		for _, e := range k.Extensions {
			if e == ext {
				return k, true
			}
		}
	}
	return Kind{}, false
}

func isCFB(head []byte) bool {
	return bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
}

func utf16(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}
