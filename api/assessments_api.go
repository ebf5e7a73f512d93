package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// assessmentJSON is GET /api/v1/assessments/{id}, and, without history,
// the snapshot frozen at publication.
type assessmentJSON struct {
	ID               int64            `json:"id"`
	LA               string           `json:"la"`
	LAName           string           `json:"la_name"`
	FrameworkVersion string           `json:"framework_version"`
	State            assessment.State `json:"state"`
	StateChangedAt   time.Time        `json:"state_changed_at"`
	FADeadline       string           `json:"factual_accuracy_deadline,omitempty"`
	PublishedAt      *time.Time       `json:"published_at,omitempty"`
	LastAssessedAt   *time.Time       `json:"evidence_last_assessed_at,omitempty"`
	RatingChangedAt  *time.Time       `json:"rating_last_changed_at,omitempty"`
	Inspectors       []string         `json:"inspectors,omitempty"`
	Transitions      []transitionJSON `json:"transitions,omitempty"`
	Scores           []scoreJSON      `json:"scores,omitempty"`
	Results          *resultsJSON     `json:"results,omitempty"`
	Comments         []commentJSON    `json:"comments,omitempty"`
	Report           *reportJSON      `json:"report,omitempty"` // in the snapshot only
	History          []historyJSON    `json:"history,omitempty"`
}

type transitionJSON struct {
	From    assessment.State `json:"from"`
	To      assessment.State `json:"to"`
	By      string           `json:"by"`
	At      time.Time        `json:"at"`
	Comment string           `json:"comment,omitempty"`
}

type scoreJSON struct {
	QS        string           `json:"qs"`
	Category  string           `json:"category,omitempty"`
	Score     int              `json:"score"`
	Rationale string           `json:"rationale"`
	Version   int              `json:"version"`
	UpdatedBy string           `json:"updated_by,omitempty"` // CQC staff only
	UpdatedAt time.Time        `json:"updated_at"`
	Citations []store.Citation `json:"citations"`
	// Measures are the outcome measures cited, each figure as it was cited.
	Measures []store.MeasureCitation `json:"measures"`
}

type resultsJSON struct {
	QualityStatements []qsResultJSON `json:"quality_statements"`
	Overall           *overallJSON   `json:"overall"`
	Section50         section50JSON  `json:"section50"`
}

type qsResultJSON struct {
	QS         string         `json:"qs"`
	Name       string         `json:"name"`
	Score      int            `json:"score,omitempty"`
	Percent    int            `json:"percent,omitempty"`
	Categories map[string]int `json:"categories,omitempty"`
}

type overallJSON struct {
	Percent    int    `json:"percent"`
	Rating     string `json:"rating"`
	RatingName string `json:"rating_name"`
	Position   string `json:"position"`
	PointsUp   int    `json:"points_to_band_above"`
	PointsDown int    `json:"points_above_band_below"`
	Scored     int    `json:"scored"`
	Total      int    `json:"total"`
	Complete   bool   `json:"complete"`
}

type section50JSON struct {
	Triggered  bool     `json:"triggered"`
	Statements []string `json:"statements"`
}

type commentJSON struct {
	QS          string     `json:"qs"`
	Body        string     `json:"body"`
	DocumentID  string     `json:"document_id,omitempty"`
	DocTitle    string     `json:"document_title,omitempty"`
	Page        int        `json:"page,omitempty"`
	By          string     `json:"by"`
	At          time.Time  `json:"at"`
	Response    string     `json:"response,omitempty"`
	RespondedBy string     `json:"responded_by,omitempty"`
	RespondedAt *time.Time `json:"responded_at,omitempty"`
}

type historyJSON struct {
	QS            string                  `json:"qs"`
	Category      string                  `json:"category,omitempty"`
	By            string                  `json:"by"`
	At            time.Time               `json:"at"`
	Old           *int                    `json:"old"`
	New           int                     `json:"new"`
	Rationale     string                  `json:"rationale"`
	Citations     []store.Citation        `json:"citations"`
	Measures      []store.MeasureCitation `json:"measures"`
	Reviewed      bool                    `json:"reviewed_unchanged"`
	QSBandChanged bool                    `json:"qs_band_changed"`
	OldQSScore    *int                    `json:"old_qs_score"`
	NewQSScore    *int                    `json:"new_qs_score"`
	RatingChanged bool                    `json:"rating_changed"`
	OldRating     string                  `json:"old_rating,omitempty"`
	NewRating     string                  `json:"new_rating,omitempty"`
}

