package search

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func docPages(id, la string, n int, body string) []Page {
	var out []Page
	for i := 1; i <= n; i++ {
		out = append(out, Page{DocID: id, Number: i, LA: la, Title: "Carers " + id, Body: body, Status: "ready", Rev: "1"})
	}
	return out
}

// TestApplyShardKeepsPosition: each shard keeps the seq of the last round
// applied to it and the one that round started after, across a reopen; a
// document rewritten with fewer pages keeps only the new ones; a removal
// on a council without a shard creates none.
func TestApplyShardKeepsPosition(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "index")
	ix, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.ApplyShard(ctx, "A", []string{"a1"}, docPages("a1", "A", 3, "unpaid carers"), &Mark{Prev: 0, Seq: 3}); err != nil {
		t.Fatal(err)
	}
	if err := ix.ApplyShard(ctx, "B", []string{"b1"}, docPages("b1", "B", 2, "unpaid carers"), &Mark{Prev: 0, Seq: 3}); err != nil {
		t.Fatal(err)
	}
	if err := ix.ApplyShard(ctx, "C", []string{"gone"}, nil, &Mark{Prev: 0, Seq: 3}); err != nil {
		t.Fatal(err)
	}
	// Round two: a1 again with one page.
	if err := ix.ApplyShard(ctx, "A", []string{"a1"}, docPages("a1", "A", 1, "reablement"), &Mark{Prev: 3, Seq: 5}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	pos, err := ix.Position()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Position{Low: 3, Shards: map[string]int64{"A": 5, "B": 3}}, pos); diff != "" {
		t.Errorf("Position after reopen (-want +got):\n%s", diff)
	}
	counts, err := ix.ShardPages()
	if err != nil || counts["A"] != 1 || counts["B"] != 2 || len(counts) != 2 {
		t.Errorf("ShardPages = %v, %v; want A 1, B 2", counts, err)
	}
	// Removal only.
	if err := ix.ApplyShard(ctx, "B", []string{"b1"}, nil, &Mark{Prev: 5, Seq: 6}); err != nil {
		t.Fatal(err)
	}
	if counts, _ := ix.ShardPages(); counts["B"] != 0 {
		t.Errorf("pages of B after its removal = %d", counts["B"])
	}
	if err := ix.SetBase(9); err != nil {
		t.Fatal(err)
	}
	if pos, _ := ix.Position(); pos.Low != 9 || pos.Shards["B"] != 6 {
		t.Errorf("Position after SetBase(9) = %+v", pos)
	}
}

// TestBuilderBase: a rebuilt generation starts from the seq its rebuild
// read the database after.
func TestBuilderBase(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "index")
	b, err := Build(root)
	if err != nil {
		t.Fatal(err)
	}
	b.SetBase(42)
	if err := b.Put(ctx, docPages("d", "A", 2, "carers")); err != nil {
		t.Fatal(err)
	}
	if err := b.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if pos, err := ix.Position(); err != nil || pos.Low != 42 || pos.Shards["A"] != 0 {
		t.Errorf("Position of a rebuilt generation = %+v, %v; want low 42", pos, err)
	}
}
