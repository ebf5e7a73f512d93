package api

import (
	"net/http"
	"time"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

type documentJSON struct {
	ID           string          `json:"id"`
	LA           string          `json:"la"`
	Title        string          `json:"title"`
	Type         string          `json:"type"`
	Period       string          `json:"period,omitempty"`
	QSHint       string          `json:"qs_hint,omitempty"`
	CategoryHint string          `json:"category_hint,omitempty"`
	Description  string          `json:"description,omitempty"`
	Filename     string          `json:"filename"`
	Kind         string          `json:"kind"`
	ContentType  string          `json:"content_type"`
	Size         int64           `json:"size"`
	SHA256       string          `json:"sha256"`
	Status       document.Status `json:"status"`
	StatusReason string          `json:"status_reason"`
	Pages        int             `json:"pages"`
	UploadedBy   string          `json:"uploaded_by"`
	UploadedAt   time.Time       `json:"uploaded_at"`
	UpdatedAt    time.Time       `json:"updated_at"`
	Replaces     string          `json:"replaces,omitempty"`
	// TypeFrom and PeriodFrom say where type and period came from:
	// person, name (the file's), text (its content) or none.
	TypeFrom   store.Source `json:"type_from"`
	PeriodFrom store.Source `json:"period_from"`
}

func toJSON(d store.Document) documentJSON {
	return documentJSON{ID: d.ID, LA: d.LA, Title: d.Title, Type: d.Type, Period: d.Period, QSHint: d.QSHint,
		CategoryHint: d.CategoryHint, Description: d.Description, Filename: d.Filename, Kind: d.Kind,
		ContentType: d.ContentType, Size: d.Size, SHA256: d.SHA256, Status: d.Status, StatusReason: d.StatusReason,
		Pages: d.Pages, UploadedBy: d.UploaderEmail, UploadedAt: d.UploadedAt, UpdatedAt: d.UpdatedAt, Replaces: d.Replaces,
		TypeFrom: d.TypeFrom, PeriodFrom: d.PeriodFrom}
}

// createDocumentJSON is POST /api/v1/documents: multipart with `file` and the
// metadata fields. One file answers the document; several, a list.
func (s *Server) createDocumentJSON(c echo.Context) error {
	docs, _, errs, dup, err := s.acceptUpload(c)
	if err != nil {
		return err
	}
	if dup != nil {
		return c.JSON(http.StatusConflict, map[string]any{"error": map[string]any{
			"code": "duplicate", "message": errs["file"], "existing_id": dup.ID}})
	}
	if len(errs) > 0 {
		msg := ""
		for _, f := range []string{"file", "type", "title", "period", "qs_hint", "category_hint", "description"} {
			if errs[f] != "" {
				msg = errs[f]
				break
			}
		}
		return c.JSON(http.StatusUnprocessableEntity, map[string]any{"error": map[string]any{
			"code": "invalid", "message": msg, "fields": errs}})
	}
	if len(docs) == 1 {
		return c.JSON(http.StatusCreated, toJSON(docs[0]))
	}
	out := make([]documentJSON, len(docs))
	for i, d := range docs {
		out[i] = toJSON(d)
	}
	return c.JSON(http.StatusCreated, map[string]any{"documents": out})
}

func (s *Server) listDocumentsJSON(c echo.Context) error {
	p, _ := request.Principal(c)
	docs, err := s.store.Documents(c.Request().Context(), p.Scope(),
		store.DocumentFilter{LA: c.QueryParam("la"), Status: document.Status(c.QueryParam("status")), Type: c.QueryParam("type")})
	if err != nil {
		return err
	}
	out := make([]documentJSON, 0, len(docs))
	for _, d := range docs {
		out = append(out, toJSON(d))
	}
	return c.JSON(http.StatusOK, map[string]any{"documents": out})
}

func (s *Server) showDocumentJSON(c echo.Context) error {
	p, _ := request.Principal(c)
	d, err := s.store.Document(c.Request().Context(), p.Scope(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toJSON(d))
}

// maxStatusIDs bounds one poll of the documents page.
const maxStatusIDs = 200

type statusJSON struct {
	ID     string          `json:"id"`
	Status document.Status `json:"status"`
	Label  string          `json:"label"`
	Class  string          `json:"class"`
	Reason string          `json:"reason"`
	Pages  int             `json:"pages"`
	Final  bool            `json:"final"`
}

// showDocumentStatusesJSON is GET /api/v1/documents/status?id=...&id=...: the
// status of the documents named that the caller may see, for the
// documents page to update itself without a reload.
func (s *Server) showDocumentStatusesJSON(c echo.Context) error {
	p, _ := request.Principal(c)
	ids := c.QueryParams()["id"]
	if len(ids) == 0 || len(ids) > maxStatusIDs {
		return echo.NewHTTPError(http.StatusBadRequest, "give between 1 and 200 ids")
	}
	docs, err := s.store.Documents(c.Request().Context(), p.Scope(), store.DocumentFilter{IDs: ids, Limit: maxStatusIDs})
	if err != nil {
		return err
	}
	out := make([]statusJSON, 0, len(docs))
	for _, d := range docs {
		r := s.documentRow(d)
		out = append(out, statusJSON{ID: d.ID, Status: d.Status, Label: r.Status, Class: r.StatusClass, Reason: r.Reason,
			Pages: d.Pages, Final: d.Status.Final()})
	}
	return c.JSON(http.StatusOK, map[string]any{"documents": out})
}

// withdrawDocumentJSON is POST /api/v1/documents/{id}/withdraw with a `reason`.
func (s *Server) withdrawDocumentJSON(c echo.Context) error {
	d, _, msg, err := s.withdraw(c)
	if err != nil {
		return err
	}
	if msg != "" {
		return c.JSON(http.StatusUnprocessableEntity, map[string]any{"error": map[string]any{
			"code": "invalid", "message": msg, "fields": map[string]string{"reason": msg}}})
	}
	return c.JSON(http.StatusOK, toJSON(d))
}
