package api

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/evidenceportal/portal/api/csrf"
	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// outcomeLayouts are the kinds of file the import form offers, in order.
var outcomeLayouts = []outcomes.Layout{outcomes.ASCOF, outcomes.ASCS}

func (s *Server) adminOutcomesPage(c echo.Context, page frontend.AdminOutcomesPage, layout string) (frontend.AdminOutcomesPage, error) {
	ds, err := s.store.OutcomeDatasets(c.Request().Context())
	if err != nil {
		return page, err
	}
	for _, d := range ds {
		name := d.Layout
		if l, ok := outcomes.Layouts[d.Layout]; ok {
			name = l.Name
		}
		page.Datasets = append(page.Datasets, frontend.OutcomeDatasetRow{Year: d.Year, Publication: d.Publication, Layout: name,
			SourceURL: d.SourceURL, ImportedBy: d.ImportedBy, ImportedAt: govDate(d.ImportedAt, s.loc), SHA256: d.SHA256, Figures: d.Figures})
	}
	if layout == "" {
		layout = outcomes.ASCOF.Slug
	}
	for _, l := range outcomeLayouts {
		page.LayoutOptions = append(page.LayoutOptions, frontend.Option{Value: l.Slug, Label: l.Name, Selected: l.Slug == layout})
	}
	page.MaxSize = ingest.HumanSize(s.opts.OutcomesMaxBytes)
	page.Layout = s.layout(c)
	return page, nil
}

func (s *Server) showAdminOutcomes(c echo.Context) error {
	var page frontend.AdminOutcomesPage
	if d, err := s.store.OutcomeDataset(c.Request().Context(), c.QueryParam("layout"), c.QueryParam("year")); err == nil {
		switch c.QueryParam("result") {
		case "unchanged":
			page.Flash = fmt.Sprintf("%s was already imported: nothing changed", d.Publication)
		case "replaced":
			page.Flash = fmt.Sprintf("%s imported: %d figures, replacing the file imported before", d.Publication, d.Figures)
		default:
			page.Flash = fmt.Sprintf("%s imported: %d figures", d.Publication, d.Figures)
		}
	}
	page, err := s.adminOutcomesPage(c, page, "")
	if err != nil {
		return err
	}
	return s.pages.Render(c, http.StatusOK, "admin_outcomes", page)
}

// submitOutcomeImport streams the form's file into the import: the fields
// and the CSRF token come first (the form sends them so), then the file,
// which is read once, bounded by PORTAL_OUTCOMES_MAX_BYTES, and never held
// whole in memory.
func (s *Server) submitOutcomeImport(c echo.Context) error {
	sess, cookieAuth := request.Session(c)
	csrfOK := !cookieAuth
	req := c.Request()
	req.Body = struct {
		io.Reader
		io.Closer
	}{bufio.NewReaderSize(req.Body, 64<<10), req.Body}
	mr, err := req.MultipartReader()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "not a multipart form")
	}
	var info outcomes.DatasetInfo
	var page frontend.AdminOutcomesPage
	var res store.OutcomeImport
	imported, sawFile := false, false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
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
			switch part.FormName() {
			case csrf.FieldName:
				csrfOK = csrfOK || csrf.Valid(v, sess.CSRFToken)
			case "layout":
				info.Layout = v
			case "publication":
				info.Publication = v
			case "year":
				info.Year = v
			case "source_url":
				info.SourceURL = v
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
		if l, ok := outcomes.Layouts[info.Layout]; ok && info.Publication == "" {
			info.Publication = l.Name + " " + info.Year
		}
		problems := info.Check()
		page.LayoutError, page.PublicationError, page.YearError, page.SourceError = problems["layout"], problems["publication"], problems["year"], problems["source_url"]
		if len(problems) > 0 {
			continue
		}
		p, _ := request.Principal(c)
		res, err = s.store.ImportOutcomes(req.Context(), store.OutcomeDataset{Publication: info.Publication, Year: info.Year, SourceURL: info.SourceURL, ImportedBy: p.Email},
			outcomes.LimitReader(part, s.opts.OutcomesMaxBytes), outcomes.Layouts[info.Layout], s.catalogue.Measures(),
			s.auditEntry(c, "outcomes_imported", "outcome_dataset", "", ""))
		switch {
		case errors.Is(err, store.ErrOutcomeProblems):
			page.FileError = fmt.Sprintf("The file has %s; nothing was imported", plural(res.Summary.ProblemCount, "problem"))
			for _, pr := range res.Summary.Problems {
				page.Problems = append(page.Problems, pr.String())
			}
			page.MoreProblems = res.Summary.ProblemCount - len(res.Summary.Problems)
			s.log.Info("outcome file refused", append(request.LogAttrs(c), "layout", info.Layout, "year", info.Year, "problems", res.Summary.ProblemCount)...)
		case errors.Is(err, outcomes.ErrTooLarge):
			page.FileError = "The file must be smaller than " + ingest.HumanSize(s.opts.OutcomesMaxBytes)
		case err != nil:
			return err
		default:
			imported = true
		}
	}
	if !csrfOK {
		return csrf.ErrRejected
	}
	if imported {
		result := "added"
		if res.Unchanged {
			result = "unchanged"
		} else if res.Replaced {
			result = "replaced"
		}
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/outcomes?layout=%s&year=%s&result=%s", res.Dataset.Layout, res.Dataset.Year, result))
	}
	if !sawFile {
		if problems := info.Check(); len(problems) > 0 {
			page.LayoutError, page.PublicationError, page.YearError, page.SourceError = problems["layout"], problems["publication"], problems["year"], problems["source_url"]
		}
		page.FileError = "Select a CSV file"
	}
	page.Publication, page.Year, page.SourceURL = info.Publication, info.Year, info.SourceURL
	page.ProblemSummary = ""
	if len(page.Problems) > 0 {
		page.ProblemSummary = page.FileError
		page.ProblemOverview = res.Summary.Overview()
	}
	page, err = s.adminOutcomesPage(c, page, info.Layout)
	if err != nil {
		return err
	}
	page.Layout.Errors = fieldErrors("layout", page.LayoutError, "year", page.YearError, "publication", page.PublicationError,
		"source_url", page.SourceError, "file", page.FileError)
	for _, pr := range page.Problems {
		page.Layout.Errors = append(page.Layout.Errors, frontend.FieldError{Field: "problems", Message: pr})
	}
	return s.pages.Render(c, http.StatusUnprocessableEntity, "admin_outcomes", page)
}
