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

// submitReportSection saves one section of the draft report. A section
// that does not exist is 404; text that is too long, citations of a
// paragraph the text does not have, of another council's documents or past
// a document's end, of an item that is not an answer of the assessment's
// submitted information return, and figures that are not numbers are shown again with
// GOV.UK messages and nothing saved; a save from an older version shows the
// newer text.
func (s *Server) submitReportSection(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if !p.Can(authz.ActionScore) {
		return authz.ErrForbidden
	}
	sec, err := report.Find(s.catalogue, c.Param("section"))
	if err != nil {
		return store.ErrNotFound
	}
	in := &store.ReportSectionInput{Assessment: a.ID, Section: sec.Key, ActorEmail: p.Email,
		Body: report.Normalise(c.FormValue("body"))}
	in.Version, _ = strconv.Atoi(c.FormValue("version"))
	form := &frontend.ReportSectionForm{Body: c.FormValue("body"), Version: in.Version}
	if utf8.RuneCountInString(in.Body) > report.MaxText {
		form.BodyError = "The section must be 20,000 characters or fewer"
	}
	vals, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	paras, docs, pages := vals["cite_para"], vals["cite_doc"], vals["cite_page"]
	for i, doc := range docs {
		para, page := nth(paras, i), nth(pages, i)
		form.Cites = append(form.Cites, frontend.ReportCiteInput{Paragraph: para, Page: page, Docs: []frontend.Option{{Value: doc}}})
		if doc == "" && para == "" && page == "" {
			continue
		}
		pn, err1 := strconv.Atoi(para)
		pg, err2 := strconv.Atoi(page)
		switch {
		case doc == "":
			form.CiteError = "Select the document each citation is from"
		case err1 != nil || pn < 1:
			form.CiteError = "Enter the number of the paragraph each citation supports, like 2"
		case err2 != nil || pg < 1:
			form.CiteError = "Enter the page number of the cited evidence, like 12"
		default:
			in.Citations = append(in.Citations, report.Citation{Paragraph: pn, DocumentID: doc, Page: pg})
		}
	}
	s.parseReportMeasures(vals, in, form)
	parseReportReturns(vals, in, form)
	if form.CiteError == "" {
		if err := report.CheckCitations(in.Body, in.Citations); err != nil || len(in.Citations)+len(in.Measures)+len(in.Returns) > report.MaxCitations ||
			!measureParagraphsIn(in.Body, in.Measures) || !returnParagraphsIn(in.Body, in.Returns) {
			form.CiteError = fmt.Sprintf("Cite paragraphs from 1 to %d of the text, at most %d citations", len(report.Paragraphs(in.Body)), report.MaxCitations)
		}
	}
	bad := false
	if sec.Kind == report.KindAbout {
		in.Facts, form.Fields, bad = parseFacts(c)
	}
	if form.BodyError == "" && form.CiteError == "" && !bad {
		audit := s.auditEntry(c, "report_section_saved", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
		_, err := s.store.SaveReportSection(c.Request().Context(), p.Scope(), *in, audit)
		var conflict *store.ReportConflictError
		switch {
		case err == nil:
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d/report?saved=%s#%s", a.ID, sec.Key, sec.Key))
		case errors.Is(err, store.ErrBadReturnCitation):
			form.CiteError = returnCiteMessage
		case errors.Is(err, store.ErrBadCitation):
			form.CiteError = citationMessage(err, "Select a document of this local authority and a page within it")
		case errors.As(err, &conflict):
			// The next save overwrites the newer text knowingly.
			form.Version = conflict.Current.Version
			v := s.sectionView(sec, conflict.Current, nil)
			form.Conflict = &v
			form.BodyError = "Someone else saved this section since you opened it: their text is shown below. Save again to replace it with yours"
			return s.renderSectionForm(c, a, p, sec, form, http.StatusConflict)
		case errors.Is(err, store.ErrWrongState) && a.State == assessment.Published:
			return s.renderReportProblem(c, http.StatusConflict, "The published report can only be changed in a correction: start one first")
		case errors.Is(err, store.ErrWrongState):
			return s.renderStateProblem(c, http.StatusConflict, "The draft report cannot be changed at this stage of the assessment")
		default:
			return err
		}
	}
	return s.renderSectionForm(c, a, p, sec, form, http.StatusUnprocessableEntity)
}

// renderSectionForm shows the report again with the refused form open,
// each citation's document list filled in.
func (s *Server) renderSectionForm(c echo.Context, a store.Assessment, p authz.Principal, sec report.Section, form *frontend.ReportSectionForm, status int) error {
	var chosen []string
	for _, in := range form.Cites {
		for _, o := range in.Docs {
			chosen = append(chosen, o.Value)
		}
	}
	dp, err := s.sectionPicker(c, a, p, sec, chosen)
	if err != nil {
		return err
	}
	docs := dp.docs
	form.Picker = dp.view
	var cites []frontend.ReportCiteInput
	for _, in := range form.Cites {
		if in.Paragraph == "" && in.Page == "" && (len(in.Docs) == 0 || in.Docs[0].Value == "") {
			continue
		}
		sel := ""
		if len(in.Docs) > 0 {
			sel = in.Docs[0].Value
		}
		cites = append(cites, reportCiteInput(docs, in.Paragraph, sel, in.Page))
	}
	form.Cites = append(cites, reportCiteInput(docs, "", "", ""))
	views, err := s.outcomeViews(c.Request().Context(), a.LA)
	if err != nil {
		return err
	}
	var cited []frontend.ReportMeasureInput
	for _, m := range form.Measures {
		if m.Paragraph == "" && len(m.Groups) == 0 {
			continue
		}
		sel := ""
		if len(m.Groups) > 0 && len(m.Groups[0].Options) > 0 {
			sel = m.Groups[0].Options[0].Value
		}
		cited = append(cited, s.reportMeasureInput(views, sec, m.Paragraph, sel))
	}
	form.Measures = s.reportMeasureInputs(views, sec, cited)
	items, err := s.store.CitableReturnItems(c.Request().Context(), p.Scope(), a.ID)
	if err != nil {
		return err
	}
	form.Returns = selectedReturns(items, form.Returns)
	page, err := s.reportPage(c, a, p, sec.Key, form)
	if err != nil {
		return err
	}
	page.Layout.Errors = fieldErrors(sec.Key+"-body", form.BodyError, sec.Key+"-cites", form.CiteError)
	for _, f := range form.Fields {
		if f.Error != "" {
			page.Layout.Errors = append(page.Layout.Errors, frontend.FieldError{Field: sec.Key + "-" + f.Name, Message: f.Error})
		}
	}
	return s.pages.Render(c, status, "report_draft", page)
}

func nth(v []string, i int) string {
	if i < len(v) {
		return strings.TrimSpace(v[i])
	}
	return ""
}

// kindLabels name the kinds of correction a council may ask for.
var kindLabels = map[string]string{
	"typo":       "A typo or a number",
	"inaccurate": "Inaccurate information",
	"omitted":    "Omitted information",
}

// reportCommentRow shows a council's comment on the report with what it is
// about.
func (s *Server) reportCommentRow(cm store.Comment) frontend.CommentRow {
	r := s.commentRow(cm)
	r.Kind = kindLabels[cm.Kind]
	switch {
	case cm.Citation != "":
		r.Target = fmt.Sprintf("Paragraph %d, cited evidence: %s", cm.Paragraph, cm.CitationLabel)
	case cm.Figure != "":
		r.Target = "Figure: " + figureLabel(cm.Figure)
	case cm.Paragraph > 0:
		r.Target = fmt.Sprintf("Paragraph %d", cm.Paragraph)
	default:
		r.Target = "The whole section"
	}
	if sec, err := report.Find(s.catalogue, cm.Section); err == nil {
		r.QSName = sec.Title
	}
	return r
}
