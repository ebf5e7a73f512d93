package report

import (
	"fmt"
	"strconv"
	"strings"
)

// Ref names one piece of evidence a paragraph cites, so that a comment
// can point at it: a document's page, an outcome measure in a year, or an
// item of the submitted information return.
type Ref struct {
	// Kind is "doc", "measure" or "return".
	Kind string
	// ID is the document's id, the measure's id or the item's id.
	ID string
	// Page is the document's page; Year the measure's year.
	Page int
	Year string
}

// DocRef is the Ref of a document's page.
func DocRef(id string, page int) Ref { return Ref{Kind: "doc", ID: id, Page: page} }

// MeasureRef is the Ref of an outcome measure in a year.
func MeasureRef(measure, year string) Ref { return Ref{Kind: "measure", ID: measure, Year: year} }

// ReturnRef is the Ref of an item of the submitted return.
func ReturnRef(item int64) Ref { return Ref{Kind: "return", ID: strconv.FormatInt(item, 10)} }

// String is the Ref as a form value and as kept with a comment:
// "doc:<id>:<page>", "measure:<id>:<year>" or "return:<item>".
func (r Ref) String() string {
	switch r.Kind {
	case "doc":
		return fmt.Sprintf("doc:%s:%d", r.ID, r.Page)
	case "measure":
		return "measure:" + r.ID + ":" + r.Year
	}
	return "return:" + r.ID
}

// ParseRef reads a Ref written by String; false for anything else.
func ParseRef(s string) (Ref, bool) {
	if len(s) > 200 {
		return Ref{}, false
	}
	kind, rest, ok := strings.Cut(s, ":")
	if !ok || rest == "" {
		return Ref{}, false
	}
	switch kind {
	case "doc", "measure":
		i := strings.LastIndex(rest, ":")
		if i <= 0 || i == len(rest)-1 {
			return Ref{}, false
		}
		id, tail := rest[:i], rest[i+1:]
		if kind == "measure" {
			return Ref{Kind: kind, ID: id, Year: tail}, true
		}
		page, err := strconv.Atoi(tail)
		if err != nil || page < 1 {
			return Ref{}, false
		}
		return Ref{Kind: kind, ID: id, Page: page}, true
	case "return":
		n, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || n < 1 {
			return Ref{}, false
		}
		return Ref{Kind: kind, ID: rest}, true
	}
	return Ref{}, false
}
