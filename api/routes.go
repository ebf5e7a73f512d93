package api

import (
	"net/http"
	"strings"

	"github.com/evidenceportal/portal/api/csrf"
	"github.com/evidenceportal/portal/api/middleware"
	"github.com/evidenceportal/portal/api/problem"
	"github.com/evidenceportal/portal/ingest"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/labstack/echo/v4"
)

// access is who may reach a route. Beyond it, every handler passes the
// person's scope into every query, so that another council's id is
// missing, and checks what else its action needs.
type access int

const (
	public    access = iota // anyone, signed in or not
	user                    // anyone signed in
	submitter               // council staff who submit evidence (authz.ActionSubmitEvidence)
	reviewer                // inspectors (authz.ActionReviewEvidence)
	admin                   // CQC administrators (authz.ActionManagePortal)
)

// route is one line of the route table.
type route struct {
	method, path string
	handler      echo.HandlerFunc
	access       access
}

// routeTable is every route of the portal, in one place: pages, forms, the
// JSON API under /api/v1 and the tus uploads.
func (s *Server) routeTable() []route {
	const get, post, del, patch = http.MethodGet, http.MethodPost, http.MethodDelete, http.MethodPatch
	static := echo.WrapHandler(s.assets.Handler())
	r := []route{
		{get, "/static/*", static, public},
		{get, "/assets/*", static, public},
		{get, "/favicon.ico", s.redirectFavicon, public},
		{get, "/healthz", s.showHealth, public},
		{get, "/readyz", s.showReadiness, public},

		// Start, sign-in, information pages and the public ratings.
		{get, "/", s.showHome, public},
		{get, "/cookies", s.showCookies, public},
		{get, "/accessibility", s.showAccessibility, public},
		{get, "/login", s.signin.Start, public},
		{get, "/auth/callback", s.signin.Finish, public},
		{post, "/logout", s.signin.SignOut, public},
		{get, "/signed-out", s.showSignedOut, public},
		{get, "/ratings", s.showRatings, public},

		// Councils, evidence and search.
		{get, "/las/:code", s.showLA, user},
		{get, "/las/:code/coverage", s.showCoverage, user},
		{get, "/search", s.showSearch, user},
		{get, "/search/help", s.showSearchHelp, user},
		{get, "/documents", s.showDocuments, user},
		{get, "/documents/upload", s.showUploadForm, submitter},
		{post, "/documents/upload", s.submitUpload, submitter},
		{get, "/documents/details", s.showUploadDetails, submitter},
		{post, "/documents/details", s.submitUploadDetails, submitter},
		{get, "/documents/:id", s.showDocument, user},
		{get, "/documents/:id/file", s.downloadDocument, user},
		{get, "/documents/:id/withdraw", s.showWithdrawForm, submitter},
		{post, "/documents/:id/withdraw", s.submitWithdrawal, submitter},
		{post, "/documents/:id/hints", s.submitTagHint, submitter},
		{post, "/documents/:id/tags", s.submitTagDecision, reviewer},
		{post, "/tags/bulk", s.submitBulkAccept, reviewer},
		{get, "/searches", s.showSavedSearches, reviewer},
		{post, "/searches", s.submitSavedSearch, reviewer},
		{get, "/searches/:id", s.runSavedSearch, reviewer},
		{post, "/searches/:id/delete", s.submitSavedSearchDelete, reviewer},

		// Assessments: scoring, calibration, factual accuracy.
		{get, "/assessments", s.showAssessments, user},
		{get, "/assessments/:id", s.showAssessment, user},
		{get, "/assessments/:id/statements/:qs", s.showStatement, user},
		{get, "/assessments/:id/check", s.showCheckAnswers, user},
		{post, "/assessments/:id/scores", s.submitScore, user},
		{post, "/assessments/:id/state", s.submitStateChange, user},
		{get, "/assessments/:id/decision/:decision", s.showDecision, user},
		{post, "/assessments/:id/statements/:qs/panel-comment", s.submitPanelComment, user},
		{post, "/assessments/:id/comments", s.submitComment, user},
		{post, "/assessments/:id/comments/:comment/answer", s.submitAnswer, user},
		{post, "/assessments/:id/comments/end", s.submitEndComments, user},
		{get, "/assessments/:id/export.csv", s.exportScores, user},
		{get, "/assessments/:id/evidence-pack", s.downloadEvidencePack, user},
		{get, "/assessments/:id/section50", s.showSection50, user},
		{post, "/assessments/:id/section50/:letter", s.submitSection50, user},

		// The assessment report: drafted, checked by the council, published.
		{get, "/assessments/:id/report", s.showReport, user},
		{post, "/assessments/:id/report/sections/:section", s.submitReportSection, user},
		{post, "/assessments/:id/report/comments", s.submitReportComment, user},
		{post, "/assessments/:id/report/correction", s.submitCorrectionStart, user},
		{post, "/assessments/:id/report/correction/publish", s.submitCorrectionPublish, user},
		{get, "/reports/:id", s.showPublicReport, public},
		{get, "/reports/:id/themes/:theme", s.showPublicReport, public},
		{get, "/reports/:id/about", s.showPublicReport, public},
		{get, "/reports/:id/versions/:version", s.showPublicReport, public},
		{get, "/reports/:id/versions/:version/themes/:theme", s.showPublicReport, public},
		{get, "/reports/:id/versions/:version/about", s.showPublicReport, public},
		{get, "/reports/:id/report.pdf", s.downloadReportPDF, public},
		{get, "/reports/:id/versions/:version/report.pdf", s.downloadReportPDF, public},

		// Information returns: inspectors issue, the council answers (returns*.go).
		{get, "/assessments/:id/return", s.showReturn, user},
		{post, "/assessments/:id/return", s.submitReturnStart, user},
		{post, "/assessments/:id/return/issue", s.submitReturnIssue, user},
		{post, "/assessments/:id/return/submit", s.submitReturnSubmission, user},
		{post, "/assessments/:id/return/items", s.submitReturnItemAdd, user},
		{get, "/assessments/:id/return/items/:item", s.showReturnItem, user},
		{post, "/assessments/:id/return/items/:item", s.submitReturnItemEdit, user},
		{post, "/assessments/:id/return/items/:item/answer", s.submitReturnAnswer, user},
		{get, "/assessments/:id/requests", s.showRequests, user},
		{post, "/assessments/:id/requests", s.submitRequest, user},
		{get, "/assessments/:id/requests/:request", s.showRequest, user},
		{post, "/assessments/:id/requests/:request/messages", s.submitRequestMessage, user},
		{post, "/assessments/:id/requests/:request/accept", s.submitRequestAcceptance, user},
		{get, "/notifications", s.showNotifications, user},

		// Administration.
		{get, "/admin/las", s.showAdminLAs, admin},
		{post, "/admin/las", s.submitNewLA, admin},
		{post, "/admin/las/:code", s.submitRenameLA, admin},
		{get, "/admin/assignments", s.showAdminAssignments, admin},
		{post, "/admin/assignments", s.submitAssignment, admin},
		{post, "/admin/assignments/remove", s.submitUnassignment, admin},
		{get, "/admin/users", s.showAdminUsers, admin},
		{post, "/admin/users/:id/sign-out", s.submitUserSignOut, admin},
		{get, "/admin/audit", s.showAdminAudit, admin},
		{get, "/admin/audit.csv", s.exportAdminAudit, admin},
		{post, "/admin/documents/:id/retry", s.submitRetry, admin},
		{get, "/admin/assessments", s.showAdminAssessments, admin},
		{post, "/admin/assessments", s.submitNewAssessment, admin},
		{get, "/admin/assessments/:id/inspectors", s.showAssessmentInspectors, admin},
		{post, "/admin/assessments/inspectors", s.submitAssessmentInspector, admin},
		{post, "/admin/assessments/inspectors/remove", s.submitInspectorRemoval, admin},
		{get, "/admin/tagging", s.showAdminTagging, admin},
		{post, "/admin/tagging/retrain", s.submitRetrain, admin},
		{post, "/admin/tagging/rollback", s.submitRollback, admin},
		{get, "/admin/outcomes", s.showAdminOutcomes, admin},
		{post, "/admin/outcomes", s.submitOutcomeImport, admin},
		{get, "/admin/report-facts", s.showAdminReportFacts, admin},
		{post, "/admin/report-facts", s.submitReportFactsImport, admin},

		// The JSON API (handlers named *JSON, in *_api.go).
		{get, "/api/v1/me", s.showMeJSON, user},
		{get, "/api/v1/las", s.listLAsJSON, user},
		{get, "/api/v1/las/:code", s.showLAJSON, user},
		{get, "/api/v1/las/:code/outcomes", s.showLAOutcomesJSON, user},
		{get, "/api/v1/search", s.showSearchJSON, user},
		{post, "/api/v1/documents", s.createDocumentJSON, submitter},
		{get, "/api/v1/documents", s.listDocumentsJSON, user},
		{get, "/api/v1/documents/status", s.showDocumentStatusesJSON, user},
		{get, "/api/v1/documents/:id", s.showDocumentJSON, user},
		{get, "/api/v1/documents/:id/file", s.downloadDocument, user},
		{get, "/api/v1/documents/:id/tags", s.showDocumentTagsJSON, user},
		{post, "/api/v1/documents/:id/withdraw", s.withdrawDocumentJSON, submitter},
		{get, "/api/v1/searches", s.listSavedSearchesJSON, reviewer},
		{post, "/api/v1/searches", s.createSavedSearchJSON, reviewer},
		{get, "/api/v1/searches/:id/results", s.showSavedSearchResultsJSON, reviewer},
		{del, "/api/v1/searches/:id", s.deleteSavedSearchJSON, reviewer},
		{get, "/api/v1/assessments/:id", s.showAssessmentJSON, user},
		{get, "/api/v1/assessments/:id/evidence-pack", s.downloadEvidencePack, user},
		{get, "/api/v1/assessments/:id/return", s.showReturnJSON, user},
		{post, "/api/v1/assessments/:id/return", s.startReturnJSON, user},
		{post, "/api/v1/assessments/:id/return/items", s.addReturnItemJSON, user},
		{post, "/api/v1/assessments/:id/return/items/:item", s.answerItemJSON, user},
		{patch, "/api/v1/assessments/:id/return/items/:item", s.editReturnItemJSON, user},
		{del, "/api/v1/assessments/:id/return/items/:item", s.removeReturnItemJSON, user},
		{post, "/api/v1/assessments/:id/return/issue", s.issueReturnJSON, user},
		{post, "/api/v1/assessments/:id/return/submit", s.submitReturnJSON, user},
		{get, "/api/v1/returns", s.listReturnsJSON, user},
		{get, "/api/v1/assessments/:id/requests", s.listAssessmentRequestsJSON, user},
		{post, "/api/v1/assessments/:id/requests", s.raiseRequestJSON, user},
		{get, "/api/v1/assessments/:id/requests/:request", s.showRequestJSON, user},
		{post, "/api/v1/assessments/:id/requests/:request/messages", s.addRequestMessageJSON, user},
		{post, "/api/v1/assessments/:id/requests/:request/accept", s.acceptRequestJSON, user},
		{get, "/api/v1/requests", s.listRequestsJSON, user},
	}
	if s.tus != nil {
		// Resumable uploads: tusd's handler behind the same gates.
		wrap := func(f http.HandlerFunc) echo.HandlerFunc { return s.tusRequest(s.tusHandler.Middleware(f)) }
		r = append(r,
			route{post, strings.TrimSuffix(tusBase, "/"), wrap(s.tusHandler.PostFile), submitter},
			route{http.MethodHead, tusBase + ":id", wrap(s.tusHandler.HeadFile), submitter},
			route{http.MethodPatch, tusBase + ":id", wrap(s.tusHandler.PatchFile), submitter},
			route{del, tusBase + ":id", wrap(s.tusHandler.DelFile), submitter},
		)
	}
	return r
}

