package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/labstack/echo/v4"
)

// returnJSON is an information return as the API gives it.
type returnJSON struct {
	ID         int64            `json:"id"`
	Assessment int64            `json:"assessment"`
	LA         string           `json:"la"`
	State      string           `json:"state"`
	DueOn      string           `json:"due_on,omitempty"`
	Items      []returnItemJSON `json:"items"`
}

type returnItemJSON struct {
	ID         int64      `json:"id"`
	Part       string     `json:"part"`
	Title      string     `json:"title"`
	Wanted     string     `json:"wanted"`
	QS         []string   `json:"qs"`
	Kind       string     `json:"kind"`
	Columns    []string   `json:"columns,omitempty"`
	Required   bool       `json:"required"`
	Personal   bool       `json:"personal"`
	Status     string     `json:"status"`
	DueOn      string     `json:"due_on,omitempty"`
	Answered   bool       `json:"answered"`
	Version    int        `json:"version"`
	Link       string     `json:"link,omitempty"`
	Text       string     `json:"text,omitempty"`
	Rows       [][]string `json:"rows,omitempty"`
	Citations  []citeJSON `json:"documents,omitempty"`
	AnsweredBy string     `json:"answered_by,omitempty"`
}

type citeJSON struct {
	DocumentID string `json:"document_id"`
	Page       int    `json:"page,omitempty"`
	Section    string `json:"section,omitempty"`
}

func dateOf(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// showReturnJSON is GET /api/v1/assessments/{id}/return: the return with
// its items, answers and due dates, under the page's rules (no drafts for
// the council, personal answers only for those who may see them, each such
// view audited).
func (s *Server) showReturnJSON(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	if rc.r.ID == 0 {
		return echo.ErrNotFound
	}
	items, err := s.store.ReturnItems(c.Request().Context(), rc.p.Scope(), rc.r.ID, rc.offer.ViewPersonal)
	if err != nil {
		return err
	}
	doc := returnJSON{ID: rc.r.ID, Assessment: rc.a.ID, LA: rc.a.LA, State: string(rc.r.State), DueOn: dateOf(rc.r.DueOn),
		Items: []returnItemJSON{}}
	for _, it := range items {
		ij := returnItemJSON{ID: it.ID, Part: it.Part, Title: it.Title, Wanted: it.Wanted, QS: it.QS, Kind: it.Kind,
			Columns: it.Columns, Required: it.Required, Personal: it.Personal, DueOn: dateOf(it.DueOn)}
		answered := it.Answer != nil && it.Answer.Answered
		ij.Status = string(assessment.StatusOf(rc.r.State, answered, it.DueOn, s.today()))
		if a := it.Answer; a != nil {
			ij.Answered, ij.Version, ij.Link, ij.Text, ij.Rows, ij.AnsweredBy = a.Answered, a.Version, a.Link, a.Text, a.Rows, a.AnsweredBy
			for _, ct := range a.Citations {
				ij.Citations = append(ij.Citations, citeJSON{DocumentID: ct.DocumentID, Page: ct.Page, Section: ct.Section})
			}
		}
		doc.Items = append(doc.Items, ij)
	}
	if err := s.auditPersonalView(c, rc, items); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, doc)
}

// answerRequest is the body of an answer sent through the API.
type answerRequest struct {
	Kind      string     `json:"kind"`
	Link      string     `json:"link"`
	Text      string     `json:"text"`
	Rows      [][]string `json:"rows"`
	Documents []citeJSON `json:"documents"`
	Version   int        `json:"version"`
}

// answerItemJSON is POST /api/v1/assessments/{id}/return/items/{item}:
// the council's answer, checked and saved as the form's, with its messages.
func (s *Server) answerItemJSON(c echo.Context) error {
	rc, it, err := s.loadItem(c)
	if err != nil {
		return err
	}
	switch {
	case !rc.mayAnswer:
		return authz.ErrForbidden
	case !rc.offer.Answer:
		return c.JSON(http.StatusConflict, map[string]any{"error": map[string]string{"code": "wrong_state",
			"message": "The return has been submitted: answers can no longer be changed"}})
	}
	var req answerRequest
	if err := json.NewDecoder(c.Request().Body).Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		return echo.NewHTTPError(http.StatusBadRequest, "the body is not a JSON answer").SetInternal(err)
	}
	sent := assessment.Answer{Kind: req.Kind, Link: req.Link, Text: req.Text, Rows: req.Rows}
	if len(req.Documents) > assessment.MaxCitations {
		return invalidJSON(c, "documents", "An answer can cite up to 50 documents")
	}
	for _, d := range req.Documents {
		sent.Citations = append(sent.Citations, assessment.Citation{DocumentID: d.DocumentID, Page: d.Page, Section: d.Section})
	}
	msg, status, err := s.saveAnswer(c, rc, it, sent, req.Version)
	if err != nil {
		return err
	}
	if msg != "" {
		if status == http.StatusConflict {
			return c.JSON(status, map[string]any{"error": map[string]string{"code": "conflict", "message": msg}})
		}
		return invalidJSON(c, "answer", msg)
	}
	return c.NoContent(http.StatusNoContent)
}
