package assessment

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/evidenceportal/portal/internal/framework"
)

// Bounds of an item of a return as an inspector writes it before issue
// (the database's constraints repeat the first two).
const (
	MaxItemTitle   = 300
	MaxItemWanted  = 5000
	MaxReturnItems = 200 // items of one return
	// MaxItemColumns and MaxColumnName bound the columns of a table item
	// added to a return: a council fills the table in a form, so it stays
	// narrow enough to read.
	MaxItemColumns = 10
	MaxColumnName  = 60
)

// CheckItem checks an item's title and description as an inspector edits
// them before issue.
func CheckItem(title, wanted string) (string, string, error) {
	title, terr := checkTitle(title)
	if terr != nil {
		return "", "", terr
	}
	wanted, werr := checkWanted(wanted)
	if werr != nil {
		return "", "", werr
	}
	return title, wanted, nil
}

func checkTitle(title string) (string, *InputError) {
	title = strings.TrimSpace(title)
	switch {
	case title == "":
		return "", bad("title", "Enter a title")
	case utf8.RuneCountInString(title) > MaxItemTitle:
		return "", bad("title", "The title must be %d characters or fewer", MaxItemTitle)
	case strings.ContainsFunc(title, unicode.IsControl):
		return "", bad("title", "Remove control characters from the title")
	}
	return title, nil
}

func checkWanted(wanted string) (string, *InputError) {
	wanted = strings.TrimSpace(wanted)
	switch {
	case wanted == "":
		return "", bad("wanted", "Say what is wanted")
	case utf8.RuneCountInString(wanted) > MaxItemWanted:
		return "", bad("wanted", "What is wanted must be %s characters or fewer", thousands(MaxItemWanted))
	case hasControl(wanted):
		return "", bad("wanted", "Remove control characters from what is wanted")
	}
	return wanted, nil
}

// InputErrors are the problems with a form of several fields, at most one
// per field in the form's order, so that the page shows them all at once
// as GOV.UK's error summary does.
type InputErrors []*InputError

func (e InputErrors) Error() string {
	msgs := make([]string, len(e))
	for i, ie := range e {
		msgs[i] = ie.Error()
	}
	return strings.Join(msgs, "; ")
}

// NewItem is an item an inspector adds to a draft return.
type NewItem struct {
	Part   string // one of the template's parts
	Title  string
	Wanted string
	Kind   string // one of framework.AnswerKinds
	// Columns are the headings of a table; none for the other kinds.
	Columns []string
	// QS are the quality statements the item relates to, zero or more.
	QS       []string
	Required bool
	// Personal: the answer holds personal data (contacts, case lists).
	Personal bool
}

// SplitColumns reads the columns of a table as a form's text area gives
// them: one per line or, on a single line, separated by commas. Blank
// ones are dropped.
func SplitColumns(s string) []string {
	sep := ","
	if strings.ContainsAny(s, "\r\n") {
		sep = "\n"
	}
	var out []string
	for _, c := range strings.Split(s, sep) {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// CheckNewItem checks an item to add to a draft return and returns it
// cleaned (trimmed, statements without repeats): part says which part
// slugs the return's template has, known which quality statement slugs
// the catalogue has. What is wrong comes as InputErrors, one per field:
// part, title, wanted, kind, columns, qs.
func CheckNewItem(in NewItem, part, known func(string) bool) (NewItem, error) {
	out := NewItem{Part: in.Part, Kind: in.Kind, Required: in.Required, Personal: in.Personal}
	var errs InputErrors
	if !part(in.Part) {
		errs = append(errs, bad("part", "Select the part of the return the item is in"))
	}
	var ie *InputError
	if out.Title, ie = checkTitle(in.Title); ie != nil {
		errs = append(errs, ie)
	}
	if out.Wanted, ie = checkWanted(in.Wanted); ie != nil {
		errs = append(errs, ie)
	}
	switch {
	case !framework.KnownAnswerKind(in.Kind):
		errs = append(errs, bad("kind", "Select how the council answers the item"))
	case in.Kind == framework.AnswerTable:
		if out.Columns, ie = checkColumns(in.Columns); ie != nil {
			errs = append(errs, ie)
		}
	case len(in.Columns) > 0:
		errs = append(errs, bad("columns", "Only a table has columns: remove them, or select a table"))
	}
	seen := map[string]bool{}
	for _, qs := range in.QS {
		if !known(qs) {
			errs = append(errs, bad("qs", "Select quality statements from the list"))
			break
		}
		if !seen[qs] {
			seen[qs] = true
			out.QS = append(out.QS, qs)
		}
	}
	if len(errs) > 0 {
		return NewItem{}, errs
	}
	return out, nil
}

// checkColumns checks the headings of a table item: 1 to MaxItemColumns,
// each named, short and different from the others.
func checkColumns(cols []string) ([]string, *InputError) {
	out := make([]string, 0, len(cols))
	seen := map[string]bool{}
	for _, c := range cols {
		c = strings.TrimSpace(c)
		switch {
		case c == "":
			return nil, bad("columns", "Enter a name for each column")
		case utf8.RuneCountInString(c) > MaxColumnName:
			return nil, bad("columns", "Each column name must be %d characters or fewer", MaxColumnName)
		case strings.ContainsFunc(c, unicode.IsControl):
			return nil, bad("columns", "Remove control characters from the columns")
		case seen[strings.ToLower(c)]:
			return nil, bad("columns", "Give each column a different name")
		}
		seen[strings.ToLower(c)] = true
		out = append(out, c)
	}
	switch {
	case len(out) == 0:
		return nil, bad("columns", "Enter the columns of the table, one per line")
	case len(out) > MaxItemColumns:
		return nil, bad("columns", "A table can have up to %d columns", MaxItemColumns)
	}
	return out, nil
}
