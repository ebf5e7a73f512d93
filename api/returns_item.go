package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// Empty rows the answer form offers beyond those saved: without
// JavaScript, saving gives more.
const (
	blankTableRows = 5
	blankCiteRows  = 3
)

// loadItem reads the return and the item in the path: an item of another
// return, or of a return the person cannot see, is missing.
func (s *Server) loadItem(c echo.Context) (returnCtx, store.ReturnItem, error) {
	rc, err := s.loadReturn(c)
	if err != nil {
		return rc, store.ReturnItem{}, err
	}
	id, err := itemParam(c)
	if err != nil || rc.r.ID == 0 {
		return rc, store.ReturnItem{}, store.ErrNotFound
	}
	it, err := s.store.ReturnItem(c.Request().Context(), rc.p.Scope(), rc.r.ID, id, rc.offer.ViewPersonal)
	return rc, it, err
}

// itemPage builds an item's page; a, when not nil, is the answer sent, to
// show again with what was wrong with it.
func (s *Server) itemPage(c echo.Context, rc returnCtx, it store.ReturnItem, sent *assessment.Answer) (frontend.ReturnItemPage, error) {
	row := s.itemRow(rc, it)
	page := frontend.ReturnItemPage{Layout: s.layout(c), ReturnHref: rc.href(), Action: row.Href + "/answer", LAName: rc.a.LAName,
		Item: row, CanAnswer: rc.offer.Answer}
	if it.Personal {
		page.PersonalNote = "This answer holds personal data. Only your council's staff and the assessment's inspectors can see it; " +
			"it is never searched or shared, and every view is recorded."
		switch {
		case rc.r.PersonalDeletedAt != nil:
			page.PersonalNote += " It was deleted on " + rc.r.PersonalDeletedAt.In(ukTime()).Format("2 January 2006") + ", after the report was published."
		case s.opts.PersonalDataDays > 0:
			page.PersonalNote += fmt.Sprintf(" It is deleted %d days after CQC publishes its report.", s.opts.PersonalDataDays)
		}
	}
	if !page.CanAnswer {
		return page, nil
	}
	a := assessment.Answer{Kind: it.Kind}
	if it.Answer != nil {
		page.Version = it.Answer.Version
		a.Link, a.Text, a.Rows = it.Answer.Link, it.Answer.Text, it.Answer.Rows
		for _, ct := range it.Answer.Citations {
			a.Citations = append(a.Citations, assessment.Citation{DocumentID: ct.DocumentID, Page: ct.Page, Section: ct.Section})
		}
	}
	if sent != nil {
		a = *sent
	}
	page.Link, page.Text = a.Link, a.Text
	switch it.Kind {
	case framework.AnswerTable:
		for _, r := range a.Rows {
			page.TableRows = append(page.TableRows, r)
		}
		for i := 0; i < blankTableRows && len(page.TableRows) < assessment.MaxTableRows; i++ {
			page.TableRows = append(page.TableRows, make([]string, len(it.Columns)))
		}
	case framework.AnswerDocuments:
		// The empty rows list the documents the picker found; a cited
		// one stays in its own row whatever the search.
		dp, err := s.pickDocuments(c, rc.p, rc.a.LA, nil, row.Href+"#documents", nil, docTitlePages)
		if err != nil {
			return page, err
		}
		page.Picker = dp.view
		docs := dp.docs
		// A row citing a document offers that document (or none, to take
		// it out); only the empty rows list the council's documents, one
		// list shared by them. A list in every row would be up to 53 lists
		// of 1,000 documents (megabytes of page), and a cited document
		// older than the newest 1,000 would be missing from its row, so
		// saving the form again would drop it.
		known := map[string]string{}
		all := make([]frontend.Option, 0, len(docs))
		for _, d := range docs {
			known[d.ID] = fmt.Sprintf("%s (%d pages)", d.Title, d.Pages)
			all = append(all, frontend.Option{Value: d.ID, Label: known[d.ID]})
		}
		if it.Answer != nil {
			for _, ct := range it.Answer.Citations {
				if _, ok := known[ct.DocumentID]; !ok {
					known[ct.DocumentID] = fmt.Sprintf("%s (%d pages)", ct.Title, ct.Pages)
				}
			}
		}
		cites := a.Citations
		for i := 0; i < blankCiteRows && len(cites) < assessment.MaxCitations; i++ {
			cites = append(cites, assessment.Citation{})
		}
		for i, ct := range cites {
			in := frontend.ReturnCiteInput{N: i, Section: ct.Section, Docs: all, Pick: true}
			if label, ok := known[ct.DocumentID]; ok {
				in.Docs, in.Pick = []frontend.Option{{Value: ct.DocumentID, Label: label, Selected: true}}, false
			}
			if ct.Page > 0 {
				in.Page = strconv.Itoa(ct.Page)
			}
			page.CiteRows = append(page.CiteRows, in)
		}
		page.UploadHref = "/documents/upload"
		if len(it.QS) > 0 {
			page.UploadHref += "?qs_hint=" + url.QueryEscape(it.QS[0])
		}
	}
	return page, nil
}

