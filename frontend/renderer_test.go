package frontend

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func newRenderer(t *testing.T) *Renderer {
	t.Helper()
	a, err := NewAssets()
	if err != nil {
		t.Fatalf("NewAssets: %v", err)
	}
	r, err := New(a)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

func TestEveryPageRenders(t *testing.T) {
	r := newRenderer(t)
	user := &User{Email: "a@demo.test", Role: "Council submitter", LAName: "Ashford Vale Council"}
	lay := Layout{User: user, CSRFToken: "tok", Nav: []NavItem{{Label: "Home", Href: "/", Active: true}}}
	pages := map[string]any{
		"start":          StartPage{},
		"home_la":        LAHomePage{Layout: lay, LAName: "Ashford Vale Council", LACode: "E06009901", LAHref: "/las/E06009901"},
		"home_inspector": InspectorHomePage{Layout: lay, LAs: []LALink{{Code: "E06009901", Name: "Ashford Vale Council", Href: "/las/E06009901"}}},
		"home_panel":     PanelHomePage{Layout: lay, Awaiting: []AssessmentRow{{Href: "/assessments/1", LAName: "Ashford", Since: "1 May 2026 at 9:00am"}}},
		"home_admin":     AdminHomePage{Layout: lay},
		"la": LAPage{Layout: lay, Code: "E06009901", Name: "Ashford Vale Council", Ready: 2, Processing: 1, DocumentsHref: "/documents?la=E06009901", Assessment: "In progress", AssessmentHref: "/assessments/1",
			Outcomes: []OutcomeStatement{{Slug: "care-provision", Name: "Care provision", Measures: []OutcomeMeasure{{ID: "3A", Name: "<b>x</b>", Region: "70.0%", Chart: &OutcomeChart{Width: 200, Height: 60, Council: "0,0 10,10", England: "0,5 10,5"}, Trend: []OutcomePoint{{Year: "2023-24", Value: "71.0%"}}}}}}},
		"error":             ErrorPage{Layout: lay, Heading: "Page not found", RequestID: "r1"},
		"signed_out":        SignedOutPage{},
		"cookies":           CookiesPage{IdleTimeout: "30 minutes", MaxAge: "12 hours"},
		"accessibility":     AccessibilityPage{},
		"admin_las":         AdminLAsPage{Layout: Layout{User: user, Errors: []FieldError{{"code", "Enter an ONS code"}}}, CodeError: "Enter an ONS code"},
		"admin_assignments": AdminAssignmentsPage{Layout: lay, Assignments: []AssignmentRow{{Email: "i@demo.test", LA: "E06009901", LAName: "A"}}},
		"admin_users":       AdminUsersPage{Layout: lay},
		"admin_audit":       AdminAuditPage{Layout: lay, Entries: []AuditRow{{Action: "login"}}, Total: 1},
		"search":            SearchPage{Layout: lay, Query: "carers", Searched: true, Total: 1, SaveQuery: "q=carers", Pagination: &SearchPagination{NextHref: "/search?q=carers&page=2", Items: []PageLink{{Number: 1, Current: true}, {Ellipsis: true}, {Number: 2}}}, Hits: []SearchHit{{Title: "T", SimilarHref: "/search?like=d", Pages: []SearchPageHit{{Number: 1, Snippet: "a <mark>carers</mark> b"}}}}, Facets: []Facet{{Name: "la", Label: "Local authority", Values: []FacetValue{{Label: "E06009901", Count: 1}}}}},
		"search_help":       SearchHelpPage{Layout: lay},
		"documents":         DocumentsPage{Layout: lay, CanUpload: true, Documents: []DocumentRow{{ID: "d", Title: "Policy", Status: "Ready"}}, Refresh: true, Total: 1},
		"upload":            UploadPage{Layout: Layout{User: user, Errors: []FieldError{{"file", "Select a file"}}}, FileError: "Select a file", MaxSize: "100MB"},
		"upload_details":    UploadDetailsPage{Layout: lay, Files: []UploadFileDetails{{ID: "d", Filename: "<b>x</b>.txt", Guessed: "The type was guessed from the text.", TypeError: "Select the type of document", TypeOptions: []Option{{Value: "policy", Label: "Policy"}}}}},
		"document":          DocumentPage{Layout: lay, Doc: DocumentRow{ID: "d", Title: "Policy"}, Period: "2024 to 2027", TypeGuess: "Guessed from the text", PeriodGuess: "Guessed from the file name", ChangeHref: "/documents/details?id=d", TextPages: []TextPage{{Number: 1, Text: "<b>text</b>"}, {Number: 2, NeedsOCR: true}}, CanWithdraw: true, NewerHref: "/documents/e", Versions: []VersionRow{{DocumentRow: DocumentRow{ID: "e", Title: "Policy v2"}}, {DocumentRow: DocumentRow{ID: "d", Title: "Policy"}, Current: true}}},
		"withdraw":          WithdrawPage{Layout: Layout{User: user, Errors: []FieldError{{"reason", "Enter why"}}}, Doc: DocumentRow{ID: "d", Href: "/documents/d", Title: "Policy"}, ReasonError: "Enter why"},
		"assessment_list":   AssessmentListPage{Layout: lay, Assessments: []AssessmentRow{{Href: "/assessments/1", LAName: "Ashford"}}},
		"assessment_admin": AdminAssessmentsPage{Layout: Layout{User: user, Errors: []FieldError{{"la", "Select a local authority"}}}, LAError: "Select a local authority", Removed: &InspectorRemoval{Email: "<b>i</b>@demo.test", LAName: "A", StillAssigned: true},
			Assessments: []AssessmentRow{{ID: "1", LAName: "A", InspectorList: []string{"i@demo.test"}, Removable: true}, {ID: "2", LAName: "B", Inspectors: "j@demo.test", InspectorList: []string{"j@demo.test"}}}},
		"assessment_inspectors": AssessmentInspectorsPage{Layout: Layout{User: user, Errors: []FieldError{{"inspector", "Select the inspector to add"}}}, ID: "1", LAName: "A", State: "In progress",
			Current: []string{"i@demo.test"}, Filter: "<b>", More: true, Limit: 50, ChoiceError: "Select the inspector to add",
			Inspectors: []InspectorChoice{{ID: "2", Name: "Jo", Email: "j@demo.test"}, {ID: "3", Email: "k@demo.test", Checked: true}}},
		"assessment_scoring": AssessmentPage{Layout: lay, Href: "/assessments/1", CanScore: true, CanCalibrate: true, CanPublish: true, CanSubmit: true, CanAnswer: true, CanExport: true,
			Results: AssessmentResults{HasOverall: true, Percent: 75, Rating: "Good", Section50: true, Section50QS: []string{"Equity"}},
			Statements: []QSSection{{Slug: "equity", Name: "Equity", Items: []ScoreItem{{ID: "equity-qs", QS: "equity", Rationale: "<b>why</b>", NoEvidence: true, Editing: true,
				ScoreOptions: []Option{{Value: "3", Label: "3"}}, CiteInputs: []CiteInput{{Docs: []Option{{Value: "d", Label: "Doc"}}}}, Conflict: &ScoreItem{ScoreText: "2"}}},
				Comments: []CommentRow{{ID: 1, Body: "wrong", Evidence: &CitationRow{Title: "Doc", Page: 2}}}}},
			Transitions: []TransitionRow{{From: "In progress", To: "In calibration"}}, History: []HistoryRow{{Old: "None", New: "3", Notes: []string{"Reviewed, unchanged"}}}},
		"assessment_tasks": AssessmentPage{Layout: lay, Href: "/assessments/1", CanScore: true, CheckHref: "/assessments/1/check", ScoredStatements: 1,
			Statements: []QSSection{{Slug: "equity", Name: "<b>Equity</b>", Href: "/assessments/1/statements/equity", Status: "In progress", StatusClass: "govuk-tag--light-blue", Scored: 1, Total: 2}}},
		"assessment_check": AssessmentPage{Layout: lay, Href: "/assessments/1", CanScore: true, CanSubmit: true,
			Statements: []QSSection{{Slug: "equity", Name: "Equity", Href: "/assessments/1/statements/equity", Items: []ScoreItem{{ID: "equity-qs", ScoreText: "3", Rationale: "<b>why</b>"}}}}},
		"assessment_decision": AssessmentDecisionPage{Layout: Layout{User: user, Errors: []FieldError{{"state-comment", "Enter why"}}}, Href: "/assessments/1", Return: true,
			CommentError: "Enter why", PanelComments: []PanelCommentRow{{QSName: "Equity", Href: "/assessments/1#equity", Body: "<b>x</b>"}}},
		"assessment_la": AssessmentLAPage{Layout: lay, Href: "/assessments/1", ShowScores: true, Open: true, CanComment: true,
			Statements: []QSSection{{Slug: "equity", Name: "Equity", Items: []ScoreItem{{CategoryName: "Processes", ScoreText: "3", Citations: []CitationRow{{Title: "Doc", Page: 1}}}},
				Comments: []CommentRow{{ID: 1, Body: "x", Response: "y"}}}}, QSOptions: []Option{{Value: "equity", Label: "Equity"}}},
		"report_draft": ReportPage{Layout: lay, Href: "/assessments/1", Visible: true, CanEdit: true, Baseline: "Changes since x", Sections: []ReportSectionView{
			{Key: "summary", Title: "Overall summary", Kind: "summary", Changed: true, Changes: []ReportChange{{Added: true, Text: "<i>new</i>"}},
				Paragraphs: []ReportParagraph{{Number: 1, HTML: "<p>ok</p>", Citations: []CitationRow{{Title: "Doc", Page: 2, Href: "/documents/d#page-2"}}}},
				Comments:   []CommentRow{{ID: 1, Body: "<b>c</b>", Target: "Paragraph 1", Kind: "Omitted information"}}},
			{Key: "qs-equity", Title: "Equity", Kind: "qs", Expect: []string{"I statement"}, Commitment: "We statement", ScoreText: "3",
				Form: &ReportSectionForm{Body: "<script>x</script>", BodyError: "Too long", Cites: []ReportCiteInput{{Docs: []Option{{Value: "d", Label: "Doc"}}}},
					Conflict: &ReportSectionView{UpdatedBy: "i@demo.test"}}},
			{Key: "about", Title: "About", Kind: "about", Demographics: []string{"Approximately 1 people"}, Finances: []string{"£1"},
				Form: &ReportSectionForm{Fields: []ReportField{{Name: "year", Label: "Year", Error: "Enter the year", Width: "5"}}}}},
			Versions: []ReportVersionRow{{Who: "i@demo.test", Section: "Overall summary", Version: 1}}},
		"report_public": PublicReportPage{Title: "Summary", LAName: "Ashford", Rating: "Good", Percent: 75, Scores: []PublicScore{{Name: "Equity", Score: 3, Meaning: "Good"}},
			Nav: []NavItem{{Label: "Summary", Active: true}}, Sections: []ReportSectionView{{Key: "summary", Kind: "summary", Paragraphs: []ReportParagraph{{Number: 1, HTML: "<p>x</p>"}}}},
			Earlier: &EarlierVersion{Version: 1, LatestHref: "/reports/1"}, Versions: []PublicVersion{{Href: "/reports/1", Version: 2, Reason: "<b>x</b>"},
				{Href: "/reports/1/versions/1", Version: 1, Current: true}}, Others: []PublicVersion{{Href: "/reports/2", Published: "1 May 2025"}}},
		"ratings":       RatingsPage{Ratings: []RatingRow{{LAName: "Ashford", Rating: "Good", Percent: 75, QS: []RatingQS{{Name: "Equity", Score: 3}}}}},
		"coverage":      CoveragePage{Layout: lay, Name: "Ashford Vale Council", Categories: []Option{{Value: "outcomes", Label: "Outcomes"}}, Rows: []CoverageRow{{Name: "Safeguarding", Cells: []CoverageCell{{Gap: true}, {Confirmed: 1, Href: "/search"}}}}, Gaps: 1},
		"admin_tagging": AdminTaggingPage{Layout: lay, HasActive: true, Active: TagModelRow{Version: "qs-1", Repository: 150, Confirmed: 3, Rejected: 1, Hints: 2}, Metrics: []QSMetricRow{{Name: "Safeguarding", F1: "0.900", Change: "+0.010"}}, Models: []TagModelRow{{Version: "qs-1", Active: true}}, CanRollBack: true},
		"admin_report_facts": AdminReportFactsPage{Layout: Layout{User: user, Errors: []FieldError{{"file", "2 problems"}}}, MaxSize: "1 MB",
			FileError: "2 problems", Problems: []string{"Row 2: <b>bad</b>"}, Result: []string{"Facts of 1 council imported", "1 draft report filled"}},
		"admin_outcomes": AdminOutcomesPage{Layout: Layout{User: user, Errors: []FieldError{{"file", "2 problems"}}}, LayoutOptions: []Option{{Value: "ascof", Label: "ASCOF", Selected: true}, {Value: "ascs", Label: "ASCS"}},
			ProblemSummary: "The file has 2 problems", Problems: []string{"Line 2: <b>x</b>"}, MoreProblems: 1, Datasets: []OutcomeDatasetRow{{Year: "2023-24", Publication: "ASCOF", SourceURL: "https://x.test/"}}},
		"return": ReturnPage{Layout: lay, Href: "/assessments/1/return", Started: true, CanEdit: true, CanSubmit: true, Progress: "1 of 2 required items answered",
			Parts: []ReturnPartView{{Slug: "contacts", Name: "Contacts", Items: []ReturnItemRow{{ID: "1", Title: "<b>Contacts</b>", Kind: "table", Columns: []string{"Name"},
				Rows: [][]string{{"Ann"}}, HasAnswer: true}}}}, Missing: []ReturnItemRow{{ID: "2", Title: "Case list", ReasonError: "Answer this"}},
			Overdue: []ReturnItemRow{{ID: "2", Title: "Case list"}}},
		"return_item": ReturnItemPage{Layout: lay, ReturnHref: "/assessments/1/return", CanAnswer: true, Item: ReturnItemRow{ID: "1", Title: "Self-assessment", Kind: "documents",
			HasAnswer: true, Citations: []ReturnCitationRow{{Title: "Doc", Href: "/documents/d#page-2", Page: 2, Section: "2.1", NewerHref: "/documents/e"}}},
			CiteRows: []ReturnCiteInput{{N: 0, Docs: []Option{{Value: "d", Label: "Doc", Selected: true}}, Page: "2"}}, Error: "Choose a document"},
		"requests": RequestsPage{Layout: Layout{User: user, Errors: []FieldError{{"qs", "Select"}}}, CanRaise: true, QSError: "Select",
			Requests: []RequestRow{{Href: "/assessments/1/requests/1", Wanted: "<b>data</b>", Open: true, Overdue: true}}, QSOptions: []Option{{Value: "equity", Label: "Equity"}}},
		"request": RequestPage{Layout: lay, CanReply: true, CanAccept: true, Request: RequestRow{Wanted: "data", Open: true},
			Messages: []MessageRow{{Author: "a", Text: "<i>x</i>", Link: "https://example.org", Doc: &CitationRow{Title: "Doc", Page: 2}}}, Docs: []Option{{Value: "d", Label: "Doc"}}},
		"section50": Section50Page{Layout: Layout{User: user, CSRFToken: "tok", Errors: []FieldError{{"council-sent-day", "Enter the date"}}},
			Href: "/assessments/1", LAName: "<b>LA</b>", Published: "1 April 2026", Rule: "Any 1", Source: "FRAMEWORK.md", Statements: []string{"Safeguarding"},
			CanRecord: true, Letters: []Section50LetterView{{Key: "council", Title: "Letter", Recipient: "CEO", Subject: "S", Paragraphs: []string{"Dear <i>x</i>"},
				Action: "/assessments/1/section50/council", Error: "Enter the date"}, {Key: "secretary-of-state", Title: "SoS", Sent: "on 2 April 2026"}}},
		"notifications": NotificationsPage{Layout: lay, Notifications: []NotificationRow{{Message: "CQC has issued", Href: "/assessments/1/return", New: true}}},
		"saved_searches": SavedSearchesPage{Layout: Layout{User: user, CSRFToken: "tok", Errors: []FieldError{{"name", "Enter a name"}}}, NameError: "Enter a name",
			Query: "q=carers", QueryText: "carers", Searches: []SavedSearchRow{{Name: "<b>n</b>", QueryText: "carers", RunHref: "/searches/1", DeleteAction: "/searches/1/delete"}}},
	}
	for _, name := range r.Pages() {
		if _, ok := pages[name]; !ok {
			t.Errorf("page %q has no entry in this test", name)
		}
	}
	for name, page := range pages {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := r.Render(&buf, name, page); err != nil {
				t.Fatalf("Render: %v", err)
			}
			html := buf.String()
			for _, want := range []string{"<!DOCTYPE html>", "govuk-frontend.min.css", `id="main-content"`, "Evidence Portal"} {
				if !strings.Contains(html, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if strings.Contains(html, "<script>") {
				t.Errorf("page has an inline script; the CSP forbids them")
			}
		})
	}
}

func TestErrorSummaryTitlePrefix(t *testing.T) {
	r := newRenderer(t)
	var buf bytes.Buffer
	page := AdminLAsPage{Layout: Layout{Errors: []FieldError{{"code", "Enter an ONS code"}}}, CodeError: "Enter an ONS code"}
	if err := r.Render(&buf, "admin_las", page); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>Error: ", "govuk-error-summary", `href="#code"`, "govuk-form-group--error"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("page with errors lacks %q", want)
		}
	}
}

