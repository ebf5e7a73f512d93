package framework

import "fmt"

// Answer kinds: how a council answers an item of an information return.
const (
	AnswerDocuments = "documents" // documents of its own, with pages or sections
	AnswerLink      = "link"      // a public link, stored and shown, never fetched
	AnswerText      = "text"      // a short text
	AnswerTable     = "table"     // rows under the item's columns, such as contacts
)

// AnswerKinds lists every answer kind.
func AnswerKinds() []string { return []string{AnswerDocuments, AnswerLink, AnswerText, AnswerTable} }

// KnownAnswerKind reports whether kind is one of AnswerKinds.
func KnownAnswerKind(kind string) bool {
	for _, k := range AnswerKinds() {
		if k == kind {
			return true
		}
	}
	return false
}

// MaxTableColumns bounds the columns of a table item.
const MaxTableColumns = 12

// ReturnTemplate is the default list of items of an information return,
// kept as versioned data beside the framework (data/la-return-*.json).
type ReturnTemplate struct {
	Slug  string `json:"slug"`
	Name  string `json:"name"`
	About string `json:"about"`
	// DueDays is how long after issue the items are due, by default.
	DueDays int            `json:"dueDays"`
	Parts   []ReturnPart   `json:"parts"`
	Items   []TemplateItem `json:"items"`
}

// ReturnPart is one part of a return, such as contacts for interviews.
type ReturnPart struct {
	Slug  string `json:"slug"`
	Name  string `json:"name"`
	About string `json:"about"`
}

// TemplateItem is one thing CQC asks the council for.
type TemplateItem struct {
	// Key names the item within its return.
	Key    string `json:"key"`
	Part   string `json:"part"`
	Title  string `json:"title"`
	Wanted string `json:"wanted"`
	// QS and Categories are the quality statements and evidence categories
	// the item relates to, zero or more of each.
	QS         []string `json:"qs"`
	Categories []string `json:"categories"`
	Kind       string   `json:"kind"`
	// Columns are the headings of a table item.
	Columns  []string `json:"columns,omitempty"`
	Required bool     `json:"required"`
	// Personal: the answer holds personal data (contacts, case lists).
	Personal bool `json:"personal,omitempty"`
	// Source says where the item's text comes from.
	Source string `json:"source"`
}

// DefaultReturnTemplate is the slug of the template new returns start from.
const DefaultReturnTemplate = "la-return-2025"

// LoadReturnTemplate reads the embedded template with the given slug and
// checks it against the catalogue.
func (c *Catalogue) LoadReturnTemplate(slug string) (*ReturnTemplate, error) {
	if slug != DefaultReturnTemplate {
		return nil, fmt.Errorf("return template %q: unknown", slug)
	}
	var t ReturnTemplate
	if err := decode("data/"+slug+".json", &t); err != nil {
		return nil, err
	}
	if err := c.checkTemplate(&t); err != nil {
		return nil, fmt.Errorf("return template %s: %w", slug, err)
	}
	return &t, nil
}

// Part returns the part with the given slug.
func (t *ReturnTemplate) Part(slug string) (ReturnPart, bool) {
	for _, p := range t.Parts {
		if p.Slug == slug {
			return p, true
		}
	}
	return ReturnPart{}, false
}

func (c *Catalogue) checkTemplate(t *ReturnTemplate) error {
	var p problems
	p.want(t.Slug != "" && t.Name != "", "template with no slug or name")
	p.want(t.DueDays >= 1 && t.DueDays <= 120, "template due days %d, want 1-120", t.DueDays)
	parts := map[string]bool{}
	for _, part := range t.Parts {
		p.unique(parts, "part", part.Slug)
		p.want(part.Name != "", "part %q has no name", part.Slug)
	}
	keys := map[string]bool{}
	for _, it := range t.Items {
		p.unique(keys, "item", it.Key)
		p.want(validKey(it.Key), "item key %q is not lower-case letters, digits and hyphens", it.Key)
		p.want(parts[it.Part], "item %q is in unknown part %q", it.Key, it.Part)
		p.want(it.Title != "" && it.Wanted != "", "item %q has no title or no description", it.Key)
		p.want(it.Source != "", "item %q does not say where its text comes from", it.Key)
		p.want(KnownAnswerKind(it.Kind), "item %q has unknown answer kind %q", it.Key, it.Kind)
		for _, qs := range it.QS {
			_, err := c.Statement(qs)
			p.want(err == nil, "item %q relates to unknown quality statement %q", it.Key, qs)
		}
		for _, cat := range it.Categories {
			_, err := c.Category(cat)
			p.want(err == nil, "item %q relates to unknown evidence category %q", it.Key, cat)
		}
		if it.Kind == AnswerTable {
			p.want(len(it.Columns) >= 1 && len(it.Columns) <= MaxTableColumns, "table item %q has %d columns, want 1-%d", it.Key, len(it.Columns), MaxTableColumns)
		} else {
			p.want(len(it.Columns) == 0, "item %q is not a table but has columns", it.Key)
		}
	}
	for _, part := range t.Parts {
		n := 0
		for _, it := range t.Items {
			if it.Part == part.Slug {
				n++
			}
		}
		p.want(n > 0, "part %q has no items", part.Slug)
	}
	return p.err()
}

// validKey is what an item key may be: it appears in URLs and form ids.
func validKey(k string) bool {
	if k == "" || len(k) > 60 {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
