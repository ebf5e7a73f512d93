package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// assessmentView is everything an assessment page is made from.
type assessmentView struct {
	a       store.Assessment
	v       *framework.Version
	scores  []store.Score
	res     assessment.Results
	history []store.ScoreChange
	comms   []store.Comment
}

// score is the saved score of a statement (category "" for a direct score).
func (vw assessmentView) score(qs, category string) (store.Score, bool) {
	for _, sc := range vw.scores {
		if sc.QS == qs && sc.Category == category {
			return sc, true
		}
	}
	return store.Score{}, false
}

func (s *Server) loadView(c echo.Context, a store.Assessment, p authz.Principal) (assessmentView, error) {
	ctx := c.Request().Context()
	vw := assessmentView{a: a}
	m, err := s.methodOf(a)
	if err != nil {
		return vw, err
	}
	vw.v = m.Version()
	if vw.scores, err = s.store.Scores(ctx, p.Scope(), a.ID); err != nil {
		return vw, err
	}
	if vw.res, err = m.Results(store.Values(vw.scores)); err != nil {
		return vw, err
	}
	if vw.history, err = s.store.ScoreHistory(ctx, p.Scope(), a.ID); err != nil {
		return vw, err
	}
	if vw.comms, err = s.store.Comments(ctx, p.Scope(), a.ID); err != nil {
		return vw, err
	}
	return vw, err
}

// showAssessment is the assessment page: the scoring page for CQC staff
// (read-only unless they may score it now), the council's scores page for
// its own staff.
func (s *Server) showAssessment(c echo.Context) error {
	a, p, err := s.loadAssessment(c)
	if err != nil {
		return err
	}
	s.auditView(c, "assessment_viewed", "assessment", strconv.FormatInt(a.ID, 10), a.LA)
	if p.Role.IsLA() {
		page, err := s.laAssessmentPage(c, a, p, laCommentForm{})
		if err != nil {
			return err
		}
		if done, err := s.answerPicker(c); done {
			return err
		}
		switch {
		case c.QueryParam("commented") != "":
			page.Flash = "Your comment has been sent to the inspectors"
		case c.QueryParam("ended") != "":
			page.Flash = "You have told CQC that your council has no more factual accuracy comments"
		}
		return s.pages.Render(c, http.StatusOK, "assessment_la", page)
	}
	if !p.Can(authz.ActionViewDraftScores) {
		return authz.ErrForbidden
	}
	page, err := s.assessmentPage(c, a, p, nil, "")
	if err != nil {
		return err
	}
	if done, err := s.answerPicker(c); done {
		return err
	}
	// The one-page form's links (?edit=equity-qs) open the item on its
	// statement's page now.
	if edit := c.QueryParam("edit"); edit != "" && page.CanScore {
		for _, sec := range page.Statements {
			for _, it := range sec.Items {
				if it.ID == edit {
					return c.Redirect(http.StatusSeeOther, statementHref(a.ID, sec.Slug, it.ID))
				}
			}
		}
	}
	switch {
	case c.QueryParam("reviewed") != "":
		page.Flash = "The score was reviewed and saved unchanged"
	case c.QueryParam("saved") != "":
		page.Flash = "The score has been saved"
	case c.QueryParam("moved") != "":
		page.Flash = "The assessment is now: " + page.StateLabel
	case c.QueryParam("answered") != "":
		page.Flash = "Your answer has been saved"
	case c.QueryParam("panel_commented") != "":
		page.Flash = "Your comment has been saved: the inspectors see it beside the statement if you return the assessment"
	}
	return s.renderAssessmentPage(c, http.StatusOK, page)
}

// scoreForm is a submitted score form, shown again with its errors or
// with the newer value that refused it.
type scoreForm struct {
	qs, category   string
	item           frontend.ScoreItem
	conflict       *store.Score
	scoreError     string
	rationaleError string
	citationError  string
	// measures are the measure citations as submitted (2A:2023-24).
	measures []string
}

