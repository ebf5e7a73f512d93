package api

import (
	"net/http"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/labstack/echo/v4"
)

// addRoute registers a route behind a kind of access: user for any signed-in
// person (more checks as middleware or in the handler), admin for admins
// only, under /admin.
type addRoute func(method, path string, h echo.HandlerFunc, mw ...echo.MiddlewareFunc)

func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = echo.ExtractIPDirect()
	if len(s.opts.TrustedProxies) > 0 {
		trust := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range s.opts.TrustedProxies {
			trust = append(trust, echo.TrustIPRange(n))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(trust...)
	}
	e.Use(s.requestID, s.logRequests, s.recoverPanics, s.securityHeaders, s.limitBody, s.loadPrincipal, s.checkCSRF, s.checkText)

	static := echo.WrapHandler(s.assets.Handler())
	e.GET("/static/*", static)
	e.GET("/assets/*", static)
	e.GET("/favicon.ico", func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, "/assets/images/favicon.ico")
	})

	e.GET("/healthz", s.showHealth)
	e.GET("/readyz", s.showReadiness)

	e.GET("/", s.showHome)
	e.GET("/cookies", s.showCookies)
	e.GET("/accessibility", s.showAccessibility)
	e.GET("/login", s.startLogin)
	e.GET("/auth/callback", s.finishLogin)
	e.POST("/logout", s.submitLogout)
	e.GET("/signed-out", s.showSignedOut)

	// No echo groups: a group with middleware also registers catch-all
	// routes, which would turn unknown paths into sign-in redirects.
	user := func(method, path string, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) {
		e.Add(method, path, h, append([]echo.MiddlewareFunc{s.requireUser}, mw...)...)
	}
	admin := func(method, path string, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) {
		user(method, "/admin"+path, h, append([]echo.MiddlewareFunc{s.require(authz.ActionManagePortal)}, mw...)...)
	}

	user(http.MethodGet, "/las/:code", s.showLA)

	submit := s.require(authz.ActionSubmitEvidence)
	user(http.MethodGet, "/search", s.showSearch)
	user(http.MethodGet, "/search/help", s.showSearchHelp)
	user(http.MethodGet, "/documents", s.showDocuments)
	user(http.MethodGet, "/documents/upload", s.showUploadForm, submit)
	user(http.MethodPost, "/documents/upload", s.submitUpload, submit)
	user(http.MethodGet, "/documents/:id", s.showDocument)
	user(http.MethodGet, "/documents/:id/file", s.downloadDocument)
	user(http.MethodGet, "/documents/:id/withdraw", s.showWithdrawForm, submit)
	user(http.MethodPost, "/documents/:id/withdraw", s.submitWithdrawal, submit)

	admin(http.MethodGet, "/las", s.showAdminLAs)
	admin(http.MethodPost, "/las", s.submitNewLA)
	admin(http.MethodPost, "/las/:code", s.submitRenameLA)
	admin(http.MethodGet, "/assignments", s.showAdminAssignments)
	admin(http.MethodPost, "/assignments", s.submitAssignment)
	admin(http.MethodPost, "/assignments/remove", s.submitUnassignment)
	admin(http.MethodGet, "/users", s.showAdminUsers)
	admin(http.MethodPost, "/users/:id/sign-out", s.submitUserSignOut)
	admin(http.MethodGet, "/audit", s.showAdminAudit)
	admin(http.MethodPost, "/documents/:id/retry", s.submitRetry)

	user(http.MethodGet, "/api/v1/me", s.showMe)
	user(http.MethodGet, "/api/v1/las", s.listLAs)
	user(http.MethodGet, "/api/v1/las/:code", s.showLAJSON)
	user(http.MethodGet, "/api/v1/search", s.searchJSON)
	user(http.MethodPost, "/api/v1/documents", s.createDocument, submit)
	user(http.MethodGet, "/api/v1/documents", s.listDocuments)
	user(http.MethodGet, "/api/v1/documents/status", s.showDocumentStatuses)
	user(http.MethodGet, "/api/v1/documents/:id", s.showDocumentJSON)
	user(http.MethodGet, "/api/v1/documents/:id/file", s.downloadDocument)
	user(http.MethodPost, "/api/v1/documents/:id/withdraw", s.withdrawJSON, submit)
	s.tusRoutes(user)

	// Each feature registers its own routes, behind the same middleware.
	s.assessmentRoutes(e, user, admin)
	s.taggingRoutes(e, user, admin)
	s.savedSearchRoutes(e, user, admin)
	return e
}
