package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// returnJSON is an information return as the API gives it.
type returnJSON struct {
	ID          int64            `json:"id"`
	Assessment  int64            `json:"assessment"`
	LA          string           `json:"la"`
	State       string           `json:"state"`
	DueOn       string           `json:"due_on,omitempty"`
	SubmittedAt *time.Time       `json:"submitted_at,omitempty"`
	Href        string           `json:"href"`
	Progress    progressJSON     `json:"progress"`
	Items       []returnItemJSON `json:"items"`
}

// progressJSON is how far a return has got, as the page counts it.
type progressJSON struct {
	Items            int `json:"items"`
	Answered         int `json:"answered"`
	Required         int `json:"required"`
	RequiredAnswered int `json:"required_answered"`
}

type returnItemJSON struct {
	ID         int64      `json:"id"`
	Key        string     `json:"key"`
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

// returnDoc is a return and its items as the API gives them; with
// answers false, only whether each item is answered and its version, not
// what the answer says.
func (s *Server) returnDoc(r store.Return, items []store.ReturnItem, answers bool) returnJSON {
	all := assessment.ReturnProgress(store.Facts(items)).All
	doc := returnJSON{ID: r.ID, Assessment: r.AssessmentID, LA: r.LA, State: string(r.State), DueOn: dateOf(r.DueOn),
		SubmittedAt: r.SubmittedAt, Href: fmt.Sprintf("/api/v1/assessments/%d/return", r.AssessmentID),
		Progress: progressJSON{Items: all.Items, Answered: all.Answered, Required: all.Required, RequiredAnswered: all.RequiredAnswd},
		Items:    []returnItemJSON{}}
	for _, it := range items {
		doc.Items = append(doc.Items, s.itemJSON(r, it, answers))
	}
	return doc
}

// itemJSON is an item of return r as the API gives it; with answers
// false, only whether it is answered and its version.
func (s *Server) itemJSON(r store.Return, it store.ReturnItem, answers bool) returnItemJSON {
	ij := returnItemJSON{ID: it.ID, Key: it.Key, Part: it.Part, Title: it.Title, Wanted: it.Wanted, QS: it.QS, Kind: it.Kind,
		Columns: it.Columns, Required: it.Required, Personal: it.Personal, DueOn: dateOf(it.DueOn)}
	answered := it.Answer != nil && it.Answer.Answered
	ij.Status = string(assessment.StatusOf(r.State, answered, it.DueOn, s.today()))
	if a := it.Answer; a != nil {
		ij.Answered, ij.Version = a.Answered, a.Version
	}
	if a := it.Answer; a != nil && answers {
		ij.Link, ij.Text, ij.Rows, ij.AnsweredBy = a.Link, a.Text, a.Rows, a.AnsweredBy
		for _, ct := range a.Citations {
			ij.Citations = append(ij.Citations, citeJSON{DocumentID: ct.DocumentID, Page: ct.Page, Section: ct.Section})
		}
	}
	return ij
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
	if err := s.auditPersonalView(c, rc, items); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.returnDoc(rc.r, items, true))
}

// listReturnsJSON is GET /api/v1/returns: the returns the caller works on,
// newest first: council staff their council's issued and submitted ones
// (never a draft), inspectors those of the assessments they are on, the
// panel and admins all. Items come with their due dates, statuses and
// versions but not what the answers say: GET
// /api/v1/assessments/{id}/return gives those, under its rules, so that
// every view of personal data stays one audited request.
func (s *Server) listReturnsJSON(c echo.Context) error {
	p, _ := request.Principal(c)
	ctx := c.Request().Context()
	rs, err := s.store.Returns(ctx, p.Scope(), !p.Role.IsLA())
	if err != nil {
		return err
	}
	out := []returnJSON{}
	for _, r := range rs {
		insp := r.HasInspector(p.Email)
		if p.Role == authz.RoleInspector && !insp {
			continue
		}
		// Personal items' answers are read to tell answered from not,
		// for those who may see them; none of their content is given.
		offer := assessment.ReturnOffers(p, insp, r.State, r.AssessmentState)
		items, err := s.store.ReturnItems(ctx, p.Scope(), r.ID, offer.ViewPersonal)
		if err != nil {
			return err
		}
		out = append(out, s.returnDoc(r, items, false))
	}
	return c.JSON(http.StatusOK, map[string]any{"returns": out})
}

// issueBody is the body of POST /api/v1/assessments/{id}/return/issue.
type issueBody struct {
	// DueDays is the days the council has; absent, the return's setting,
	// which the page's form offers too.
	DueDays *int `json:"due_days"`
}

// issueReturnJSON is POST /api/v1/assessments/{id}/return/issue: the
// draft issued to the council as the page's form issues it (204).
func (s *Server) issueReturnJSON(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	var req issueBody
	if err := decodeJSON(c, &req, "JSON of due_days"); err != nil {
		return err
	}
	days := rc.r.DueDays
	if req.DueDays != nil {
		days = *req.DueDays
	}
	rf, err := s.issueReturn(c, rc, days)
	switch {
	case err != nil:
		return err
	case rf != nil:
		return refusalJSON(c, rf)
	}
	return c.NoContent(http.StatusNoContent)
}

// submitBody is the body of POST /api/v1/assessments/{id}/return/submit.
type submitBody struct {
	Reasons []struct {
		Item   int64  `json:"item"`
		Reason string `json:"reason"`
	} `json:"reasons"`
}

// submitReturnJSON is POST /api/v1/assessments/{id}/return/submit: the
// council's return submitted as the page's form submits it, with reasons
// for required items left unanswered (204; 422 naming each item,
// reason-{item}, that needs an answer or a reason; 409 once submitted).
func (s *Server) submitReturnJSON(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	var req submitBody
	if err := decodeJSON(c, &req, "JSON of reasons"); err != nil {
		return err
	}
	given := map[int64]string{}
	for _, r := range req.Reasons {
		given[r.Item] = r.Reason
	}
	rf, err := s.submitReturn(c, rc, given)
	switch {
	case err != nil:
		return err
	case rf != nil:
		return refusalJSON(c, rf)
	}
	return c.NoContent(http.StatusNoContent)
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
	if err := decodeJSON(c, &req, "a JSON answer"); err != nil {
		return err
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