// assessmentPage builds the CQC view of an assessment; edit names the one
// score item whose form is open (the submitted form's item when form is set).
func (s *Server) assessmentPage(c echo.Context, a store.Assessment, p authz.Principal, form *scoreForm, edit string) (frontend.AssessmentPage, error) {
	vw, err := s.loadView(c, a, p)
	if err != nil {
		return frontend.AssessmentPage{}, err
	}
	offer := assessment.Offers(p, a.HasInspector(p.Email), a.State)
	page := frontend.AssessmentPage{Layout: s.layout(c), ID: a.ID, Href: fmt.Sprintf("/assessments/%d", a.ID), LA: a.LA,
		LAName: a.LAName, VersionName: vw.v.Name, Categories: vw.v.CategoryScores, State: string(a.State), Inspectors: a.Inspectors,
		CanScore:        offer.Score,
		CanSubmit:       offer.SendCalibration && vw.res.Complete(),
		CanCalibrate:    offer.Calibrate,
		CanPanelComment: offer.PanelComment,
		CanPublish:      offer.Publish && factualAccuracyCheck(a, vw.comms).PublishBlock(s.ukToday()) == nil,
		CanAnswer:       offer.Answer,
		CanExport:       p.Can(authz.ActionExportScores),
		Results:         s.resultsView(vw.v, vw.res)}
	page.StateLabel, page.StateClass = stateLabel(a.State)
	_, page.CanDownloadPack = assessment.PackFor(p, a.HasInspector(p.Email), a.State)
	if page.Section50, err = s.section50Summary(c, a, p); err != nil {
		return page, err
	}
	page.CheckHref = page.Href + "/check"
	if offer.SendCalibration && !vw.res.Complete() {
		page.SubmitWait = s.calibrationWait(vw.res)
	}
	if offer.Publish {
		page.PublishWait = factualAccuracyCheck(a, vw.comms).PublishBlockText(s.ukToday())
	}
	if a.FADeadline != nil {
		page.Deadline = a.FADeadline.Format("2 January 2006")
	}
	if a.FADoneAt != nil {
		page.CouncilDone = govDate(*a.FADoneAt, s.loc)
	}
	if t := assessment.LastAssessed(store.Events(vw.history)); t != nil {
		page.LastAssessed = govDate(*t, s.loc)
	}
	if t := assessment.RatingLastChanged(store.Events(vw.history)); t != nil {
		page.RatingChange = govDate(*t, s.loc)
	}
	views, err := s.outcomeViews(c.Request().Context(), a.LA)
	if err != nil {
		return page, err
	}
	pcs, err := s.store.PanelComments(c.Request().Context(), p.Scope(), a.ID)
	if err != nil {
		return page, err
	}
	// The open form's picker: one page of the documents found, and those
	// the score cites.
	if qs, ok := strings.CutPrefix(edit, editFirstUnscored); ok {
		edit = s.firstUnscored(vw, qs)
	}
	open := edit
	if form != nil {
		open = itemID(form.qs, form.category)
	}
	var dp docPicker
	if openQS := s.itemQS(vw.v, open); page.CanScore && openQS != "" {
		var chosen []string
		for _, sc := range vw.scores {
			if itemID(sc.QS, sc.Category) == open {
				for _, ct := range sc.Citations {
					chosen = append(chosen, ct.DocumentID)
				}
			}
		}
		if form != nil {
			for _, in := range form.item.CiteInputs {
				for _, o := range in.Docs {
					chosen = append(chosen, o.Value)
				}
			}
		}
		// Asked again on the statement's page, where the form is.
		action := fmt.Sprintf("/assessments/%d/statements/%s#item-%s", a.ID, openQS, open)
		if dp, err = s.pickDocuments(c, p, a.LA, chosen, action, url.Values{"edit": {open}}, docTitle); err != nil {
			return page, err
		}
	}
	for _, qr := range vw.res.QS {
		sec := s.qsSection(qr, vw.v)
		for _, pc := range pcs {
			if pc.QS == qr.QS.Slug {
				row := s.panelCommentRow(a.ID, pc)
				sec.PanelComment = &row
				if page.CanPanelComment {
					sec.PanelDraft = pc.Body
				}
			}
		}
		sec.Outcomes = s.outcomeMeasures(views, qr.QS.Slug)
		for _, cat := range s.scoredCategories(vw.v) {
			sc, ok := vw.score(qr.QS.Slug, cat.Slug)
			id := itemID(qr.QS.Slug, cat.Slug)
			item := s.scoreItem(qr.QS.Slug, cat, sc, ok, dp.docs, page.CanScore && form == nil && id == edit)
			if page.CanScore && form != nil && form.qs == qr.QS.Slug && form.category == cat.Slug {
				item = s.applyForm(item, form, dp.docs)
			}
			if item.Editing {
				item.Picker = dp.view
			}
			item.LA = a.LA
			if item.Editing {
				cited := []string{}
				if form != nil {
					cited = form.measures
				} else {
					for _, m := range sc.Measures {
						cited = append(cited, measureValue(m.Measure, m.Year))
					}
				}
				item.MeasureInputs = s.measureInputs(views, qr.QS.Slug, cited)
			}
			sec.Items = append(sec.Items, item)
		}
		s.taskStatus(&sec, fmt.Sprintf("/assessments/%d/statements/%s", a.ID, qr.QS.Slug))
		if qr.Score > 0 {
			page.ScoredStatements++
		}
		for _, cm := range vw.comms {
			if cm.QS == qr.QS.Slug {
				sec.Comments = append(sec.Comments, s.commentRow(cm))
			}
		}
		page.Statements = append(page.Statements, sec)
	}
	for _, cm := range vw.comms {
		if cm.Section != "" {
			page.ReportComments++
			if cm.RespondedAt == nil {
				page.ReportUnanswered++
			}
		}
	}
	trs, err := s.store.Transitions(c.Request().Context(), p.Scope(), a.ID)
	if err != nil {
		return page, err
	}
	for _, t := range trs {
		from, _ := stateLabel(t.From)
		to, _ := stateLabel(t.To)
		page.Transitions = append(page.Transitions, frontend.TransitionRow{When: govDate(t.At, s.loc), Who: t.ActorEmail,
			From: from, To: to, Comment: t.Comment})
	}
	page.Notice = s.staffNotice(a, audience(p, a), vw.comms, trs, pcs)
	for _, h := range vw.history {
		page.History = append(page.History, s.historyRow(h))
	}
	return page, nil
}

