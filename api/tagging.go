package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// pastTense names a decision in audit actions and flashes.
var pastTense = map[string]string{store.DecisionAccept: "accepted", store.DecisionReject: "rejected", store.DecisionAdd: "added"}

// submitTagDecision records one inspector's accept, reject or add on one
// tag of a document within their scope, and sends the document back to the
// index so search sees it.
func (s *Server) submitTagDecision(c echo.Context) error {
	p, _ := request.Principal(c)
	ctx := c.Request().Context()
	d, err := s.store.Document(ctx, p.Scope(), c.Param("id"))
	if err != nil {
		return err
	}
	if !d.Status.HasText() {
		return echo.NewHTTPError(http.StatusBadRequest, "document not read yet")
	}
	decision := c.FormValue("decision")
	kind, label := c.FormValue("kind"), c.FormValue("label")
	page := 0
	switch decision {
	case store.DecisionAccept, store.DecisionReject:
		if !s.validTag(kind, label) {
			return echo.NewHTTPError(http.StatusBadRequest, "unknown tag")
		}
	case store.DecisionAdd:
		var ok bool
		if kind, label, ok = s.parseTag(c.FormValue("tag")); !ok {
			return s.renderDocument(c, d, http.StatusUnprocessableEntity, &frontend.FieldError{Field: "tag", Message: "Choose a quality statement or evidence category"})
		}
		if v := strings.TrimSpace(c.FormValue("page")); v != "" {
			n, err := strconv.Atoi(v)
			if msg := tagPageProblem(n, err, d); msg != "" {
				return s.renderDocument(c, d, http.StatusUnprocessableEntity, &frontend.FieldError{Field: "page", Message: msg})
			}
			page = n
		}
	default:
		return echo.NewHTTPError(http.StatusBadRequest, "unknown decision")
	}
	tags, err := s.store.DocumentTags(ctx, p.Scope(), d.ID)
	if err != nil {
		return err
	}
	dec, err := s.decision(ctx, p, d, tags, kind, label, decision, page)
	if err != nil {
		return err
	}
	a := s.documentAudit(c, "tag_"+pastTense[decision], d)
	a.Detail = map[string]string{"kind": kind, "label": label, "model": dec.ModelVersion,
		"confidence": strconv.FormatFloat(dec.Confidence, 'f', 3, 64), "page": strconv.Itoa(page)}
	if err := s.store.RecordTagDecisions(ctx, []store.TagDecision{dec}, []store.AuditEntry{a}, []store.Transition{reindex(d.ID)}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/documents/"+d.ID+"?tag="+pastTense[decision]+"#tags")
}

// decision builds an inspector's decision with the text training will learn
// from: the passages behind the suggestion, or for an added tag the page it
// is about (else the start of the document).
func (s *Server) decision(ctx context.Context, p authz.Principal, d store.Document, tags store.DocumentTags, kind, label, decision string, page int) (store.TagDecision, error) {
	dec := store.TagDecision{DocumentID: d.ID, LA: d.LA, Kind: kind, Label: label, Decision: decision, Source: "inspector",
		Page: page, DecidedBy: p.UserID}
	if sg, ok := tags.Suggestion(0, kind, label); ok {
		dec.ModelVersion, dec.Confidence = sg.ModelVersion, sg.Confidence
		var parts []string
		for _, ps := range sg.Passages {
			parts = append(parts, ps.Text)
		}
		dec.Text = strings.Join(parts, "\n")
	}
	if decision == store.DecisionAdd && (page > 0 || dec.Text == "") {
		text, err := ingest.ReadText(ctx, s.blob, d.ID)
		if err != nil && !errors.Is(err, blob.ErrNotFound) {
			return dec, err
		}
		dec.Text = ingest.TrainingText(text, page)
	}
	if len(dec.Text) > ingest.TrainingTextMax {
		dec.Text = strings.ToValidUTF8(dec.Text[:ingest.TrainingTextMax], "")
	}
	return dec, nil
}

// reindex sends a ready document back to the index after a decision; a
// document still in the pipeline is indexed with it anyway.
func reindex(id string) store.Transition {
	return store.Transition{ID: id, From: []document.Status{document.Ready}, To: document.Indexing,
		Jobs: []store.Job{ingest.IndexJob{DocumentID: id}}}
}

// submitTagHint records a council submitter's hint on their own document:
// it stays the council's and is shown as such.
func (s *Server) submitTagHint(c echo.Context) error {
	p, _ := request.Principal(c)
	ctx := c.Request().Context()
	d, err := s.store.Document(ctx, p.Scope(), c.Param("id"))
	if err != nil {
		return err
	}
	kind, label, ok := s.parseTag(c.FormValue("tag"))
	if !ok {
		if !d.Status.HasText() {
			return echo.NewHTTPError(http.StatusBadRequest, "no tag chosen")
		}
		return s.renderDocument(c, d, http.StatusUnprocessableEntity, &frontend.FieldError{Field: "tag", Message: "Choose a quality statement or evidence category"})
	}
	dec := store.TagDecision{DocumentID: d.ID, LA: d.LA, Kind: kind, Label: label, Decision: store.DecisionHint, Source: "la", DecidedBy: p.UserID}
	a := s.documentAudit(c, "tag_hint_added", d)
	a.Detail = map[string]string{"kind": kind, "label": label}
	if err := s.store.RecordTagDecisions(ctx, []store.TagDecision{dec}, []store.AuditEntry{a}, []store.Transition{reindex(d.ID)}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/documents/"+d.ID+"?tag=hinted#tags")
}

// submitBulkAccept confirms one tag on several documents of the search
// results at once. Every document must be within the inspector's scope, or
// nothing is recorded (404); documents where the tag is already confirmed,
// and documents no longer read (withdrawn since the search), are left as
// they are.
func (s *Server) submitBulkAccept(c echo.Context) error {
	p, _ := request.Principal(c)
	ctx := c.Request().Context()
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	back := url.Values{}
	if q, err := url.ParseQuery(form.Get("return")); err == nil {
		back = q
	}
	back.Del("accepted")
	back.Del("bulk_error")
	kind, label, ok := s.parseTag(form.Get("tag"))
	ids := form["doc"]
	if !ok || len(ids) == 0 || len(ids) > 200 {
		back.Set("bulk_error", "1")
		return c.Redirect(http.StatusSeeOther, "/search?"+back.Encode()+"#bulk-tags")
	}
	var decs []store.TagDecision
	var audit []store.AuditEntry
	var moves []store.Transition
	for _, id := range ids {
		d, err := s.store.Document(ctx, p.Scope(), id)
		if err != nil {
			return err
		}
		if !d.Status.HasText() {
			// Withdrawn (or replaced, rejected) since the results were
			// shown: like one at a time, no tag on a document not read,
			// and no withdrawn text to train on.
			continue
		}
		tags, err := s.store.DocumentTags(ctx, p.Scope(), d.ID)
		if err != nil {
			return err
		}
		if slicesContains(tags.State(kind, ingest.SuggestAt).Confirmed, label) {
			continue
		}
		dec, err := s.decision(ctx, p, d, tags, kind, label, store.DecisionAccept, 0)
		if err != nil {
			return err
		}
		a := s.documentAudit(c, "tag_accepted", d)
		a.Detail = map[string]string{"kind": kind, "label": label, "model": dec.ModelVersion,
			"confidence": strconv.FormatFloat(dec.Confidence, 'f', 3, 64), "bulk": "true"}
		decs, audit, moves = append(decs, dec), append(audit, a), append(moves, reindex(d.ID))
	}
	if err := s.store.RecordTagDecisions(ctx, decs, audit, moves); err != nil {
		return err
	}
	back.Set("accepted", strconv.Itoa(len(decs)))
	return c.Redirect(http.StatusSeeOther, "/search?"+back.Encode())
}

func slicesContains(ss []string, v string) bool {
	for _, s := range ss {
		if s == v {
			return true
		}
	}
	return false
}

// tagPageProblem is what is wrong with the page typed beside a tag (n as
// strconv.Atoi read it, with its error), or "".
func tagPageProblem(n int, err error, d store.Document) string {
	pages := max(d.Pages, 1)
	switch {
	case err != nil:
		return "Page must be a number, like 12"
	case n < 1:
		return "Page must be 1 or more"
	case n > pages:
		return (&store.CitationError{Title: d.Title, Page: n, Pages: pages, Status: d.Status}).Message()
	}
	return ""
}
