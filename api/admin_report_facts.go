package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/evidenceportal/portal/api/csrf"
	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// factsProblemsShown bounds the problems a refused facts file lists.
const factsProblemsShown = 50

func (s *Server) showAdminReportFacts(c echo.Context) error {
	page := frontend.AdminReportFactsPage{Layout: s.layout(c), MaxSize: "1 MB"}
	return s.pages.Render(c, http.StatusOK, "admin_report_facts", page)
}

// submitReportFactsImport imports a facts file sent through the form, as
// `portal report facts import` does: the CSRF token comes first, then the
// file, read once as it streams and bounded by report.MaxFactsBytes; it is
// checked row by row and, with any problem or unknown
// council, nothing is imported and every problem is listed; otherwise the
// page says what the import did to each draft.
func (s *Server) submitReportFactsImport(c echo.Context) error {
	page := frontend.AdminReportFactsPage{Layout: s.layout(c), MaxSize: "1 MB"}
	refuse := func(msg string) error {
		page.FileError = msg
		page.Layout.Errors = fieldErrors("file", msg)
		return s.pages.Render(c, http.StatusUnprocessableEntity, "admin_report_facts", page)
	}
	sess, cookieAuth := request.Session(c)
	csrfOK := !cookieAuth
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "not a multipart form")
	}
	var rows []report.CouncilFacts
	var problems []report.FactProblem
	sawFile, tooBig := false, false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		if err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, "malformed multipart form")
		}
		if part.FormName() != "file" {
			v, err := readField(part)
			if err != nil {
				return err
			}
			if part.FormName() == csrf.FieldName {
				csrfOK = csrfOK || csrf.Valid(v, sess.CSRFToken)
			}
			continue
		}
		if !csrfOK {
			return csrf.ErrRejected
		}
		if sawFile || part.FileName() == "" {
			continue // one file; the rest of the body is bounded and ignored
		}
		sawFile = true
		lr := &io.LimitedReader{R: part, N: report.MaxFactsBytes + 1}
		rows, problems, _ = report.ReadFactsCSV(lr)
		tooBig = lr.N <= 0
	}
	if !csrfOK {
		return csrf.ErrRejected
	}
	switch {
	case !sawFile:
		return refuse("Select a CSV file")
	case tooBig:
		return refuse("The file must be smaller than 1 MB")
	case len(problems) > 0:
		for i, p := range problems {
			if i == factsProblemsShown {
				page.MoreProblems = len(problems) - i
				break
			}
			page.Problems = append(page.Problems, p.String())
		}
		return refuse(fmt.Sprintf("The file has %s; nothing was imported", plural(len(problems), "problem")))
	}
	p, _ := request.Principal(c)
	res, err := s.store.ImportFacts(c.Request().Context(), rows, p.Email, s.auditEntry(c, "report_facts_imported", "report_facts", "", ""))
	var unknown *store.UnknownCouncilsError
	if errors.As(err, &unknown) {
		return refuse("The portal has no council " + strings.Join(unknown.Codes, ", ") + ": nothing was imported")
	}
	if err != nil {
		return err
	}
	page.Result = append(page.Result, fmt.Sprintf("Facts of %s imported", plural(len(rows), "council")))
	for _, g := range []struct {
		what string
		ds   []store.FactsDraft
	}{
		{"filled with the file's facts", res.Filled},
		{"unchanged: they had the same facts", res.Unchanged},
		{"kept as they are: an inspector typed their facts, which an import never replaces", res.KeptTyped},
		{"not changed: in calibration, where the report is frozen", res.Frozen},
	} {
		if len(g.ds) == 0 {
			continue
		}
		var names []string
		for _, d := range g.ds {
			names = append(names, fmt.Sprintf("%s (assessment %d)", d.LA, d.Assessment))
		}
		page.Result = append(page.Result, fmt.Sprintf("%s %s: %s", plural(len(g.ds), "draft report"), g.what, strings.Join(names, ", ")))
	}
	if len(res.NoDraft) > 0 {
		page.Result = append(page.Result, fmt.Sprintf("%s with no report being drafted: %s", plural(len(res.NoDraft), "council"), strings.Join(res.NoDraft, ", ")))
	}
	return s.pages.Render(c, http.StatusOK, "admin_report_facts", page)
}
