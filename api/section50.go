package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// section50 is what the published snapshot of an assessment says of
// section 50: whether its scores trigger the duty (by the framework's rule,
// data/section50.json, applied at publication), which statements, and the
// data its letters are drafted from.
type section50 struct {
	triggered bool
	data      framework.LetterData
}

func (s *Server) section50Of(a store.Assessment) (section50, error) {
	if a.State != assessment.Published || a.PublishedAt == nil {
		return section50{}, nil
	}
	doc, err := publishedDoc(a)
	if err != nil {
		return section50{}, err
	}
	r := doc.Results
	if r == nil || !r.Section50.Triggered {
		return section50{}, nil
	}
	out := section50{triggered: true, data: framework.LetterData{LAName: a.LAName, LACode: a.LA, Published: govDay(*a.PublishedAt, s),
		ReportURL: strings.TrimSuffix(s.opts.PublicURL, "/") + fmt.Sprintf("/reports/%d", a.ID)}}
	if r.Overall != nil {
		out.data.Rating, out.data.Percent = r.Overall.RatingName, r.Overall.Percent
	}
	for _, slug := range r.Section50.Statements {
		name := slug
		if q, err := s.catalogue.Statement(slug); err == nil {
			name = q.Name
		}
		out.data.Statements = append(out.data.Statements, name)
	}
	return out, nil
}

// section50Summary is the assessment page's account of section 50, nil
// when the published scores do not trigger it.
func (s *Server) section50Summary(c echo.Context, a store.Assessment, p authz.Principal) (*frontend.Section50Summary, error) {
	s50, err := s.section50Of(a)
	if err != nil || !s50.triggered {
		return nil, err
	}
	sent, err := s.store.Section50Letters(c.Request().Context(), p.Scope(), a.ID)
	if err != nil {
		return nil, err
	}
	out := &frontend.Section50Summary{Href: fmt.Sprintf("/assessments/%d/section50", a.ID), Statements: s50.data.Statements}
	for _, l := range s.catalogue.Section50.Letters {
		st := "not sent yet"
		if rec, ok := sent[l.Key]; ok {
			st = "sent on " + rec.SentOn.Format("2 January 2006")
		}
		out.Letters = append(out.Letters, frontend.Section50Status{Title: l.Title, Status: st})
	}
	return out, nil
}

// section50Form is a refused record shown again.
type section50Form struct {
	letter, day, month, year string
	err                      *assessment.InputError
}

// section50Page drafts the letters of an assessment whose published scores
// trigger section 50 (a letter recorded as sent shows the text it was sent
// with); ErrNotFound for any other assessment.
func (s *Server) section50Page(c echo.Context, a store.Assessment, p authz.Principal, f *section50Form) (frontend.Section50Page, error) {
	s50, err := s.section50Of(a)
	if err != nil {
		return frontend.Section50Page{}, err
	}
	if !s50.triggered {
		return frontend.Section50Page{}, store.ErrNotFound
	}
	sent, err := s.store.Section50Letters(c.Request().Context(), p.Scope(), a.ID)
	if err != nil {
		return frontend.Section50Page{}, err
	}
	href := fmt.Sprintf("/assessments/%d", a.ID)
	page := frontend.Section50Page{Layout: s.layout(c), Href: href, LAName: a.LAName, Published: s50.data.Published,
		Rule: s.catalogue.Section50.Rule, Source: s.catalogue.Section50.Source, Statements: s50.data.Statements,
		CanRecord: assessment.MayRecordSection50(p)}
	for _, tpl := range s.catalogue.Section50.Letters {
		l, err := tpl.Draft(s50.data)
		if err != nil {
			return page, err
		}
		v := frontend.Section50LetterView{Key: l.Key, Title: l.Title, Recipient: l.Recipient, Subject: l.Subject,
			Action: href + "/section50/" + l.Key}
		if rec, ok := sent[l.Key]; ok {
			v.Sent = fmt.Sprintf("on %s (recorded by %s on %s)", rec.SentOn.Format("2 January 2006"), rec.RecordedBy, govDate(rec.RecordedAt, s.loc))
			l.Subject, l.Body = rec.Subject, rec.Body
			v.Subject = rec.Subject
			v.Day, v.Month, v.Year = strconv.Itoa(rec.SentOn.Day()), strconv.Itoa(int(rec.SentOn.Month())), strconv.Itoa(rec.SentOn.Year())
		}
		for _, line := range strings.Split(l.Body, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				v.Paragraphs = append(v.Paragraphs, line)
			}
		}
		if f != nil && f.letter == l.Key {
			v.Day, v.Month, v.Year, v.Error = f.day, f.month, f.year, f.err.Message
			page.Layout.Errors = []frontend.FieldError{{Field: l.Key + "-" + f.err.Field, Message: f.err.Message}}
		}
		page.Letters = append(page.Letters, v)
	}
	return page, nil
}

// showSection50 shows the section 50 letters to CQC staff who may see
// the assessment; the council receives its letter, not this page.
func (s *Server) showSection50(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if !p.Can(authz.ActionViewDraftScores) {
		return authz.ErrForbidden
	}
	page, err := s.section50Page(c, a, p, nil)
	if err != nil {
		return err
	}
	if key := c.QueryParam("recorded"); key != "" {
		if tpl, err := s.catalogue.Section50.Letter(key); err == nil {
			page.Flash = "You have recorded when the " + strings.ToLower(tpl.Title[:1]) + tpl.Title[1:] + " was sent"
		}
	}
	return s.pages.Render(c, http.StatusOK, "section50", page)
}

// submitSection50 records that a letter was sent, and when, with its text
// as drafted now; a second record corrects the date. Admins only
// (assessment.MayRecordSection50), audited.
func (s *Server) submitSection50(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if !p.Can(authz.ActionViewDraftScores) || !assessment.MayRecordSection50(p) {
		return authz.ErrForbidden
	}
	tpl, err := s.catalogue.Section50.Letter(c.Param("letter"))
	if err != nil {
		return store.ErrNotFound
	}
	s50, err := s.section50Of(a)
	if err != nil {
		return err
	}
	if !s50.triggered {
		return store.ErrNotFound
	}
	f := &section50Form{letter: tpl.Key, day: c.FormValue("sent-day"), month: c.FormValue("sent-month"), year: c.FormValue("sent-year")}
	sentOn, err := assessment.CheckSentOn(f.day, f.month, f.year, assessment.Day(a.PublishedAt.In(s.loc)), s.today())
	if errors.As(err, &f.err) {
		page, err := s.section50Page(c, a, p, f)
		if err != nil {
			return err
		}
		return s.pages.Render(c, http.StatusUnprocessableEntity, "section50", page)
	}
	if err != nil {
		return err
	}
	l, err := tpl.Draft(s50.data)
	if err != nil {
		return err
	}
	audit := s.auditEntry(c, "section50_letter_recorded", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
	if err := s.store.RecordSection50Letter(c.Request().Context(), p.Scope(), a.ID, store.Section50Letter{Letter: l.Key, SentOn: sentOn,
		Subject: l.Subject, Body: l.Body, RecordedBy: p.Email}, audit); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d/section50?recorded=%s#%s", a.ID, l.Key, l.Key))
}
