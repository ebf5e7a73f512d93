// Package signin signs people in through the identity provider with the
// OIDC authorization code flow: PKCE (S256), state and nonce carried in a
// short-lived AES-GCM sealed cookie, the id token verified (signature,
// issuer, audience, expiry, nonce), the groups claim mapped to a role and a
// council (internal/authz), refusals shown, recorded and ended. After the
// callback the portal's own session (package session) is issued; the id
// token is never the session. API clients may send an id token from the
// same provider as a bearer token instead. The provider is discovered on
// first use, so the portal starts while it is down.
package signin
