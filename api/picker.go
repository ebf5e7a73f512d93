package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// pickerPage is how many documents a picker lists at a time.
const pickerPage = 50

// docPicker is one page of the documents a citation picker offers, found by
// a plain GET form on the page that holds it (pick_q, pick_page), and the
// documents already chosen, which may be on another page of the list or
// superseded since, so that saving the form again keeps them.
type docPicker struct {
	docs []store.Document
	view *frontend.DocPicker
}

// pickDocuments reads the picker's query from the request and lists what
// it finds. action is the page (and its fragment) the form asks again,
// hidden the query values that keep that page as it was (the open form).
func (s *Server) pickDocuments(c echo.Context, p authz.Principal, la string, chosen []string, action string, hidden url.Values, label func(store.Document) string) (docPicker, error) {
	ctx := c.Request().Context()
	q := strings.TrimSpace(c.QueryParam("pick_q"))
	if len([]rune(q)) > 200 {
		q = string([]rune(q)[:200])
	}
	n, err := strconv.Atoi(c.QueryParam("pick_page"))
	if err != nil || n < 1 {
		n = 1
	}
	docs, total, err := s.store.PickableDocuments(ctx, p.Scope(), store.DocumentPick{LA: la, Query: q, Offset: (n - 1) * pickerPage, Limit: pickerPage})
	if err != nil {
		return docPicker{}, err
	}
	listed := map[string]bool{}
	var found []frontend.Option
	for _, d := range docs {
		listed[d.ID] = true
		found = append(found, frontend.Option{Value: d.ID, Label: label(d)})
	}
	var missing []string
	for _, id := range chosen {
		if id != "" && !listed[id] {
			missing = append(missing, id)
			listed[id] = true
		}
	}
	if len(missing) > 0 {
		extra, err := s.store.Documents(ctx, p.Scope(), store.DocumentFilter{LA: la, IDs: missing, Limit: len(missing)})
		if err != nil {
			return docPicker{}, err
		}
		docs = append(extra, docs...)
	}
	path, frag, _ := strings.Cut(action, "#")
	v := &frontend.DocPicker{ID: "picker", Action: action, Query: q, Found: found}
	for k, vs := range hidden {
		for _, val := range vs {
			v.Hidden = append(v.Hidden, frontend.Option{Value: val, Label: k})
		}
	}
	href := func(page int) string {
		u := url.Values{}
		for k, vs := range hidden {
			u[k] = vs
		}
		if q != "" {
			u.Set("pick_q", q)
		}
		u.Set("pick_page", strconv.Itoa(page))
		h := path + "?" + u.Encode()
		if frag != "" {
			h += "#" + frag
		}
		return h
	}
	from, to := (n-1)*pickerPage+1, min(n*pickerPage, total)
	switch {
	case total == 0 && q != "":
		v.Status = fmt.Sprintf("No document that can be cited matches “%s”", q)
	case total == 0:
		v.Status = "This local authority has no document that can be cited yet"
	case from > total:
		v.Status = fmt.Sprintf("There are only %d documents: go back to the first page", total)
		v.Prev = href(1)
	default:
		v.Status = fmt.Sprintf("Showing %d to %d of %d documents", from, to, total)
		if q != "" {
			v.Status += fmt.Sprintf(" matching “%s”", q)
		}
		if n > 1 {
			v.Prev = href(n - 1)
		}
		if to < total {
			v.Next = href(n + 1)
		}
	}
	c.Set(pickerKey, v)
	return docPicker{docs: docs, view: v}, nil
}

// pickerKey holds, in the request's context, the picker the page built, for
// answerPicker.
const pickerKey = "doc_picker"

// answerPicker answers the picker's script, which asks a page with
// fragment=picker: only the documents found, once the page has built its
// picker. False when the request is not the script's, or the page has no
// picker now (its form is not open): the page is then rendered as usual.
func (s *Server) answerPicker(c echo.Context) (bool, error) {
	if c.QueryParam("fragment") != "picker" {
		return false, nil
	}
	v, ok := c.Get(pickerKey).(*frontend.DocPicker)
	if !ok {
		return false, nil
	}
	var buf bytes.Buffer
	if err := s.renderer.Document(&buf, "picker_results", frontend.DocPickerResults{Picker: *v, Options: v.Found}); err != nil {
		return true, err
	}
	return true, c.HTMLBlob(http.StatusOK, buf.Bytes())
}

func docTitle(d store.Document) string { return d.Title }

func docTitlePages(d store.Document) string { return fmt.Sprintf("%s (%d pages)", d.Title, d.Pages) }
