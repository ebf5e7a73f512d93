// Package authz decides who may do what: it maps identity-provider groups to
// a portal role and council, and turns a signed-in principal into the scope of
// councils every query must be limited to. It is pure: no I/O, no HTTP.
package authz
