package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"syscall"
	"time"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/pack"
	"github.com/evidenceportal/portal/internal/pdf"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// packDraftMark is the line that marks the report of a pack taken before
// publication as a draft, in its HTML and so in its PDF.
const packDraftMark = "Draft report: not published"

// packReport is the version of the report a pack holds: the latest
// publication once published, the draft before.
type packReport struct {
	draft    bool
	status   string
	sections map[string]store.ReportSection
	scores   map[string]int
	rating   string
	percent  int
}

// downloadEvidencePack streams the assessment's evidence pack (internal/
// pack): every document version its scores and report cite or the council
// submitted in its information return and further evidence requests, as
// uploaded, with its text; the report as HTML and PDF; the scores with their
// rationales; and the manifest. Its own inspectors and admins get the whole
// pack, the council's staff the pack of their own evidence
// (assessment.PackFor); anyone else 403, another council's assessment 404.
// It is written straight to the response, one document at a time through
// a fixed buffer: memory does not grow with the documents' size.
func (s *Server) downloadEvidencePack(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	contents, ok := assessment.PackFor(p, a.HasInspector(p.Email), a.State)
	if !ok {
		return authz.ErrForbidden
	}
	ctx := c.Request().Context()
	var rep *packReport
	var vw assessmentView
	if contents.Scores || contents.Report {
		if vw, err = s.loadView(c, a, p); err != nil {
			return err
		}
	}
	q := store.PackQuery{Assessment: a.ID, Scores: contents.Scores, Personal: contents.Personal}
	if contents.Report {
		if rep, err = s.packReportOf(c, a, p, vw); err != nil {
			return err
		}
		for _, sec := range report.Sections(s.catalogue) {
			for _, ct := range rep.sections[sec.Key].Citations {
				q.Report = append(q.Report, store.ReportCite{Section: sec.Key, Citation: ct})
			}
			for _, rc := range rep.sections[sec.Key].Returns {
				q.ReportReturns = append(q.ReportReturns, store.ReportReturnCite{Section: sec.Key, ReturnCite: rc})
			}
		}
	}
	docs, err := s.store.PackDocuments(ctx, p.Scope(), q)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	// The report is rendered before the response starts, so that a
	// failure is an error page rather than a broken archive; it is
	// bounded (19 sections of at most 20,000 characters). So is its PDF
	// (a draft's printed from this HTML), or the note of why there is none.
	var html bytes.Buffer
	if rep != nil {
		if err := frontend.RenderPackReport(&html, s.packReportPage(a, rep, packPaths(docs), now)); err != nil {
			return err
		}
	}
	var pdfBytes []byte
	var pdfNote string
	switch {
	case rep == nil:
	case rep.draft:
		pdfBytes, pdfNote = s.packDraftPDF(ctx, a, html.Bytes())
	default:
		pdfBytes, pdfNote = s.packPDF(ctx, a)
	}
	audit := s.auditEntry(c, "evidence_pack_downloaded", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
	audit.Detail = map[string]string{"audience": contents.Audience, "documents": strconv.Itoa(len(docs))}
	if err := s.store.Audit(ctx, audit); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/zip")
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="evidence-pack-%d-%s-%s.zip"`, a.ID, a.LA, now.Format("20060102")))
	c.Response().WriteHeader(http.StatusOK)
	pw := pack.NewWriter(c.Response(), pack.Manifest{AssessmentID: a.ID, LA: a.LA, LAName: a.LAName, State: string(a.State),
		Audience: contents.Audience, CreatedAt: now, CreatedBy: p.Email})
	if pdfNote != "" {
		pw.Note(pdfNote)
	}
	err = s.writePack(ctx, pw, contents, docs, html.Bytes(), pdfBytes, vw)
	if err == nil {
		_, err = pw.Close()
	}
	if err != nil && clientGone(ctx, err) {
		// The person cancelled or lost the connection: the pack is
		// incomplete on their side and nothing is wrong here.
		s.log.Info("evidence pack download stopped by the client", "assessment", a.ID, "user", p.Email, "reason", err.Error())
		return nil
	}
	return err
}

// clientGone reports whether err comes of the client going away.
func clientGone(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, context.Canceled)
}

// writePack writes the documents, the report (html, rendered) and the
// scores into the pack.
func (s *Server) writePack(ctx context.Context, pw *pack.Writer, contents assessment.PackContents,
	docs []store.PackDocument, html, pdfBytes []byte, vw assessmentView) error {
	f := s.startFetch(ctx, docs)
	defer f.stop()
	for it := range f.out {
		if err := s.packDocument(ctx, pw, f, it); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err // the read-ahead stopped early
	}
	if contents.Report {
		if _, err := pw.Add(pack.File{Path: "report/report.html", Kind: pack.KindReport}, bytes.NewReader(html)); err != nil {
			return err
		}
		if pdfBytes != nil {
			if _, err := pw.Add(pack.File{Path: "report/report.pdf", Kind: pack.KindReport}, bytes.NewReader(pdfBytes)); err != nil {
				return err
			}
		}
	} else {
		pw.Note("The report and the scores are not in this pack: the council reads them from the factual accuracy check on.")
	}
	if contents.Scores {
		e, err := pw.Create(pack.File{Path: "scores/scores.csv", Kind: pack.KindScores})
		if err != nil {
			return err
		}
		if err := s.writeScoresCSV(e, vw, contents.Names); err != nil {
			return err
		}
		if err := e.Close(); err != nil {
			return err
		}
	}
	return nil
}

// packDocument adds one document version, as the fetcher reads it, and
// its text, or lists it as omitted when its file may not be handed out.
func (s *Server) packDocument(ctx context.Context, pw *pack.Writer, f *fetcher, it *fetched) error {
	d := it.d
	cites := make([]pack.Citation, len(d.CitedBy))
	for i, c := range d.CitedBy {
		cites[i] = pack.Citation{Kind: c.Kind, Ref: c.Ref, Page: c.Page}
	}
	switch {
	case !d.Status.Downloadable():
		pw.Omit(pack.Omitted{DocumentID: d.ID, Title: d.Title, Reason: "its status is " + d.Status.Label(), CitedBy: cites})
		return nil
	case it.missing:
		s.log.Warn("evidence pack: a document's file is missing from storage", "doc_id", d.ID)
		pw.Omit(pack.Omitted{DocumentID: d.ID, Title: d.Title, Reason: "its file was not found in storage", CitedBy: cites})
		return nil
	}
	at := d.UploadedAt.UTC()
	e, err := pw.Create(pack.File{Path: packPath(d), Kind: pack.KindDocument, DocumentID: d.ID, Title: d.Title,
		Filename: d.Filename, ContentType: d.ContentType, UploadedBy: d.UploaderEmail, UploadedAt: &at, Version: d.Version,
		Replaces: d.Replaces, UploadSHA256: d.SHA256, Tags: d.Tags, CitedBy: cites})
	if err != nil {
		return err
	}
	for c := range it.chunks {
		_, err := e.Write(c)
		f.release(c)
		if err != nil {
			return err
		}
	}
	if it.err != nil {
		return it.err
	}
	if err := e.Close(); err != nil {
		return err
	}
	if !d.Status.HasText() {
		return nil
	}
	// The text is read a page at a time, never whole (ingest.EachPage),
	// while the fetcher reads the next document; its file in the pack is
	// made at its first page, so a document without stored text (read
	// before texts were kept) has none.
	var text *pack.Entry
	_, err = ingest.EachPage(ctx, s.blob, d.ID, func(pg extract.Page) error {
		if text == nil {
			var err error
			if text, err = pw.Create(pack.File{Path: path.Join("documents", d.ID, "text.txt"), Kind: pack.KindText,
				DocumentID: d.ID, Title: d.Title}); err != nil {
				return err
			}
		}
		_, err := fmt.Fprintf(text, "--- Page %d ---\n%s\n", pg.Number, pg.Text)
		return err
	})
	switch {
	case errors.Is(err, blob.ErrNotFound) && text == nil:
		return nil
	case err != nil:
		return err
	case text != nil:
		return text.Close()
	}
	return nil
}

// packNoPDFNote says why a pack has no PDF of the report when the portal
// has no renderer.
const packNoPDFNote = "The report is in this pack as HTML only: this portal makes no PDFs."

// packPDF is the PDF of the latest published version of the report, as
// its public download makes it (once per version, kept in PostgreSQL),
// or why the pack has none: a PDF that cannot be made now (every printer
// busy, the browser failing) leaves the pack without it rather than
// without the evidence.
func (s *Server) packPDF(ctx context.Context, a store.Assessment) ([]byte, string) {
	if s.pdf == nil {
		return nil, packNoPDFNote
	}
	r, err := s.readPublished(ctx, a.ID, 0)
	if err == nil {
		ctx, cancel := context.WithTimeout(ctx, reportPDFWait)
		defer cancel()
		var out store.ReportPDF
		out, err = s.store.MakeReportPDF(ctx, a.ID, r.pub.Version, reportPDFFormat, func(ctx context.Context) ([]byte, error) {
			html, err := s.reportDocument(r)
			if err != nil {
				return nil, err
			}
			return s.pdf.Render(ctx, html)
		})
		if err == nil {
			return out.PDF, ""
		}
	}
	s.log.Warn("evidence pack without the report's PDF", "assessment", a.ID, "error", err)
	return nil, fmt.Sprintf("The PDF of the report could not be made when this pack was (%s): download it from /reports/%d/report.pdf.", pdfWhy(err), a.ID)
}

// packDraftPDF is the PDF of the draft as the pack holds it: html, the
// pack's own report/report.html (marked as a draft), printed by the
// renderer that prints published versions, within the same bounds (one
// of PORTAL_PDF_IN_FLIGHT, reportPDFWait and PORTAL_PDF_TIMEOUT;
// the HTML is bounded, 19 sections of at most 20,000 characters). It is
// printed for each pack and never kept: a draft changes with every save,
// and a kept PDF could outlive the text it was made from. Without it (no
// renderer, every printer busy, the browser failing) the pack holds the
// HTML only and its manifest's notes say why.
func (s *Server) packDraftPDF(ctx context.Context, a store.Assessment, html []byte) ([]byte, string) {
	if s.pdf == nil {
		return nil, packNoPDFNote
	}
	ctx, cancel := context.WithTimeout(ctx, reportPDFWait)
	defer cancel()
	out, err := s.pdf.Render(ctx, html)
	if err == nil {
		return out, ""
	}
	s.log.Warn("evidence pack without the draft report's PDF", "assessment", a.ID, "error", err)
	return nil, fmt.Sprintf("The PDF of the draft report could not be made when this pack was (%s): the report is in this pack as HTML only (report/report.html).", pdfWhy(err))
}

// pdfWhy says in a pack's notes why a PDF could not be made.
func pdfWhy(err error) string {
	if errors.Is(err, pdf.ErrBusy) {
		return "the portal was printing as many as it can"
	}
	return "an error"
}

// packPath is where a document's file is in a pack: documents/<id>/ and
// its file name made safe (text.txt beside it is its text).
func packPath(d store.PackDocument) string {
	dir := "documents/" + d.ID
	name := pack.SafeName(d.Filename)
	if name == "text.txt" {
		name = "file-text.txt"
	}
	return path.Join(dir, name)
}

// packPaths are the paths of the documents a pack will hold, by id, for
// the report's links.
func packPaths(docs []store.PackDocument) map[string]string {
	out := make(map[string]string, len(docs))
	for _, d := range docs {
		if d.Status.Downloadable() {
			out[d.ID] = packPath(d)
		}
	}
	return out
}

// packReportOf is the report a pack holds: once published, the latest
// publication (what the public reads, even while a correction is open);
// before, the draft as it stands.
func (s *Server) packReportOf(c echo.Context, a store.Assessment, p authz.Principal, vw assessmentView) (*packReport, error) {
	ctx := c.Request().Context()
	rep := &packReport{sections: map[string]store.ReportSection{}, scores: map[string]int{}}
	if a.State != assessment.Published {
		secs, err := s.store.ReportSections(ctx, p.Scope(), a.ID)
		if err != nil {
			return nil, err
		}
		rep.draft, rep.sections, rep.scores, rep.status = true, secs, vw.res.QSScores, "Draft ("+stateText(a.State)+")"
		if o := vw.res.Overall; o != nil {
			rep.rating, rep.percent = o.Rating.Name, o.Percent
		}
		return rep, nil
	}
	pub, err := s.store.ReportPublication(ctx, a.ID, 0)
	if err != nil {
		return nil, err
	}
	doc, err := publishedDoc(store.Assessment{ID: a.ID, Snapshot: pub.Snapshot})
	if err != nil {
		return nil, err
	}
	rep.status = fmt.Sprintf("Published, version %d of %s", pub.Version, govDay(pub.PublishedAt, s))
	if doc.Report != nil {
		for _, sec := range doc.Report.Sections {
			rep.sections[sec.Key] = store.ReportSection{Section: sec.Key, Body: sec.Body, Facts: sec.Facts, Citations: sec.Citations,
				Measures: sec.Measures, Returns: sec.Returns}
		}
	}
	if r := doc.Results; r != nil {
		if r.Overall != nil {
			rep.rating, rep.percent = r.Overall.RatingName, r.Overall.Percent
		}
		for _, q := range r.QualityStatements {
			rep.scores[q.QS] = q.Score
		}
	}
	return rep, nil
}

func stateText(st assessment.State) string {
	label, _ := stateLabel(st)
	return label
}

// packReportPage is the report's page in the pack, each citation linking
// the cited document's file in the pack (from report/report.html); a
// draft's says so in its title and in a line above its status.
func (s *Server) packReportPage(a store.Assessment, rep *packReport, files map[string]string, now time.Time) frontend.PackReport {
	page := frontend.PackReport{Title: "Assessment report: " + a.LAName, LAName: a.LAName, Status: rep.status, Rating: rep.rating,
		Percent: rep.percent, Made: govDate(now, s.loc)}
	if rep.draft {
		page.Title, page.DraftMark = "Draft assessment report: "+a.LAName, packDraftMark
	}
	for _, sec := range report.Sections(s.catalogue) {
		cur := rep.sections[sec.Key]
		v := s.sectionView(sec, store.ReportSection{Body: cur.Body, Facts: cur.Facts, Citations: cur.Citations, Measures: cur.Measures,
			Returns: cur.Returns}, rep.scores)
		for i := range v.Paragraphs {
			v.Paragraphs[i].Citations = nil
			for _, ct := range cur.Citations {
				if ct.Paragraph != v.Paragraphs[i].Number {
					continue
				}
				row := frontend.CitationRow{Title: ct.Title, Page: ct.Page}
				if f, ok := files[ct.DocumentID]; ok {
					row.Href = "../" + f
				}
				v.Paragraphs[i].Citations = append(v.Paragraphs[i].Citations, row)
			}
		}
		page.Sections = append(page.Sections, v)
	}
	return page
}