// assessmentDoc is what p may know of the assessment: council staff see only
// its state before factual accuracy, the live draft during it, the snapshot
// frozen at publication after it, and never its history or inspectors.
func (s *Server) assessmentDoc(c echo.Context, a store.Assessment, p authz.Principal) (assessmentJSON, error) {
	staff := p.Can(authz.ActionViewDraftScores)
	if !staff && a.State == assessment.Published {
		return publishedDoc(a)
	}
	out := assessmentJSON{ID: a.ID, LA: a.LA, LAName: a.LAName, FrameworkVersion: a.Version, State: a.State,
		StateChangedAt: a.StateChangedAt, PublishedAt: a.PublishedAt}
	if a.FADeadline != nil {
		out.FADeadline = a.FADeadline.Format(time.DateOnly)
	}
	if !staff && !a.State.CouncilSeesScores() {
		return out, nil
	}
	vw, err := s.loadView(c, a, p)
	if err != nil {
		return out, err
	}
	events := store.Events(vw.history)
	out.LastAssessedAt, out.RatingChangedAt = assessment.LastAssessed(events), assessment.RatingLastChanged(events)
	for _, sc := range vw.scores {
		cites := sc.Citations
		if cites == nil {
			cites = []store.Citation{}
		}
		sj := scoreJSON{QS: sc.QS, Category: sc.Category, Score: sc.Score, Rationale: sc.Rationale,
			Version: sc.Version, UpdatedAt: sc.UpdatedAt, Citations: cites, Measures: orEmpty(sc.Measures)}
		if staff {
			sj.UpdatedBy = sc.UpdatedBy
		}
		out.Scores = append(out.Scores, sj)
	}
	out.Results = s.resultsDoc(vw.res)
	for _, cm := range vw.comms {
		out.Comments = append(out.Comments, commentJSON{QS: cm.QS, Body: cm.Body, DocumentID: cm.DocumentID, DocTitle: cm.DocTitle, Page: cm.Page,
			By: cm.AuthorEmail, At: cm.CreatedAt, Response: cm.Response, RespondedBy: cm.RespondedBy, RespondedAt: cm.RespondedAt})
	}
	if !staff {
		out.withoutCQCStaff()
		return out, nil
	}
	out.Inspectors = a.Inspectors
	trs, err := s.store.Transitions(c.Request().Context(), p.Scope(), a.ID)
	if err != nil {
		return out, err
	}
	for _, t := range trs {
		out.Transitions = append(out.Transitions, transitionJSON{From: t.From, To: t.To, By: t.ActorEmail, At: t.At, Comment: t.Comment})
	}
	for _, h := range vw.history {
		cites := h.Citations
		if cites == nil {
			cites = []store.Citation{}
		}
		out.History = append(out.History, historyJSON{QS: h.QS, Category: h.Category, By: h.ActorEmail, At: h.At, Old: h.OldScore,
			New: h.NewScore, Rationale: h.Rationale, Citations: cites, Measures: orEmpty(h.Measures), Reviewed: h.Reviewed, QSBandChanged: h.QSBandChanged,
			OldQSScore: h.OldQSScore, NewQSScore: h.NewQSScore, RatingChanged: h.RatingChanged, OldRating: h.OldRating, NewRating: h.NewRating})
	}
	return out, nil
}

// withoutCQCStaff removes from an assessment what would name or reach CQC
// staff: who scored, who moved it, who answered a comment, its inspectors
// and its history. That is the one policy for everything a council gets,
// its pages, its JSON and the snapshot published to it: councils deal with
// CQC, not with named inspectors (the pages say "CQC's answer"), and an
// inspector's address given to every council user would be one more for
// phishing. Council staff's own names, on their comments and uploads, stay.
func (doc *assessmentJSON) withoutCQCStaff() {
	doc.History, doc.Inspectors, doc.Transitions = nil, nil, nil
	for i := range doc.Scores {
		doc.Scores[i].UpdatedBy = ""
	}
	for i := range doc.Comments {
		doc.Comments[i].RespondedBy = ""
	}
}

func (s *Server) resultsDoc(r assessment.Results) *resultsJSON {
	out := &resultsJSON{Section50: section50JSON{Triggered: r.Section50.Triggered, Statements: r.Section50.Statements}}
	if out.Section50.Statements == nil {
		out.Section50.Statements = []string{}
	}
	for _, q := range r.QS {
		qj := qsResultJSON{QS: q.QS.Slug, Name: q.QS.Name, Score: q.Score, Percent: q.Detail.Percent}
		for slug, sc := range q.Scores {
			if slug != "" {
				if qj.Categories == nil {
					qj.Categories = map[string]int{}
				}
				qj.Categories[slug] = sc.Score
			}
		}
		out.QualityStatements = append(out.QualityStatements, qj)
	}
	if o := r.Overall; o != nil {
		out.Overall = &overallJSON{Percent: o.Percent, Rating: o.Rating.Slug, RatingName: o.Rating.Name,
			Position: string(o.Position), PointsUp: o.PointsUp, PointsDown: o.PointsDown, Scored: o.Scored, Total: o.Total,
			Complete: o.Complete()}
	}
	return out
}

func (s *Server) showAssessmentJSON(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	doc, err := s.assessmentDoc(c, a, p)
	if err != nil {
		return err
	}
	s.auditView(c, "assessment_viewed", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
	return c.JSON(http.StatusOK, doc)
}

// snapshot is what publication freezes: the assessment as the council sees
// it once published, with when its rating last changed across its
// published assessments.
func (s *Server) snapshot(c echo.Context, a store.Assessment, p authz.Principal) ([]byte, error) {
	doc, err := s.assessmentDoc(c, a, p)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	doc.State, doc.PublishedAt, doc.StateChangedAt = assessment.Published, &now, now
	doc.withoutCQCStaff()
	if doc.Report, err = s.reportSnapshot(c, a, p); err != nil {
		return nil, err
	}
	doc.RatingChangedAt = &now
	prev, err := s.store.PublishedRatings(c.Request().Context())
	if err != nil {
		return nil, err
	}
	for _, pr := range prev {
		var old assessmentJSON
		if pr.LA != a.LA || json.Unmarshal(pr.Snapshot, &old) != nil {
			continue
		}
		if old.Results != nil && old.Results.Overall != nil && doc.Results != nil && doc.Results.Overall != nil &&
			old.Results.Overall.Rating == doc.Results.Overall.Rating && old.RatingChangedAt != nil {
			doc.RatingChangedAt = old.RatingChangedAt
		}
	}
	return json.Marshal(doc)
}

// orEmpty gives JSON an empty list rather than null.
func orEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
