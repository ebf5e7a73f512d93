// Package frontend holds the portal's pages: templates parsed once from the
// embedded files, the typed page structs they render, and the static assets
// (GOV.UK Frontend, copied from npm by `make assets`) served under
// content-hashed URLs. It imports no other package of the portal.
package frontend
