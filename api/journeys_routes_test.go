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
		// The panel's confirmation pages: CQC staff are told it cannot be
		// moved from in progress (409), the council may not (403), another
		// council's people get 404.
		{"GET", "/assessments/:id/decision/:decision", a + "/decision/validate", nil, statuses{302, 403, 403, 404, 409, 404, 409, 409}},
		// The task list's statement and check answers pages are CQC staff's:
		// the council is refused, another council's people get 404.
		{"GET", "/assessments/:id/statements/:qs", a + "/statements/equity", nil, statuses{302, 403, 403, 404, 200, 404, 200, 200}},
		{"GET", "/assessments/:id/check", a + "/check", nil, statuses{302, 403, 403, 404, 200, 404, 200, 200}},
		// Only the panel comments on statements, and only in calibration (409).
		{"POST", "/assessments/:id/statements/:qs/panel-comment", a + "/statements/equity/panel-comment", url.Values{"comment": {"Cite more"}},
			statuses{302, 403, 403, 404, 403, 404, 409, 403}},
	}
}
