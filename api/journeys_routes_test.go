package api

import "net/url"

// journeyRouteTable: the factual accuracy check's end, the scoring task
// list, calibration's review and confirmation (issue 17). The fixture is in
// progress, with inspector.a as its inspector.
func journeyRouteTable(fx routeFixtures) []routeCase {
	a := "/assessments/" + fx.Assessment
	return []routeCase{
		// Only the council's submitters may end the check, and not while
		// it is in progress (409).
		{"POST", "/assessments/:id/comments/end", a + "/comments/end", url.Values{}, statuses{302, 409, 403, 404, 403, 404, 403, 403}},
	}
}
