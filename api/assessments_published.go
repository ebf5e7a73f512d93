package api

import (
	"encoding/json"
	"fmt"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
)

// publishedDoc is a published assessment as its council sees it: the
// snapshot frozen at publication, never the live rows, so that a document
// renamed or withdrawn later, or a change of the rules in a later release,
// does not alter what was published. The row gives only who and when.
func publishedDoc(a store.Assessment) (assessmentJSON, error) {
	var doc assessmentJSON
	if err := json.Unmarshal(a.Snapshot, &doc); err != nil {
		return doc, fmt.Errorf("decode snapshot of assessment %d: %w", a.ID, err)
	}
	doc.ID, doc.LA, doc.LAName, doc.FrameworkVersion = a.ID, a.LA, a.LAName, a.Version
	doc.State, doc.StateChangedAt, doc.PublishedAt = a.State, a.StateChangedAt, a.PublishedAt
	doc.withoutCQCStaff() // snapshots published before the policy held them
	return doc, nil
}

// fillPublishedLAPage fills the council's page of a published assessment
// from its snapshot.
func (s *Server) fillPublishedLAPage(page *frontend.AssessmentLAPage, v *framework.Version, doc assessmentJSON) {
	if doc.LastAssessedAt != nil {
		page.LastAssessed = govDate(*doc.LastAssessedAt, s.loc)
	}
	if doc.RatingChangedAt != nil {
		page.RatingChange = govDate(*doc.RatingChangedAt, s.loc)
	}
	frozen := map[string]qsResultJSON{}
	if r := doc.Results; r != nil {
		page.Results = s.frozenResultsView(*r, v)
		for _, q := range r.QualityStatements {
			frozen[q.QS] = q
		}
	}
	scores := map[string]map[string]store.Score{}
	for _, sc := range doc.Scores {
		if scores[sc.QS] == nil {
			scores[sc.QS] = map[string]store.Score{}
		}
		scores[sc.QS][sc.Category] = store.Score{QS: sc.QS, Category: sc.Category, Score: sc.Score, Rationale: sc.Rationale,
			Version: sc.Version, UpdatedAt: sc.UpdatedAt, Citations: sc.Citations, Measures: sc.Measures}
	}
	for _, qs := range s.catalogue.Statements {
		qr := assessment.QSResult{QS: qs, Score: frozen[qs.Slug].Score}
		if v.CategoryScores {
			cats := map[string]int{}
			for slug, sc := range scores[qs.Slug] {
				if slug != "" {
					cats[slug] = sc.Score
				}
			}
			// The counts shown beside the score come from the frozen
			// category scores; the score and percentage are those frozen.
			if d, err := v.ScoreQS(cats); err == nil && len(cats) > 0 {
				qr.Detail = d
				qr.Detail.Score, qr.Detail.Percent = frozen[qs.Slug].Score, frozen[qs.Slug].Percent
			}
		}
		sec := s.qsSection(qr, v)
		for _, cat := range s.scoredCategories(v) {
			sc, ok := scores[qs.Slug][cat.Slug]
			sec.Items = append(sec.Items, s.scoreItem(qs.Slug, cat, sc, ok, nil, false))
		}
		for _, cm := range doc.Comments {
			if cm.QS == qs.Slug {
				if cm.DocumentID != "" && cm.DocTitle == "" {
					cm.DocTitle = "Your document" // snapshots before titles were frozen with comments
				}
				sec.Comments = append(sec.Comments, s.commentRow(store.Comment{QS: cm.QS, Body: cm.Body, DocumentID: cm.DocumentID,
					DocTitle: cm.DocTitle, Page: cm.Page, AuthorEmail: cm.By, CreatedAt: cm.At, Response: cm.Response,
					RespondedBy: cm.RespondedBy, RespondedAt: cm.RespondedAt}))
			}
		}
		page.Statements = append(page.Statements, sec)
	}
}

// frozenResultsView shows the results frozen at publication; only the band
// edges of the position come from the version, as on the public page.
func (s *Server) frozenResultsView(r resultsJSON, v *framework.Version) frontend.AssessmentResults {
	out := frontend.AssessmentResults{Total: len(s.catalogue.Statements), Section50: r.Section50.Triggered}
	for _, slug := range r.Section50.Statements {
		if q, err := s.catalogue.Statement(slug); err == nil {
			out.Section50QS = append(out.Section50QS, q.Name)
		}
	}
	o := r.Overall
	if o == nil {
		return out
	}
	out.HasOverall, out.Percent, out.Rating = true, o.Percent, o.RatingName
	out.Scored, out.Total, out.Complete = o.Scored, o.Total, o.Complete
	if pl, err := v.Place(o.Percent); err == nil {
		out.Position = positionText(pl)
	}
	return out
}