func TestRenderEscapes(t *testing.T) {
	r := newRenderer(t)
	var buf bytes.Buffer
	evil := `<script>alert(1)</script>"'`
	if err := r.Render(&buf, "la", LAPage{Name: evil, Code: evil}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<script>alert") {
		t.Errorf("council name reached the page as markup")
	}
}

func TestRenderUnknownPage(t *testing.T) {
	if err := newRenderer(t).Render(io.Discard, "nope", nil); err == nil {
		t.Errorf("Render of an unknown page succeeded")
	}
}

func TestAssetsHandler(t *testing.T) {
	a, err := NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	h := a.Handler()
	tests := []struct {
		path       string
		wantStatus int
		wantCache  string
	}{
		{a.URL("govuk/govuk-frontend.min.css"), 200, "immutable"},
		{a.URL("app.mjs"), 200, "immutable"},
		{"/static/old/app.css", 200, "max-age=300"},
		{"/assets/fonts/bold-b542beb274-v2.woff2", 200, "max-age=86400"},
		{"/assets/images/favicon.ico", 200, "max-age=86400"},
		{a.URL("../renderer.go"), 404, ""},
		{a.URL("govuk/govuk-frontend.min.css.map"), 404, ""},
		{a.URL("nope.css"), 404, ""},
		{a.URL(""), 404, ""},
		{"/static/", 404, ""},
		{"/assets/../../templates/layout.html", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
			if rec.Code != tt.wantStatus {
				t.Fatalf("GET %s = %d, want %d", tt.path, rec.Code, tt.wantStatus)
			}
			if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, tt.wantCache) {
				t.Errorf("Cache-Control = %q, want it to contain %q", cc, tt.wantCache)
			}
		})
	}
}

