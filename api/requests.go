package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

func requestsHref(a store.Assessment) string { return fmt.Sprintf("/assessments/%d/requests", a.ID) }

func (s *Server) qsNames(slugs []string) string {
	var names []string
	for _, qs := range slugs {
		if st, err := s.catalogue.Statement(qs); err == nil {
			names = append(names, st.Name)
		}
	}
	return strings.Join(names, ", ")
}

func (s *Server) requestRow(a store.Assessment, r store.Request) frontend.RequestRow {
	row := frontend.RequestRow{ID: strconv.FormatInt(r.ID, 10), Href: fmt.Sprintf("%s/%d", requestsHref(a), r.ID),
		QSNames: s.qsNames(r.QS), Wanted: r.Wanted, Due: r.DueOn.Format("2 January 2006"), DueText: assessment.DueText(r.DueOn, s.today()),
		Open: r.State == assessment.RequestOpen, RaisedBy: r.RaisedBy, Raised: govDate(r.RaisedAt, s.loc), ClosedBy: r.ClosedBy}
	row.Overdue = row.Open && assessment.DaysLeft(r.DueOn, s.today()) < 0
	if r.ClosedAt != nil {
		row.Closed = govDate(*r.ClosedAt, s.loc)
	}
	return row
}

// requestsPage lists the assessment's requests with the raise form.
func (s *Server) requestsPage(c echo.Context, a store.Assessment, p authz.Principal, selected []string) (frontend.RequestsPage, error) {
	rs, err := s.store.Requests(c.Request().Context(), p.Scope(), a.ID, false)
	if err != nil {
		return frontend.RequestsPage{}, err
	}
	page := frontend.RequestsPage{Layout: s.layout(c), Href: requestsHref(a), AssessmentHref: fmt.Sprintf("/assessments/%d", a.ID),
		LAName: a.LAName, CanRaise: assessment.RequestOffers(p, a.HasInspector(p.Email), "", a.State).Raise}
	for _, r := range rs {
		page.Requests = append(page.Requests, s.requestRow(a, r))
	}
	for _, st := range s.catalogue.Statements {
		page.QSOptions = append(page.QSOptions, frontend.Option{Value: st.Slug, Label: st.Name, Selected: contains(selected, st.Slug)})
	}
	return page, nil
}

// showRequests lists an assessment's further evidence requests.
func (s *Server) showRequests(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	page, err := s.requestsPage(c, a, p, nil)
	if err != nil {
		return err
	}
	if c.QueryParam("raised") != "" {
		page.Flash = "The request has been sent to the council"
	}
	return s.pages.Render(c, http.StatusOK, "requests", page)
}

// submitRequest raises a further evidence request.
func (s *Server) submitRequest(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if !assessment.RequestOffers(p, a.HasInspector(p.Email), "", a.State).Raise {
		return authz.ErrForbidden
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	in := assessment.RequestInput{QS: form["qs"], Wanted: form.Get("wanted")}
	day, month, year := strings.TrimSpace(form.Get("due-day")), strings.TrimSpace(form.Get("due-month")), strings.TrimSpace(form.Get("due-year"))
	if due, err := time.Parse("2006-1-2", year+"-"+month+"-"+day); err == nil {
		in.Due = due
	}
	known := func(slug string) bool { _, err := s.catalogue.Statement(slug); return err == nil }
	checked, err := assessment.CheckRequest(in, known, s.today())
	var ie *assessment.InputError
	if errors.As(err, &ie) {
		page, perr := s.requestsPage(c, a, p, form["qs"])
		if perr != nil {
			return perr
		}
		page.Wanted, page.Day, page.Month, page.Year = in.Wanted, day, month, year
		switch ie.Field {
		case "qs":
			page.QSError = ie.Message
		case "wanted":
			page.WantedError = ie.Message
		default:
			page.DueError = ie.Message
		}
		page.Layout.Errors = []frontend.FieldError{{Field: ie.Field, Message: ie.Message}}
		return s.pages.Render(c, http.StatusUnprocessableEntity, "requests", page)
	}
	if _, err := s.store.RaiseRequest(c.Request().Context(), p.Scope(), a.ID, checked, p.Email,
		s.auditEntry(c, "evidence_request_raised", "evidence_request", "", a.LA)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, requestsHref(a)+"?raised=1")
}

// loadRequest reads the assessment and the request in the path.
func (s *Server) loadRequest(c echo.Context) (store.Assessment, authz.Principal, store.Request, error) {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return a, p, store.Request{}, err
	}
	id, err := strconv.ParseInt(c.Param("request"), 10, 64)
	if err != nil {
		return a, p, store.Request{}, store.ErrNotFound
	}
	r, err := s.store.Request(c.Request().Context(), p.Scope(), a.ID, id)
	return a, p, r, err
}

