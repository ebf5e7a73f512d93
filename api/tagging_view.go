package api

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// tagFlashes are the messages after a decision, by the tag query value.
var tagFlashes = map[string]string{
	"accepted": "Tag accepted", "rejected": "Tag rejected", "added": "Tag added", "hinted": "Hint added for the inspectors",
}

// documentTagsFor loads a document's tags within the person's scope, as
// they may see them. The one policy, the same on the document page, the
// tags API, search facets and the coverage page: council staff see which
// of their tags CQC confirmed (that is what their evidence counts towards,
// and the coverage page has always shown them those counts), the tagger's
// suggestions and their own hints; never who at CQC decided, nor what
// inspectors rejected (a working judgement, not a finding).
func (s *Server) documentTagsFor(ctx context.Context, p authz.Principal, id string) (store.DocumentTags, error) {
	tags, err := s.store.DocumentTags(ctx, p.Scope(), id)
	if err != nil || p.Can(authz.ActionViewCQCDecisions) {
		return tags, err
	}
	confirmed := map[[2]string]bool{}
	for _, kind := range []string{store.TagQS, store.TagCategory} {
		for _, label := range tags.State(kind, ingest.SuggestAt).Confirmed {
			confirmed[[2]string{kind, label}] = true
		}
	}
	var kept []store.TagDecision
	for _, dec := range tags.Decisions {
		switch {
		case dec.Source == "la":
			kept = append(kept, dec)
		case confirmed[[2]string{dec.Kind, dec.Label}]:
			dec.DecidedBy, dec.DecidedEmail = 0, ""
			kept = append(kept, dec)
		}
	}
	tags.Decisions = kept
	return tags, nil
}

// addTags fills the tags part of a document's page and highlights the
// passages behind the suggestions shown. Inspectors see what was confirmed,
// suggested and rejected; council staff see what was confirmed (not by
// whom), suggestions and their hints; admins and panel members see all,
// read only.
func (s *Server) addTags(c echo.Context, d store.Document, page *frontend.DocumentPage, tagErr *frontend.FieldError) error {
	p, _ := request.Principal(c)
	tags, err := s.documentTagsFor(c.Request().Context(), p, d.ID)
	if err != nil {
		return err
	}
	view := &frontend.DocumentTags{CanDecide: p.Can(authz.ActionReviewEvidence), CanHint: p.Can(authz.ActionSubmitEvidence), ShowWho: p.Can(authz.ActionViewCQCDecisions),
		Flash: tagFlashes[c.QueryParam("tag")]}
	if tagErr != nil {
		page.Layout.Errors = []frontend.FieldError{*tagErr}
		view.PageValue = c.FormValue("page")
		if tagErr.Field == "page" {
			view.PageError = tagErr.Message
		} else {
			view.AddError = tagErr.Message
		}
	}
	for _, kind := range []string{store.TagQS, store.TagCategory} {
		st := tags.State(kind, ingest.SuggestAt)
		for _, label := range st.Confirmed {
			r := s.tagRow(tags, kind, label)
			r.By, r.When = s.lastDecision(tags, kind, label, "inspector")
			r.CanReject = view.CanDecide
			view.Confirmed = append(view.Confirmed, r)
		}
		for _, label := range st.Suggested {
			r := s.tagRow(tags, kind, label)
			r.CanAccept, r.CanReject = view.CanDecide, view.CanDecide
			view.Suggested = append(view.Suggested, r)
		}
		for _, label := range st.Rejected {
			r := s.tagRow(tags, kind, label)
			r.By, r.When = s.lastDecision(tags, kind, label, "inspector")
			r.CanAccept = view.CanDecide
			view.Rejected = append(view.Rejected, r)
		}
		for _, label := range st.Hints {
			r := s.tagRow(tags, kind, label)
			r.By, _ = s.lastDecision(tags, kind, label, "la")
			if r.By == "" {
				r.By = "given at upload"
			}
			view.Hints = append(view.Hints, r)
		}
	}
	for _, sg := range tags.Suggestions {
		if sg.Page == 0 {
			view.Model = sg.ModelVersion
			break
		}
	}
	for i := range view.Confirmed {
		view.Confirmed[i].DocID, view.Confirmed[i].CSRF = d.ID, page.Layout.CSRFToken
	}
	for i := range view.Suggested {
		view.Suggested[i].DocID, view.Suggested[i].CSRF = d.ID, page.Layout.CSRFToken
	}
	for i := range view.Rejected {
		view.Rejected[i].DocID, view.Rejected[i].CSRF = d.ID, page.Layout.CSRFToken
	}
	view.TagOptions = s.tagOptions(c.FormValue("tag"))
	shown := append(slices.Clone(view.Suggested), view.Confirmed...)
	ids := highlight(page.TextPages, append(shown, pagePassages(tags, shown)...))
	for _, rows := range [][]frontend.TagRow{view.Suggested, view.Confirmed} {
		for i := range rows {
			for j, pl := range rows[i].Passages {
				if id, ok := ids[pl.Href]; ok {
					rows[i].Passages[j].Href = id
				} else {
					// On another screen of the text: that screen, at the page.
					rows[i].Passages[j].Href = pageHref(d.ID, pl.Page)
				}
			}
		}
	}
	page.Tags = view
	return nil
}

