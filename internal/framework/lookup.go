package framework

import (
	"fmt"
	"strings"
	"unicode"
)

// Version returns the framework version with the given slug.
func (c *Catalogue) Version(slug string) (*Version, error) {
	for _, v := range c.Versions {
		if v.Slug == slug {
			return v, nil
		}
	}
	return nil, fmt.Errorf("framework version %q: %w", slug, ErrUnknownVersion)
}

// Statement returns the quality statement with the given slug.
func (c *Catalogue) Statement(slug string) (QualityStatement, error) {
	for _, s := range c.Statements {
		if s.Slug == slug {
			return s, nil
		}
	}
	return QualityStatement{}, fmt.Errorf("quality statement %q: %w", slug, ErrUnknownQS)
}

// FindQS returns the quality statement that text names: its slug, its name
// or one of its synonyms, ignoring case, punctuation and spacing, so
// "Safe systems, pathways and transitions" and "safe-systems" both find
// statement 6. Topics are not names and find nothing.
func (c *Catalogue) FindQS(text string) (QualityStatement, error) {
	if i, ok := c.byName[normalise(text)]; ok {
		return c.Statements[i], nil
	}
	return QualityStatement{}, fmt.Errorf("find quality statement %q: %w", text, ErrUnknownQS)
}

// Theme returns the theme with the given slug.
func (c *Catalogue) Theme(slug string) (Theme, error) {
	for _, t := range c.Themes {
		if t.Slug == slug {
			return t, nil
		}
	}
	return Theme{}, fmt.Errorf("theme %q: %w", slug, ErrUnknownTheme)
}

// StatementsOf returns the quality statements of the theme, in number order.
func (c *Catalogue) StatementsOf(theme string) []QualityStatement {
	var out []QualityStatement
	for _, s := range c.Statements {
		if s.Theme == theme {
			out = append(out, s)
		}
	}
	return out
}

// Category returns the evidence category with the given slug.
func (c *Catalogue) Category(slug string) (Category, error) {
	for _, cat := range c.Categories {
		if cat.Slug == slug {
			return cat, nil
		}
	}
	return Category{}, fmt.Errorf("evidence category %q: %w", slug, ErrUnknownCategory)
}

// Meaning returns what a score means, such as "Good standard" for 3.
func (c *Catalogue) Meaning(score int) (string, error) {
	for _, s := range c.Scores {
		if s.Score == score {
			return s.Meaning, nil
		}
	}
	return "", fmt.Errorf("score %d: %w", score, ErrScoreOutOfRange)
}

// normalise lower-cases s, drops apostrophes, reads "&" as "and" and turns
// every other run of non-letters and non-digits into one space.
func normalise(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "&", " and ")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\'' || r == '’':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}
