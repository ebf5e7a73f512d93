package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// reportHistoryRows bounds the versions listed on the draft report page.
const reportHistoryRows = 50

// paragraphsView renders a section's text paragraph by paragraph, each with
// the evidence it cites.
func paragraphsView(body string, cites []report.Citation) []frontend.ReportParagraph {
	var out []frontend.ReportParagraph
	for i, p := range report.Paragraphs(body) {
		par := frontend.ReportParagraph{Number: i + 1, HTML: report.Markdown(p)}
		for _, c := range cites {
			if c.Paragraph == i+1 {
				par.Citations = append(par.Citations, citationRow(c.DocumentID, c.Title, c.Page))
			}
		}
		out = append(out, par)
	}
	return out
}

// sectionView shows one section: its text and, as the kind asks, the
// catalogue's statements, the score and the facts. scores are the quality
// statement scores by slug.
func (s *Server) sectionView(sec report.Section, cur store.ReportSection, scores map[string]int) frontend.ReportSectionView {
	v := frontend.ReportSectionView{Key: sec.Key, Title: sec.Title, Kind: string(sec.Kind),
		Expect: sec.WhatPeopleExpect(), Commitment: sec.Commitment(), Version: cur.Version,
		Paragraphs: paragraphsView(cur.Body, cur.Citations)}
	if sec.QS != nil {
		v.ScoreText = "Not scored yet"
		if n := scores[sec.QS.Slug]; n > 0 {
			v.ScoreText = s.scoreText(n)
		}
	}
	for _, m := range cur.Measures {
		if m.Paragraph >= 1 && m.Paragraph <= len(v.Paragraphs) {
			p := &v.Paragraphs[m.Paragraph-1]
			p.Measures = append(p.Measures, s.measureCitationRow(m))
		}
	}
	returnCiteRows(v.Paragraphs, cur.Returns)
	if cur.Facts != nil {
		v.Demographics, v.Finances = cur.Facts.Demographics(), cur.Facts.Finances()
	}
	if cur.Version > 0 {
		v.UpdatedBy, v.UpdatedAt = cur.UpdatedBy, govDate(cur.UpdatedAt, s.loc)
	}
	return v
}

// baseline is when the draft last reached its readers, for the changes a
// page shows: for the council, when the factual accuracy check began; for
// CQC staff, the later of that and when the panel last received it. Zero
// when it has reached nobody yet.
func (s *Server) baseline(c echo.Context, a store.Assessment, p authz.Principal) (time.Time, string, error) {
	trs, err := s.store.Transitions(c.Request().Context(), p.Scope(), a.ID)
	if err != nil {
		return time.Time{}, "", err
	}
	var at time.Time
	var who string
	for _, t := range trs {
		switch {
		case t.To == assessment.FactualAccuracy:
			at, who = t.At, "the council received the draft"
		case t.To == assessment.Calibration && !p.Role.IsLA():
			at, who = t.At, "the panel received the draft"
		}
	}
	if at.IsZero() {
		return at, "", nil
	}
	return at, "Changes since " + who + " on " + govDate(at, s.loc), nil
}