// tagRow describes a label with the tagger's whole-document suggestion, if
// it made one. Passage hrefs hold a "page:start" key until highlight gives
// each its anchor.
func (s *Server) tagRow(tags store.DocumentTags, kind, label string) frontend.TagRow {
	r := frontend.TagRow{Kind: kind, Label: label, KindLabel: kindLabel(kind), Name: s.tagName(kind, label)}
	if sg, ok := tags.Suggestion(0, kind, label); ok && sg.Confidence > 0 {
		// Never "100%": a suggestion is never certain.
		r.Confidence = fmt.Sprintf("%.0f%%", min(sg.Confidence*100, 99))
		for _, ps := range sg.Passages {
			r.Passages = append(r.Passages, frontend.PassageLink{Page: ps.Page, Text: ps.Text, Href: fmt.Sprintf("%d:%d:%d", ps.Page, ps.Start, ps.End)})
		}
	}
	return r
}

func kindLabel(kind string) string {
	if kind == store.TagCategory {
		return "Evidence category"
	}
	return "Quality statement"
}

// tagName is a label's name in the framework catalogue.
func (s *Server) tagName(kind, label string) string {
	if kind == store.TagCategory {
		if c, err := s.catalogue.Category(label); err == nil {
			return c.Name
		}
		return label
	}
	if q, err := s.catalogue.Statement(label); err == nil {
		return q.Name
	}
	return label
}

// lastDecision says who made the latest decision of a source on a label,
// and when.
func (s *Server) lastDecision(tags store.DocumentTags, kind, label, source string) (by, when string) {
	for _, d := range slices.Backward(tags.Decisions) {
		if d.Kind == kind && d.Label == label && d.Source == source {
			return d.DecidedEmail, govDate(d.DecidedAt, s.loc)
		}
	}
	return "", ""
}

// pagePassages are, for the tags shown, the passages behind each page's own
// suggestion of them, so that every page where a tag is suggested shows
// why, not only the pages the document's best passages come from.
func pagePassages(tags store.DocumentTags, shown []frontend.TagRow) []frontend.TagRow {
	names := map[[2]string]string{}
	for _, r := range shown {
		names[[2]string{r.Kind, r.Label}] = r.Name
	}
	var out []frontend.TagRow
	for _, sg := range tags.Suggestions {
		name, ok := names[[2]string{sg.Kind, sg.Label}]
		if sg.Page == 0 || sg.Confidence < ingest.SuggestAt || !ok {
			continue
		}
		r := frontend.TagRow{Kind: sg.Kind, Label: sg.Label, Name: name}
		for _, ps := range sg.Passages {
			r.Passages = append(r.Passages, frontend.PassageLink{Page: ps.Page, Text: ps.Text, Href: fmt.Sprintf("%d:%d:%d", ps.Page, ps.Start, ps.End)})
		}
		out = append(out, r)
	}
	return out
}

// tagOptions are the choices of the add-a-tag and hint forms.
func (s *Server) tagOptions(selected string) []frontend.Option {
	var out []frontend.Option
	for _, q := range s.qsOptions() {
		v := store.TagQS + ":" + q[0]
		out = append(out, frontend.Option{Value: v, Label: "Quality statement: " + q[1], Selected: v == selected})
	}
	for _, q := range s.categoryOptions() {
		v := store.TagCategory + ":" + q[0]
		out = append(out, frontend.Option{Value: v, Label: "Evidence category: " + q[1], Selected: v == selected})
	}
	return out
}

