package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// requestJSON is a further evidence request as the API gives it.
type requestJSON struct {
	ID         int64      `json:"id"`
	Assessment int64      `json:"assessment"`
	LA         string     `json:"la"`
	QS         []string   `json:"qs"`
	Wanted     string     `json:"wanted"`
	DueOn      string     `json:"due_on"`
	State      string     `json:"state"`
	Overdue    bool       `json:"overdue"`
	RaisedBy   string     `json:"raised_by,omitempty"`
	RaisedAt   time.Time  `json:"raised_at"`
	ClosedBy   string     `json:"closed_by,omitempty"`
	ClosedAt   *time.Time `json:"closed_at,omitempty"`
	Href       string     `json:"href"`
}

// requestThreadJSON is a request with its messages.
type requestThreadJSON struct {
	requestJSON
	Messages []messageJSON `json:"messages"`
}

type messageJSON struct {
	ID         int64     `json:"id"`
	Author     string    `json:"author,omitempty"`
	Role       string    `json:"role"`
	Text       string    `json:"text,omitempty"`
	Link       string    `json:"link,omitempty"`
	DocumentID string    `json:"document_id,omitempty"`
	Page       int       `json:"page,omitempty"`
	At         time.Time `json:"at"`
}

// requestDoc is a request as the API gives it to p. Who at CQC raised,
// closed or wrote is left out for council staff, as every JSON answer
// leaves out CQC staff's addresses (TestNoCQCStaffInCouncilJSON); their
// role stays.
func (s *Server) requestDoc(p authz.Principal, r store.Request) requestJSON {
	doc := requestJSON{ID: r.ID, Assessment: r.AssessmentID, LA: r.LA, QS: r.QS, Wanted: r.Wanted, DueOn: r.DueOn.Format(time.DateOnly),
		State: r.State, RaisedAt: r.RaisedAt, ClosedAt: r.ClosedAt,
		Overdue: r.State == assessment.RequestOpen && assessment.DaysLeft(r.DueOn, s.today()) < 0,
		Href:    fmt.Sprintf("/api/v1/assessments/%d/requests/%d", r.AssessmentID, r.ID)}
	if p.Can(authz.ActionViewCQCDecisions) {
		doc.RaisedBy, doc.ClosedBy = r.RaisedBy, r.ClosedBy
	}
	return doc
}

func (s *Server) threadDoc(p authz.Principal, r store.Request) requestThreadJSON {
	doc := requestThreadJSON{requestJSON: s.requestDoc(p, r), Messages: []messageJSON{}}
	for _, m := range r.Messages {
		mj := messageJSON{ID: m.ID, Role: m.AuthorRole, Text: m.Text, Link: m.Link, DocumentID: m.DocumentID, Page: m.Page, At: m.At}
		if authz.Role(m.AuthorRole).IsLA() || p.Can(authz.ActionViewCQCDecisions) {
			mj.Author = m.Author
		}
		doc.Messages = append(doc.Messages, mj)
	}
	return doc
}

// listRequestsJSON is GET /api/v1/requests (?open=true for open ones
// only): the requests the caller works on, open first, soonest due first:
// council staff their council's, inspectors those of the assessments they
// are on, the panel and admins all; without their threads, which
// GET /api/v1/assessments/{id}/requests gives.
func (s *Server) listRequestsJSON(c echo.Context) error {
	p, _ := request.Principal(c)
	open := false
	if v := c.QueryParam("open"); v != "" {
		var err error
		if open, err = strconv.ParseBool(v); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, "open is true or false")
		}
	}
	reqs, err := s.store.Requests(c.Request().Context(), p.Scope(), 0, open)
	if err != nil {
		return err
	}
	on := s.inspectorOn(c, p)
	out := []requestJSON{}
	for _, r := range reqs {
		if p.Role == authz.RoleInspector {
			mine, err := on(r.AssessmentID)
			if err != nil {
				return err
			}
			if !mine {
				continue
			}
		}
		out = append(out, s.requestDoc(p, r))
	}
	return c.JSON(http.StatusOK, map[string]any{"requests": out})
}

