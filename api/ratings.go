package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

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
	q := strings.TrimSpace(c.QueryParam("q"))
	if len(q) > 100 {
		q = q[:100]
	}
	page := frontend.RatingsPage{Layout: s.layout(c), Query: q, Rating: c.QueryParam("rating"), Region: c.QueryParam("region"), Key: s.scoreKey()}
	page.RatingOptions = append(page.RatingOptions, frontend.Option{Value: "", Label: "Any rating"})
	for _, r := range s.ratingNames() {
		page.RatingOptions = append(page.RatingOptions, frontend.Option{Value: r, Label: r, Selected: r == page.Rating})
	}
	regions := s.catalogue.Regions()
	regionNames := map[string]string{}
	page.RegionOptions = append(page.RegionOptions, frontend.Option{Value: "", Label: "Any region"})
	for _, r := range regions.Regions {
		regionNames[r.Code] = r.Name
		page.RegionOptions = append(page.RegionOptions, frontend.Option{Value: r.Code, Label: r.Name, Selected: r.Code == page.Region})
	}
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
		if code, ok := regions.Region(pb.LA); ok {
			row.Region = regionNames[code]
			row.RegionCode = code
		}
		page.All++
		if q != "" && !strings.Contains(strings.ToLower(row.LAName), strings.ToLower(q)) && !strings.EqualFold(row.LA, q) {
			continue
		}
		if page.Rating != "" && row.Rating != page.Rating {
			continue
		}
		if page.Region != "" && row.RegionCode != page.Region {
			continue
		}
		page.Ratings = append(page.Ratings, row)
	}
	page.Filtered = q != "" || page.Rating != "" || page.Region != ""
	return s.pages.Render(c, http.StatusOK, "ratings", page)
}

// ratingNames are the overall ratings of the framework's versions, best
// first, each once.
func (s *Server) ratingNames() []string {
	var out []string
	for i := len(s.catalogue.Versions) - 1; i >= 0; i-- {
		bands := s.catalogue.Versions[i].RatingBands
		for j := len(bands) - 1; j >= 0; j-- {
			if !slices.Contains(out, bands[j].Rating.Name) {
				out = append(out, bands[j].Rating.Name)
			}
		}
	}
	return out
}

// scoreKey says what each score of a quality statement means.
func (s *Server) scoreKey() []frontend.Option {
	var out []frontend.Option
	for n := 4; n >= 1; n-- {
		if m, err := s.catalogue.Meaning(n); err == nil {
			out = append(out, frontend.Option{Value: strconv.Itoa(n), Label: m})
		}
	}
	return out
}
