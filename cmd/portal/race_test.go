//go:build race

package main

// raceEnabled: under the race detector the multi-node test runs a plain
// build of the portal (portalBinary).
const raceEnabled = true