// scoredCategories are the categories scored under the version; a version
// that scores statements directly has one pseudo-category, "".
func (s *Server) scoredCategories(v *framework.Version) []framework.Category {
	if v.CategoryScores {
		return v.CategoriesInUse()
	}
	return []framework.Category{{Slug: "", Name: ""}}
}

func (s *Server) qsSection(qr assessment.QSResult, v *framework.Version) frontend.QSSection {
	sec := frontend.QSSection{Slug: qr.QS.Slug, Number: qr.QS.Number, Name: qr.QS.Name, Leadership: qr.QS.Leadership,
		ScoreText: "Not scored yet"}
	if qr.Score > 0 {
		sec.ScoreText = s.scoreText(qr.Score)
	}
	if v.CategoryScores && qr.Detail.Scored > 0 {
		sec.Percent = fmt.Sprintf("%d%% from %d of %d evidence categories (%d out of %d)", qr.Detail.Percent,
			qr.Detail.Scored, qr.Detail.Total, qr.Detail.Sum, qr.Detail.Possible)
		sec.Gap = s.qsGap(v, qr.Detail.Percent)
	}
	return sec
}

func (s *Server) scoreText(score int) string {
	m, err := s.catalogue.Meaning(score)
	if err != nil {
		return strconv.Itoa(score)
	}
	return fmt.Sprintf("%d – %s", score, m)
}

