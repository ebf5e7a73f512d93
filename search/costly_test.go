package search

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
)

func TestCostlyQuery(t *testing.T) {
	ix := testIndex(t)
	tests := []struct {
		q    string
		want bool
	}{
		{"carers", false},
		{"carers respite", false},
		{`"unpaid carers"`, false},
		{"carers NOT respite", false},
		{"NOT NOT carers", false},
		{"NOT carers", true},
		{"the NOT carers", true}, // a stop word is nothing positive
		{"carers OR NOT respite", true},
		{"carers AND (respite OR NOT breaks)", true},
		{"car*", true},
		{"carers~", true},
		{"carers NOT car*", true},
		{"carers OR respite", false},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			n, err := Parse(tt.q)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.q, err)
			}
			if got := costlyQuery(n, ix.stem); got != tt.want {
				t.Errorf("costlyQuery(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

// TestCostlyQueriesTakeTurns: a costly query waits for a turn of the
// costly gate within its budget, and gets ErrTooCostly when none comes,
// while a plain query is not held by it.
func TestCostlyQueriesTakeTurns(t *testing.T) {
	ix := testIndex(t)
	ix.opts.SearchBudget = 200 * time.Millisecond
	for range cap(ix.costly) {
		ix.costly <- struct{}{} // every turn taken by someone else
	}
	search := func(q string) error {
		n, err := Parse(q)
		if err != nil {
			t.Fatalf("Parse(%q): %v", q, err)
		}
		_, err = ix.Search(context.Background(), Request{Query: n, Scope: Scope{All: true}})
		return err
	}
	if err := search("carers"); err != nil {
		t.Errorf("plain search while the costly turns are taken = %v, want nil", err)
	}
	if err := search("NOT carers"); !errors.Is(err, ErrTooCostly) {
		t.Errorf("costly search while every turn is taken = %v, want ErrTooCostly", err)
	}
	for range cap(ix.costly) {
		<-ix.costly
	}
	if err := search("NOT carers"); err != nil {
		t.Errorf("costly search with turns free = %v, want nil", err)
	}
}

// countingShard counts the searches running on it at once.
type countingShard struct {
	bleveIndex
	now, peak *atomic.Int32
}

func (c countingShard) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	n := c.now.Add(1)
	defer c.now.Add(-1)
	for p := c.peak.Load(); n > p && !c.peak.CompareAndSwap(p, n); p = c.peak.Load() {
	}
	time.Sleep(5 * time.Millisecond)
	return c.bleveIndex.SearchInContext(ctx, req)
}

// TestGateBoundsShardSearches: however many searches go through a gate of
// n turns, at most n shard searches run at once.
func TestGateBoundsShardSearches(t *testing.T) {
	ix := testIndex(t)
	for _, turns := range []int{1, 2} {
		var now, peak atomic.Int32
		var shards []bleve.Index
		for _, s := range ix.sh.pick(Scope{All: true}, "") {
			shards = append(shards, countingShard{bleveIndex: s, now: &now, peak: &peak})
		}
		g := gated(shards, make(chan struct{}, turns))
		var wg sync.WaitGroup
		for range 8 {
			for _, s := range g {
				wg.Go(func() {
					if _, err := s.SearchInContext(context.Background(), bleve.NewSearchRequest(bleve.NewMatchAllQuery())); err != nil {
						t.Errorf("SearchInContext: %v", err)
					}
				})
			}
		}
		wg.Wait()
		if got := peak.Load(); got != int32(turns) {
			t.Errorf("gate of %d turns: %d shard searches at once, want %d", turns, got, turns)
		}
	}
}