func (s *Server) requestPage(c echo.Context, a store.Assessment, p authz.Principal, r store.Request) (frontend.RequestPage, error) {
	offer := assessment.RequestOffers(p, a.HasInspector(p.Email), r.State, a.State)
	row := s.requestRow(a, r)
	page := frontend.RequestPage{Layout: s.layout(c), ListHref: requestsHref(a), Action: row.Href, LAName: a.LAName, Request: row,
		CanReply: offer.Reply, CanAccept: offer.Accept}
	for _, m := range r.Messages {
		mr := frontend.MessageRow{Author: m.Author, Role: authz.Role(m.AuthorRole).Label(), When: govDate(m.At, s.loc), Text: m.Text, Link: m.Link}
		if m.DocumentID != "" {
			mr.Doc = &frontend.CitationRow{Title: m.DocTitle, Page: m.Page, Href: "/documents/" + m.DocumentID}
			if m.Page > 0 {
				mr.Doc.Href += fmt.Sprintf("#page-%d", m.Page)
			}
		}
		page.Messages = append(page.Messages, mr)
	}
	if page.CanReply {
		docs, err := s.store.Documents(c.Request().Context(), p.Scope(), store.DocumentFilter{LA: a.LA, Status: "ready", Limit: 1000})
		if err != nil {
			return page, err
		}
		for _, d := range docs {
			page.Docs = append(page.Docs, frontend.Option{Value: d.ID, Label: fmt.Sprintf("%s (%d pages)", d.Title, d.Pages)})
		}
	}
	return page, nil
}

// showRequest is one request's thread.
func (s *Server) showRequest(c echo.Context) error {
	a, p, r, err := s.loadRequest(c)
	if err != nil {
		return err
	}
	page, err := s.requestPage(c, a, p, r)
	if err != nil {
		return err
	}
	switch {
	case c.QueryParam("sent") != "":
		page.Flash = "Your message has been sent"
	case c.QueryParam("accepted") != "":
		page.Flash = "The answer has been accepted and the request closed"
	}
	return s.pages.Render(c, http.StatusOK, "request", page)
}

// requestRefused shows the thread again with why.
func (s *Server) requestRefused(c echo.Context, status int, msg string, keep func(*frontend.RequestPage)) error {
	a, p, r, err := s.loadRequest(c)
	if err != nil {
		return err
	}
	page, err := s.requestPage(c, a, p, r)
	if err != nil {
		return err
	}
	if keep != nil {
		keep(&page)
	}
	page.MessageError = msg
	page.Layout.Errors = []frontend.FieldError{{Field: "message", Message: msg}}
	return s.pages.Render(c, status, "request", page)
}

// submitRequestMessage adds to a request's thread.
func (s *Server) submitRequestMessage(c echo.Context) error {
	a, p, r, err := s.loadRequest(c)
	if err != nil {
		return err
	}
	insp := a.HasInspector(p.Email)
	if !assessment.RequestOffers(p, insp, assessment.RequestOpen, assessment.InProgress).Reply {
		return authz.ErrForbidden
	}
	if !assessment.RequestOffers(p, insp, r.State, a.State).Reply {
		return s.requestRefused(c, http.StatusConflict, "The request is closed: it takes no more messages", nil)
	}
	m := assessment.Message{Text: c.FormValue("text"), Link: c.FormValue("link"), Document: c.FormValue("document")}
	if pg := strings.TrimSpace(c.FormValue("page")); pg != "" {
		if m.Page, _ = strconv.Atoi(pg); m.Page == 0 {
			m.Page = -1
		}
	}
	keep := func(pg *frontend.RequestPage) {
		pg.Text, pg.Link, pg.Page = m.Text, m.Link, c.FormValue("page")
		for i := range pg.Docs {
			pg.Docs[i].Selected = pg.Docs[i].Value == m.Document
		}
	}
	checked, err := assessment.CheckMessage(m)
	var ie *assessment.InputError
	if errors.As(err, &ie) {
		return s.requestRefused(c, http.StatusUnprocessableEntity, ie.Message, keep)
	}
	err = s.store.AddRequestMessage(c.Request().Context(), p.Scope(), a.ID, r.ID, checked, p.Email, string(p.Role),
		s.auditEntry(c, "evidence_request_message", "evidence_request", "", a.LA))
	switch {
	case errors.Is(err, store.ErrBadCitation):
		return s.requestRefused(c, http.StatusUnprocessableEntity, "Choose a document of the council that has been read, and a page within it", keep)
	case errors.Is(err, store.ErrWrongState):
		return s.requestRefused(c, http.StatusConflict, "The request is closed: it takes no more messages", nil)
	case errors.Is(err, store.ErrThreadFull):
		return s.requestRefused(c, http.StatusConflict, fmt.Sprintf("This request has %d messages, the most it can hold: raise a new one", assessment.MaxThreadLength), nil)
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%d?sent=1", requestsHref(a), r.ID))
}

// submitRequestAcceptance accepts the answer and closes the request.
func (s *Server) submitRequestAcceptance(c echo.Context) error {
	a, p, r, err := s.loadRequest(c)
	if err != nil {
		return err
	}
	insp := a.HasInspector(p.Email)
	if !assessment.RequestOffers(p, insp, assessment.RequestOpen, assessment.InProgress).Accept {
		return authz.ErrForbidden
	}
	if !assessment.RequestOffers(p, insp, r.State, a.State).Accept {
		return s.requestRefused(c, http.StatusConflict, "The request has been closed already", nil)
	}
	err = s.store.CloseRequest(c.Request().Context(), p.Scope(), a.ID, r.ID, p.Email,
		s.auditEntry(c, "evidence_request_accepted", "evidence_request", "", a.LA))
	switch {
	case errors.Is(err, store.ErrWrongState):
		return s.requestRefused(c, http.StatusConflict, "The request has been closed already", nil)
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%d?accepted=1", requestsHref(a), r.ID))
}
