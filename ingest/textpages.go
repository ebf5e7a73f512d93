package ingest

import (
	"context"
	"errors"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/blob"
)

// errEnoughPages stops EachPage once the pages wanted were read.
var errEnoughPages = errors.New("enough pages read")

// ReadTextPages reads pages first to last of a document's stored text,
// streaming (EachPage): the pages before first pass by without being kept
// and reading stops after last, so that a screen of a 20,000-page
// document holds that screen, not the document (ReadText holds it all).
func ReadTextPages(ctx context.Context, bl *blob.Store, id string, first, last int) ([]extract.Page, error) {
	var out []extract.Page
	_, err := EachPage(ctx, bl, id, func(p extract.Page) error {
		if p.Number > last {
			return errEnoughPages
		}
		if p.Number >= first {
			out = append(out, p)
		}
		return nil
	})
	if errors.Is(err, errEnoughPages) {
		err = nil
	}
	return out, err
}
