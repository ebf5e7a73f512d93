package main

import (
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"
)

// parseSize reads a size in bytes, or with a unit KiB, MiB or GiB:
// "67108864", "64MiB", "1.5GiB".
func parseSize(v string) (int64, error) {
	num, mult := v, 1.0
	for _, u := range []struct {
		suffix string
		mult   float64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}} {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			num, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f <= 0 || f*mult >= 1<<62 {
		return 0, fmt.Errorf("%q is not a positive size like 67108864, 64MiB or 1.5GiB", v)
	}
	return int64(f * mult), nil
}

// memoryLimit reads PORTAL_MEMORY_LIMIT: off, or a size.
func memoryLimit(c *config, v string) error {
	if v == "off" {
		c.MemoryLimit = 0
		return nil
	}
	n, err := parseSize(v)
	if err == nil && n < 64<<20 {
		err = errors.New("must be at least 64MiB")
	}
	c.MemoryLimit = n
	return err
}

// applyMemoryLimit gives the Go runtime its soft memory limit
// (debug.SetMemoryLimit): near it the garbage collector runs as often as it
// must to stay under, instead of letting the heap double between cycles.
// It is soft: memory the program holds is never refused, so the limit is
// set under the container's, with room for what is not Go heap (stacks,
// Bleve's memory-mapped segments, the extraction children, which are
// separate processes).
func applyMemoryLimit(limit int64, log *slog.Logger) {
	if limit <= 0 {
		return
	}
	debug.SetMemoryLimit(limit)
	log.Info("Go memory limit set", "bytes", limit)
}
