// Package middleware is the portal's HTTP middleware that knows nothing of
// its pages: request ids, the request log and metrics, panics, security
// headers, body limits, text that cannot be stored, and the gates that let
// only signed-in people, or people whose role allows an action, through.
package middleware
