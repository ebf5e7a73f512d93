package api

import (
	"net/http"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

type tagJSON struct {
	Kind       string        `json:"kind"`
	Label      string        `json:"label"`
	State      string        `json:"state"` // confirmed, suggested, rejected or hint
	Confidence float64       `json:"confidence"`
	Model      string        `json:"model,omitempty"`
	Passages   []passageJSON `json:"passages"`
}

type passageJSON struct {
	Page int    `json:"page"`
	Text string `json:"text"`
}

// showDocumentTagsJSON is GET /api/v1/documents/{id}/tags: the document's
// tags with their state, confidence and passages, within the caller's
// scope. Council staff get what CQC confirmed, suggestions and hints, not
// what inspectors rejected (documentTagsFor).
func (s *Server) showDocumentTagsJSON(c echo.Context) error {
	p, _ := request.Principal(c)
	tags, err := s.documentTagsFor(c.Request().Context(), p, c.Param("id"))
	if err != nil {
		return err
	}
	s.auditView(c, "document_tags_viewed", "document", c.Param("id"), p.LA)
	out := []tagJSON{}
	for _, kind := range []string{store.TagQS, store.TagCategory} {
		st := tags.State(kind, ingest.SuggestAt)
		for _, group := range []struct {
			state  string
			labels []string
		}{{"confirmed", st.Confirmed}, {"suggested", st.Suggested}, {"rejected", st.Rejected}, {"hint", st.Hints}} {
			for _, label := range group.labels {
				t := tagJSON{Kind: kind, Label: label, State: group.state, Passages: []passageJSON{}}
				if sg, ok := tags.Suggestion(0, kind, label); ok {
					t.Confidence, t.Model = sg.Confidence, sg.ModelVersion
					for _, ps := range sg.Passages {
						t.Passages = append(t.Passages, passageJSON{Page: ps.Page, Text: ps.Text})
					}
				}
				out = append(out, t)
			}
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"document_id": c.Param("id"), "tags": out})
}
