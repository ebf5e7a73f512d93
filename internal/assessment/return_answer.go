package assessment

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/evidenceportal/portal/internal/framework"
)

// Bounds of an answer to an item of a return, checked before anything is
// saved (and again by the database's constraints).
const (
	MaxAnswerText   = 10000 // characters of a short text or a reason
	MaxLink         = 2000  // characters of a link
	MaxCitations    = 50    // documents cited by one answer
	MaxSection      = 200   // characters naming a section
	MaxTableRows    = 200   // rows of a table answer
	MaxTableCell    = 300   // characters of one cell
	MaxRequestQS    = 9
	MaxRequestText  = 5000
	MaxThreadLength = 200 // messages of one request's thread
)

// InputError is a problem with what someone typed, with the GOV.UK message
// for the field it belongs to.
type InputError struct {
	Field   string
	Message string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Message }

func bad(field, format string, args ...any) *InputError {
	return &InputError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// Citation points to a document of the council's own and, optionally, to a
// page (1 or more) or a named section of it.
type Citation struct {
	DocumentID string
	Page       int // 0: the whole document
	Section    string
}

// Answer is what the council gives for one item. Only the field of the
// item's kind counts; the others must be empty.
type Answer struct {
	Kind      string
	Link      string
	Text      string
	Rows      [][]string
	Citations []Citation
}

// CheckAnswer checks an answer to an item of kind with columns (for a
// table) and returns it cleaned: trimmed, empty table rows dropped. It
// does not know the documents: CheckCitation does, where they are read.
func CheckAnswer(kind string, columns int, a Answer) (Answer, error) {
	if a.Kind != kind {
		return Answer{}, bad("answer", "Answer this item as it asks")
	}
	out := Answer{Kind: kind}
	switch kind {
	case framework.AnswerLink:
		l, err := CheckLink(a.Link)
		if err != nil {
			return Answer{}, err
		}
		out.Link = l
	case framework.AnswerText:
		out.Text = strings.TrimSpace(a.Text)
		switch {
		case out.Text == "":
			return Answer{}, bad("text", "Enter your answer")
		case utf8.RuneCountInString(out.Text) > MaxAnswerText:
			return Answer{}, bad("text", "Your answer must be %s characters or fewer", thousands(MaxAnswerText))
		case hasControl(out.Text):
			return Answer{}, bad("text", "Remove control characters from your answer")
		}
	case framework.AnswerTable:
		for _, row := range a.Rows {
			if len(row) != columns {
				return Answer{}, bad("table", "Each row must have %d cells", columns)
			}
			empty := true
			clean := make([]string, len(row))
			for i, cell := range row {
				clean[i] = strings.TrimSpace(cell)
				if clean[i] != "" {
					empty = false
				}
				if utf8.RuneCountInString(clean[i]) > MaxTableCell {
					return Answer{}, bad("table", "Each cell must be %d characters or fewer", MaxTableCell)
				}
				if strings.ContainsFunc(clean[i], unicode.IsControl) {
					return Answer{}, bad("table", "Remove control characters from the table")
				}
			}
			if !empty {
				out.Rows = append(out.Rows, clean)
			}
		}
		switch {
		case len(out.Rows) == 0:
			return Answer{}, bad("table", "Fill in at least one row")
		case len(out.Rows) > MaxTableRows:
			return Answer{}, bad("table", "A table can have up to %d rows", MaxTableRows)
		}
	case framework.AnswerDocuments:
		seen := map[Citation]bool{}
		for _, c := range a.Citations {
			c.Section = strings.TrimSpace(c.Section)
			switch {
			case c.DocumentID == "":
				continue
			case c.Page < 0:
				return Answer{}, bad("documents", "Enter a page number of 1 or more")
			case utf8.RuneCountInString(c.Section) > MaxSection:
				return Answer{}, bad("documents", "A section must be %d characters or fewer", MaxSection)
			case strings.ContainsFunc(c.Section, unicode.IsControl):
				return Answer{}, bad("documents", "Remove control characters from the section")
			}
			if !seen[c] {
				seen[c] = true
				out.Citations = append(out.Citations, c)
			}
		}
		switch {
		case len(out.Citations) == 0:
			return Answer{}, bad("documents", "Choose at least one document")
		case len(out.Citations) > MaxCitations:
			return Answer{}, bad("documents", "An answer can cite up to %d documents", MaxCitations)
		}
	default:
		return Answer{}, bad("answer", "Answer this item as it asks")
	}
	return out, nil
}

// CheckCitation checks a cited page against the document's number of
// pages, once the document is known to be the council's own.
func CheckCitation(c Citation, pages int) error {
	if c.Page > 0 && c.Page > pages {
		return bad("documents", "The document has %d pages: enter a page from 1 to %d", pages, pages)
	}
	return nil
}

// CheckLink checks a public link: http or https with a host, nothing else
// (javascript:, data:, file: and the rest are refused). The server stores
// it and shows it as a link; it never fetches it.
func CheckLink(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", bad("link", "Enter a link")
	}
	if utf8.RuneCountInString(s) > MaxLink {
		return "", bad("link", "The link must be %s characters or fewer", thousands(MaxLink))
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "", bad("link", "Enter a link that starts with https:// or http://, like https://www.example.gov.uk/report")
	}
	return s, nil
}

// CheckReason checks the reason given for not answering a required item.
func CheckReason(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case utf8.RuneCountInString(s) > MaxAnswerText:
		return "", bad("reason", "The reason must be %s characters or fewer", thousands(MaxAnswerText))
	case hasControl(s):
		return "", bad("reason", "Remove control characters from the reason")
	}
	return s, nil
}

// hasControl reports whether s holds a control character other than line
// breaks and tabs, which a text area sends.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' })
}

func thousands(n int) string {
	if n < 1000 {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%d,%03d", n/1000, n%1000)
}
