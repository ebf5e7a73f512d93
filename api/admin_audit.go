package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

const (
	auditPageSize = 50
	// maxAuditExport bounds one CSV export; the page says to narrow the
	// filters past it.
	maxAuditExport = 1_000_000
)

// auditFilter reads the filters of /admin/audit and /admin/audit.csv.
// Dates are UK dates (27/3/2026 or 2026-03-27), whole days in the portal's
// time zone, both ends included.
func (s *Server) auditFilter(v url.Values, page *frontend.AdminAuditPage) store.AuditFilter {
	page.Person, page.LA, page.Action = strings.TrimSpace(v.Get("person")), strings.TrimSpace(v.Get("la")), strings.TrimSpace(v.Get("action"))
	page.Outcome, page.From, page.To = v.Get("outcome"), strings.TrimSpace(v.Get("from")), strings.TrimSpace(v.Get("to"))
	f := store.AuditFilter{Actor: page.Person, LA: strings.ToUpper(page.LA), Action: page.Action}
	if page.Outcome == store.OutcomeDone || page.Outcome == store.OutcomeRefused {
		f.Outcome = page.Outcome
	} else {
		page.Outcome = ""
	}
	var ok bool
	if f.From, ok = s.ukDate(page.From); !ok {
		page.FromError = "Enter the start date as a date, for example 27/3/2026"
	}
	if f.To, ok = s.ukDate(page.To); !ok {
		page.ToError = "Enter the end date as a date, for example 27/3/2026"
	} else if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1)
	}
	return f
}

// ukDate reads a date as people type it; "" is no date.
func (s *Server) ukDate(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{"2/1/2006", "2006-01-02", "2 January 2006", "2 Jan 2006"} {
		if t, err := time.ParseInLocation(layout, v, s.loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// auditTime is when, to the second, in the portal's time zone.
func (s *Server) auditTime(t time.Time) string {
	t = t.In(s.loc)
	return t.Format("2 January 2006") + " at " + t.Format("15:04:05")
}

func (s *Server) showAdminAudit(c echo.Context) error {
	n, err := strconv.Atoi(c.QueryParam("page"))
	if err != nil || n < 1 || n > 1_000_000 {
		n = 1
	}
	page := frontend.AdminAuditPage{Layout: s.layout(c)}
	f := s.auditFilter(c.QueryParams(), &page)
	if page.FromError != "" || page.ToError != "" {
		page.Layout.Errors = fieldErrors("from", page.FromError, "to", page.ToError)
		return s.pages.Render(c, http.StatusBadRequest, "admin_audit", page)
	}
	log, err := s.store.AuditSearch(c.Request().Context(), authz.AllLAs(), f, auditPageSize, (n-1)*auditPageSize)
	if err != nil {
		return err
	}
	page.Total = log.Total
	for _, e := range log.Entries {
		page.Entries = append(page.Entries, s.auditRow(e))
	}
	q := c.QueryParams()
	q.Del("page")
	page.CSVHref = "/admin/audit.csv?" + q.Encode()
	if n > 1 {
		q.Set("page", strconv.Itoa(n-1))
		page.PrevHref = "/admin/audit?" + q.Encode()
	}
	if int64(n*auditPageSize) < log.Total {
		q.Set("page", strconv.Itoa(n+1))
		page.NextHref = "/admin/audit?" + q.Encode()
	}
	return s.pages.Render(c, http.StatusOK, "admin_audit", page)
}

func (s *Server) auditRow(e store.AuditEntry) frontend.AuditRow {
	row := frontend.AuditRow{When: s.auditTime(e.At), Who: e.ActorEmail, Action: e.Action,
		Object: strings.Trim(e.ObjectType+" "+e.ObjectID, " "), LA: e.LA, IP: e.IP, Detail: auditDetail(e), Outcome: e.Outcome}
	if row.Who == "" {
		row.Who = "Not signed in"
	}
	if e.Repeats > 1 {
		row.Repeats = fmt.Sprintf("and %d more times in that minute", e.Repeats-1)
		if len(e.Objects) > 1 {
			row.Repeats += ": " + strings.Join(e.Objects[1:], "; ")
		}
	}
	return row
}

func auditDetail(e store.AuditEntry) string {
	var parts []string
	for k, v := range e.Detail {
		parts = append(parts, k+": "+v)
	}
	return strings.Join(sortStrings(parts), "; ")
}

// exportAdminAudit is GET /admin/audit.csv: the entries the filters keep,
// newest first, streamed row by row, at most maxAuditExport. The export
// itself is audited.
func (s *Server) exportAdminAudit(c echo.Context) error {
	var page frontend.AdminAuditPage
	f := s.auditFilter(c.QueryParams(), &page)
	if page.FromError != "" || page.ToError != "" {
		return echo.NewHTTPError(http.StatusBadRequest, page.FromError+page.ToError)
	}
	ctx := c.Request().Context()
	e := s.auditEntry(c, "audit_exported", "audit_log", "", "")
	e.Detail = map[string]string{"filters": c.QueryString()}
	if err := s.store.Audit(ctx, e); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="audit-log.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	if err := w.Write([]string{"id", "at", "actor_email", "actor_role", "action", "outcome", "object_type", "object_id", "la", "ip",
		"request_id", "repeats", "other_objects", "detail"}); err != nil {
		return err
	}
	err := s.store.EachAudit(ctx, f, maxAuditExport, func(e store.AuditEntry) error {
		var others []string
		if len(e.Objects) > 1 {
			others = e.Objects[1:]
		}
		return w.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), csvCell(e.ActorEmail), e.ActorRole, e.Action,
			e.Outcome, e.ObjectType, csvCell(e.ObjectID), e.LA, e.IP, e.RequestID, strconv.Itoa(e.Repeats),
			csvCell(strings.Join(others, "; ")), csvCell(auditDetail(e))})
	})
	w.Flush()
	if err == nil {
		err = w.Error()
	}
	return err
}
