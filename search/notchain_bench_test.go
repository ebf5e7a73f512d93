package search

import (
	"context"
	"strings"
	"testing"
)

// BenchmarkNotChain is the query of issue 15: 248 NOTs before a word no
// page has, beside the plain word, over 20,000 pages (10,000 in scope).
func BenchmarkNotChain(b *testing.B) {
	ix, scope := benchIndex(b, 100)
	ctx := context.Background()
	for _, bb := range []struct{ name, q string }{
		{"plain", "zz"},
		{"not", "NOT zz"},
		{"nots-248", strings.Repeat("NOT ", 248) + "zz"},
		{"nots-249", strings.Repeat("NOT ", 249) + "zz"},
	} {
		n, err := Parse(bb.q)
		if err != nil {
			b.Fatalf("Parse(%q): %v", bb.q, err)
		}
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Search(ctx, Request{Query: n, Scope: scope}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
