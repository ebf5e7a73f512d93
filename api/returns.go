package api

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// returnCtx is an assessment, its return (zero ID when it has none the
// person may see) and what the person may do with it.
type returnCtx struct {
	a     store.Assessment
	r     store.Return
	p     authz.Principal
	offer assessment.ReturnOffer
	// role: what the person's role would allow in the right state, to tell
	// a refusal (403) from a return in the wrong state (409).
	mayIssue, mayAnswer bool
}

func (rc returnCtx) href() string { return fmt.Sprintf("/assessments/%d/return", rc.a.ID) }

// loadReturn reads the assessment in the path within scope and its
// return. Council staff never see a draft: to them it does not exist yet.
func (s *Server) loadReturn(c echo.Context) (returnCtx, error) {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return returnCtx{}, err
	}
	rc := returnCtx{a: a, p: p}
	insp := a.HasInspector(p.Email)
	r, err := s.store.ReturnOf(c.Request().Context(), p.Scope(), a.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return rc, err
	case p.Role.IsLA() && r.State == assessment.ReturnDraft:
	default:
		rc.r = r
	}
	st := rc.r.State
	if rc.r.ID == 0 {
		st = assessment.ReturnDraft
	}
	rc.offer = assessment.ReturnOffers(p, insp, st, a.State)
	if rc.r.ID == 0 {
		rc.offer = assessment.ReturnOffer{Issue: assessment.MayOpenReturn(p, insp, a.State)}
	}
	rc.mayIssue = assessment.ReturnOffers(p, insp, assessment.ReturnDraft, assessment.InProgress).Issue
	rc.mayAnswer = assessment.ReturnOffers(p, insp, assessment.ReturnIssued, assessment.InProgress).Answer
	return rc, nil
}

// returnStateLabel is how a return's state is shown.
func returnStateLabel(st assessment.ReturnState) (string, string) {
	switch st {
	case assessment.ReturnDraft:
		return "Draft", "govuk-tag--grey"
	case assessment.ReturnIssued:
		return "Issued", "govuk-tag--blue"
	case assessment.ReturnSubmitted:
		return "Submitted", "govuk-tag--green"
	}
	return string(st), "govuk-tag--grey"
}

func answerKindLabel(kind string) string {
	switch kind {
	case framework.AnswerDocuments:
		return "Documents"
	case framework.AnswerLink:
		return "A link"
	case framework.AnswerText:
		return "A short text"
	case framework.AnswerTable:
		return "A table"
	}
	return kind
}

// today is the UK day now, how due dates are compared.
func (s *Server) today() time.Time { return assessment.Day(time.Now().In(s.loc)) }

// itemRow is an item as lists show it; personal answers are hidden unless
// the person may see them.
func (s *Server) itemRow(rc returnCtx, it store.ReturnItem) frontend.ReturnItemRow {
	row := frontend.ReturnItemRow{ID: strconv.FormatInt(it.ID, 10), Href: fmt.Sprintf("%s/items/%d", rc.href(), it.ID), Key: it.Key,
		Title: it.Title, Wanted: it.Wanted, Kind: it.Kind, KindLabel: answerKindLabel(it.Kind), Required: it.Required,
		Personal: it.Personal, Source: it.Source, Columns: it.Columns}
	var names []string
	for _, qs := range it.QS {
		if st, err := s.catalogue.Statement(qs); err == nil {
			names = append(names, st.Name)
		}
	}
	row.QSNames = strings.Join(names, ", ")
	names = nil
	for _, cat := range it.Categories {
		if ct, err := s.catalogue.Category(cat); err == nil {
			names = append(names, ct.Name)
		}
	}
	row.Categories = strings.Join(names, ", ")
	if it.DueOn != nil {
		row.Due = it.DueOn.Format("2 January 2006")
		if rc.r.State == assessment.ReturnIssued {
			row.Due += ", " + assessment.DueText(*it.DueOn, s.today())
		}
	}
	answered := it.Answer != nil && it.Answer.Answered
	row.StatusLabel, row.StatusClass = assessment.StatusOf(rc.r.State, answered, it.DueOn, s.today()).Label()
	if it.Personal && !rc.offer.ViewPersonal {
		row.Hidden, row.HasAnswer = true, answered
		return row
	}
	if a := it.Answer; a != nil {
		row.HasAnswer = true
		row.Link, row.Text, row.Rows, row.Reason = a.Link, a.Text, a.Rows, a.Reason
		row.AnsweredBy, row.Answered = a.AnsweredBy, govDate(a.AnsweredAt, s.loc)
		if !a.Answered {
			row.Answered = "Reason given " + row.Answered
		} else {
			row.Answered = "Answered " + row.Answered
		}
		for _, c := range a.Citations {
			cr := frontend.ReturnCitationRow{Title: c.Title, Page: c.Page, Section: c.Section, Href: pageHref(c.DocumentID, c.Page),
				Withdrawn: c.Status == "withdrawn"}
			if c.Newer != "" {
				cr.NewerHref = "/documents/" + c.Newer
			}
			row.Citations = append(row.Citations, cr)
		}
	}
	return row
}