// reportPage builds the draft report page. edit names the section whose
// form is open; form, when set, is a refused save shown again.
func (s *Server) reportPage(c echo.Context, a store.Assessment, p authz.Principal, edit string, form *frontend.ReportSectionForm) (frontend.ReportPage, error) {
	ctx := c.Request().Context()
	page := frontend.ReportPage{Layout: s.layout(c), ID: a.ID, Href: fmt.Sprintf("/assessments/%d", a.ID), LAName: a.LAName,
		Council: p.Role.IsLA()}
	page.StateLabel, page.StateClass = stateLabel(a.State)
	page.Visible = !page.Council || a.State.CouncilSeesScores()
	if !page.Visible {
		return page, nil
	}
	if a.FADeadline != nil {
		page.Deadline = a.FADeadline.Format("Monday 2 January 2006")
	}
	offer := assessment.Offers(p, a.HasInspector(p.Email), a.State)
	page.CanEdit, page.CanAnswer = offer.DraftReport, offer.Answer
	if a.State == assessment.Published && !page.Council {
		cor, err := s.correctionView(c, a, p)
		if err != nil {
			return page, err
		}
		page.Correction = cor
		// While a correction is open its inspectors change the sections
		// again (the store allows it only then).
		page.CanEdit = page.CanEdit || cor.CanPublish
	}
	vw, err := s.loadView(c, a, p)
	if err != nil {
		return page, err
	}
	page.CanComment = page.Council && p.Can(authz.ActionCommentFactualAccuracy) &&
		factualAccuracyCheck(a, vw.comms).CommentsOpen(s.ukToday())
	if page.CanComment {
		dp, err := s.pickDocuments(c, p, a.LA, nil, page.Href+"/report#comment-form", nil, docTitle)
		if err != nil {
			return page, err
		}
		page.Picker = dp.view
		for _, d := range dp.docs {
			page.DocOptions = append(page.DocOptions, frontend.Option{Value: d.ID, Label: d.Title})
		}
	}
	secs, err := s.store.ReportSections(ctx, p.Scope(), a.ID)
	if err != nil {
		return page, err
	}
	if page.CanComment {
		s.fillCommentForm(&page, secs, "", "", "", "", "")
	}
	at, label, err := s.baseline(c, a, p)
	if err != nil {
		return page, err
	}
	if cor := page.Correction; cor != nil {
		// Once published, changes are counted from the version the public
		// reads: what a correction would change.
		pub, err := s.store.ReportPublication(ctx, a.ID, cor.Version)
		if err != nil {
			return page, err
		}
		at, label = pub.PublishedAt, fmt.Sprintf("Changes since version %d was published on %s", cor.Version, govDate(pub.PublishedAt, s.loc))
	}
	views, err := s.outcomeViews(ctx, a.LA)
	if err != nil {
		return page, err
	}
	var seen map[string]store.ReportVersion
	if !at.IsZero() {
		if seen, err = s.store.ReportAt(ctx, p.Scope(), a.ID, at); err != nil {
			return page, err
		}
		page.Baseline = label
	}
	for _, sec := range report.Sections(s.catalogue) {
		cur := secs[sec.Key]
		v := s.sectionView(sec, cur, vw.res.QSScores)
		linkReturnCites(&v, a.ID)
		v.Outcomes = s.reportOutcomeViews(reportOutcomes(sec, views))
		if page.CanEdit {
			v.EditHref = fmt.Sprintf("%s/report?edit=%s#%s", page.Href, sec.Key, sec.Key)
		}
		if seen != nil {
			old := seen[sec.Key]
			if old.Version != cur.Version {
				v.Changed = true
				for _, ch := range report.Diff(old.Body, cur.Body) {
					v.Changes = append(v.Changes, frontend.ReportChange{Added: ch.Op == report.Added, Removed: ch.Op == report.Removed, Text: ch.Text})
				}
			}
		}
		for _, cm := range vw.comms {
			if cm.Section == sec.Key {
				v.Comments = append(v.Comments, s.reportCommentRow(cm))
			}
		}
		switch {
		case form != nil && edit == sec.Key:
			v.Form = form
		case page.CanEdit && edit == sec.Key:
			var chosen []string
			for _, ct := range cur.Citations {
				chosen = append(chosen, ct.DocumentID)
			}
			dp, err := s.sectionPicker(c, a, p, sec, chosen)
			if err != nil {
				return page, err
			}
			items, err := s.store.CitableReturnItems(ctx, p.Scope(), a.ID)
			if err != nil {
				return page, err
			}
			v.Form = s.sectionForm(sec, cur, dp.docs, views, items)
			v.Form.Picker = dp.view
		}
		page.Sections = append(page.Sections, v)
	}
	if !page.Council {
		vs, err := s.store.ReportVersions(ctx, p.Scope(), a.ID, reportHistoryRows)
		if err != nil {
			return page, err
		}
		for _, rv := range vs {
			title := rv.Section
			if sec, err := report.Find(s.catalogue, rv.Section); err == nil {
				title = sec.Title
			}
			page.Versions = append(page.Versions, frontend.ReportVersionRow{When: govDate(rv.At, s.loc), Who: rv.ActorEmail,
				Section: title, Version: rv.Version})
		}
	}
	return page, nil
}

