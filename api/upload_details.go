package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// An upload of several files asks for each file's details on a page of
// its own once the files are in (issue 17, item 7): the upload form's type,
// period and description, when given, are each file's first answer, and
// what the form left empty is guessed from the file's name
// (ingest.GuessDetails), for the uploader to check and change; once the
// text is read, what is still a guess may be guessed again from it.

// detailsHref is the review step of the uploaded documents.
func detailsHref(docs []store.Document) string {
	q := url.Values{}
	for _, d := range docs {
		q.Add("id", d.ID)
	}
	return "/documents/details?" + q.Encode()
}

// withGuesses is m for one file: what the form left empty guessed from
// the file's name, and "other" for a type nothing suggests, each marked as
// a guess, which the text may replace once read (ingest.GuessFromText).
func withGuesses(m ingest.Metadata, filename string) ingest.Metadata {
	g := ingest.GuessDetails(filename)
	if m.Type == "" {
		m.Type, m.TypeFrom = g.Type, store.FromName
		if m.Type == "" {
			m.Type, m.TypeFrom = "other", store.FromNone
		}
	}
	if m.Period == "" {
		m.Period, m.PeriodFrom = g.Period, store.FromName
		if m.Period == "" {
			m.PeriodFrom = store.FromNone
		}
	}
	return m
}

// guessNote says which of a document's details are guesses and from what:
// "The type was guessed from the file's name and the period from the
// text." "" when none is.
func guessNote(d store.Document) string {
	from := map[store.Source][]string{}
	if d.TypeFrom == store.FromName || d.TypeFrom == store.FromText {
		from[d.TypeFrom] = append(from[d.TypeFrom], "type")
	}
	if d.Period != "" && (d.PeriodFrom == store.FromName || d.PeriodFrom == store.FromText) {
		from[d.PeriodFrom] = append(from[d.PeriodFrom], "period")
	}
	words := map[store.Source]string{store.FromName: "the file's name", store.FromText: "the text"}
	var parts []string
	for _, src := range []store.Source{store.FromName, store.FromText} {
		if fields := from[src]; len(fields) > 0 {
			parts = append(parts, strings.Join(fields, " and ")+" from "+words[src])
		}
	}
	switch {
	case len(parts) == 0:
		return ""
	case len(parts) == 2:
		return "The " + strings.Replace(parts[0], " from ", " was guessed from ", 1) + " and the " + parts[1] + "."
	case strings.Contains(parts[0], " and "):
		return "The " + strings.Replace(parts[0], " from ", " were guessed from ", 1) + "."
	}
	return "The " + strings.Replace(parts[0], " from ", " was guessed from ", 1) + "."
}

// sourceNote is the hint beside a guessed type or period on a document's
// page, "" when a person chose it.
func sourceNote(src store.Source) string {
	switch src {
	case store.FromName:
		return "Guessed from the file name"
	case store.FromText:
		return "Guessed from the text"
	}
	return ""
}

// uploadedDocuments are the documents of the query's ids that the person
// asking uploaded; any other id is not found.
func (s *Server) uploadedDocuments(c echo.Context, ids []string) ([]store.Document, error) {
	p, _ := request.Principal(c)
	if len(ids) == 0 || len(ids) > ingest.MaxFiles {
		return nil, store.ErrNotFound
	}
	var docs []store.Document
	for _, id := range ids {
		d, err := s.store.Document(c.Request().Context(), p.Scope(), id)
		if err != nil {
			return nil, err
		}
		if d.UploadedBy != p.UserID {
			return nil, store.ErrNotFound
		}
		docs = append(docs, d)
	}
	return docs, nil
}

func (s *Server) fileDetails(d store.Document) frontend.UploadFileDetails {
	f := frontend.UploadFileDetails{ID: d.ID, Filename: d.Filename, Href: "/documents/" + d.ID, Title: d.Title,
		Period: d.Period, Desc: d.Description}
	for _, t := range ingest.DocumentTypes {
		f.TypeOptions = append(f.TypeOptions, frontend.Option{Value: t[0], Label: t[1], Selected: d.Type == t[0]})
	}
	f.Guessed = guessNote(d)
	return f
}

// showUploadDetails is the review step of an upload of several files.
func (s *Server) showUploadDetails(c echo.Context) error {
	docs, err := s.uploadedDocuments(c, c.QueryParams()["id"])
	if err != nil {
		return err
	}
	page := frontend.UploadDetailsPage{Layout: s.layout(c)}
	for _, d := range docs {
		page.Files = append(page.Files, s.fileDetails(d))
	}
	return s.pages.Render(c, http.StatusOK, "upload_details", page)
}

// submitUploadDetails saves each file's details; with any error nothing is
// saved and the page shows every file again with its errors.
func (s *Server) submitUploadDetails(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	docs, err := s.uploadedDocuments(c, form["id"])
	if err != nil {
		return err
	}
	page := frontend.UploadDetailsPage{Layout: s.layout(c)}
	details := make([]store.DocumentDetails, len(docs))
	for i, d := range docs {
		get := func(name string) string { return strings.TrimSpace(form.Get(name + "-" + d.ID)) }
		fields := map[string]string{"title": get("title"), "type": get("type"), "period": get("period"),
			"description": strings.ReplaceAll(get("description"), "\r\n", "\n")}
		m, errs := ingest.CheckMetadata(s.catalogue, fields, 1)
		if m.Title == "" {
			m.Title = strings.TrimSuffix(d.Filename, path.Ext(d.Filename))
		}
		details[i] = store.DocumentDetails{Title: m.Title, Type: m.Type, Period: m.Period, Description: m.Description}
		shown := store.Document{ID: d.ID, Filename: d.Filename, Title: fields["title"], Type: m.Type, Period: m.Period, Description: m.Description}
		if m.Type == d.Type {
			shown.TypeFrom = d.TypeFrom
		}
		if m.Period == d.Period {
			shown.PeriodFrom = d.PeriodFrom
		}
		f := s.fileDetails(shown)
		f.TitleError, f.TypeError, f.PeriodError, f.DescError = errs["title"], errs["type"], errs["period"], errs["description"]
		for _, e := range []struct{ field, msg string }{{"type", f.TypeError}, {"title", f.TitleError}, {"period", f.PeriodError}, {"description", f.DescError}} {
			if e.msg != "" {
				page.Layout.Errors = append(page.Layout.Errors, frontend.FieldError{Field: e.field + "-" + d.ID, Message: d.Filename + ": " + e.msg})
			}
		}
		page.Files = append(page.Files, f)
	}
	if len(page.Layout.Errors) > 0 {
		return s.pages.Render(c, http.StatusUnprocessableEntity, "upload_details", page)
	}
	p, _ := request.Principal(c)
	for i, d := range docs {
		a := s.documentAudit(c, "document_details_changed", d)
		a.Detail = map[string]string{"type": details[i].Type}
		err := s.store.SetDocumentDetails(c.Request().Context(), p.Scope(), d.ID, p.UserID, details[i], a, reindex(d.ID))
		if errors.Is(err, store.ErrNotFound) {
			continue // withdrawn or rejected in between: nothing to describe
		}
		if err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/documents?uploaded=%d", len(docs)))
}
