// Package problem is the one place where errors become responses: a status,
// a stable code for the API, and safe text for people, as a GOV.UK error
// page or {"error": {"code", "message"}}. The internal error itself is only
// logged, once, here, with the request id the page shows.
package problem

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/evidenceportal/portal/api/csrf"
	"github.com/evidenceportal/portal/api/render"
	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/api/signin"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/pdf"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// problem is how an error is shown.
type problem struct {
	status     int
	code       string
	heading    string
	paragraphs []string
}

func classify(err error) problem {
	var he *echo.HTTPError
	switch {
	case errors.Is(err, store.ErrNotFound), errors.As(err, &he) && he.Code == http.StatusNotFound:
		return problem{http.StatusNotFound, "not_found", "Page not found",
			[]string{"If you typed the web address, check it is correct.", "If you pasted the web address, check you copied the entire address."}}
	case errors.Is(err, request.ErrUnauthenticated):
		return problem{http.StatusUnauthorized, "unauthenticated", "You need to sign in",
			[]string{"Sign in to use this service."}}
	case errors.Is(err, authz.ErrForbidden):
		return problem{http.StatusForbidden, "forbidden", "You do not have permission to view this page",
			[]string{"Your account does not allow this. If you think it should, contact your CQC administrator."}}
	case errors.Is(err, csrf.ErrRejected):
		return problem{http.StatusForbidden, "csrf", "Your form could not be sent",
			[]string{"The page you sent it from had expired or came from another website. Go back, reload the page and try again."}}
	case errors.Is(err, request.ErrTooManyUploads):
		return problem{http.StatusTooManyRequests, "too_many_uploads", "You have too many uploads in progress",
			[]string{"Wait for one of your uploads to finish, then try again in 30 seconds."}}
	case errors.Is(err, request.ErrTooManySearches):
		return problem{http.StatusTooManyRequests, "too_many_searches", "You have too many searches running",
			[]string{"Wait for your other searches to finish, then search again in a few seconds."}}
	case errors.Is(err, pdf.ErrBusy):
		return problem{http.StatusTooManyRequests, "too_many_pdfs", "The PDF cannot be made at the moment",
			[]string{"Many PDFs are being made at once. Try again in a few seconds."}}
	case errors.Is(err, request.ErrBodyStalled):
		return problem{http.StatusRequestTimeout, "body_stalled", "Your upload stopped",
			[]string{"Nothing arrived from your computer for too long, so the upload was stopped and nothing was kept. Check your connection and upload the file again."}}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, context.Canceled):
		return problem{http.StatusBadRequest, "body_incomplete", "What you sent did not arrive in full",
			[]string{"Nothing was kept. Check your connection and try again."}}
	case errors.Is(err, signin.ErrExpired):
		return problem{http.StatusBadRequest, "login_expired", "Your sign-in has expired",
			[]string{"Signing in took too long or was started in another window.", "Start again from the sign-in page."}}
	case errors.Is(err, signin.ErrProvider):
		return problem{http.StatusServiceUnavailable, "provider_unavailable", "Sorry, you cannot sign in at the moment",
			[]string{"The sign-in service is not responding. Try again in a few minutes."}}
	case errors.As(err, &he) && he.Code == http.StatusMethodNotAllowed:
		return problem{http.StatusMethodNotAllowed, "method_not_allowed", "Page not found", []string{"This page cannot be used that way."}}
	case errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge:
		return problem{http.StatusRequestEntityTooLarge, "too_large", "What you sent is too large",
			[]string{"Go back and send less. Forms accept at most 1 MB."}}
	case errors.As(err, &he) && he.Code < 500:
		return problem{he.Code, "bad_request", "There is a problem with your request", []string{"Go back and try again."}}
	}
	return problem{http.StatusInternalServerError, "internal", "Sorry, there is a problem with the service",
		[]string{"Try again later."}}
}

// Refused is told of each request refused with status (401, 403, 404,
// 429...) before the answer is written, with the stable code and the
// internal error, so that refusals reach the audit log.
type Refused func(c echo.Context, status int, code string, err error)

// Handler turns errors into responses: JSON for the API and the probes, a
// GOV.UK error page with layout's header for people. Every answer below
// 500 goes to refused (nil: none).
func Handler(log *slog.Logger, pages *render.Pages, layout func(echo.Context) frontend.Layout, refused Refused) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			log.Error("error after response started", append(request.LogAttrs(c), "error", err)...)
			return
		}
		p := classify(err)
		if refused != nil && p.status < 500 {
			refused(c, p.status, p.code, err)
		}
		switch {
		case p.status >= 500:
			log.Error("request failed", append(request.LogAttrs(c), "status", p.status, "error", err)...)
		case p.status == http.StatusForbidden || p.status == http.StatusBadRequest ||
			p.status == http.StatusRequestTimeout || p.status == http.StatusTooManyRequests:
			// A client that stalls or goes away is not a server error.
			log.Info("request refused", append(request.LogAttrs(c), "status", p.status, "reason", err.Error())...)
		}
		var werr error
		if request.IsAPI(c) || c.Request().URL.Path == "/readyz" || c.Request().URL.Path == "/healthz" {
			msg := p.heading
			if len(p.paragraphs) > 0 {
				msg += ". " + p.paragraphs[0]
			}
			werr = c.JSON(p.status, map[string]any{"error": map[string]string{"code": p.code, "message": msg}})
		} else {
			werr = pages.Render(c, p.status, "error", frontend.ErrorPage{
				Layout:     layout(c),
				Heading:    p.heading,
				Paragraphs: p.paragraphs,
				RequestID:  request.ID(c),
			})
		}
		if werr != nil {
			log.Error("write error response", append(request.LogAttrs(c), "error", werr)...)
		}
	}
}