func tallyText(t assessment.Tally) string {
	return fmt.Sprintf("%d of %d required items answered", t.RequiredAnswd, t.Required)
}

// returnPage builds the return page, narrowed by the query's part or qs.
func (s *Server) returnPage(c echo.Context, rc returnCtx) (frontend.ReturnPage, []store.ReturnItem, error) {
	page := frontend.ReturnPage{Layout: s.layout(c), Href: rc.href(), AssessmentHref: fmt.Sprintf("/assessments/%d", rc.a.ID),
		LAName: rc.a.LAName, CanStart: rc.offer.Issue && rc.r.ID == 0}
	if rc.r.ID == 0 {
		return page, nil, nil
	}
	r := rc.r
	page.Started = true
	page.CanEdit, page.CanAnswer, page.CanSubmit = rc.offer.Issue, rc.offer.Answer, rc.offer.Submit
	page.StateLabel, page.StateClass = returnStateLabel(r.State)
	if page.CanEdit {
		page.NewItem = s.newItemForm(nil, nil)
	}
	page.DueDays = strconv.Itoa(r.DueDays)
	if r.IssuedAt != nil {
		page.Issued = govDate(*r.IssuedAt, s.loc)
	}
	if r.DueOn != nil {
		page.Due = r.DueOn.Format("2 January 2006")
		if r.State == assessment.ReturnIssued {
			page.DueText = assessment.DueText(*r.DueOn, s.today())
		}
	}
	if r.SubmittedAt != nil {
		page.Submitted, page.SubmittedBy = govDate(*r.SubmittedAt, s.loc), r.SubmittedBy
	}
	items, err := s.store.ReturnItems(c.Request().Context(), rc.p.Scope(), r.ID, rc.offer.ViewPersonal)
	if err != nil {
		return page, nil, err
	}
	facts := store.Facts(items)
	prog := assessment.ReturnProgress(facts)
	page.Progress, page.Complete = tallyText(prog.All), prog.All.Done()
	tpl := s.returnTpl
	part, qs := c.QueryParam("part"), c.QueryParam("qs")
	if p, ok := tpl.Part(part); ok {
		page.Filter = p.Name
	} else {
		part = ""
	}
	if st, err := s.catalogue.Statement(qs); err == nil && part == "" {
		page.Filter = st.Name
	} else {
		qs = ""
	}
	for _, p := range tpl.Parts {
		pv := frontend.ReturnPartView{Slug: p.Slug, Name: p.Name, About: p.About, Href: page.Href + "?part=" + p.Slug,
			Progress: tallyText(prog.ByPart[p.Slug])}
		for _, it := range items {
			if it.Part != p.Slug || (part != "" && part != p.Slug) || (qs != "" && !contains(it.QS, qs)) {
				continue
			}
			pv.Items = append(pv.Items, s.itemRow(rc, it))
		}
		page.Parts = append(page.Parts, pv)
	}
	for _, st := range s.catalogue.Statements {
		page.QS = append(page.QS, frontend.ReturnFilterLink{Name: st.Name, Href: page.Href + "?qs=" + st.Slug,
			Progress: tallyText(prog.ByQS[st.Slug])})
	}
	if r.State == assessment.ReturnIssued {
		for _, i := range assessment.DueFirst(facts) {
			it := items[i]
			if assessment.StatusOf(r.State, facts[i].Answered, it.DueOn, s.today()) == assessment.ItemOverdue && !facts[i].Answered {
				page.Overdue = append(page.Overdue, s.itemRow(rc, it))
			}
		}
	}
	if page.CanSubmit {
		for _, i := range assessment.Missing(facts) {
			page.Missing = append(page.Missing, s.itemRow(rc, items[i]))
		}
	}
	return page, items, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// auditPersonalView records that the person was shown answers holding
// personal data: every such view is in the audit log.
func (s *Server) auditPersonalView(c echo.Context, rc returnCtx, items []store.ReturnItem) error {
	if !rc.offer.ViewPersonal {
		return nil
	}
	var shown []string
	for _, it := range items {
		if it.Personal && it.Answer != nil {
			shown = append(shown, strconv.FormatInt(it.ID, 10))
		}
	}
	if len(shown) == 0 {
		return nil
	}
	e := s.auditEntry(c, "return_personal_data_viewed", "return", strconv.FormatInt(rc.r.ID, 10), rc.a.LA)
	e.Detail = map[string]string{"items": strings.Join(shown, ",")}
	return s.store.Audit(c.Request().Context(), e)
}

// showReturn is an assessment's information return: the draft for its
// inspectors to edit and issue, the items for the council to answer, the
// progress for both, one part or one statement at a time when asked.
func (s *Server) showReturn(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	page, items, err := s.returnPage(c, rc)
	if err != nil {
		return err
	}
	switch {
	case c.QueryParam("started") != "":
		page.Flash = "The draft return has been started from the standard template"
	case c.QueryParam("edited") != "":
		page.Flash = "The item has been changed"
	case c.QueryParam("removed") != "":
		page.Flash = "The item has been removed"
	case c.QueryParam("added") != "":
		page.Flash = "The item has been added"
	case c.QueryParam("issued") != "":
		page.Flash = "The return has been issued to the council"
	case c.QueryParam("submitted") != "":
		page.Flash = "The return has been submitted to CQC"
	}
	if err := s.auditPersonalView(c, rc, items); err != nil {
		return err
	}
	return s.pages.Render(c, http.StatusOK, "return", page)
}

// returnRefused shows the return again, 409, saying why the change could
// not be made in its state (issued already, submitted already...).
func (s *Server) returnRefused(c echo.Context, rc returnCtx, msg string) error {
	if rc, err := s.loadReturn(c); err == nil {
		page, _, err := s.returnPage(c, rc)
		if err != nil {
			return err
		}
		page.Layout.Errors = []frontend.FieldError{{Field: "main-content", Message: msg}}
		return s.pages.Render(c, http.StatusConflict, "return", page)
	}
	return echo.NewHTTPError(http.StatusConflict, msg)
}

// itemParam is the item in the path; not a number is a missing item.
func itemParam(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("item"), 10, 64)
	if err != nil {
		return 0, store.ErrNotFound
	}
	return id, nil
}

