package api

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/labstack/echo/v4"
)

// csvCell defuses a value a spreadsheet would run as a formula.
func csvCell(v string) string {
	if v != "" && strings.ContainsAny(v[:1], "=+-@\t\r") {
		return "'" + v
	}
	return v
}

// exportScores is the assessment's scores as CSV, for inspectors and
// admins: one row per score, one per quality statement's computed score,
// and the overall rating.
func (s *Server) exportScores(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	if !p.Can(authz.ActionExportScores) {
		return authz.ErrForbidden
	}
	vw, err := s.loadView(c, a, p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.writeScoresCSV(&buf, vw, true); err != nil {
		return err
	}
	audit := s.auditEntry(c, "assessment_exported", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
	if err := s.store.Audit(c.Request().Context(), audit); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="assessment-%d-%s.csv"`, a.ID, a.LA))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// writeScoresCSV writes the assessment's scores as CSV: one row per score
// with its rationale and citations, one per quality statement's computed
// score, and the overall rating. Without names the column of who saved
// each score is left empty (council staff see what CQC decided, not who).
func (s *Server) writeScoresCSV(out io.Writer, vw assessmentView, names bool) error {
	w := csv.NewWriter(out)
	rows := [][]string{{"quality_statement", "name", "category", "score", "rationale", "citations", "updated_by", "updated_at", "version"}}
	for _, sc := range vw.scores {
		var cites []string
		for _, ct := range sc.Citations {
			cites = append(cites, fmt.Sprintf("%s (%s) page %d", ct.Title, ct.DocumentID, ct.Page))
		}
		for _, m := range sc.Measures {
			r := s.measureCitationRow(m)
			cites = append(cites, fmt.Sprintf("%s %s %s: %s (England %s)", r.Source, r.ID, r.Year, r.Value, r.England))
		}
		by := sc.UpdatedBy
		if !names {
			by = ""
		}
		rows = append(rows, []string{sc.QS, s.qsName(sc.QS), sc.Category, strconv.Itoa(sc.Score), sc.Rationale,
			strings.Join(cites, "; "), by, sc.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z"), strconv.Itoa(sc.Version)})
	}
	for _, q := range vw.res.QS {
		if q.Score > 0 {
			rows = append(rows, []string{q.QS.Slug, q.QS.Name, "quality statement score", strconv.Itoa(q.Score), "", "", "", "", ""})
		}
	}
	if o := vw.res.Overall; o != nil {
		rows = append(rows, []string{"overall", "Overall rating", "percentage " + strconv.Itoa(o.Percent), o.Rating.Name,
			positionText(o.Placement), "", "", "", ""})
	}
	for _, r := range rows {
		for i := range r {
			r[i] = csvCell(r[i])
		}
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}
