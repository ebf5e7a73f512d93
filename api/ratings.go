package api

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/evidenceportal/portal/frontend"
	"github.com/labstack/echo/v4"
)

// showRatings is the public page of published ratings: no sign-in needed,
// and everything on it comes from the snapshots frozen at publication.
func (s *Server) showRatings(c echo.Context) error {
	pubs, err := s.store.PublishedRatings(c.Request().Context())
	if err != nil {
		return err
	}
	page := frontend.RatingsPage{Layout: s.layout(c)}
	for _, pb := range pubs {
		var doc assessmentJSON
		if err := json.Unmarshal(pb.Snapshot, &doc); err != nil {
			return fmt.Errorf("decode snapshot of assessment %d: %w", pb.AssessmentID, err)
		}
		row := frontend.RatingRow{LA: pb.LA, LAName: pb.LAName, PublishedAt: govDate(pb.PublishedAt, s.loc),
			ReportHref: fmt.Sprintf("/reports/%d", pb.AssessmentID)}
		if doc.LastAssessedAt != nil {
			row.LastAssessed = govDate(*doc.LastAssessedAt, s.loc)
		}
		if doc.RatingChangedAt != nil {
			row.RatingChange = govDate(*doc.RatingChangedAt, s.loc)
		}
		if doc.Results != nil && doc.Results.Overall != nil {
			o := doc.Results.Overall
			row.Rating, row.Percent = o.RatingName, o.Percent
			if v, err := s.catalogue.Version(doc.FrameworkVersion); err == nil {
				if pl, err := v.Place(o.Percent); err == nil {
					row.Position = positionText(pl)
				}
			}
		}
		if doc.Results != nil {
			for _, q := range doc.Results.QualityStatements {
				row.QS = append(row.QS, frontend.RatingQS{Name: q.Name, Score: q.Score})
			}
		}
		page.Ratings = append(page.Ratings, row)
	}
	return s.pages.Render(c, http.StatusOK, "ratings", page)
}
