package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// The audit log answers "who tried to read what they may not" and "who
// searched for what". Refusals, searches and views can come in floods, so
// they go through store.AuditOnce: one entry per person (or address), action
// and minute, with a count and the first distinct objects.

// recordRefusal records a refused request (problem.Refused): 401 (a forged,
// expired or revoked token, a session that ended), 403 (a role that does not
// allow it, a CSRF failure, a person with no role), 404 for an id of a route
// that takes one (another council's, or a missing one: the same to the
// person, not to the audit log) and 429. A 404 for an address no route
// serves, 400s and 405s are noise and are only logged.
func (s *Server) recordRefusal(c echo.Context, status int, code string, err error) {
	switch {
	case status == http.StatusUnauthorized && !presentedCredentials(c):
		return // no token and no session: someone not signed in, not a refusal of what they sent
	case status == http.StatusUnauthorized, status == http.StatusForbidden, status == http.StatusTooManyRequests:
	case status == http.StatusNotFound && strings.Contains(c.Path(), ":"):
	default:
		return
	}
	e := s.auditEntry(c, "access_refused", "route", c.Request().Method+" "+request.Clip(c.Request().URL.Path, 300), "")
	if p, ok := request.Principal(c); ok {
		e.LA = p.LA
	} else {
		e.ActorUserID = nil
	}
	e.Outcome = store.OutcomeRefused
	e.Detail = map[string]string{"status": strconv.Itoa(status), "code": code, "reason": request.Clip(err.Error(), 300)}
	s.auditOnce(c, e)
}

// presentedCredentials says whether the request carried a bearer token or
// a session cookie, forged, expired or ended as they may be.
func presentedCredentials(c echo.Context) bool {
	if c.Request().Header.Get("Authorization") != "" {
		return true
	}
	for _, ck := range c.Request().Cookies() {
		if strings.Contains(ck.Name, "portal_session") {
			return true
		}
	}
	return false
}

// recordUploadRefusal records an upload refused for what it held (its
// fields or its file), by the form, the API or tus.
func (s *Server) recordUploadRefusal(ctx context.Context, p authz.Principal, ip, reqID string, errs map[string]string) {
	uid := p.UserID
	e := store.AuditEntry{ActorUserID: &uid, ActorEmail: p.Email, ActorRole: string(p.Role), Action: "upload_refused",
		ObjectType: "upload", LA: p.LA, IP: ip, RequestID: reqID, Outcome: store.OutcomeRefused, Detail: map[string]string{}}
	for field, msg := range errs {
		e.Detail[field] = request.Clip(msg, 200)
	}
	if err := s.store.AuditOnce(context.WithoutCancel(ctx), e); err != nil {
		s.log.Error("audit", "request_id", reqID, "action", e.Action, "error", err)
	}
}

// auditView records that the person read evidence or an assessment:
// what (objType, objID) of which council.
func (s *Server) auditView(c echo.Context, action, objType, objID, la string) {
	s.auditOnce(c, s.auditEntry(c, action, objType, objID, la))
}

// auditSearch records a search: the query, its filters and scope, and how
// many documents it found.
func (s *Server) auditSearch(c echo.Context, q string, filters map[string]string, hits int) {
	e := s.auditEntry(c, "search", "query", request.Clip(q, 300), "")
	if p, ok := request.Principal(c); ok {
		e.LA = p.LA
		e.Detail = map[string]string{"hits": strconv.Itoa(hits), "scope": scopeLabel(p.Scope().All(), p.Scope().LAs())}
	}
	for k, v := range filters {
		e.Detail["filter_"+k] = request.Clip(v, 100)
	}
	s.auditOnce(c, e)
}

func scopeLabel(all bool, las []string) string {
	if all {
		return "all councils"
	}
	return strings.Join(las, " ")
}

// auditOnce writes e; a failure to is logged, not shown: the person's
// request, refused or not, is answered either way.
func (s *Server) auditOnce(c echo.Context, e store.AuditEntry) {
	if err := s.store.AuditOnce(context.WithoutCancel(c.Request().Context()), e); err != nil {
		s.log.Error("audit", append(request.LogAttrs(c), "action", e.Action, "error", err)...)
	}
}
