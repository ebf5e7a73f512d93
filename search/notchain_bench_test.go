package search

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkNotChain is the query of issue 15: 248 NOTs before a word no
// page has, beside the plain word, over 20,000 pages (10,000 in scope);
// and the costliest use of NOT the limits allow, 16 NOTs in an OR (each a
// pass over every page in scope). cpu-ns/op is the process's CPU time per
// search, on every core, which other load on the machine barely changes.
func BenchmarkNotChain(b *testing.B) {
	ix, scope := benchIndex(b, 100)
	ctx := context.Background()
	for _, bb := range []struct{ name, q string }{
		{"plain", "zz"},
		{"not", "NOT zz"},
		{"nots-248", strings.Repeat("NOT ", 248) + "zz"},
		{"nots-249", strings.Repeat("NOT ", 249) + "zz"},
		{"or-of-16-nots", strings.TrimSuffix(strings.Repeat("NOT zz OR ", 16), " OR ")},
	} {
		n, err := Parse(bb.q)
		if err != nil {
			b.Fatalf("Parse(%q): %v", bb.q, err)
		}
		b.Run(bb.name, func(b *testing.B) {
			cpu := cpuTime(b)
			for b.Loop() {
				if _, err := ix.Search(ctx, Request{Query: n, Scope: scope}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime(b)-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
