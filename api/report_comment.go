package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// reportCommentInput is a council's comment on the draft report as sent.
type reportCommentInput struct {
	section, kind, figure, doc, citation string
	form                                 frontend.ReportCommentForm
}

// submitReportComment takes a council's factual accuracy comment on the
// draft report: on a section, a paragraph of it, a figure or one piece of
// evidence a paragraph cites (a document's page, an outcome measure, an
// answer of the information return), saying what
// kind of correction it is, with evidence from its own documents, until the
// deadline. Inspectors answer it as any factual accuracy comment, and the
// assessment is not published before every comment is answered.
func (s *Server) submitReportComment(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if !p.Can(authz.ActionCommentFactualAccuracy) {
		return authz.ErrForbidden
	}
	in := reportCommentInput{section: c.FormValue("section"), kind: c.FormValue("kind"), figure: c.FormValue("figure"),
		doc: c.FormValue("document"), citation: strings.TrimSpace(c.FormValue("citation"))}
	f := &in.form
	f.Body = strings.TrimSpace(c.FormValue("comment"))
	f.Paragraph, f.Page = strings.TrimSpace(c.FormValue("paragraph")), strings.TrimSpace(c.FormValue("page"))
	secs, err := s.store.ReportSections(c.Request().Context(), p.Scope(), a.ID)
	if err != nil {
		return err
	}
	var ev citedEvidence
	if in.citation != "" {
		var ok bool
		if ev, ok = s.findCitedEvidence(secs, in.citation); !ok {
			f.TargetError = noSuchEvidence
		} else if in.section == "" {
			// The evidence says which section it is in.
			in.section = ev.section
		}
	}
	cm := store.Comment{Kind: in.kind, Body: f.Body, AuthorEmail: p.Email}
	sec, err := report.Find(s.catalogue, in.section)
	if err != nil {
		f.SectionError = "Select the section of the report your comment is about"
	}
	cm.Section = sec.Key
	if _, ok := kindLabels[in.kind]; !ok {
		f.KindError = "Select what kind of correction it is"
	}
	switch {
	case f.Body == "":
		f.BodyError = "Enter your comment"
	case utf8.RuneCountInString(f.Body) > assessment.MaxText:
		f.BodyError = "Your comment must be 10,000 characters or fewer"
	}
	if f.SectionError == "" && f.TargetError == "" {
		n := len(report.Paragraphs(secs[sec.Key].Body))
		switch {
		case in.citation != "" && ev.section != sec.Key:
			f.TargetError = "The evidence you chose is cited in another section: select that section, or leave the section to the evidence"
		case in.citation != "" && (in.figure != "" || f.Paragraph != "" && f.Paragraph != strconv.Itoa(ev.paragraph)):
			f.TargetError = "Choose a paragraph, a figure or a piece of cited evidence, not more than one"
		case in.citation != "":
			cm.Paragraph, cm.Citation, cm.CitationLabel = ev.paragraph, ev.ref.String(), ev.label
		case f.Paragraph != "" && in.figure != "":
			f.TargetError = "Choose a paragraph or a figure, not both"
		case f.Paragraph != "":
			if k, err := strconv.Atoi(f.Paragraph); err != nil || k < 1 || k > n {
				f.TargetError = fmt.Sprintf("Enter a paragraph number from 1 to %d of this section", n)
			} else {
				cm.Paragraph = k
			}
		case in.figure != "":
			if sec.Kind != report.KindAbout || figureLabel(in.figure) == "" {
				f.TargetError = "Figures are in About the local authority: select that section and one of its figures"
			} else {
				cm.Figure = in.figure
			}
		}
	}
	if in.doc != "" {
		n, err := strconv.Atoi(f.Page)
		if err != nil || n < 1 {
			f.DocError = "Enter the page number of your evidence, like 12"
		}
		cm.DocumentID, cm.Page = in.doc, n
	}
	status := http.StatusUnprocessableEntity
	if f.SectionError == "" && f.KindError == "" && f.BodyError == "" && f.TargetError == "" && f.DocError == "" {
		audit := s.auditEntry(c, "fa_report_comment_sent", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
		err := s.store.AddComment(c.Request().Context(), p.Scope(), a.ID, s.ukToday(), cm, audit)
		switch {
		case err == nil:
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d/report?commented=1#%s", a.ID, sec.Key))
		case errors.Is(err, store.ErrNoSuchCitation):
			// The draft changed since the page was read.
			f.TargetError = noSuchEvidence
		case errors.Is(err, store.ErrBadCitation):
			f.DocError = citationMessage(err, "Select one of your council's documents and a page within it")
		case errors.Is(err, store.ErrWrongState):
			f.BodyError = "Comments can no longer be sent: the factual accuracy check is not open"
			status = http.StatusConflict
		default:
			return err
		}
	}
	page, err := s.reportPage(c, a, p, "", nil)
	if err != nil {
		return err
	}
	s.fillCommentForm(&page, secs, in.section, in.kind, in.figure, in.doc, in.citation)
	page.Comment = *f
	page.Layout.Errors = fieldErrors("comment-section", f.SectionError, "comment-kind", f.KindError, "comment-paragraph", f.TargetError,
		"comment", f.BodyError, "comment-document", f.DocError)
	return s.pages.Render(c, status, "report_draft", page)
}

// fillCommentForm offers the council's comment form when it may comment
// now, with what was chosen selected.
func (s *Server) fillCommentForm(page *frontend.ReportPage, secs map[string]store.ReportSection, section, kind, figure, doc, citation string) {
	page.SectionOptions, page.KindOptions = nil, nil
	for _, sec := range report.Sections(s.catalogue) {
		page.SectionOptions = append(page.SectionOptions, frontend.Option{Value: sec.Key, Label: sec.Title, Selected: sec.Key == section})
	}
	for _, k := range []string{"typo", "inaccurate", "omitted"} {
		page.KindOptions = append(page.KindOptions, frontend.Option{Value: k, Label: kindLabels[k], Selected: k == kind})
	}
	page.FigureOptions = figureOptions(figure)
	page.CitationOptions = s.citationOptions(secs, citation)
	for i := range page.DocOptions {
		page.DocOptions[i].Selected = page.DocOptions[i].Value == doc
	}
}

// renderReportAnswerError shows the report again with the answer to a
// comment refused.
func (s *Server) renderReportAnswerError(c echo.Context, a store.Assessment, p authz.Principal, cid int64, msg string) error {
	page, err := s.reportPage(c, a, p, "", nil)
	if err != nil {
		return err
	}
	for i := range page.Sections {
		for j := range page.Sections[i].Comments {
			if page.Sections[i].Comments[j].ID == cid {
				page.Sections[i].Comments[j].AnswerError = msg
			}
		}
	}
	page.Layout.Errors = []frontend.FieldError{{Field: fmt.Sprintf("answer-%d", cid), Message: msg}}
	return s.pages.Render(c, http.StatusUnprocessableEntity, "report_draft", page)
}
