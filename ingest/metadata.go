package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/internal/framework"
)

// The limits of one upload, the same for the form, the JSON API and tus.
const (
	// MaxFiles is the most files one form may carry.
	MaxFiles = 20
	// MaxFieldBytes bounds each metadata field as sent, before it is read
	// as text.
	MaxFieldBytes = 4 << 10
	// MaxTitle, MaxPeriod and MaxDescription are in characters.
	MaxTitle       = 300
	MaxPeriod      = 100
	MaxDescription = 2000
)

// hintVersion is the framework version whose evidence categories an
// uploader may hint at: the interim one uses the most.
const hintVersion = "interim-2023"

// FieldErrors are GOV.UK error messages keyed by the form field they are
// about ("file", "title", "type", "period", "description", "qs_hint",
// "category_hint").
type FieldErrors map[string]string

// CheckMetadata reads and checks what an uploader says about the files of
// one upload (the form's field names as keys), given how many files it
// carries. The messages are GOV.UK's; an empty FieldErrors means it can be
// recorded.
func CheckMetadata(cat *framework.Catalogue, fields map[string]string, files int) (Metadata, FieldErrors) {
	m := Metadata{
		Title: fields["title"], Type: fields["type"], Period: fields["period"], QSHint: fields["qs_hint"],
		CategoryHint: fields["category_hint"], Description: fields["description"], Replaces: fields["replaces"],
	}
	errs := FieldErrors{}
	// With several files the type may be left for each file's details,
	// guessed from its name and asked after the upload.
	if DocumentTypeLabel(m.Type) == "" && (m.Type != "" || files <= 1) {
		errs["type"] = "Select the type of document"
	}
	if utf8.RuneCountInString(m.Title) > MaxTitle {
		errs["title"] = fmt.Sprintf("Title must be %d characters or fewer", MaxTitle)
	}
	if files > 1 && m.Replaces != "" {
		errs["file"] = "Select one file: a new version is a single file"
	}
	if files > 1 && m.Title != "" {
		errs["title"] = "Leave the title empty when you upload several files: each takes its file name"
	}
	if utf8.RuneCountInString(m.Period) > MaxPeriod {
		errs["period"] = fmt.Sprintf("The period must be %d characters or fewer", MaxPeriod)
	}
	if utf8.RuneCountInString(m.Description) > MaxDescription {
		errs["description"] = "The description must be 2,000 characters or fewer"
	}
	if m.QSHint != "" && !HintQS(cat, m.QSHint) {
		errs["qs_hint"] = "Select a quality statement from the list"
	}
	if m.CategoryHint != "" && !HintCategory(cat, m.CategoryHint) {
		errs["category_hint"] = "Select an evidence category from the list"
	}
	for _, f := range []struct{ id, name, value string }{
		{"title", "title", m.Title}, {"period", "period", m.Period}, {"description", "description", m.Description},
	} {
		if _, taken := errs[f.id]; !taken && hasControl(f.value) {
			errs[f.id] = "Remove control characters from the " + f.name
		}
	}
	return m, errs
}

// hasControl reports whether s holds a control character other than line
// breaks and tabs, which nobody types and some renderers misread.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f })
}

// HintQS reports whether slug is a quality statement an uploader may hint at.
func HintQS(cat *framework.Catalogue, slug string) bool {
	_, err := cat.Statement(slug)
	return err == nil
}

// HintCategory reports whether slug is an evidence category an uploader may
// hint at.
func HintCategory(cat *framework.Catalogue, slug string) bool {
	v, err := cat.Version(hintVersion)
	return err == nil && v.Uses(slug)
}

// HintCategories are the evidence categories an uploader may hint at, in
// the catalogue's order.
func HintCategories(cat *framework.Catalogue) []framework.Category {
	v, err := cat.Version(hintVersion)
	if err != nil {
		return nil
	}
	return v.CategoriesInUse()
}
