package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// laCommentForm is a submitted factual accuracy comment shown again.
type laCommentForm struct {
	qs, body, doc, page         string
	qsErr, bodyErr, docErr, msg string
}

// ukToday is today's date in the UK, as a date at midnight UTC like the
// stored deadline.
func (s *Server) ukToday() time.Time {
	return assessment.Day(time.Now().In(s.loc))
}

func (s *Server) laAssessmentPage(c echo.Context, a store.Assessment, p authz.Principal, f laCommentForm) (frontend.AssessmentLAPage, error) {
	m, err := s.methodOf(a)
	if err != nil {
		return frontend.AssessmentLAPage{}, err
	}
	v := m.Version()
	page := frontend.AssessmentLAPage{Layout: s.layout(c), ID: a.ID, Href: fmt.Sprintf("/assessments/%d", a.ID),
		LAName: a.LAName, VersionName: v.Name, Categories: v.CategoryScores, StateSince: govDate(a.StateChangedAt, s.loc),
		ShowScores: a.State.CouncilSeesScores(), Comment: f.body, Page: f.page, QSError: f.qsErr, BodyError: f.bodyErr, DocError: f.docErr}
	page.StateLabel, page.StateClass = stateLabel(a.State)
	_, page.CanDownloadPack = assessment.PackFor(p, false, a.State)
	if !page.ShowScores {
		return page, nil
	}
	if a.FADeadline != nil {
		page.Deadline = a.FADeadline.Format("Monday 2 January 2006")
		page.Open = factualAccuracyCheck(a, nil).CommentsOpen(s.ukToday())
	}
	if a.FADoneAt != nil {
		page.CouncilDone = fmt.Sprintf("%s told CQC on %s that the council has no more comments", a.FADoneBy, govDate(*a.FADoneAt, s.loc))
	}
	if a.PublishedAt != nil {
		page.PublishedAt = govDate(*a.PublishedAt, s.loc)
	}
	page.CanComment = page.Open && p.Can(authz.ActionCommentFactualAccuracy)
	page.Notice = s.councilNotice(a, p.Can(authz.ActionCommentFactualAccuracy))
	if a.State == assessment.Published {
		doc, err := publishedDoc(a)
		if err != nil {
			return page, err
		}
		s.fillPublishedLAPage(&page, v, doc)
		return page, nil
	}
	vw, err := s.loadView(c, a, p)
	if err != nil {
		return page, err
	}
	page.Results = s.resultsView(vw.v, vw.res)
	if t := assessment.LastAssessed(store.Events(vw.history)); t != nil {
		page.LastAssessed = govDate(*t, s.loc)
	}
	if t := assessment.RatingLastChanged(store.Events(vw.history)); t != nil {
		page.RatingChange = govDate(*t, s.loc)
	}
	for _, qr := range vw.res.QS {
		sec := s.qsSection(qr, vw.v)
		for _, cat := range s.scoredCategories(vw.v) {
			sc, ok := vw.score(qr.QS.Slug, cat.Slug)
			sec.Items = append(sec.Items, s.scoreItem(qr.QS.Slug, cat, sc, ok, nil, false))
		}
		for _, cm := range vw.comms {
			if cm.QS == qr.QS.Slug {
				sec.Comments = append(sec.Comments, s.commentRow(cm))
			}
		}
		page.Statements = append(page.Statements, sec)
		page.QSOptions = append(page.QSOptions, frontend.Option{Value: qr.QS.Slug, Label: qr.QS.Name, Selected: qr.QS.Slug == f.qs})
	}
	if page.CanComment {
		dp, err := s.pickDocuments(c, p, a.LA, []string{f.doc}, page.Href+"#send-comment", nil, docTitle)
		if err != nil {
			return page, err
		}
		page.Picker = dp.view
		for _, d := range dp.docs {
			page.DocOptions = append(page.DocOptions, frontend.Option{Value: d.ID, Label: d.Title, Selected: d.ID == f.doc})
		}
	}
	return page, nil
}

// submitComment takes a council's factual accuracy comment on one quality
// statement, with evidence from its own documents, until the deadline.
func (s *Server) submitComment(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if !p.Can(authz.ActionCommentFactualAccuracy) {
		return authz.ErrForbidden
	}
	f := laCommentForm{qs: c.FormValue("qs"), body: strings.TrimSpace(c.FormValue("comment")), doc: c.FormValue("document"),
		page: strings.TrimSpace(c.FormValue("page"))}
	if _, err := s.catalogue.Statement(f.qs); err != nil {
		f.qsErr = "Select the quality statement your comment is about"
	}
	switch {
	case f.body == "":
		f.bodyErr = "Enter your comment"
	case utf8.RuneCountInString(f.body) > assessment.MaxText:
		f.bodyErr = "Your comment must be 10,000 characters or fewer"
	}
	cm := store.Comment{QS: f.qs, Body: f.body, AuthorEmail: p.Email}
	if f.doc != "" {
		n, err := strconv.Atoi(f.page)
		if err != nil || n < 1 {
			f.docErr = "Enter the page number of your evidence, like 12"
		}
		cm.DocumentID, cm.Page = f.doc, n
	}
	status := http.StatusUnprocessableEntity
	if f.qsErr == "" && f.bodyErr == "" && f.docErr == "" {
		audit := s.auditEntry(c, "fa_comment_sent", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
		err := s.store.AddComment(c.Request().Context(), p.Scope(), a.ID, s.ukToday(), cm, audit)
		switch {
		case err == nil:
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d?commented=1", a.ID))
		case errors.Is(err, store.ErrBadCitation):
			f.docErr = citationMessage(err, "Select one of your council's documents and a page within it")
		case errors.Is(err, store.ErrWrongState):
			f.bodyErr = "Comments can no longer be sent: the factual accuracy check is not open"
			status = http.StatusConflict
		default:
			return err
		}
	}
	page, err := s.laAssessmentPage(c, a, p, f)
	if err != nil {
		return err
	}
	page.Layout.Errors = fieldErrors("qs", f.qsErr, "comment", f.bodyErr, "document", f.docErr)
	return s.pages.Render(c, status, "assessment_la", page)
}
