package frontend

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"
)

//go:embed templates
var templateFiles embed.FS

// Renderer renders the pages. Templates are parsed once, at start: one set
// per page, cloned from the layout and the partials.
type Renderer struct {
	pages map[string]*template.Template
	// docs are whole documents with no layout (templates/documents).
	docs   map[string]*template.Template
	assets *Assets
}

// New parses every page template.
func New(assets *Assets) (*Renderer, error) {
	funcs := template.FuncMap{
		"asset": assets.URL,
		"lower": strings.ToLower,
		"inc":   func(i int) int { return i + 1 },
	}
	// Partials are pieces more than one page shows.
	base, err := template.New("layout").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("list page templates: %w", err)
	}
	r := &Renderer{pages: map[string]*template.Template{}, docs: map[string]*template.Template{}, assets: assets}
	docs, err := fs.Glob(templateFiles, "templates/documents/*.html")
	if err != nil {
		return nil, fmt.Errorf("list document templates: %w", err)
	}
	for _, name := range docs {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("clone partials for %s: %w", name, err)
		}
		if _, err := t.ParseFS(templateFiles, name); err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		r.docs[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	for _, name := range names {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("clone layout for %s: %w", name, err)
		}
		if _, err := t.ParseFS(templateFiles, name); err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		r.pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return r, nil
}

// Render writes the named page. It renders into a buffer first so that a
// template error never leaves half a page on the wire.
func (r *Renderer) Render(w io.Writer, name string, page any) error {
	t, ok := r.pages[name]
	if !ok {
		return fmt.Errorf("render %s: no such page", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", page); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// Document writes the named document of templates/documents: a whole HTML
// document with no layout (the source of a PDF, which has no header,
// navigation or scripts, and its styles inline).
func (r *Renderer) Document(w io.Writer, name string, page any) error {
	t, ok := r.docs[name]
	if !ok {
		return fmt.Errorf("render %s: no such document", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "document", page); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// Pages lists the names of every page, for tests.
func (r *Renderer) Pages() []string {
	names := make([]string, 0, len(r.pages))
	for n := range r.pages {
		names = append(names, n)
	}
	return names
}
