package api

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/labstack/echo/v4"
)

// textPagesPerScreen bounds the pages of text a document's page shows at
// once: a 21,300-page document was 66 MB of HTML shown whole.
const textPagesPerScreen = 50

// pageHref links to a page of a document: the screen of text that holds
// it (?page=), at the page itself (#page-). Links without ?page= still
// work for the first screen; parsePageLink reads either.
func pageHref(id string, page int) string {
	if page < 1 {
		return "/documents/" + id
	}
	return fmt.Sprintf("/documents/%s?page=%d#page-%d", id, page, page)
}

// textScreen is the screen of text that holds page (1 when it is missing
// or past the end) of a document of total pages: its number and its
// first and last pages.
func textScreen(page, total int) (screen, first, last int) {
	screens := max(1, (total+textPagesPerScreen-1)/textPagesPerScreen)
	screen = (page-1)/textPagesPerScreen + 1
	if page < 1 || (total > 0 && page > total) || screen > screens {
		screen = 1
	}
	first = (screen-1)*textPagesPerScreen + 1
	return screen, first, first + textPagesPerScreen - 1
}

// documentText fills the document page with the screen of its text that
// holds the page asked for (?page=), read from S3 without the rest, and
// the pagination between screens.
func (s *Server) documentText(c echo.Context, d store.Document, page *frontend.DocumentPage) error {
	asked, _ := strconv.Atoi(c.QueryParam("page"))
	total := d.Pages
	screen, first, last := textScreen(asked, total)
	pages, err := ingest.ReadTextPages(c.Request().Context(), s.blob, d.ID, first, last)
	if err != nil && !errors.Is(err, blob.ErrNotFound) {
		return err
	}
	for _, pg := range pages {
		page.TextPages = append(page.TextPages, frontend.TextPage{Number: pg.Number, Text: pg.Text, NeedsOCR: pg.NeedsOCR})
	}
	if total <= textPagesPerScreen || len(pages) == 0 {
		return nil
	}
	screens := (total + textPagesPerScreen - 1) / textPagesPerScreen
	page.TextRange = fmt.Sprintf("Pages %d to %d of %d", first, first+len(pages)-1, total)
	page.TextPagination = pagination(screen, screens, func(n int) string {
		return fmt.Sprintf("/documents/%s?page=%d#text", d.ID, (n-1)*textPagesPerScreen+1)
	})
	for i, it := range page.TextPagination.Items {
		if !it.Ellipsis {
			from := (it.Number-1)*textPagesPerScreen + 1
			page.TextPagination.Items[i].Label = fmt.Sprintf("Pages %d to %d", from, min(from+textPagesPerScreen-1, total))
		}
	}
	return nil
}
