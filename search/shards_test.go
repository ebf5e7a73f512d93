package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestShardNames(t *testing.T) {
	tests := []struct {
		code, name string
	}{
		{"E06009901", "la-E06009901"},
		{"", "lx-"},
		{"../../etc", "lx-2e2e2f2e2e2f657463"},
		{"E06/..", "lx-4530362f2e2e"},
		{"la-x", "lx-6c612d78"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			name := shardName(tt.code)
			if name != tt.name {
				t.Errorf("shardName(%q) = %q, want %q", tt.code, name, tt.name)
			}
			if strings.ContainsAny(name, `/\.`) {
				t.Errorf("shardName(%q) = %q can name a path", tt.code, name)
			}
			if code, ok := shardCode(name); !ok || code != tt.code {
				t.Errorf("shardCode(%q) = %q, %v; want %q", name, code, ok, tt.code)
			}
		})
	}
	for _, bad := range []string{"bleve", "la-", "la-../x", "lx-zz"} {
		if code, ok := shardCode(bad); ok {
			t.Errorf("shardCode(%q) = %q, want refused", bad, code)
		}
	}
}

// Each council's pages are in its own shard and nowhere else, also after
// reopening.
func TestPagesLandInTheirCouncilsShard(t *testing.T) {
	root := filepath.Join(t.TempDir(), "index")
	ix, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(context.Background(), testPages); err != nil {
		t.Fatal(err)
	}
	gen := ix.Generation()
	ix.Close()
	ix, err = Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := map[string]uint64{"E06009901": 3, "E06009902": 1}
	if len(ix.sh.m) != len(want) {
		t.Errorf("shards = %d, want %d", len(ix.sh.m), len(want))
	}
	for la, n := range want {
		if _, err := os.Stat(filepath.Join(root, gen, shardsDir, shardName(la))); err != nil {
			t.Errorf("shard of %s: %v", la, err)
		}
		bi, ok := ix.sh.m[la]
		if !ok {
			t.Errorf("no shard for %s", la)
			continue
		}
		if got, _ := bi.DocCount(); got != n {
			t.Errorf("pages in the shard of %s = %d, want %d", la, got, n)
		}
		res := search(t, ix, "la:"+la, Scope{All: true}, nil)
		if res.TotalPages != int(n) {
			t.Errorf("la:%s matches %d pages, want %d", la, res.TotalPages, n)
		}
	}
}

func TestOneOwner(t *testing.T) {
	root := filepath.Join(t.TempDir(), "index")
	ix, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(root); !errors.Is(err, ErrInUse) {
		t.Errorf("second Open = %v, want ErrInUse", err)
	}
	ix.Close()
	ix, err = Open(root)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	ix.Close()
}

// Councils' first pages create their shards while searches run.
func TestShardsCreatedWhileSearching(t *testing.T) {
	ix := testIndex(t)
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		for i := range 20 {
			la := fmt.Sprintf("E0700%04d", i)
			if err := ix.Put(ctx, []Page{{DocID: "new" + la, Number: 1, LA: la, Title: "Carers", Body: "carers", Status: "ready"}}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range 50 {
		if _, err := ix.Search(ctx, Request{Query: Term{Text: "carers"}, Scope: Scope{All: true}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	res := search(t, ix, "carers", Scope{All: true}, nil)
	if res.TotalPages != 23 {
		t.Errorf("pages matching carers = %d, want 23 (3 + 20 new councils)", res.TotalPages)
	}
}
