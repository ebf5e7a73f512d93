package search

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// costlyIndex is 4 councils of 1,000 pages each, with words from a
// vocabulary of 2,000 (word0 to word1999) so that a prefix can stand for
// more terms than a shard may look up.
func costlyIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	r := rand.New(rand.NewPCG(3, 4))
	for la := range 4 {
		code := fmt.Sprintf("E0700%04d", la)
		var pages []Page
		for d := range 250 {
			for n := 1; n <= 4; n++ {
				var body strings.Builder
				for range 100 {
					fmt.Fprintf(&body, "word%d ", r.IntN(2000))
				}
				pages = append(pages, Page{DocID: fmt.Sprintf("%s-d%d", code, d), Number: n, LA: code, Title: "Policy", Body: body.String(), Type: "policy"})
			}
		}
		if err := ix.Put(context.Background(), pages); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

// costly is a query within the parser's limits that reads every page many
// times over: eight words ending in * that stand for 888 terms of
// each shard, and phrases. (An OR of NOTs was, until its negations were
// merged into one pass.)
var costly = "word11* OR word12* OR word13* OR word14* OR word15* OR word16* OR word17* OR word18* OR " +
	strings.TrimSuffix(strings.Repeat(`"word1 word2" OR `, 8), " OR ")

// TestSearchCost runs the tests that need many pages on one index, as
// building it is most of their time.
func TestSearchCost(t *testing.T) {
	ix := costlyIndex(t)
	t.Run("budget", func(t *testing.T) { testSearchBudget(t, ix) })
	t.Run("limits", func(t *testing.T) { testSearchLimits(t, ix) })
}

// testSearchBudget: a costly query over budget is stopped soon after it,
// through the alias of shards or on one shard.
func testSearchBudget(t *testing.T, ix *Index) {
	n, err := Parse(costly)
	if err != nil {
		t.Fatalf("Parse(%q): %v", costly, err)
	}
	tests := []struct {
		name  string
		scope Scope
		only  string // a la filter: one shard, no alias
	}{
		{"alias of four shards", Scope{All: true}, ""},
		{"one shard", Scope{All: true}, "E07000002"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Request{Query: n, Scope: tt.scope, Filters: map[string]string{"la": tt.only}}
			ix.opts.SearchBudget = time.Minute
			start := time.Now()
			if _, err := ix.Search(context.Background(), r); err != nil {
				t.Fatalf("Search(%q) within a minute: %v", costly, err)
			}
			full := time.Since(start)
			budget := full / 20
			ix.opts.SearchBudget = budget
			// Between two checks of its deadline a shard collects 1,024
			// pages; here that is a quarter of a shard.
			slack := max(full/4, 50*time.Millisecond)
			start = time.Now()
			res, err := ix.Search(context.Background(), r)
			took := time.Since(start)
			if !errors.Is(err, ErrTooCostly) {
				t.Fatalf("Search(%q) with a budget of %v (%v without) = %d pages, %v; want ErrTooCostly", costly, budget, full, res.TotalPages, err)
			}
			if took > budget+slack {
				t.Errorf("Search(%q) with a budget of %v took %v, want at most %v", costly, budget, took, budget+slack)
			}
			t.Logf("%v without a budget; %v with a budget of %v", full, took, budget)
		})
	}
}

// TestSearchBudgetNeverPartial: a search over budget gets ErrTooCostly,
// from Search and Similar alike, never what some shards found; a search its
// caller gave up on gets the caller's error.
func TestSearchBudgetNeverPartial(t *testing.T) {
	ix := testIndex(t)
	n, err := Parse("carers")
	if err != nil {
		t.Fatal(err)
	}
	all := Scope{All: true}
	ix.opts.SearchBudget = time.Nanosecond
	if res, err := ix.Search(context.Background(), Request{Query: n, Scope: all}); !errors.Is(err, ErrTooCostly) {
		t.Errorf("Search over budget = %d pages, %v; want ErrTooCostly", res.TotalPages, err)
	}
	if res, err := ix.Similar(context.Background(), "d1", all, 10); !errors.Is(err, ErrTooCostly) {
		t.Errorf("Similar over budget = %d documents, %v; want ErrTooCostly", len(res.Hits), err)
	}
	ix.opts.SearchBudget = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Request{Query: n, Scope: all}); !errors.Is(err, context.Canceled) || errors.Is(err, ErrTooCostly) {
		t.Errorf("Search for a caller that gave up = %v, want context.Canceled", err)
	}
	if _, err := ix.Search(context.Background(), Request{Query: n, Scope: all}); err != nil {
		t.Errorf("Search within budget = %v", err)
	}
}

// testSearchLimits: a word ending in * or ~ may stand for at most
// MaxShardTerms terms of a shard; past that the searcher is told to add
// letters, and a query near every limit of the parser still runs.
func testSearchLimits(t *testing.T, ix *Index) {
	ix.opts.SearchBudget = time.Minute // this is about terms, not time
	tests := []struct {
		q       string
		wantErr bool
	}{
		{"wo*", true},    // 2,000 terms
		{"word1*", true}, // 1,111
		{"word19*", false},
		{"word1~", false},
		{"word1* word19*", true},
		{strings.Repeat("word199* ", MaxExpanding), false},
		{"(" + strings.TrimSuffix(strings.Repeat(`"word1 word2" OR `, 15), " OR ") + ") " + strings.Repeat("NOT NOT ", 40) + "word3", false},
	}
	for _, tt := range tests {
		t.Run(tt.q[:min(len(tt.q), 40)], func(t *testing.T) {
			n, err := Parse(tt.q)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.q, err)
			}
			_, err = ix.Search(context.Background(), Request{Query: n, Scope: Scope{All: true}})
			var qe *QueryError
			switch {
			case tt.wantErr && (!errors.As(err, &qe) || !errors.Is(err, ErrBadQuery) || !strings.Contains(qe.Msg, "add more letters")):
				t.Errorf("Search(%q) = %v, want a QueryError saying to add more letters", tt.q, err)
			case !tt.wantErr && err != nil:
				t.Errorf("Search(%q) = %v", tt.q, err)
			}
		})
	}
}
