// Package api is the portal's HTTP side: routes, handlers for pages and the
// JSON API, OIDC sign-in, sessions, CSRF, security headers, authorization and
// the one error handler. It is the only package that knows echo.
package api