func itemID(qs, category string) string {
	if category == "" {
		category = "qs"
	}
	return qs + "-" + category
}

func (s *Server) scoreItem(qs string, cat framework.Category, sc store.Score, ok bool, docs []store.Document, editable bool) frontend.ScoreItem {
	item := frontend.ScoreItem{ID: itemID(qs, cat.Slug), QS: qs, QSName: s.qsName(qs), Category: cat.Slug, CategoryName: cat.Name}
	if ok {
		item.Score, item.ScoreText, item.Rationale, item.Version = sc.Score, s.scoreText(sc.Score), sc.Rationale, sc.Version
		item.UpdatedBy, item.UpdatedAt = sc.UpdatedBy, govDate(sc.UpdatedAt, s.loc)
		item.NoEvidence = len(sc.Citations) == 0 && len(sc.Measures) == 0
		item.MeasureCitations = s.measureCitationRows(sc.Measures)
		for _, ct := range sc.Citations {
			item.Citations = append(item.Citations, citationRow(ct.DocumentID, ct.Title, ct.Page))
		}
	}
	if editable {
		item.Editing = true
		for _, ct := range sc.Citations {
			item.CiteInputs = append(item.CiteInputs, citeInput(docs, ct.DocumentID, strconv.Itoa(ct.Page)))
		}
		item.CiteInputs = append(item.CiteInputs, citeInput(docs, "", ""))
		item.ScoreOptions = s.scoreOptions(item.Score)
	}
	return item
}

func (s *Server) scoreOptions(selected int) []frontend.Option {
	var out []frontend.Option
	for n := framework.MinScore; n <= framework.MaxScore; n++ {
		out = append(out, frontend.Option{Value: strconv.Itoa(n), Label: s.scoreText(n), Selected: n == selected})
	}
	return out
}

func citationRow(id, title string, page int) frontend.CitationRow {
	return frontend.CitationRow{Title: title, Page: page, Href: pageHref(id, page)}
}

func citeInput(docs []store.Document, selected, page string) frontend.CiteInput {
	in := frontend.CiteInput{Page: page}
	for _, d := range docs {
		in.Docs = append(in.Docs, frontend.Option{Value: d.ID, Label: d.Title, Selected: d.ID == selected})
	}
	return in
}

// applyForm shows the submitted values again, with their errors or the
// newer value that refused them.
func (s *Server) applyForm(item frontend.ScoreItem, f *scoreForm, docs []store.Document) frontend.ScoreItem {
	item.Editing = true
	item.Score, item.Rationale = f.item.Score, f.item.Rationale
	item.ScoreOptions = s.scoreOptions(f.item.Score)
	item.CiteInputs = nil
	for _, in := range f.item.CiteInputs {
		sel := ""
		for _, o := range in.Docs {
			sel = o.Value
		}
		item.CiteInputs = append(item.CiteInputs, citeInput(docs, sel, in.Page))
	}
	item.CiteInputs = append(item.CiteInputs, citeInput(docs, "", ""))
	item.ScoreError, item.RationaleError, item.CitationError = f.scoreError, f.rationaleError, f.citationError
	if f.conflict != nil {
		// The next save overwrites the newer value knowingly.
		item.Version = f.conflict.Version
		cf := frontend.ScoreItem{Rationale: f.conflict.Rationale, UpdatedBy: f.conflict.UpdatedBy}
		if f.conflict.Score > 0 {
			cf.ScoreText = s.scoreText(f.conflict.Score)
			cf.UpdatedAt = govDate(f.conflict.UpdatedAt, s.loc)
		}
		for _, ct := range f.conflict.Citations {
			cf.Citations = append(cf.Citations, citationRow(ct.DocumentID, ct.Title, ct.Page))
		}
		cf.MeasureCitations = s.measureCitationRows(f.conflict.Measures)
		item.Conflict = &cf
	}
	return item
}

