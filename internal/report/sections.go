package report

import (
	"errors"
	"fmt"
	"strings"

	"github.com/evidenceportal/portal/internal/framework"
)

// Kind is what a section of the report is about.
type Kind string

// The kinds of section, in the order a report shows them.
const (
	KindSummary     Kind = "summary"
	KindPeople      Kind = "people"
	KindTheme       Kind = "theme"
	KindQS          Kind = "qs"
	KindStrengths   Kind = "strengths"
	KindDevelopment Kind = "development"
	KindDirection   Kind = "direction"
	KindAbout       Kind = "about"
)

// Section is one section of a report: its key, as stored and in addresses,
// and its heading.
type Section struct {
	Key   string
	Kind  Kind
	Title string
	// Theme is the theme's slug, for a theme or quality statement section.
	Theme string
	// QS is the quality statement, for a quality statement section.
	QS *framework.QualityStatement
}

// ErrUnknownSection means a key names no section of the report.
var ErrUnknownSection = errors.New("unknown report section")

// Sections are the report's sections in order: the overall summary, the
// summary of people's experiences, each theme followed by its quality
// statements, strengths, areas for development, direction of travel and
// about the local authority.
func Sections(cat *framework.Catalogue) []Section {
	out := []Section{
		{Key: "summary", Kind: KindSummary, Title: "Overall summary"},
		{Key: "people", Kind: KindPeople, Title: "Summary of people's experiences"},
	}
	for _, t := range cat.Themes {
		out = append(out, Section{Key: "theme-" + t.Slug, Kind: KindTheme, Title: t.Name, Theme: t.Slug})
		for _, q := range cat.StatementsOf(t.Slug) {
			out = append(out, Section{Key: "qs-" + q.Slug, Kind: KindQS, Title: q.Name, Theme: t.Slug, QS: &q})
		}
	}
	return append(out,
		Section{Key: "strengths", Kind: KindStrengths, Title: "Areas of strength and good practice"},
		Section{Key: "development", Kind: KindDevelopment, Title: "Areas for development"},
		Section{Key: "direction", Kind: KindDirection, Title: "Direction of travel"},
		Section{Key: "about", Kind: KindAbout, Title: "About the local authority"},
	)
}

// Find is the section with the given key.
func Find(cat *framework.Catalogue, key string) (Section, error) {
	for _, s := range Sections(cat) {
		if s.Key == key {
			return s, nil
		}
	}
	return Section{}, fmt.Errorf("section %q: %w", key, ErrUnknownSection)
}

// Heading is how a quality statement section or a theme section is headed
// in a theme's page: "Key findings for this theme" for the theme itself.
func (s Section) Heading() string {
	if s.Kind == KindTheme {
		return "Key findings for this theme"
	}
	return s.Title
}

// WhatPeopleExpect are the quality statement's I statements, none for the
// Leadership statements.
func (s Section) WhatPeopleExpect() []string {
	if s.QS == nil {
		return nil
	}
	return s.QS.I
}

// Commitment is the quality statement's we statement: "The local authority
// commitment".
func (s Section) Commitment() string {
	if s.QS == nil {
		return ""
	}
	return s.QS.We
}

// Citation cites a page of a document for one paragraph of a section.
type Citation struct {
	// Paragraph counts from 1, in Paragraphs of the section's text.
	Paragraph  int    `json:"paragraph"`
	DocumentID string `json:"document_id"`
	Title      string `json:"title,omitempty"`
	Page       int    `json:"page"`
}

// MaxCitations bounds the citations of one section.
const MaxCitations = 50

// ErrBadParagraph means a citation names a paragraph the text does not have.
var ErrBadParagraph = errors.New("no such paragraph")

// CheckCitations checks that each citation names a paragraph of text and a
// page from 1, and that there are at most MaxCitations.
func CheckCitations(text string, cites []Citation) error {
	if len(cites) > MaxCitations {
		return fmt.Errorf("%d citations, at most %d: %w", len(cites), MaxCitations, ErrBadParagraph)
	}
	n := len(Paragraphs(text))
	for _, c := range cites {
		if c.Paragraph < 1 || c.Paragraph > n || c.Page < 1 || strings.TrimSpace(c.DocumentID) == "" {
			return fmt.Errorf("citation of paragraph %d, page %d: %w", c.Paragraph, c.Page, ErrBadParagraph)
		}
	}
	return nil
}
