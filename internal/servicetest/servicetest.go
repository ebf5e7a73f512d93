// Package servicetest gives integration tests the real services (PostgreSQL,
// MinIO, Dex, clamd) that `make test` starts, through the environment it
// writes. Under `make test` and in CI (PORTAL_TEST_SERVICES=1 or CI=true) a
// missing service fails the test; in a bare `go test` run it skips it.
package servicetest

import (
	"os"
	"testing"
)

// Required reports whether integration tests must have their services.
func Required() bool {
	return os.Getenv("PORTAL_TEST_SERVICES") == "1" || os.Getenv("CI") == "true"
}

// Env returns the environment variable name, failing the test when it is
// unset and services are required, and skipping it otherwise.
func Env(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v != "" {
		return v
	}
	if Required() {
		t.Fatalf("%s is not set: run the tests with `make test`, which starts the services", name)
	}
	t.Skipf("%s is not set: integration test skipped (run `make test` to start the services)", name)
	return ""
}
