package ingest

import (
	"fmt"
	"strings"
)

// The messages people see about a file they chose, in the wording of the
// GOV.UK Design System's file upload pattern. They are plain text: whatever
// renders them escapes them.

// MsgNoFile is shown when the form came without a file.
const MsgNoFile = "Select a file"

// MsgEmpty is shown for a file of zero bytes.
func MsgEmpty(name string) string { return fmt.Sprintf("The selected file %s is empty", name) }

// MsgTooBig names the limit in the units people use.
func MsgTooBig(name string, limit int64) string {
	return fmt.Sprintf("The selected file %s must be smaller than %s", name, HumanSize(limit))
}

// MsgWrongType lists the types the portal accepts.
func MsgWrongType(name string, allowed []string) string {
	return fmt.Sprintf("The selected file %s must be a %s", name, OrList(allowed))
}

// MsgMismatch is shown when the name says one type and the content another.
func MsgMismatch(name, claimed, actual string) string {
	return fmt.Sprintf("The selected file %s is called a %s file but its content is %s: check you chose the right file", name, claimed, actual)
}

// MsgPassword is shown for password-protected files.
func MsgPassword(name string) string {
	return fmt.Sprintf("The selected file %s is password protected: remove the password and upload it again", name)
}

// MsgVirus is shown when the scanner finds malware.
func MsgVirus(name string) string { return fmt.Sprintf("The selected file %s contains a virus", name) }

// MsgActiveContent is shown when the file holds script, actions,
// attachments or another file (sniff.ActiveScanner says what).
func MsgActiveContent(name, what string) string {
	return fmt.Sprintf("The selected file %s contains %s, which evidence must not have: print or export it as a plain PDF and upload that", name, what)
}

// MsgUnreadable is shown when no text could be read from the file.
func MsgUnreadable(name string) string {
	return fmt.Sprintf("The selected file %s could not be read: save it again and upload the new copy", name)
}

// MsgTooManyPages is shown for a document over the page limit
// (PORTAL_MAX_PAGES).
func MsgTooManyPages(name string, limit int) string {
	return fmt.Sprintf("The selected file %s has more than %s pages: split it into smaller files and upload each of them", name, thousands(limit))
}

// MsgTooMuchText is shown for a document whose text is over the text limit
// (PORTAL_MAX_TEXT_BYTES).
func MsgTooMuchText(name string, limit int64) string {
	return fmt.Sprintf("The selected file %s holds more than %s of text: split it into smaller files and upload each of them", name, HumanSize(limit))
}

// thousands writes 25000 as "25,000".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// MsgDuplicate points to the earlier upload of the same content.
func MsgDuplicate(title, date string) string {
	return fmt.Sprintf("This file was already uploaded as %s on %s", title, date)
}

// HumanSize says a byte count as GOV.UK does: "100MB", "1.5GB", "512KB".
func HumanSize(n int64) string {
	const kb, mb, gb = 1 << 10, 1 << 20, 1 << 30
	switch {
	case n >= gb:
		return trimZero(float64(n)/gb) + "GB"
	case n >= mb:
		return trimZero(float64(n)/mb) + "MB"
	case n >= kb:
		return trimZero(float64(n)/kb) + "KB"
	}
	return fmt.Sprintf("%d bytes", n)
}

func trimZero(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", f), "0"), ".")
}

// OrList joins items as "A, B or C".
func OrList(items []string) string {
	switch len(items) {
	case 0:
		return "supported file"
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