// gates are the middleware of each kind of access.
func gates(a access) []echo.MiddlewareFunc {
	switch a {
	case user:
		return []echo.MiddlewareFunc{middleware.RequireUser}
	case submitter:
		return []echo.MiddlewareFunc{middleware.RequireUser, middleware.Require(authz.ActionSubmitEvidence)}
	case reviewer:
		return []echo.MiddlewareFunc{middleware.RequireUser, middleware.Require(authz.ActionReviewEvidence)}
	case admin:
		return []echo.MiddlewareFunc{middleware.RequireUser, middleware.Require(authz.ActionManagePortal)}
	}
	return nil
}

func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = problem.Handler(s.log, s.pages, s.layout, s.recordRefusal)
	e.IPExtractor = echo.ExtractIPDirect()
	if len(s.opts.TrustedProxies) > 0 {
		trust := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range s.opts.TrustedProxies {
			trust = append(trust, echo.TrustIPRange(n))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(trust...)
	}
	e.Use(middleware.RequestID, middleware.Log(s.log, s.metrics), middleware.Recover,
		middleware.SecurityHeaders(s.opts.OIDC.Issuer, s.secure), middleware.LimitBody(s.streamedBodyLimit),
		s.sessions.Identify(s.signin.Bearer, isPublicFile), s.guardUploads, csrf.Check(isStreamedForm), middleware.CheckText)
	// No echo groups: a group with middleware also registers catch-all
	// routes, which would turn unknown paths into sign-in redirects.
	for _, r := range s.routeTable() {
		e.Add(r.method, r.path, r.handler, gates(r.access)...)
	}
	return e
}

