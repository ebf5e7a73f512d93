// Package api is the portal's HTTP side: the route table (routes.go, every
// route and who may reach it) and the handlers of the pages and the JSON
// API. Handlers return errors; package problem turns them into a page or
// JSON. Rules live below: internal/assessment (states, who may move them,
// scores and ratings), ingest (upload fields, the document lifecycle),
// internal/authz (roles and scopes); the handlers ask them and pass the
// person's scope into every store query.
//
// Files are named for what they hold: <feature>.go are the pages and forms,
// <feature>_api.go the /api/v1 twins, whose handlers end in JSON
// (showDocument, showDocumentJSON). The plumbing is in the packages under
// api/, each of which, with api, is the only code that knows echo:
//
//   - request: the request's id, who is asking, their browser session
//   - middleware: request ids, the request log and metrics, panics, security
//     headers, body limits, unstorable text, the signed-in and role gates
//   - session: our server-side sessions and the cookie, and finding who is
//     asking from it or from a bearer token
//   - signin: the OIDC sign-in and sign-out, and bearer tokens
//   - csrf: the synchronizer token check of state-changing requests
//   - problem: the one error handler
//   - render: pages rendered whole before they are written
package api
