package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// The draft return before issue: started from the template, its items
// changed, removed or added by the assessment's inspectors or an admin.
// Each change is one function shared by the page's form and the API.

const itemsFixed = "The return has been issued: its items can no longer be changed"

// draftRefusal says why the person may not change rc's draft:
// authz.ErrForbidden for a role that never may, store.ErrNotFound when
// there is no draft to change, a 409 refusal once it is issued.
func draftRefusal(rc returnCtx) (*refusal, error) {
	switch {
	case !rc.mayIssue:
		return nil, authz.ErrForbidden
	case rc.r.ID == 0:
		return nil, store.ErrNotFound
	case !rc.offer.Issue:
		return conflict(itemsFixed), nil
	}
	return nil, nil
}

// startReturn starts the draft return from the template: the store's
// ErrConflict when the assessment has one already, ErrWrongState when it
// is published.
func (s *Server) startReturn(c echo.Context, rc returnCtx) error {
	if !rc.mayIssue {
		return authz.ErrForbidden
	}
	_, err := s.store.CreateReturn(c.Request().Context(), rc.p.Scope(), rc.a.ID, s.returnTpl, rc.p.Email,
		s.auditEntry(c, "return_started", "return", "", rc.a.LA))
	return err
}

// submitReturnStart starts the draft return from the template.
func (s *Server) submitReturnStart(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	err = s.startReturn(c, rc)
	switch {
	case errors.Is(err, store.ErrConflict):
		// Started already, by someone else or a second click: show it.
		return c.Redirect(http.StatusSeeOther, rc.href())
	case errors.Is(err, store.ErrWrongState):
		return s.returnRefused(c, rc, "A published assessment cannot have a new information return")
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, rc.href()+"?started=1")
}

// editReturnItem changes (title, what is wanted, required) or removes an
// item of the draft, for the form and the API alike: a refusal naming the
// field that is wrong (422, fields title and wanted) or saying the return
// is issued (409).
func (s *Server) editReturnItem(c echo.Context, rc returnCtx, e store.ItemEdit) (*refusal, error) {
	if rf, err := draftRefusal(rc); rf != nil || err != nil {
		return rf, err
	}
	e.Return = rc.r.ID
	action := "return_item_removed"
	if !e.Remove {
		action = "return_item_changed"
		var err error
		e.Title, e.Wanted, err = assessment.CheckItem(e.Title, e.Wanted)
		var ie *assessment.InputError
		if errors.As(err, &ie) {
			return invalid(ie.Field, ie.Message), nil
		}
	}
	err := s.store.EditReturnItem(c.Request().Context(), rc.p.Scope(), e, s.auditEntry(c, action, "return", "", rc.a.LA))
	if errors.Is(err, store.ErrWrongState) {
		return conflict(itemsFixed), nil
	}
	return nil, err
}

// submitReturnItemEdit changes or removes an item of the draft.
func (s *Server) submitReturnItemEdit(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	item, err := itemParam(c)
	if err != nil {
		return err
	}
	e := store.ItemEdit{Item: item, Title: c.FormValue("title"), Wanted: c.FormValue("wanted"),
		Required: c.FormValue("required") != "", Remove: c.FormValue("remove") != ""}
	rf, err := s.editReturnItem(c, rc, e)
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
		// The item's form shows what was typed, with the message.
		for i := range page.Parts {
			for j := range page.Parts[i].Items {
				if row := &page.Parts[i].Items[j]; row.ID == c.Param("item") {
					row.Title, row.Wanted, row.Required = e.Title, e.Wanted, e.Required
					if rf.errors[0].Field == "title" {
						row.TitleError = rf.message()
					} else {
						row.WantedError = rf.message()
					}
				}
			}
		}
		page.Layout.Errors = []frontend.FieldError{{Field: rf.errors[0].Field + "-" + c.Param("item"), Message: rf.message()}}
		return s.pages.Render(c, rf.status, "return", page)
	}
	if e.Remove {
		return c.Redirect(http.StatusSeeOther, rc.href()+"?removed=1")
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s?edited=1#item-%d", rc.href(), item))
}