// sectionForm is the form of a section filled from its saved text.
func (s *Server) sectionForm(sec report.Section, cur store.ReportSection, docs []store.Document, views []outcomes.MeasureView,
	items []store.ReturnCite) *frontend.ReportSectionForm {
	f := &frontend.ReportSectionForm{Body: cur.Body, Version: cur.Version}
	for _, ct := range cur.Citations {
		f.Cites = append(f.Cites, reportCiteInput(docs, fmt.Sprint(ct.Paragraph), ct.DocumentID, fmt.Sprint(ct.Page)))
	}
	f.Cites = append(f.Cites, reportCiteInput(docs, "", "", ""))
	var cited []frontend.ReportMeasureInput
	for _, m := range cur.Measures {
		cited = append(cited, s.reportMeasureInput(views, sec, fmt.Sprint(m.Paragraph), measureValue(m.Measure, m.Year)))
	}
	f.Measures = s.reportMeasureInputs(views, sec, cited)
	var citedItems []frontend.ReportReturnInput
	for _, rc := range cur.Returns {
		citedItems = append(citedItems, reportReturnInput(items, fmt.Sprint(rc.Paragraph), strconv.FormatInt(rc.Item, 10)))
	}
	f.Returns = reportReturnInputs(items, citedItems)
	if sec.Kind == report.KindAbout {
		f.Fields = factsForm(cur.Facts)
	}
	return f
}

func reportCiteInput(docs []store.Document, para, selected, page string) frontend.ReportCiteInput {
	in := frontend.ReportCiteInput{Paragraph: para, Page: page}
	for _, d := range docs {
		in.Docs = append(in.Docs, frontend.Option{Value: d.ID, Label: d.Title, Selected: d.ID == selected})
	}
	return in
}

// showReport is the draft report: CQC staff who may see draft scores read
// it, its inspectors write it while they may; the council reads it from the
// factual accuracy check on.
func (s *Server) showReport(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if !p.Role.IsLA() && !p.Can(authz.ActionViewDraftScores) {
		return authz.ErrForbidden
	}
	page, err := s.reportPage(c, a, p, c.QueryParam("edit"), nil)
	if err != nil {
		return err
	}
	if done, err := s.answerPicker(c); done {
		return err
	}
	switch {
	case c.QueryParam("saved") != "":
		page.Flash = "The section has been saved"
	case c.QueryParam("commented") != "":
		page.Flash = "Your comment has been sent to the inspectors"
	case c.QueryParam("answered") != "":
		page.Flash = "Your answer has been saved"
	case c.QueryParam("correcting") != "":
		page.Flash = "You can now change the sections of the published report, then publish the correction"
	case c.QueryParam("republished") != "":
		page.Flash = "The correction has been published: the public now reads the new version"
	}
	return s.pages.Render(c, http.StatusOK, "report_draft", page)
}

// sectionPicker is the picker of a section's open form: one page of the
// documents found, and those it cites.
func (s *Server) sectionPicker(c echo.Context, a store.Assessment, p authz.Principal, sec report.Section, chosen []string) (docPicker, error) {
	return s.pickDocuments(c, p, a.LA, chosen, fmt.Sprintf("/assessments/%d/report#%s", a.ID, sec.Key), url.Values{"edit": {sec.Key}}, docTitle)
}
