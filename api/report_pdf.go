package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/pdf"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// reportPDFFormat is the version of the PDF's template: change it with
// templates/documents/report_pdf.html, and every PDF is made again, once,
// from its snapshot (the old ones stay in report_pdfs).
const reportPDFFormat = 2

// reportPDFWait bounds a request for a PDF: its own rendering (bounded
// again by PORTAL_PDF_TIMEOUT) or waiting for another node's.
const reportPDFWait = 60 * time.Second

// pdfRetryAfter is what a request refused while the PDFs in flight are
// all taken is told to wait, in seconds.
const pdfRetryAfter = 5

// downloadReportPDF is the whole published report as a PDF, public like its
// pages: /reports/{id}/report.pdf the latest version,
// /reports/{id}/versions/{n}/report.pdf each. It is made from the same
// snapshot and sections as the pages, once per version across the cluster
// (store.MakeReportPDF), and served from PostgreSQL after. Past the PDFs
// this process renders at once, 429 with Retry-After.
func (s *Server) downloadReportPDF(c echo.Context) error {
	if s.pdf == nil {
		return store.ErrNotFound
	}
	r, err := s.loadPublished(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), reportPDFWait)
	defer cancel()
	out, err := s.store.MakeReportPDF(ctx, r.pub.AssessmentID, r.pub.Version, reportPDFFormat, func(ctx context.Context) ([]byte, error) {
		html, err := s.reportDocument(r)
		if err != nil {
			return nil, err
		}
		return s.pdf.Render(ctx, html)
	})
	if errors.Is(err, pdf.ErrBusy) {
		c.Response().Header().Set("Retry-After", strconv.Itoa(pdfRetryAfter))
	}
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, reportPDFName(r.pub)))
	h.Set("ETag", `"`+out.SHA256+`"`)
	if r.asked > 0 {
		// A version never changes.
		h.Set("Cache-Control", "public, max-age=86400")
	} else {
		// The latest changes with a correction.
		h.Set("Cache-Control", "public, max-age=300")
	}
	if c.Request().Header.Get("If-None-Match") == `"`+out.SHA256+`"` {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, "application/pdf", out.PDF)
}

var notFileName = regexp.MustCompile(`[^a-z0-9]+`)

// reportPDFName is the file a PDF is saved as:
// ashford-vale-council-assessment-report-v1.pdf.
func reportPDFName(p store.ReportPublication) string {
	name := strings.Trim(notFileName.ReplaceAllString(strings.ToLower(p.LAName), "-"), "-")
	return fmt.Sprintf("%s-assessment-report-v%d.pdf", name, p.Version)
}

// reportDocument renders one version of a published report as the single
// HTML document its PDF is printed from: the summary page, every theme page
// and the about page, with the same sections and scores.
func (s *Server) reportDocument(r publishedReport) ([]byte, error) {
	pub := r.pub
	d := frontend.ReportDocument{Title: pub.LAName + ": local authority assessment report", Lang: "en-GB",
		LAName: pub.LAName, Published: govDay(pub.FirstPublishedAt, s), LastUpdated: govDay(pub.PublishedAt, s),
		Version: pub.Version, Reason: pub.Reason,
		URL: strings.TrimRight(s.opts.PublicURL, "/") + fmt.Sprintf("/reports/%d/versions/%d", pub.AssessmentID, pub.Version)}
	d.Rating, d.Percent = r.rating()
	d.Scores = s.publicScores(r, "")
	d.RatingChange = s.ratingChange(r)
	d.Summary = s.publicSections(r, onSummary)
	for _, th := range s.catalogue.Themes {
		d.Themes = append(d.Themes, frontend.ReportDocumentTheme{Name: th.Name,
			Sections: s.publicSections(r, func(sec report.Section) bool { return sec.Theme == th.Slug })})
	}
	d.About = s.publicSections(r, func(sec report.Section) bool { return sec.Kind == report.KindAbout })
	var buf bytes.Buffer
	if err := s.renderer.Document(&buf, "report_pdf", d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