// addReturnItem adds an item to the draft after its last, for the form
// and the API alike: a refusal naming each field that is wrong (422,
// fields part, title, wanted, kind, columns, qs) or saying the return is
// issued or full (409).
func (s *Server) addReturnItem(c echo.Context, rc returnCtx, in assessment.NewItem) (store.ReturnItem, *refusal, error) {
	if rf, err := draftRefusal(rc); rf != nil || err != nil {
		return store.ReturnItem{}, rf, err
	}
	part := func(slug string) bool { _, ok := s.returnTpl.Part(slug); return ok }
	known := func(slug string) bool { _, err := s.catalogue.Statement(slug); return err == nil }
	checked, err := assessment.CheckNewItem(in, part, known)
	var ies assessment.InputErrors
	if errors.As(err, &ies) {
		rf := &refusal{status: http.StatusUnprocessableEntity}
		for _, ie := range ies {
			rf.errors = append(rf.errors, frontend.FieldError{Field: ie.Field, Message: ie.Message})
		}
		return store.ReturnItem{}, rf, nil
	}
	it, err := s.store.AddReturnItem(c.Request().Context(), rc.p.Scope(), rc.r.ID, checked,
		"Written for this assessment by "+rc.p.Email, s.auditEntry(c, "return_item_added", "return", "", rc.a.LA))
	switch {
	case errors.Is(err, store.ErrWrongState):
		return it, conflict(itemsFixed), nil
	case errors.Is(err, store.ErrReturnFull):
		return it, conflict(fmt.Sprintf("The return has %d items, the most it can hold: remove one to add another",
			assessment.MaxReturnItems)), nil
	}
	return it, nil, err
}

// newItemForm is the form that adds an item, filled in with what was
// sent (nothing at first) and the refusal's messages.
func (s *Server) newItemForm(sent url.Values, rf *refusal) frontend.ReturnNewItemForm {
	f := frontend.ReturnNewItemForm{Title: sent.Get("title"), Wanted: sent.Get("wanted"), Columns: sent.Get("columns"),
		Required: sent.Get("required") != "", Personal: sent.Get("personal") != ""}
	for _, p := range s.returnTpl.Parts {
		f.Parts = append(f.Parts, frontend.Option{Value: p.Slug, Label: p.Name, Selected: sent.Get("part") == p.Slug})
	}
	for _, k := range framework.AnswerKinds() {
		f.Kinds = append(f.Kinds, frontend.Option{Value: k, Label: answerKindLabel(k), Selected: sent.Get("kind") == k})
	}
	for _, st := range s.catalogue.Statements {
		f.QS = append(f.QS, frontend.Option{Value: st.Slug, Label: st.Name, Selected: contains(sent["qs"], st.Slug)})
	}
	if rf == nil {
		return f
	}
	for _, e := range rf.errors {
		switch e.Field {
		case "part":
			f.PartError = e.Message
		case "title":
			f.TitleError = e.Message
		case "wanted":
			f.WantedError = e.Message
		case "kind":
			f.KindError = e.Message
		case "columns":
			f.ColumnsError = e.Message
		case "qs":
			f.QSError = e.Message
		}
	}
	return f
}

// submitReturnItemAdd adds an item to the draft from the page's form.
func (s *Server) submitReturnItemAdd(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	in := assessment.NewItem{Part: form.Get("part"), Title: form.Get("title"), Wanted: form.Get("wanted"), Kind: form.Get("kind"),
		QS: form["qs"], Required: form.Get("required") != "", Personal: form.Get("personal") != ""}
	// The columns are asked for under the table choice only (revealed
	// when it is chosen): for another kind, what the box holds is not
	// part of the item.
	if in.Kind == framework.AnswerTable {
		in.Columns = assessment.SplitColumns(form.Get("columns"))
	}
	it, rf, err := s.addReturnItem(c, rc, in)
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
		page.NewItem = s.newItemForm(form, rf)
		for _, e := range rf.errors {
			page.Layout.Errors = append(page.Layout.Errors, frontend.FieldError{Field: "new-" + e.Field, Message: e.Message})
		}
		return s.pages.Render(c, rf.status, "return", page)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s?added=1#item-%d", rc.href(), it.ID))
}