// parseTag reads a "kind:label" choice and checks it against the catalogue.
func (s *Server) parseTag(v string) (kind, label string, ok bool) {
	kind, label, _ = strings.Cut(v, ":")
	return kind, label, s.validTag(kind, label)
}

func (s *Server) validTag(kind, label string) bool {
	switch kind {
	case store.TagQS:
		return ingest.HintQS(s.catalogue, label)
	case store.TagCategory:
		return ingest.HintCategory(s.catalogue, label)
	}
	return false
}

// highlight cuts each page's text around the passages of rows, which it
// marks, and returns the anchor of each passage by its "page:start:end" key.
// A passage that does not match its page's text (it never should) is not
// marked; overlapping passages share one mark.
func highlight(pages []frontend.TextPage, rows []frontend.TagRow) map[string]string {
	type mark struct {
		start, end int
		names      []string
		keys       []string
	}
	byPage := map[int][]mark{}
	text := map[int]string{}
	for _, pg := range pages {
		text[pg.Number] = pg.Text
	}
	for _, r := range rows {
		for _, pl := range r.Passages {
			var pn, start, end int
			if _, err := fmt.Sscanf(pl.Href, "%d:%d:%d", &pn, &start, &end); err != nil {
				continue
			}
			t, ok := text[pn]
			if !ok || start < 0 || end > len(t) || start >= end || t[start:end] != pl.Text {
				continue
			}
			byPage[pn] = append(byPage[pn], mark{start, end, []string{r.Name}, []string{pl.Href}})
		}
	}
	ids := map[string]string{}
	for i, pg := range pages {
		marks := byPage[pg.Number]
		if len(marks) == 0 {
			continue
		}
		slices.SortFunc(marks, func(a, b mark) int { return a.start - b.start })
		merged := []mark{marks[0]}
		for _, m := range marks[1:] {
			last := &merged[len(merged)-1]
			if m.start < last.end {
				last.end = max(last.end, m.end)
				if !slices.Contains(last.names, m.names[0]) {
					last.names = append(last.names, m.names...)
				}
				last.keys = append(last.keys, m.keys...)
				continue
			}
			merged = append(merged, m)
		}
		var segs []frontend.TextSegment
		at := 0
		for _, m := range merged {
			id := fmt.Sprintf("p%d-%d", pg.Number, m.start)
			if m.start > at {
				segs = append(segs, frontend.TextSegment{Text: pg.Text[at:m.start]})
			}
			segs = append(segs, frontend.TextSegment{Text: pg.Text[m.start:m.end], Mark: true, ID: id,
				Title: "Suggests " + strings.Join(m.names, ", ")})
			for _, k := range m.keys {
				ids[k] = "#" + id
			}
			at = m.end
		}
		if at < len(pg.Text) {
			segs = append(segs, frontend.TextSegment{Text: pg.Text[at:]})
		}
		pages[i].Segments = segs
	}
	return ids
}

// addBulkForm gives inspectors the form that accepts one tag on several
// search results, preselecting the quality statement the search filters on.
func (s *Server) addBulkForm(c echo.Context, page *frontend.SearchPage) {
	p, _ := request.Principal(c)
	if !p.Can(authz.ActionReviewEvidence) || !page.Searched {
		return
	}
	q := c.Request().URL.Query()
	selected := ""
	if v := q.Get("qs"); v != "" {
		selected = store.TagQS + ":" + v
	}
	b := &frontend.BulkTagForm{TagOptions: s.tagOptions(selected)}
	switch n, err := strconv.Atoi(q.Get("accepted")); {
	case err != nil:
	case n == 1:
		b.Flash = "Tag accepted for 1 document"
	case n == 0:
		b.Flash = "The tag was already confirmed on every selected document"
	default:
		b.Flash = fmt.Sprintf("Tag accepted for %d documents", n)
	}
	if q.Get("bulk_error") != "" {
		b.Error = "Select at least one document and the tag to accept"
		page.Layout.Errors = append(page.Layout.Errors, frontend.FieldError{Field: "bulk-tag", Message: b.Error})
	}
	q.Del("accepted")
	q.Del("bulk_error")
	b.Return = q.Encode()
	page.Bulk = b
}
