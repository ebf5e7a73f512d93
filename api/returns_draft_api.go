package api

import (
	"errors"
	"net/http"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// startReturnJSON is POST /api/v1/assessments/{id}/return: the draft
// started from the template as the page's button starts it (201 with the
// return and its items, Location its address; 409 when the assessment
// has a return already or is published).
func (s *Server) startReturnJSON(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	err = s.startReturn(c, rc)
	switch {
	case errors.Is(err, store.ErrConflict):
		return refusalJSON(c, conflict("The assessment has an information return already"))
	case errors.Is(err, store.ErrWrongState):
		return refusalJSON(c, conflict("A published assessment cannot have a new information return"))
	case err != nil:
		return err
	}
	ctx := c.Request().Context()
	r, err := s.store.ReturnOf(ctx, rc.p.Scope(), rc.a.ID)
	if err != nil {
		return err
	}
	// A new draft has no answers, personal or not.
	items, err := s.store.ReturnItems(ctx, rc.p.Scope(), r.ID, false)
	if err != nil {
		return err
	}
	doc := s.returnDoc(r, items, false)
	c.Response().Header().Set(echo.HeaderLocation, doc.Href)
	return c.JSON(http.StatusCreated, doc)
}

// newItemBody is the body of POST /api/v1/assessments/{id}/return/items.
type newItemBody struct {
	Part     string   `json:"part"`
	Title    string   `json:"title"`
	Wanted   string   `json:"wanted"`
	Kind     string   `json:"kind"`
	Columns  []string `json:"columns"`
	QS       []string `json:"qs"`
	Required bool     `json:"required"`
	Personal bool     `json:"personal"`
}

// addReturnItemJSON is POST /api/v1/assessments/{id}/return/items: an
// item added to the draft after its last, checked as the page's form
// checks it (201 with the item; 422 with a message for each field that
// is wrong; 409 once issued).
func (s *Server) addReturnItemJSON(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	var req newItemBody
	if err := decodeJSON(c, &req, "JSON of an item: part, title, wanted, kind, columns, qs, required, personal"); err != nil {
		return err
	}
	it, rf, err := s.addReturnItem(c, rc, assessment.NewItem{Part: req.Part, Title: req.Title, Wanted: req.Wanted, Kind: req.Kind,
		Columns: req.Columns, QS: req.QS, Required: req.Required, Personal: req.Personal})
	switch {
	case err != nil:
		return err
	case rf != nil:
		return refusalJSON(c, rf)
	}
	return c.JSON(http.StatusCreated, s.itemJSON(rc.r, it, false))
}

// itemEditBody is the body of PATCH
// /api/v1/assessments/{id}/return/items/{item}: what is sent changes,
// what is left out stays as it is.
type itemEditBody struct {
	Title    *string `json:"title"`
	Wanted   *string `json:"wanted"`
	Required *bool   `json:"required"`
}

// editReturnItemJSON is PATCH /api/v1/assessments/{id}/return/items/{item}:
// an item of the draft changed as the page's form changes it (204; 422
// with the field; 409 once issued). POST on the same path is the
// council's answer.
func (s *Server) editReturnItemJSON(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	item, err := itemParam(c)
	if err != nil {
		return err
	}
	if rf, err := draftRefusal(rc); rf != nil || err != nil {
		if err != nil {
			return err
		}
		return refusalJSON(c, rf)
	}
	var req itemEditBody
	if err := decodeJSON(c, &req, "JSON of title, wanted and required"); err != nil {
		return err
	}
	cur, err := s.store.ReturnItem(c.Request().Context(), rc.p.Scope(), rc.r.ID, item, false)
	if err != nil {
		return err
	}
	e := store.ItemEdit{Item: item, Title: cur.Title, Wanted: cur.Wanted, Required: cur.Required}
	if req.Title != nil {
		e.Title = *req.Title
	}
	if req.Wanted != nil {
		e.Wanted = *req.Wanted
	}
	if req.Required != nil {
		e.Required = *req.Required
	}
	return s.editItemJSON(c, rc, e)
}

// removeReturnItemJSON is DELETE
// /api/v1/assessments/{id}/return/items/{item}: an item taken out of the
// draft as the page's button removes it (204; 409 once issued).
func (s *Server) removeReturnItemJSON(c echo.Context) error {
	rc, err := s.loadReturn(c)
	if err != nil {
		return err
	}
	item, err := itemParam(c)
	if err != nil {
		return err
	}
	return s.editItemJSON(c, rc, store.ItemEdit{Item: item, Remove: true})
}

func (s *Server) editItemJSON(c echo.Context, rc returnCtx, e store.ItemEdit) error {
	rf, err := s.editReturnItem(c, rc, e)
	switch {
	case err != nil:
		return err
	case rf != nil:
		return refusalJSON(c, rf)
	}
	return c.NoContent(http.StatusNoContent)
}
