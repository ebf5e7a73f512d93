package api

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// Messages of the withdrawal form.
const (
	msgWithdrawReason  = "Enter why you are withdrawing this document"
	msgWithdrawTooLong = "Reason must be 500 characters or fewer"
	maxWithdrawReason  = 500
)

// showWithdrawForm asks a council submitter to confirm a withdrawal and say
// why. Another council's document is 404.
func (s *Server) showWithdrawForm(c echo.Context) error {
	p, _ := request.Principal(c)
	d, err := s.store.Document(c.Request().Context(), p.Scope(), c.Param("id"))
	if err != nil {
		return err
	}
	page := frontend.WithdrawPage{Layout: s.layout(c), Doc: s.documentRow(d),
		AlreadyWithdrawn: d.Status == document.Withdrawn}
	return s.pages.Render(c, http.StatusOK, "withdraw", page)
}

// submitWithdrawal withdraws the document: it leaves search, stays in its
// history with the reason, and the audit log records who withdrew it.
func (s *Server) submitWithdrawal(c echo.Context) error {
	d, reason, msg, err := s.withdraw(c)
	if err != nil {
		return err
	}
	if msg != "" {
		page := frontend.WithdrawPage{Layout: s.layout(c), Doc: s.documentRow(d), Reason: reason, ReasonError: msg}
		page.Layout.Errors = fieldErrors("reason", msg)
		return s.pages.Render(c, http.StatusUnprocessableEntity, "withdraw", page)
	}
	return c.Redirect(http.StatusSeeOther, "/documents/"+d.ID)
}

// withdraw is what the form and the API do: the document within the
// caller's scope is withdrawn when the reason is valid, and returned as it
// is now; otherwise msg says what is wrong with the reason.
func (s *Server) withdraw(c echo.Context) (d store.Document, reason, msg string, err error) {
	p, _ := request.Principal(c)
	ctx := c.Request().Context()
	d, err = s.store.Document(ctx, p.Scope(), c.Param("id"))
	if err != nil {
		return d, "", "", err
	}
	reason, msg = withdrawReason(c.FormValue("reason"))
	if msg != "" {
		return d, reason, msg, nil
	}
	if _, err := ingest.Withdraw(ctx, s.store, p.Scope(), d.ID, reason, s.documentAudit(c, "", d)); err != nil {
		return d, reason, "", err
	}
	d, err = s.store.Document(ctx, p.Scope(), d.ID)
	return d, reason, "", err
}

func withdrawReason(v string) (string, string) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return v, msgWithdrawReason
	case utf8.RuneCountInString(v) > maxWithdrawReason:
		return v, msgWithdrawTooLong
	}
	return v, ""
}