func (s *Server) redirectFavicon(c echo.Context) error {
	return c.Redirect(http.StatusMovedPermanently, "/assets/images/favicon.ico")
}

// isPublicFile is what needs nobody signed in: assets and probes spare the
// database the session lookups.
func isPublicFile(path string) bool {
	return strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/assets/") ||
		path == "/healthz" || path == "/readyz" || path == "/favicon.ico"
}

// isStreamedForm names the routes whose multipart bodies stream files, and
// whose handlers check the CSRF token themselves (sent before the files).
func isStreamedForm(route string) bool {
	return route == "/documents/upload" || route == "/api/v1/documents" || route == "/admin/outcomes" || route == "/admin/report-facts"
}

// streamedBodyLimit bounds the bodies that stream uploads: a form of files
// is held to the upload limit per file as it streams, and bounded in all
// here; tusd itself stops a chunk at the upload's declared length.
func (s *Server) streamedBodyLimit(req *http.Request) (int64, bool) {
	switch {
	case req.Method == http.MethodPost && (req.URL.Path == "/documents/upload" || req.URL.Path == "/api/v1/documents"):
		return ingest.MaxFiles*s.opts.UploadMaxBytes + middleware.FormBodyLimit, true
	case req.Method == http.MethodPost && req.URL.Path == "/admin/outcomes":
		return s.opts.OutcomesMaxBytes + middleware.FormBodyLimit, true
	case req.Method == http.MethodPost && req.URL.Path == "/admin/report-facts":
		return report.MaxFactsBytes + middleware.FormBodyLimit, true
	case (req.Method == http.MethodPatch || req.Method == http.MethodPost) && strings.HasPrefix(req.URL.Path+"/", tusBase):
		return s.opts.UploadMaxBytes, true
	}
	return 0, false
}