// submitReturnIssue issues the draft to the council.
func (s *Server) submitReturnIssue(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	// Not a number is out of range: issueReturn says so.
	days, _ := strconv.Atoi(strings.TrimSpace(c.FormValue("due_days")))
	rf, err := s.issueReturn(c, rc, days)
	switch {
	case err != nil:
		return err
	case rf != nil && rf.status == http.StatusConflict:
		return s.returnRefused(c, rc, rf.message())
	case rf != nil:
		page, _, err := s.returnPage(c, rc)
		if err != nil {
			return err
		}
		page.DueDays = c.FormValue("due_days")
		page.DueDaysError = rf.message()
		page.Layout.Errors = rf.errors
		return s.pages.Render(c, http.StatusUnprocessableEntity, "return", page)
	}
	return c.Redirect(http.StatusSeeOther, rc.href()+"?issued=1")
}

// issueReturn issues the draft due in days, for the form and the API
// alike: a refusal when the days are out of range (422) or the return is
// issued already (409).
func (s *Server) issueReturn(c echo.Context, rc returnCtx, days int) (*refusal, error) {
	const issued = "The return has been issued already"
	switch {
	case !rc.mayIssue:
		return nil, authz.ErrForbidden
	case rc.r.ID == 0:
		return nil, store.ErrNotFound
	case !rc.offer.Issue:
		return conflict(issued), nil
	case days < 1 || days > assessment.MaxDueDays:
		return invalid("due_days", fmt.Sprintf("Enter a number of days from 1 to %d", assessment.MaxDueDays)), nil
	}
	_, err := s.store.IssueReturn(c.Request().Context(), rc.p.Scope(), rc.r.ID, days, time.Now(), s.loc, rc.p.Email,
		s.auditEntry(c, "return_issued", "return", "", rc.a.LA))
	if errors.Is(err, store.ErrWrongState) {
		return conflict(issued), nil
	}
	return nil, err
}

