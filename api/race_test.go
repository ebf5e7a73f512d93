//go:build race

package api

// raceEnabled: see TestTusKeepsWhatArrivedBeforeADrop.
const raceEnabled = true
