//go:build race

package ingest

// raceEnabled: the race detector's runtime reserves far more address space
// than a plain binary, so memory limits in tests must allow for it.
const raceEnabled = true
