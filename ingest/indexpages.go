package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

// pageMaker makes the index's pages of a document from its text and tags,
// one page at a time. The index stage, rebuild and repair all use it, so
// they agree on what a page holds. It keeps of the document's tags only
// what pages show (kind, label and confidence of each page's suggestions
// from SuggestAt), not the suggestions as read (with their passages): a
// document of 20,000 pages has about 100,000 of them, some 50 MB decoded,
// which would otherwise stay live while every batch of its pages is
// analysed.
type pageMaker struct {
	d      store.Document
	rev    string
	qs     store.TagState
	cat    store.TagState
	byPage map[int][]store.TagSuggestion // from SuggestAt; Kind, Label and Confidence only
}

func newPageMaker(d store.Document, tags store.DocumentTags) *pageMaker {
	pm := &pageMaker{d: d, rev: indexRev(d), qs: tags.State(store.TagQS, SuggestAt),
		cat: tags.State(store.TagCategory, SuggestAt), byPage: map[int][]store.TagSuggestion{}}
	labels := map[string]string{} // one copy of each label and kind
	intern := func(s string) string {
		if v, ok := labels[s]; ok {
			return v
		}
		s = strings.Clone(s)
		labels[s] = s
		return s
	}
	for _, sg := range tags.Suggestions {
		if sg.Page > 0 && sg.Confidence >= SuggestAt {
			pm.byPage[sg.Page] = append(pm.byPage[sg.Page], store.TagSuggestion{Page: sg.Page,
				Kind: intern(sg.Kind), Label: intern(sg.Label), Confidence: sg.Confidence})
		}
	}
	return pm
}

// readPageMaker reads d's tags for its pages; only the pageMaker's slim
// copy of them stays.
func readPageMaker(ctx context.Context, st *store.Store, d store.Document) (*pageMaker, error) {
	tags, err := st.DocumentTags(ctx, authz.AllLAs(), d.ID)
	if err != nil {
		return nil, err
	}
	return newPageMaker(d, tags), nil
}

func (pm *pageMaker) page(pg extract.Page) search.Page {
	d := pm.d
	sp := search.Page{DocID: d.ID, Number: pg.Number, LA: d.LA, Title: d.Title, Body: pg.Text, Type: d.Type,
		Year: d.UploadedAt.Year(), Covers: coveredYears(d.Period), Uploaded: d.UploadedAt.UTC().Format("2006-01-02T15:04:05Z"),
		Status: string(document.Ready), Rev: pm.rev}
	sp.QSConfirmed, sp.QSSuggested = pageTags(pm.qs, pm.byPage[pg.Number], store.TagQS)
	confirmed, suggested := pageTags(pm.cat, pm.byPage[pg.Number], store.TagCategory)
	sp.Categories = append(slices.Clip(confirmed), suggested...) // confirmed is shared by every page
	return sp
}

// yearRe finds years in a period as uploaders write it: "2023 to 2024",
// "April 2024 - March 2025", "2024/25".
var yearRe = regexp.MustCompile(`\b(20\d\d)(?:\s*(?:to|-|–|/)\s*(?:[A-Za-z]+\s+)?(20\d\d|\d\d)\b)?`)

// coveredYears are the years a document's period covers, so "year:2024"
// finds a 2023 to 2025 strategy. A range is capped at 10 years.
func coveredYears(period string) []int {
	var out []int
	seen := map[int]bool{}
	for _, m := range yearRe.FindAllStringSubmatch(period, -1) {
		from, _ := strconv.Atoi(m[1])
		to := from
		if m[2] != "" {
			to, _ = strconv.Atoi(m[2])
			if to < 100 {
				to += from / 100 * 100
			}
		}
		ys := []int{from, to}
		if to >= from && to-from <= 10 {
			ys = ys[:0]
			for y := from; y <= to; y++ {
				ys = append(ys, y)
			}
		}
		for _, y := range ys {
			if !seen[y] {
				seen[y] = true
				out = append(out, y)
			}
		}
	}
	return out
}

// indexRev fingerprints what the index holds of a document besides its
// text and tags. Tags are left out: every change of tags (a decision, a
// re-tag) sends the document through the index stage again, and reading
// every document's tags would make a check of a large index slow. When any
// of what it covers changes, check finds the document's pages stale.
func indexRev(d store.Document) string {
	h := sha256.New()
	for _, s := range []string{d.Title, d.LA, d.Type, d.QSHint, d.CategoryHint, d.Period, d.UploadedAt.UTC().Format("2006-01-02T15:04:05Z")} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// docState is what the database says the index should hold of d.
func docState(d store.Document) search.DocState {
	return search.DocState{Title: d.Title, Status: string(document.Ready), Rev: indexRev(d), Pages: d.Pages}
}

// SaveText stores a document's text where the extract stage keeps it; the
// search corpus generator uses it to make documents without files.
func SaveText(ctx context.Context, bl *blob.Store, t Text) error {
	body, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("encode text of %s: %w", t.DocumentID, err)
	}
	_, err = bl.Put(ctx, blob.TextKey(t.DocumentID), bytes.NewReader(body), int64(len(body)), "application/json")
	return err
}
