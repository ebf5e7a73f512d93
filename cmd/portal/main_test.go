package main

import (
	"os"
	"testing"
)

// TestMain lets the test binary stand in for `portal extract`, which
// `serve` runs as a child process (os.Executable) in the browser tests.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "extract" {
		main()
		return
	}
	os.Exit(m.Run())
}