func TestDocumentTagsRenderEscapedAndHighlighted(t *testing.T) {
	r := newRenderer(t)
	evil := `<script>alert(1)</script>`
	row := TagRow{Kind: "qs", Label: "safeguarding", Name: "Safeguarding", Confidence: "90%", DocID: "d", CSRF: "tok",
		CanAccept: true, CanReject: true, Passages: []PassageLink{{Page: 1, Href: "#p1-0", Text: evil}}}
	page := DocumentPage{Layout: Layout{CSRFToken: "tok"}, Doc: DocumentRow{ID: "d", Title: "Policy"},
		TextPages: []TextPage{{Number: 1, Text: evil + " rest", Segments: []TextSegment{{Text: evil, Mark: true, ID: "p1-0", Title: "Suggests Safeguarding"}, {Text: " rest"}}}},
		Tags: &DocumentTags{Suggested: []TagRow{row}, Confirmed: []TagRow{{Kind: "qs", Label: "care-provision", Name: "Care provision", By: "inspector.a@demo.test", CanReject: true, DocID: "d", CSRF: "tok"}},
			Hints: []TagRow{{KindLabel: "Quality statement", Name: "Partnerships", By: "submitter.a@demo.test"}}, CanDecide: true, Model: "qs-1"}}
	var buf bytes.Buffer
	if err := r.Render(&buf, "document", page); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	if strings.Contains(html, "<script>alert") {
		t.Errorf("a passage reached the page as markup")
	}
	for _, want := range []string{`<mark class="app-passage" id="p1-0" title="Suggests Safeguarding">&lt;script&gt;`, `href="#p1-0"`,
		`name="decision" value="accept"`, `name="decision" value="reject"`, "Confirmed by CQC inspectors", "Hints from the council", "submitter.a@demo.test", `action="/documents/d/tags"`} {
		if !strings.Contains(html, want) {
			t.Errorf("document page lacks %q", want)
		}
	}
}