func (s *Server) resultsView(v *framework.Version, r assessment.Results) frontend.AssessmentResults {
	out := frontend.AssessmentResults{Total: len(s.catalogue.Statements), Section50: r.Section50.Triggered}
	for _, slug := range r.Section50.Statements {
		if q, err := s.catalogue.Statement(slug); err == nil {
			out.Section50QS = append(out.Section50QS, q.Name)
		}
	}
	if r.Overall == nil {
		return out
	}
	o := r.Overall
	out.HasOverall, out.Percent, out.Rating = true, o.Percent, o.Rating.Name
	out.Scored, out.Total, out.Complete = o.Scored, o.Total, o.Complete()
	out.Position = positionText(o.Placement)
	if b, ok := v.RatingAbove(o.Percent); ok {
		out.Gap = fmt.Sprintf("%s from %s (%d%%)", plural(b.Low-o.Percent, "point"), b.Rating.Name, b.Low)
	}
	return out
}

// positionText says where in its band a percentage sits, from
// framework.Place.
func positionText(p framework.Placement) string {
	switch p.Position {
	case framework.PositionUpper:
		return fmt.Sprintf("Near the upper threshold of %s (%d–%d%%): %s from the band above", p.Rating.Name, p.BandLow, p.BandHigh, plural(p.PointsUp, "point"))
	case framework.PositionLower:
		return fmt.Sprintf("Near the lower threshold of %s (%d–%d%%): %s above the band below", p.Rating.Name, p.BandLow, p.BandHigh, plural(p.PointsDown, "point"))
	}
	return fmt.Sprintf("Within the band of %s (%d–%d%%)", p.Rating.Name, p.BandLow, p.BandHigh)
}

func (s *Server) qsName(slug string) string {
	if q, err := s.catalogue.Statement(slug); err == nil {
		return q.Name
	}
	return slug
}

func (s *Server) scoreLabel(qs, category string) string {
	name := s.qsName(qs)
	if cat, err := s.catalogue.Category(category); err == nil {
		name += " – " + cat.Name
	}
	return name
}

func (s *Server) historyRow(h store.ScoreChange) frontend.HistoryRow {
	r := frontend.HistoryRow{When: govDate(h.At, s.loc), Who: h.ActorEmail, What: s.scoreLabel(h.QS, h.Category),
		Old: "None", New: strconv.Itoa(h.NewScore), Rationale: h.Rationale}
	if h.OldScore != nil {
		r.Old = strconv.Itoa(*h.OldScore)
	}
	if h.Reviewed {
		r.Notes = append(r.Notes, "Reviewed, unchanged")
	}
	if h.QSBandChanged {
		r.Notes = append(r.Notes, fmt.Sprintf("Quality statement score changed from %d to %d", *h.OldQSScore, *h.NewQSScore))
	}
	if h.RatingChanged {
		r.Notes = append(r.Notes, "Overall rating changed from "+s.ratingName(h.OldRating)+" to "+s.ratingName(h.NewRating))
	}
	if len(h.Citations) == 0 {
		r.Notes = append(r.Notes, "No evidence cited")
	}
	return r
}

// ratingName names a rating slug; the versions share their rating names.
func (s *Server) ratingName(slug string) string {
	for _, b := range s.catalogue.Versions[0].RatingBands {
		if b.Rating.Slug == slug {
			return b.Rating.Name
		}
	}
	return slug
}

func (s *Server) commentRow(cm store.Comment) frontend.CommentRow {
	r := frontend.CommentRow{ID: cm.ID, QSName: s.qsName(cm.QS), Body: cm.Body, Author: cm.AuthorEmail,
		When: govDate(cm.CreatedAt, s.loc), Response: cm.Response, RespondedBy: cm.RespondedBy}
	if cm.DocumentID != "" {
		cr := citationRow(cm.DocumentID, cm.DocTitle, cm.Page)
		r.Evidence = &cr
	}
	if cm.RespondedAt != nil {
		r.RespondedAt = govDate(*cm.RespondedAt, s.loc)
	}
	return r
}
