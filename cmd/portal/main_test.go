package main

import (
	"os"
	"testing"
)

// TestMain lets the test binary stand in for `portal extract`, which
// `serve` runs as a child process (os.Executable) in the browser tests,
// and for `portal serve` in the multi-node test.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && (os.Args[1] == "extract" || os.Args[1] == "serve") {
		main()
		return
	}
	os.Exit(m.Run())
}
