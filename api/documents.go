package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// statusTag maps a status to its GOV.UK tag colour.
func statusTag(s document.Status) string {
	switch s {
	case document.Ready:
		return "govuk-tag--green"
	case document.Rejected, document.Failed:
		return "govuk-tag--red"
	case document.Withdrawn:
		return "govuk-tag--grey"
	case document.WaitingForScan:
		return "govuk-tag--orange"
	}
	return "govuk-tag--blue"
}

func (s *Server) documentRow(d store.Document) frontend.DocumentRow {
	return frontend.DocumentRow{ID: d.ID, Href: "/documents/" + d.ID, Title: d.Title, LA: d.LA,
		Type: ingest.DocumentTypeLabel(d.Type), UploadedBy: d.UploaderEmail, UploadedAt: govDate(d.UploadedAt, s.loc),
		Size: ingest.HumanSize(d.Size), Status: d.Status.Label(), StatusClass: statusTag(d.Status),
		Reason: d.StatusReason, Pages: d.Pages}
}

// documentsPerPage is how many documents a page of the list shows: a
// council may have thousands, and every one must be reachable.
const documentsPerPage = 200

func (s *Server) showDocuments(c echo.Context) error {
	p, _ := request.Principal(c)
	ctx := c.Request().Context()
	f := store.DocumentFilter{LA: c.QueryParam("la"), Status: document.Status(c.QueryParam("status")), Type: c.QueryParam("type"),
		Limit: documentsPerPage}
	total, err := s.store.CountDocuments(ctx, p.Scope(), f)
	if err != nil {
		return err
	}
	pages := max((total+documentsPerPage-1)/documentsPerPage, 1)
	current, _ := strconv.Atoi(c.QueryParam("page"))
	current = min(max(current, 1), pages) // a page past the end shows the last
	f.Offset = (current - 1) * documentsPerPage
	docs, err := s.store.Documents(ctx, p.Scope(), f)
	if err != nil {
		return err
	}
	page := frontend.DocumentsPage{Layout: s.layout(c), CanUpload: p.Can(authz.ActionSubmitEvidence), Total: total,
		Pagination: pagination(current, pages, func(n int) string {
			v := url.Values{}
			for k, x := range map[string]string{"la": f.LA, "status": string(f.Status), "type": f.Type} {
				if x != "" {
					v.Set(k, x)
				}
			}
			v.Set("page", strconv.Itoa(n))
			return "/documents?" + v.Encode()
		})}
	switch n, _ := strconv.Atoi(c.QueryParam("uploaded")); {
	case n == 1:
		page.Flash = "1 file uploaded: it is now being checked for viruses and read"
	case n > 1:
		page.Flash = fmt.Sprintf("%d files uploaded: they are now being checked for viruses and read", n)
	}
	names := map[string]string{}
	if p.Can(authz.ActionWorkAcrossLAs) {
		las, err := s.store.LAs(ctx, p.Scope())
		if err != nil {
			return err
		}
		for _, la := range las {
			names[la.Code] = la.Name
			page.LAOptions = append(page.LAOptions, frontend.Option{Value: la.Code, Label: la.Name, Selected: f.LA == la.Code})
		}
	}
	for _, d := range docs {
		row := s.documentRow(d)
		if n := names[d.LA]; n != "" {
			row.LA = n
		}
		page.Documents = append(page.Documents, row)
		if !d.Status.Final() {
			page.Refresh = true
		}
	}
	for _, st := range []document.Status{document.Ready, document.WaitingForScan, document.Scanning, document.Extracting, document.Tagging, document.Indexing, document.Rejected, document.Failed, document.Withdrawn} {
		page.StatusOptions = append(page.StatusOptions, frontend.Option{Value: string(st), Label: st.Label(), Selected: f.Status == st})
	}
	for _, t := range ingest.DocumentTypes {
		page.TypeOptions = append(page.TypeOptions, frontend.Option{Value: t[0], Label: t[1], Selected: f.Type == t[0]})
	}
	return s.pages.Render(c, http.StatusOK, "documents", page)
}