// listAssessmentRequestsJSON is GET /api/v1/assessments/{id}/requests: the
// assessment's requests with their threads, as the page lists them.
func (s *Server) listAssessmentRequestsJSON(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	reqs, err := s.store.Requests(ctx, p.Scope(), a.ID, false)
	if err != nil {
		return err
	}
	out := []requestThreadJSON{}
	for _, r := range reqs {
		// The list holds no threads; an assessment has a few requests.
		full, err := s.store.Request(ctx, p.Scope(), a.ID, r.ID)
		if err != nil {
			return err
		}
		out = append(out, s.threadDoc(p, full))
	}
	return c.JSON(http.StatusOK, map[string]any{"requests": out})
}

// showRequestJSON is GET /api/v1/assessments/{id}/requests/{request}: one
// request with its thread.
func (s *Server) showRequestJSON(c echo.Context) error {
	_, p, r, err := s.loadRequest(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.threadDoc(p, r))
}

// raiseBody is the body of POST /api/v1/assessments/{id}/requests.
type raiseBody struct {
	QS     []string `json:"qs"`
	Wanted string   `json:"wanted"`
	// DueOn is a date, 2027-01-31; one that is not is missing, as in the form.
	DueOn string `json:"due_on"`
}

// raiseRequestJSON is POST /api/v1/assessments/{id}/requests: a request
// raised as the page's form raises it (201 with the request and its
// Location; 422 with the form's message, fields qs, wanted, due).
func (s *Server) raiseRequestJSON(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	var req raiseBody
	if err := decodeJSON(c, &req, "a JSON request"); err != nil {
		return err
	}
	in := assessment.RequestInput{QS: req.QS, Wanted: req.Wanted}
	if due, err := time.Parse(time.DateOnly, req.DueOn); err == nil {
		in.Due = due
	}
	id, rf, err := s.raiseRequest(c, a, p, in)
	switch {
	case err != nil:
		return err
	case rf != nil:
		return refusalJSON(c, rf)
	}
	r, err := s.store.Request(c.Request().Context(), p.Scope(), a.ID, id)
	if err != nil {
		return err
	}
	doc := s.threadDoc(p, r)
	c.Response().Header().Set(echo.HeaderLocation, doc.Href)
	return c.JSON(http.StatusCreated, doc)
}

// messageBody is the body of POST .../requests/{request}/messages.
type messageBody struct {
	Text       string `json:"text"`
	Link       string `json:"link"`
	DocumentID string `json:"document_id"`
	Page       int    `json:"page"`
}

// addRequestMessageJSON is POST
// /api/v1/assessments/{id}/requests/{request}/messages: a message added to
// the thread as the page's form adds it (204; 422 with the form's message;
// 409 once the request is closed or its thread full).
func (s *Server) addRequestMessageJSON(c echo.Context) error {
	a, p, r, err := s.loadRequest(c)
	if err != nil {
		return err
	}
	var req messageBody
	if err := decodeJSON(c, &req, "a JSON message"); err != nil {
		return err
	}
	rf, err := s.addRequestMessage(c, a, p, r, assessment.Message{Text: req.Text, Link: req.Link, Document: req.DocumentID, Page: req.Page})
	switch {
	case err != nil:
		return err
	case rf != nil:
		return refusalJSON(c, rf)
	}
	return c.NoContent(http.StatusNoContent)
}

// acceptRequestJSON is POST
// /api/v1/assessments/{id}/requests/{request}/accept: the answer accepted
// and the request closed (204; 409 when it is closed already).
func (s *Server) acceptRequestJSON(c echo.Context) error {
	a, p, r, err := s.loadRequest(c)
	if err != nil {
		return err
	}
	rf, err := s.acceptRequest(c, a, p, r)
	switch {
	case err != nil:
		return err
	case rf != nil:
		return refusalJSON(c, rf)
	}
	return c.NoContent(http.StatusNoContent)
}
