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
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	in := assessment.RequestInput{QS: form["qs"], Wanted: form.Get("wanted")}
	day, month, year := strings.TrimSpace(form.Get("due-day")), strings.TrimSpace(form.Get("due-month")), strings.TrimSpace(form.Get("due-year"))
	if due, err := time.Parse("2006-1-2", year+"-"+month+"-"+day); err == nil {
		in.Due = due
	}
	_, rf, err := s.raiseRequest(c, a, p, in)
	switch {
	case err != nil:
		return err
	case rf != nil:
		page, err := s.requestsPage(c, a, p, form["qs"])
		if err != nil {
			return err
		}
		page.Wanted, page.Day, page.Month, page.Year = in.Wanted, day, month, year
		switch rf.errors[0].Field {
		case "":
			rf.errors[0].Field = "main-content"
		case "qs":
			page.QSError = rf.message()
		case "wanted":
			page.WantedError = rf.message()
		case "due":
			page.DueError = rf.message()
		}
		page.Layout.Errors = rf.errors
		return s.pages.Render(c, rf.status, "requests", page)
	}
	return c.Redirect(http.StatusSeeOther, requestsHref(a)+"?raised=1")
}

// raiseRequest checks and raises a request, for the form and the API
// alike: its id, or a refusal of what is wrong with it (422, fields qs,
// wanted, due) or saying the assessment is published (409).
func (s *Server) raiseRequest(c echo.Context, a store.Assessment, p authz.Principal, in assessment.RequestInput) (int64, *refusal, error) {
	if !assessment.RequestOffers(p, a.HasInspector(p.Email), "", a.State).Raise {
		return 0, nil, authz.ErrForbidden
	}
	known := func(slug string) bool { _, err := s.catalogue.Statement(slug); return err == nil }
	checked, err := assessment.CheckRequest(in, known, s.today())
	var ie *assessment.InputError
	if errors.As(err, &ie) {
		return 0, invalid(ie.Field, ie.Message), nil
	}
	id, err := s.store.RaiseRequest(c.Request().Context(), p.Scope(), a.ID, checked, p.Email,
		s.auditEntry(c, "evidence_request_raised", "evidence_request", "", a.LA))
	switch {
	case errors.Is(err, store.ErrWrongState):
		// Published since the page was loaded.
		return 0, conflict("The assessment has been published: it takes no more requests"), nil
	case err != nil:
		return 0, nil, err
	}
	return id, nil, nil
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
			mr.Doc = &frontend.CitationRow{Title: m.DocTitle, Page: m.Page, Href: pageHref(m.DocumentID, m.Page)}
		}
		page.Messages = append(page.Messages, mr)
	}
	if page.CanReply {
		dp, err := s.pickDocuments(c, p, a.LA, nil, row.Href+"#message", nil, docTitlePages)
		if err != nil {
			return page, err
		}
		page.Picker = dp.view
		for _, d := range dp.docs {
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
	if done, err := s.answerPicker(c); done {
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
	m := assessment.Message{Text: c.FormValue("text"), Link: c.FormValue("link"), Document: c.FormValue("document")}
	if pg := strings.TrimSpace(c.FormValue("page")); pg != "" {
		if m.Page, _ = strconv.Atoi(pg); m.Page == 0 {
			m.Page = -1
		}
	}
	rf, err := s.addRequestMessage(c, a, p, r, m)
	switch {
	case err != nil:
		return err
	case rf != nil && rf.status == http.StatusConflict:
		return s.requestRefused(c, rf.status, rf.message(), nil)
	case rf != nil:
		return s.requestRefused(c, rf.status, rf.message(), func(pg *frontend.RequestPage) {
			pg.Text, pg.Link, pg.Page = m.Text, m.Link, c.FormValue("page")
			for i := range pg.Docs {
				pg.Docs[i].Selected = pg.Docs[i].Value == m.Document
			}
		})
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%d?sent=1", requestsHref(a), r.ID))
}

// addRequestMessage checks and adds a message to the request's thread, for
// the form and the API alike: a refusal of what is wrong with it (422) or
// saying the request is closed or its thread full (409).
func (s *Server) addRequestMessage(c echo.Context, a store.Assessment, p authz.Principal, r store.Request, m assessment.Message) (*refusal, error) {
	const closed = "The request is closed: it takes no more messages"
	insp := a.HasInspector(p.Email)
	if !assessment.RequestOffers(p, insp, assessment.RequestOpen, assessment.InProgress).Reply {
		return nil, authz.ErrForbidden
	}
	if !assessment.RequestOffers(p, insp, r.State, a.State).Reply {
		return conflict(closed), nil
	}
	checked, err := assessment.CheckMessage(m)
	var ie *assessment.InputError
	if errors.As(err, &ie) {
		return invalid(ie.Field, ie.Message), nil
	}
	err = s.store.AddRequestMessage(c.Request().Context(), p.Scope(), a.ID, r.ID, checked, p.Email, string(p.Role),
		s.auditEntry(c, "evidence_request_message", "evidence_request", "", a.LA))
	switch {
	case errors.Is(err, store.ErrBadCitation):
		return invalid("document", citationMessage(err, "Choose a document of the council that has been read, and a page within it")), nil
	case errors.Is(err, store.ErrWrongState):
		return conflict(closed), nil
	case errors.Is(err, store.ErrThreadFull):
		return conflict(fmt.Sprintf("This request has %d messages, the most it can hold: raise a new one", assessment.MaxThreadLength)), nil
	}
	return nil, err
}

// submitRequestAcceptance accepts the answer and closes the request.
func (s *Server) submitRequestAcceptance(c echo.Context) error {
	a, p, r, err := s.loadRequest(c)
	if err != nil {
		return err
	}
	rf, err := s.acceptRequest(c, a, p, r)
	switch {
	case err != nil:
		return err
	case rf != nil:
		return s.requestRefused(c, rf.status, rf.message(), nil)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%d?accepted=1", requestsHref(a), r.ID))
}

// acceptRequest accepts the council's answer and closes the request, for
// the form and the API alike: a refusal (409) when it is closed already.
func (s *Server) acceptRequest(c echo.Context, a store.Assessment, p authz.Principal, r store.Request) (*refusal, error) {
	const closed = "The request has been closed already"
	insp := a.HasInspector(p.Email)
	if !assessment.RequestOffers(p, insp, assessment.RequestOpen, assessment.InProgress).Accept {
		return nil, authz.ErrForbidden
	}
	if !assessment.RequestOffers(p, insp, r.State, a.State).Accept {
		return conflict(closed), nil
	}
	err := s.store.CloseRequest(c.Request().Context(), p.Scope(), a.ID, r.ID, p.Email,
		s.auditEntry(c, "evidence_request_accepted", "evidence_request", "", a.LA))
	if errors.Is(err, store.ErrWrongState) {
		return conflict(closed), nil
	}
	return nil, err
}