// showReturnItem is one item: what is wanted, the answer, and the answer
// form while the council may answer.
func (s *Server) showReturnItem(c echo.Context) error {
	rc, it, err := s.loadItem(c)
	if err != nil {
		return err
	}
	page, err := s.itemPage(c, rc, it, nil)
	if err != nil {
		return err
	}
	if done, err := s.answerPicker(c); done {
		return err
	}
	if c.QueryParam("saved") != "" {
		page.Flash = "Your answer has been saved"
	}
	if err := s.auditPersonalView(c, rc, []store.ReturnItem{it}); err != nil {
		return err
	}
	return s.pages.Render(c, http.StatusOK, "return_item", page)
}

// answerFromForm reads the answer form of an item: the kind it says it
// is (checked against the item), and the fields of that kind.
func answerFromForm(c echo.Context, columns int) assessment.Answer {
	a := assessment.Answer{Kind: c.FormValue("kind"), Link: c.FormValue("link"), Text: c.FormValue("text")}
	switch a.Kind {
	case framework.AnswerTable:
		n, _ := strconv.Atoi(c.FormValue("rows"))
		// Bounded by what may be saved, plus the blank rows offered.
		n = min(max(n, 0), assessment.MaxTableRows+blankTableRows+1)
		for r := 0; r < n; r++ {
			row := make([]string, columns)
			for col := range row {
				row[col] = c.FormValue(fmt.Sprintf("cell-%d-%d", r, col))
			}
			a.Rows = append(a.Rows, row)
		}
	case framework.AnswerDocuments:
		n, _ := strconv.Atoi(c.FormValue("cites"))
		n = min(max(n, 0), assessment.MaxCitations+blankCiteRows+1)
		for i := 0; i < n; i++ {
			ct := assessment.Citation{DocumentID: strings.TrimSpace(c.FormValue(fmt.Sprintf("doc-%d", i))),
				Section: c.FormValue(fmt.Sprintf("section-%d", i))}
			if p := strings.TrimSpace(c.FormValue(fmt.Sprintf("page-%d", i))); p != "" {
				if ct.Page, _ = strconv.Atoi(p); ct.Page == 0 {
					ct.Page = -1 // not a page number: CheckAnswer says so
				}
			}
			a.Citations = append(a.Citations, ct)
		}
	}
	return a
}

// submitReturnAnswer saves the council's answer to an item.
func (s *Server) submitReturnAnswer(c echo.Context) error {
	rc, it, err := s.loadItem(c)
	if err != nil {
		return err
	}
	switch {
	case !rc.mayAnswer:
		return authz.ErrForbidden
	case !rc.offer.Answer:
		return s.itemRefused(c, rc, it, http.StatusConflict, "The return has been submitted: answers can no longer be changed", nil)
	}
	sent := answerFromForm(c, len(it.Columns))
	version, _ := strconv.Atoi(c.FormValue("version"))
	msg, status, err := s.saveAnswer(c, rc, it, sent, version)
	if err != nil {
		return err
	}
	if msg != "" {
		return s.itemRefused(c, rc, it, status, msg, &sent)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/items/%d?saved=1", rc.href(), it.ID))
}

// saveAnswer checks and saves an answer, for the form and the API alike: a
// message and status for what the person must put right, or an error.
func (s *Server) saveAnswer(c echo.Context, rc returnCtx, it store.ReturnItem, sent assessment.Answer, version int) (string, int, error) {
	a, err := assessment.CheckAnswer(it.Kind, len(it.Columns), sent)
	var ie *assessment.InputError
	if errors.As(err, &ie) {
		return ie.Message, http.StatusUnprocessableEntity, nil
	}
	err = s.store.AnswerItem(c.Request().Context(), rc.p.Scope(), store.AnswerInput{Return: rc.r.ID, Item: it.ID, Answer: a,
		Version: version, By: rc.p.Email}, s.auditEntry(c, "return_item_answered", "return", "", rc.a.LA))
	switch {
	case err == nil:
		return "", 0, nil
	case errors.Is(err, store.ErrBadCitation):
		return "Choose documents of your council that have been read, and pages within them", http.StatusUnprocessableEntity, nil
	case errors.Is(err, store.ErrBadKind):
		return "Answer this item as it asks", http.StatusUnprocessableEntity, nil
	case errors.Is(err, store.ErrStale):
		return "Someone else changed this answer while you were editing it. Their answer is shown: check it and save again",
			http.StatusConflict, nil
	case errors.Is(err, store.ErrWrongState):
		return "The return has been submitted: answers can no longer be changed", http.StatusConflict, nil
	}
	return "", 0, err
}

// itemRefused shows the item again with why the answer was not saved;
// sent is shown again in the form, except after a clash, when the newer
// answer is.
func (s *Server) itemRefused(c echo.Context, rc returnCtx, it store.ReturnItem, status int, msg string, sent *assessment.Answer) error {
	if status == http.StatusConflict {
		// Show what is saved now.
		fresh, item, err := s.loadItem(c)
		if err != nil {
			return err
		}
		rc, it, sent = fresh, item, nil
	}
	page, err := s.itemPage(c, rc, it, sent)
	if err != nil {
		return err
	}
	field := map[string]string{framework.AnswerLink: "link", framework.AnswerText: "text", framework.AnswerTable: "table",
		framework.AnswerDocuments: "documents"}[it.Kind]
	page.Error = msg
	page.Layout.Errors = []frontend.FieldError{{Field: field, Message: msg}}
	return s.pages.Render(c, status, "return_item", page)
}
