package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/tagger"
	"github.com/labstack/echo/v4"
)

var adminTaggingFlashes = map[string]string{
	"retrain":     "The tagger is being retrained: the new model appears here when it is ready, then every document is tagged again",
	"rolledback":  "The previous model is active again: every document is being tagged again with it",
	"no-previous": "There is no earlier model to go back to",
}

// showAdminTagging shows the active model's per-statement precision, recall
// and F1 measured by council (no text tagged by a model that learnt from its
// council) on the labelled data held when it was trained, with intervals
// from a bootstrap over councils, how they moved since the model before it, the stored models and
// the progress of re-tagging.
func (s *Server) showAdminTagging(c echo.Context) error {
	ctx := c.Request().Context()
	page := frontend.AdminTaggingPage{Layout: s.layout(c), Flash: adminTaggingFlashes[c.QueryParam("done")]}
	models, err := s.store.TagModels(ctx, 20)
	if err != nil {
		return err
	}
	var active, previous *store.TagModel
	for i := range models {
		m := &models[i]
		if m.Active {
			active = m
		} else if active != nil && previous == nil {
			previous = m
		}
		page.Models = append(page.Models, s.tagModelRow(*m))
	}
	if active == nil {
		return s.pages.Render(c, http.StatusOK, "admin_tagging", page)
	}
	page.HasActive, page.Active, page.CanRollBack = true, s.tagModelRow(*active), previous != nil
	fig := ingest.Figures(*active)
	cur := fig.Metrics
	page.ByCouncil, page.Councils, page.Folds = fig.ByCouncil, fig.Councils, cur.Folds
	var prev *tagger.Metrics
	if previous != nil {
		page.Previous = previous.Version
		pf := ingest.Figures(*previous)
		// Figures measured another way (by document, before issue 18) are
		// not compared: the change would be the measure's, not the model's.
		page.PreviousOtherMeasure = pf.ByCouncil != fig.ByCouncil
		if !page.PreviousOtherMeasure {
			prev = &pf.Metrics
		}
	}
	for i, cm := range cur.Classes {
		row := frontend.QSMetricRow{Name: s.tagName(store.TagQS, cm.QS), Precision: f3(cm.Precision), Recall: f3(cm.Recall),
			F1: f3(cm.F1), Support: cm.Support}
		if i < len(fig.F1CI) {
			row.Interval = interval(fig.F1CI[i])
		}
		if prev != nil && i < len(prev.Classes) && prev.Classes[i].QS == cm.QS {
			row.Change = change(cm.F1 - prev.Classes[i].F1)
		}
		page.Metrics = append(page.Metrics, row)
	}
	for _, sum := range []struct {
		name string
		of   func(tagger.Metrics) float64
		ci   tagger.Interval
	}{
		{"Macro-F1", func(m tagger.Metrics) float64 { return m.MacroF1 }, fig.MacroF1CI},
		{"Top-1 accuracy", func(m tagger.Metrics) float64 { return m.Top1 }, fig.Top1CI},
		{"Top-2 accuracy", func(m tagger.Metrics) float64 { return m.Top2 }, fig.Top2CI},
	} {
		row := frontend.QSMetricRow{Name: sum.name, F1: f3(sum.of(cur)), Support: cur.N}
		if fig.ByCouncil {
			row.Interval = interval(sum.ci)
		}
		if prev != nil {
			row.Change = change(sum.of(cur) - sum.of(*prev))
		}
		page.Summary = append(page.Summary, row)
	}
	done, total, err := s.store.RetagProgress(ctx, active.Version, ingest.RetagStatuses)
	if err != nil {
		return err
	}
	page.RetagDone = done == total
	page.Retag = fmt.Sprintf("Documents tagged by the active model: %d of %d", done, total)
	return s.pages.Render(c, http.StatusOK, "admin_tagging", page)
}

func (s *Server) tagModelRow(m store.TagModel) frontend.TagModelRow {
	mm, src := ingest.Figures(m).Metrics, ingest.ModelSources(m)
	return frontend.TagModelRow{Version: m.Version, Created: govDate(m.CreatedAt, s.loc), Examples: m.Examples,
		Decisions: m.Decisions, Repository: src.Repository, Confirmed: src.Confirmed, Rejected: src.Rejected, Hints: src.Hints,
		MacroF1: f3(mm.MacroF1), Top2: f3(mm.Top2), Active: m.Active, Note: m.Note}
}

func f3(f float64) string { return fmt.Sprintf("%.3f", f) }

func interval(i tagger.Interval) string { return fmt.Sprintf("%.3f to %.3f", i.Lo, i.Hi) }

func change(d float64) string {
	switch {
	case d > 0.0005:
		return fmt.Sprintf("+%.3f", d)
	case d < -0.0005:
		return fmt.Sprintf("−%.3f", -d)
	}
	return "no change"
}

// submitRetrain queues a retrain; the job stores the model and re-tags.
func (s *Server) submitRetrain(c echo.Context) error {
	p, _ := request.Principal(c)
	a := s.auditEntry(c, "tag_model_retrain_requested", "tag_model", "", "")
	if err := s.store.EnqueueAudited(c.Request().Context(), a, ingest.RetrainJob{By: p.Email}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/tagging?done=retrain")
}

// submitRollback makes the model before the active one active again and
// re-tags every document with it.
func (s *Server) submitRollback(c echo.Context) error {
	ctx := c.Request().Context()
	models, err := s.store.TagModels(ctx, 20)
	if err != nil {
		return err
	}
	target := ""
	for i, m := range models {
		if m.Active && i+1 < len(models) {
			target = models[i+1].Version
		}
	}
	a := s.auditEntry(c, "tag_model_rolled_back", "tag_model", "", "")
	_, err = s.store.RollbackTagModel(ctx, a, ingest.RetagAllJob{Version: target})
	if errors.Is(err, store.ErrNotFound) {
		return c.Redirect(http.StatusSeeOther, "/admin/tagging?done=no-previous")
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/tagging?done=rolledback")
}