// submitReturnSubmission submits the council's return, with a reason for
// each required item left unanswered.
func (s *Server) submitReturnSubmission(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	given := map[int64]string{}
	for k := range form {
		idText, ok := strings.CutPrefix(k, "reason-")
		if !ok {
			continue
		}
		if id, err := strconv.ParseInt(idText, 10, 64); err == nil {
			given[id] = form.Get(k)
		}
	}
	rf, err := s.submitReturn(c, rc, given)
	switch {
	case err != nil:
		return err
	case rf == nil:
		return c.Redirect(http.StatusSeeOther, rc.href()+"?submitted=1")
	case rf.status == http.StatusConflict:
		return s.returnRefused(c, rc, rf.message())
	}
	page, _, err := s.returnPage(c, rc)
	if err != nil {
		return err
	}
	for i := range page.Missing {
		page.Missing[i].Reason = form.Get("reason-" + page.Missing[i].ID)
		for _, b := range rf.errors {
			if b.Field == "reason-"+page.Missing[i].ID {
				page.Missing[i].ReasonError = b.Message
			}
		}
	}
	page.Layout.Errors = rf.errors
	return s.pages.Render(c, http.StatusUnprocessableEntity, "return", page)
}

// submitReturn submits the return with the reasons given, by item, for
// required items left unanswered, for the form and the API alike: a
// refusal naming each reason that is wrong or missing (422, fields
// reason-{item}), or saying the return is submitted already (409).
func (s *Server) submitReturn(c echo.Context, rc returnCtx, given map[int64]string) (*refusal, error) {
	const submitted = "The return has been submitted already: it can no longer be changed"
	switch {
	case !rc.mayAnswer:
		return nil, authz.ErrForbidden
	case rc.r.ID == 0:
		return nil, store.ErrNotFound
	case !rc.offer.Submit:
		return conflict(submitted), nil
	}
	reasons := map[int64]string{}
	rf := &refusal{status: http.StatusUnprocessableEntity}
	for _, id := range slices.Sorted(maps.Keys(given)) {
		reason, err := assessment.CheckReason(given[id])
		var ie *assessment.InputError
		if errors.As(err, &ie) {
			rf.errors = append(rf.errors, frontend.FieldError{Field: fmt.Sprintf("reason-%d", id), Message: ie.Message})
			continue
		}
		reasons[id] = reason
	}
	if len(rf.errors) > 0 {
		return rf, nil
	}
	err := s.store.SubmitReturn(c.Request().Context(), rc.p.Scope(), rc.r.ID, reasons, rc.p.Email,
		s.auditEntry(c, "return_submitted", "return", "", rc.a.LA))
	var inc *store.IncompleteError
	switch {
	case errors.Is(err, store.ErrWrongState):
		return conflict(submitted), nil
	case errors.As(err, &inc):
		for _, id := range inc.Items {
			rf.errors = append(rf.errors, frontend.FieldError{Field: fmt.Sprintf("reason-%d", id),
				Message: "Answer this required item, or say why you cannot"})
		}
		return rf, nil
	}
	return nil, err
}
