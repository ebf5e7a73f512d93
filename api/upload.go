package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/ingest/sniff"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

func (s *Server) uploadPage(c echo.Context) frontend.UploadPage {
	page := frontend.UploadPage{Layout: s.layout(c), MaxSize: ingest.HumanSize(s.opts.UploadMaxBytes)}
	var exts []string
	for _, k := range sniff.Allowed() {
		for _, e := range k.Extensions {
			if e != "" {
				exts = append(exts, e)
			}
		}
	}
	page.Accept = strings.Join(exts, ",")
	page.AllowedTypes = "Files must be a " + ingest.OrList(sniff.AllowedShort())
	return page
}

func (s *Server) fillOptions(page *frontend.UploadPage, m ingest.Metadata) {
	for _, t := range ingest.DocumentTypes {
		page.TypeOptions = append(page.TypeOptions, frontend.Option{Value: t[0], Label: t[1], Selected: m.Type == t[0]})
	}
	for _, q := range s.qsOptions() {
		page.QSOptions = append(page.QSOptions, frontend.Option{Value: q[0], Label: q[1], Selected: m.QSHint == q[0]})
	}
	for _, q := range s.categoryOptions() {
		page.CategoryOptions = append(page.CategoryOptions, frontend.Option{Value: q[0], Label: q[1], Selected: m.CategoryHint == q[0]})
	}
}

func (s *Server) showUploadForm(c echo.Context) error {
	page := s.uploadPage(c)
	// An item of an information return links here with its statement as the hint.
	m := ingest.Metadata{QSHint: c.QueryParam("qs_hint")}
	if id := c.QueryParam("replaces"); id != "" {
		p, _ := request.Principal(c)
		d, err := s.store.Document(c.Request().Context(), p.Scope(), id)
		if err != nil {
			return err
		}
		page.Replaces, page.ReplacesTitle = d.ID, d.Title
		// A new version is most often the same kind of document for a
		// later period: its details are carried forward, to be changed.
		m = ingest.Metadata{Type: d.Type, QSHint: d.QSHint, CategoryHint: d.CategoryHint}
		page.Title, page.Period, page.Description = d.Title, d.Period, d.Description
	}
	s.fillOptions(&page, m)
	return s.pages.Render(c, http.StatusOK, "upload", page)
}

// submitUpload takes the upload form: files stream to quarantine as they
// arrive, then the form is checked and each file recorded with its scan job.
func (s *Server) submitUpload(c echo.Context) error {
	docs, m, errs, dup, err := s.acceptUpload(c)
	if err != nil {
		return err
	}
	switch {
	case len(errs) == 0 && len(docs) > 1:
		return c.Redirect(http.StatusSeeOther, detailsHref(docs))
	case len(errs) == 0:
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/documents?uploaded=%d", len(docs)))
	}
	page := s.uploadPage(c)
	s.fillOptions(&page, m)
	page.Title, page.Period, page.Description, page.Replaces = m.Title, m.Period, m.Description, m.Replaces
	page.FileError, page.TypeError, page.TitleError = errs["file"], errs["type"], errs["title"]
	page.PeriodError, page.DescError, page.QSError, page.CategoryError = errs["period"], errs["description"], errs["qs_hint"], errs["category_hint"]
	if dup != nil {
		page.DuplicateHref = "/documents/" + dup.ID
	}
	page.Layout.Errors = fieldErrors("file", errs["file"], "type", errs["type"], "title", errs["title"], "period", errs["period"],
		"qs_hint", errs["qs_hint"], "category_hint", errs["category_hint"], "description", errs["description"])
	return s.pages.Render(c, http.StatusUnprocessableEntity, "upload", page)
}

// replaceProblem says why a document cannot get a new version, or "" when
// it can. Only the newest version in use gets one, so that versions make a
// line (withdrawing the newest then brings back the one before it), and a
// withdrawn document gets none, as its page offers none.
func (s *Server) replaceProblem(c echo.Context, p authz.Principal, id string) (string, error) {
	ctx := c.Request().Context()
	d, err := s.store.Document(ctx, p.Scope(), id)
	if errors.Is(err, store.ErrNotFound) {
		return "The document you are replacing could not be found", nil
	}
	if err != nil {
		return "", err
	}
	if d.Status == document.Withdrawn {
		return "The document you are replacing has been withdrawn: upload the file as a new document", nil
	}
	history, err := s.store.DocumentHistory(ctx, p.Scope(), d.ID)
	if err != nil {
		return "", err
	}
	if newerVersion(history, d.ID) != "" {
		return "The document you are replacing already has a newer version: upload a new version of that one", nil
	}
	return "", nil
}

// acceptUpload is the work both the form and the API do. errs holds GOV.UK
// messages by field; when it is not empty no file was kept.
func (s *Server) acceptUpload(c echo.Context) (docs []store.Document, m ingest.Metadata, errs map[string]string, dup *store.Document, err error) {
	p, _ := request.Principal(c)
	u, err := s.readUpload(c)
	if err != nil {
		return nil, m, nil, nil, err
	}
	m, errs = ingest.CheckMetadata(s.catalogue, u.fields, len(u.files))
	switch {
	case u.fileError != "":
		errs["file"] = u.fileError
	case len(u.files) == 0:
		errs["file"] = ingest.MsgNoFile
	}
	if m.Replaces != "" {
		msg, err := s.replaceProblem(c, p, m.Replaces)
		if err != nil {
			s.discard(c, u.files)
			return nil, m, nil, nil, err
		}
		if msg != "" {
			errs["file"] = msg
		}
	}
	if len(errs) > 0 {
		s.discard(c, u.files)
		s.recordUploadRefusal(c.Request().Context(), p, c.RealIP(), request.ID(c), errs)
		return nil, m, errs, nil, nil
	}
	m.LA, m.UploadedBy = p.LA, p.UserID
	for i, f := range u.files {
		uid := p.UserID
		fm := m
		if len(u.files) > 1 { // each file's details are asked next, from these guesses
			fm = withGuesses(m, f.Filename)
		}
		d, err := s.intake.Record(c.Request().Context(), f, fm, store.AuditEntry{ActorUserID: &uid, ActorEmail: p.Email,
			ActorRole: string(p.Role), IP: c.RealIP(), RequestID: request.ID(c)})
		var de *store.DuplicateError
		if errors.As(err, &de) {
			s.discard(c, u.files[i+1:])
			errs["file"] = s.duplicateMessage(de.Existing)
			s.recordUploadRefusal(c.Request().Context(), p, c.RealIP(), request.ID(c), map[string]string{"file": "duplicate of " + de.Existing.ID})
			return docs, m, errs, &de.Existing, nil
		}
		if err != nil {
			s.discard(c, u.files[i+1:])
			return docs, m, nil, nil, err
		}
		docs = append(docs, d)
	}
	return docs, m, nil, nil, nil
}
