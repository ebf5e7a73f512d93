package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

// benchIndex is 20 councils of docs documents of 10 pages each, with words
// drawn from a Zipf-like vocabulary, as council documents share most of
// their words and differ in a few. The scope is the first 10 councils.
func benchIndex(b *testing.B, docs int) (*Index, Scope) {
	b.Helper()
	ix, err := Open(filepath.Join(b.TempDir(), "index"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	r := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(r, 1.2, 1, 5000)
	var scope Scope
	for la := range 20 {
		code := fmt.Sprintf("E0600%04d", la)
		if la < 10 {
			scope.LAs = append(scope.LAs, code)
		}
		var pages []Page
		for d := range docs {
			for n := 1; n <= 10; n++ {
				var body strings.Builder
				for range 400 {
					fmt.Fprintf(&body, "word%d ", z.Uint64())
				}
				pages = append(pages, Page{DocID: fmt.Sprintf("%s-d%d", code, d), Number: n, LA: code, Title: "Document", Body: body.String(), Type: "policy", Status: "ready"})
			}
		}
		if err := ix.Put(context.Background(), pages); err != nil {
			b.Fatal(err)
		}
	}
	return ix, scope
}

func BenchmarkSimilar(b *testing.B) {
	ix, scope := benchIndex(b, 50) // 10,000 pages
	ctx := context.Background()
	for b.Loop() {
		res, err := ix.Similar(ctx, "E06000003-d7", scope, 20)
		if err != nil || len(res.Hits) == 0 {
			b.Fatalf("Similar = %d hits, %v", len(res.Hits), err)
		}
	}
}
