package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// maxCorrectionReason is the longest "What changed", as report_publications
// allows.
const maxCorrectionReason = 5000

// correctionView is the correction block of the report page of a published
// assessment, for CQC staff: which version the public reads and, for the
// assessment's inspectors, starting or publishing a correction.
func (s *Server) correctionView(c echo.Context, a store.Assessment, p authz.Principal) (*frontend.ReportCorrection, error) {
	ctx := c.Request().Context()
	open, err := s.store.CorrectionOpen(ctx, p.Scope(), a.ID)
	if err != nil {
		return nil, err
	}
	pub, err := s.store.ReportPublication(ctx, a.ID, 0)
	if err != nil {
		return nil, err
	}
	inspector := p.Can(authz.ActionScore) && a.HasInspector(p.Email)
	return &frontend.ReportCorrection{Version: pub.Version, Next: pub.Version + 1, Published: govDay(pub.PublishedAt, s),
		PublicHref: fmt.Sprintf("/reports/%d", a.ID), Open: open, CanStart: inspector && !open, CanPublish: inspector && open}, nil
}

// mayCorrect refuses anyone but the assessment's own inspectors before a
// form is read, so that nobody else learns what the form would say; the
// store checks it again under the assessment's lock.
func mayCorrect(a store.Assessment, p authz.Principal) error {
	if !p.Can(authz.ActionScore) || !a.HasInspector(p.Email) {
		return authz.ErrForbidden
	}
	return nil
}

// submitCorrectionStart opens a correction of the published report: its
// sections may be changed again while the public reads the last version.
func (s *Server) submitCorrectionStart(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if err := mayCorrect(a, p); err != nil {
		return err
	}
	audit := s.auditEntry(c, "report_correction_started", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
	err = s.store.StartCorrection(c.Request().Context(), p.Scope(), a.ID, p.Email, audit)
	switch {
	case err == nil:
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d/report?correcting=1", a.ID))
	case errors.Is(err, store.ErrWrongState):
		return s.renderReportProblem(c, http.StatusConflict, "Only a published report can be corrected: change the draft instead")
	case errors.Is(err, store.ErrNoCorrection):
		return s.renderReportProblem(c, http.StatusConflict, "A correction of this report is already open: change its sections, then publish it")
	}
	return err
}

// submitCorrectionPublish publishes the corrected report as the next
// version, with what changed (required, at most 5,000 characters): the
// sections as they are now replace those of the last version's snapshot;
// its scores and everything else stay as published.
func (s *Server) submitCorrectionPublish(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if err := mayCorrect(a, p); err != nil {
		return err
	}
	if a.State != assessment.Published {
		return s.renderReportProblem(c, http.StatusConflict, "Only a published report can be corrected: change the draft instead")
	}
	reason := strings.TrimSpace(strings.ReplaceAll(c.FormValue("reason"), "\r\n", "\n"))
	msg := ""
	switch {
	case reason == "":
		msg = "Enter what changed in this version of the report"
	case utf8.RuneCountInString(reason) > maxCorrectionReason:
		msg = "What changed must be 5,000 characters or fewer"
	}
	if msg != "" {
		return s.renderCorrectionForm(c, a, p, c.FormValue("reason"), msg)
	}
	build := func(current []byte) ([]byte, error) {
		// Only the report changes: decoding into raw fields keeps the rest
		// of the published snapshot byte for byte as it was.
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(current, &doc); err != nil {
			return nil, fmt.Errorf("decode snapshot of assessment %d: %w", a.ID, err)
		}
		// Read outside the transaction, but saves wait for the row lock
		// the store holds while build runs: these are the sections the
		// correction ends with.
		rep, err := s.reportSnapshot(c, a, p)
		if err != nil {
			return nil, err
		}
		// A correction changes the text, not the figures published with
		// it: they stay as first frozen.
		var old reportJSON
		if raw, ok := doc["report"]; ok {
			if err := json.Unmarshal(raw, &old); err != nil {
				return nil, fmt.Errorf("decode report of assessment %d: %w", a.ID, err)
			}
		}
		rep.Outcomes = old.Outcomes
		if doc["report"], err = json.Marshal(rep); err != nil {
			return nil, err
		}
		return json.Marshal(doc)
	}
	audit := s.auditEntry(c, "report_correction_published", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
	v, err := s.store.PublishCorrection(c.Request().Context(), p.Scope(), a.ID, p.Email, reason, build, audit)
	switch {
	case err == nil:
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d/report?republished=%d", a.ID, v))
	case errors.Is(err, store.ErrNoCorrection):
		return s.renderReportProblem(c, http.StatusConflict, "No correction of this report is open: start one first")
	case errors.Is(err, store.ErrWrongState):
		return s.renderReportProblem(c, http.StatusConflict, "Only a published report can be corrected: change the draft instead")
	}
	return err
}

// renderCorrectionForm shows the report again with the refused "What
// changed".
func (s *Server) renderCorrectionForm(c echo.Context, a store.Assessment, p authz.Principal, reason, msg string) error {
	page, err := s.reportPage(c, a, p, "", nil)
	if err != nil {
		return err
	}
	if page.Correction == nil || !page.Correction.CanPublish {
		return s.renderReportProblem(c, http.StatusConflict, "No correction of this report is open: start one first")
	}
	page.Correction.Reason, page.Correction.ReasonError = reason, msg
	page.Layout.Errors = fieldErrors("reason", msg)
	return s.pages.Render(c, http.StatusUnprocessableEntity, "report_draft", page)
}

// renderReportProblem shows the report page, read afresh, with why a
// correction was refused.
func (s *Server) renderReportProblem(c echo.Context, status int, msg string) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if a.State != assessment.Published {
		return s.renderStateProblem(c, status, msg)
	}
	page, err := s.reportPage(c, a, p, "", nil)
	if err != nil {
		return err
	}
	if page.Correction != nil {
		page.Correction.Problem = msg
	}
	page.Layout.Errors = fieldErrors("correction", msg)
	return s.pages.Render(c, status, "report_draft", page)
}
