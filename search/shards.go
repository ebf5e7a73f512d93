package search

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// A generation is split into shards, one Bleve index per council. A page
// is only ever written to its own council's shard, so a search opens only
// the shards of the councils in its scope: another council's pages are not
// filtered out of the results, they are never read. It is also what makes
// a search fast at national scale: an inspector's query and its facets
// work on the pages of their ten or so councils, not on every page in
// England, and the shards are searched in parallel (a Bleve index alias).
type shards struct {
	dir    string // <generation>/shards
	config map[string]any
	mu     sync.Mutex // guards m: a council's first page creates its shard
	m      map[string]bleve.Index
}

const shardsDir = "shards"

var plainCode = regexp.MustCompile(`^[A-Za-z0-9]{1,40}$`)

// shardName is the directory of a council's shard. Codes are plain letters
// and digits; anything else is hex-encoded, so no code can name a path.
func shardName(la string) string {
	if plainCode.MatchString(la) {
		return "la-" + la
	}
	return "lx-" + hex.EncodeToString([]byte(la))
}

func shardCode(name string) (string, bool) {
	if code, ok := strings.CutPrefix(name, "la-"); ok && plainCode.MatchString(code) {
		return code, true
	}
	if h, ok := strings.CutPrefix(name, "lx-"); ok {
		b, err := hex.DecodeString(h)
		return string(b), err == nil
	}
	return "", false
}

// openShards opens every shard of a generation.
func openShards(genDir string, config map[string]any) (*shards, error) {
	s := &shards{dir: filepath.Join(genDir, shardsDir), config: config, m: map[string]bleve.Index{}}
	entries, err := os.ReadDir(s.dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read index shards in %s: %w", s.dir, err)
	}
	for _, e := range entries {
		la, ok := shardCode(e.Name())
		if !e.IsDir() || !ok {
			continue
		}
		path := filepath.Join(s.dir, e.Name())
		bi, err := openShard(path, config)
		if err != nil {
			s.close()
			return nil, err
		}
		s.m[la] = bi
	}
	return s, nil
}

func openShard(path string, config map[string]any) (bleve.Index, error) {
	bi, err := bleve.OpenUsing(path, config)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return bi, nil
}

// get returns a council's shard, creating it for the council's first page.
func (s *shards) get(la string) (bleve.Index, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if bi, ok := s.m[la]; ok {
		return bi, nil
	}
	if err := os.MkdirAll(s.dir, 0o750); err != nil {
		return nil, fmt.Errorf("create index shards in %s: %w", s.dir, err)
	}
	path := filepath.Join(s.dir, shardName(la))
	bi, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, s.config)
	if err != nil {
		return nil, fmt.Errorf("create index shard %s: %w", path, err)
	}
	s.m[la] = bi
	return bi, nil
}

// pick returns the shards a search in scope reads; only, when only is not
// empty, narrows them to one council (a la: filter).
func (s *shards) pick(scope Scope, only string) []bleve.Index {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []bleve.Index
	add := func(la string) {
		if bi, ok := s.m[la]; ok && (only == "" || la == only) {
			out = append(out, bi)
		}
	}
	if scope.All {
		for _, la := range slices.Sorted(maps.Keys(s.m)) {
			add(la)
		}
		return out
	}
	seen := map[string]bool{}
	for _, la := range scope.LAs {
		if !seen[la] {
			seen[la] = true
			add(la)
		}
	}
	return out
}

// all returns every shard.
func (s *shards) all() []bleve.Index { return s.pick(Scope{All: true}, "") }

// put indexes pages in their councils' shards, one batch per council.
func (s *shards) put(ctx context.Context, pages []Page) error {
	var order []string
	byLA := map[string][]Page{}
	for _, p := range pages {
		if _, ok := byLA[p.LA]; !ok {
			order = append(order, p.LA)
		}
		byLA[p.LA] = append(byLA[p.LA], p)
	}
	for _, la := range order {
		bi, err := s.get(la)
		if err != nil {
			return err
		}
		if err := put(ctx, bi, byLA[la]); err != nil {
			return err
		}
	}
	return nil
}

func (s *shards) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for _, bi := range s.m {
		errs = append(errs, bi.Close())
	}
	s.m = map[string]bleve.Index{}
	return errors.Join(errs...)
}

// target is what a search runs on: the one shard, or an alias that
// searches several in parallel and merges their hits and facets.
func target(shards []bleve.Index) bleve.Index {
	if len(shards) == 1 {
		return shards[0]
	}
	return bleve.NewIndexAlias(shards...)
}