// showDocument shows a document with its text. Another council's id is
// 404, exactly as a missing one.
func (s *Server) showDocument(c echo.Context) error {
	p, _ := request.Principal(c)
	d, err := s.store.Document(c.Request().Context(), p.Scope(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.renderDocument(c, d, http.StatusOK, nil)
}

// renderDocument renders a document's page, with an error for a field of
// the add-a-tag form when tagErr is set.
func (s *Server) renderDocument(c echo.Context, d store.Document, status int, tagErr *frontend.FieldError) error {
	p, _ := request.Principal(c)
	ctx := c.Request().Context()
	page := frontend.DocumentPage{Layout: s.layout(c), Doc: s.documentRow(d), Filename: d.Filename, Kind: d.Kind,
		Period: d.Period, Description: d.Description, SHA256: d.SHA256,
		CanDownload: d.Status.Downloadable(), CanReplace: p.Can(authz.ActionSubmitEvidence) && d.Status != document.Withdrawn,
		CanWithdraw: p.Can(authz.ActionSubmitEvidence) && d.Status != document.Withdrawn,
		CanRetry:    p.Can(authz.ActionManagePortal) && d.Status == document.Failed}
	page.TypeGuess, page.PeriodGuess = sourceNote(d.TypeFrom), sourceNote(d.PeriodFrom)
	if d.UploadedBy == p.UserID && d.Status != document.Withdrawn && d.Status != document.Rejected {
		page.ChangeHref = detailsHref([]store.Document{d})
	}
	if q, err := s.catalogue.Statement(d.QSHint); err == nil {
		page.QSHint = q.Name
	}
	if cat, err := s.catalogue.Category(d.CategoryHint); err == nil {
		page.Category = cat.Name
	}
	if la, err := s.store.LA(ctx, p.Scope(), d.LA); err == nil {
		page.Doc.LA = la.Name // the caption names the council
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	history, err := s.store.DocumentHistory(ctx, p.Scope(), d.ID)
	if err != nil {
		return err
	}
	if len(history) > 1 {
		for _, v := range history {
			page.Versions = append(page.Versions, frontend.VersionRow{DocumentRow: s.documentRow(v), Current: v.ID == d.ID})
		}
		page.NewerHref = newerVersion(history, d.ID)
		page.CanReplace = page.CanReplace && page.NewerHref == ""
	}
	if d.Status.HasText() {
		if err := s.documentText(c, d, &page); err != nil {
			return err
		}
		if err := s.addTags(c, d, &page, tagErr); err != nil {
			return err
		}
		s.auditOnce(c, s.documentAudit(c, "document_text_viewed", d))
	} else {
		page.TextNote = "The text appears here once the file has been checked and read."
	}
	return s.pages.Render(c, status, "document", page)
}

// newerVersion links to the newest version that took the place of id in
// its history (newest first), or "" when none did: a newer version that was
// withdrawn, rejected or failed replaces nothing, and the one before it is
// the current one again.
func newerVersion(history []store.Document, id string) string {
	for _, v := range history {
		if v.ID == id {
			return ""
		}
		switch v.Status {
		case document.Withdrawn, document.Rejected, document.Failed:
			continue
		}
		return "/documents/" + v.ID
	}
	return ""
}

func (s *Server) documentAudit(c echo.Context, action string, d store.Document) store.AuditEntry {
	p, _ := request.Principal(c)
	uid := p.UserID
	return store.AuditEntry{ActorUserID: &uid, ActorEmail: p.Email, ActorRole: string(p.Role), Action: action,
		ObjectType: "document", ObjectID: d.ID, LA: d.LA, IP: c.RealIP(), RequestID: request.ID(c)}
}

// downloadDocument serves the original file, only once it was scanned
// clean, as an attachment that browsers will not render in the portal.
func (s *Server) downloadDocument(c echo.Context) error {
	p, _ := request.Principal(c)
	ctx := c.Request().Context()
	d, err := s.store.Document(ctx, p.Scope(), c.Param("id"))
	if err != nil {
		return err
	}
	if !d.Status.Downloadable() {
		return store.ErrNotFound
	}
	r, err := s.blob.Open(ctx, blob.FileKey(d.ID))
	if errors.Is(err, blob.ErrNotFound) {
		return store.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer r.Close()
	if err := s.store.Audit(ctx, s.documentAudit(c, "document_downloaded", d)); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": d.Filename}))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set(echo.HeaderContentType, d.ContentType)
	h.Set(echo.HeaderContentLength, strconv.FormatInt(d.Size, 10))
	c.Response().WriteHeader(http.StatusOK)
	_, err = io.Copy(c.Response(), r)
	return err
}

// submitRetry starts a failed document again, for an admin.
func (s *Server) submitRetry(c echo.Context) error {
	ctx := c.Request().Context()
	d, err := s.store.Document(ctx, authz.AllLAs(), c.Param("id"))
	if err != nil {
		return err
	}
	if _, err := ingest.Retry(ctx, s.store, d.ID, s.documentAudit(c, "document_retried", d)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/documents/"+d.ID)
}
