package api

import (
	"strconv"

	"github.com/evidenceportal/portal/api/request"
	"github.com/evidenceportal/portal/search"
	"github.com/labstack/echo/v4"
)

// SearchLimits bound the searches one process runs at once. A search may
// use every core for up to its time budget (PORTAL_SEARCH_BUDGET), so one
// person firing many costly queries at once could otherwise take all of
// them from everyone else; PerPerson keeps each person to a share, and
// InFlight bounds the total (and the memory: a search's window of pages
// and facets is about 40 MB at most).
type SearchLimits struct {
	InFlight  int // searches running at once in this process
	PerPerson int // of which one person's
}

// DefaultSearchLimits: 8 searches at once, 2 a person.
var DefaultSearchLimits = SearchLimits{InFlight: 8, PerPerson: 2}

func (l SearchLimits) withDefaults() SearchLimits {
	if l.InFlight <= 0 {
		l.InFlight = DefaultSearchLimits.InFlight
	}
	if l.PerPerson <= 0 {
		l.PerPerson = DefaultSearchLimits.PerPerson
	}
	return l
}

// searchRetryAfter is what a refused search is told to wait, in seconds.
const searchRetryAfter = 2

// costlyShare is how many of the InFlight slots costly searches
// (search.Index.Costly) may hold together: half, at least one. They wait
// for turns of the index's costly gate while holding their slot, so
// without a share of their own a few people sending them could hold every
// slot and refuse everyone else's searches.
func (l SearchLimits) costlyShare() int { return max(1, l.InFlight/2) }

// searchSlot holds a slot for the person's search r, or refuses it with
// 429 and Retry-After; release gives it back. A costly search needs a slot
// of the costly share as well.
func (s *Server) searchSlot(c echo.Context, r search.Request) (release func(), err error) {
	p, _ := request.Principal(c)
	l := s.opts.Searches
	costly := s.index.Costly(r)
	if costly && !s.costlySearches.take(p.UserID, l.costlyShare(), l.PerPerson) {
		c.Response().Header().Set("Retry-After", strconv.Itoa(searchRetryAfter))
		return nil, request.ErrTooManySearches
	}
	if !s.searches.take(p.UserID, l.InFlight, l.PerPerson) {
		if costly {
			s.costlySearches.release(p.UserID)
		}
		c.Response().Header().Set("Retry-After", strconv.Itoa(searchRetryAfter))
		return nil, request.ErrTooManySearches
	}
	return func() {
		s.searches.release(p.UserID)
		if costly {
			s.costlySearches.release(p.UserID)
		}
	}, nil
}
