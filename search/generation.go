package search

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The index directory holds generations, each a complete index of its own
// (gen-<time>/shards/ with one Bleve index per council, plus its mapping
// version), and CURRENT, the name of the one to serve. A rebuild writes a
// new generation beside the served one and
// switches CURRENT with a rename, which is atomic: a crash at any moment
// leaves CURRENT naming a whole generation, old or new. A generation gets
// its "complete" mark only once fully written and closed, so an unmarked
// one that is not current is the leftover of a rebuild that died.
const (
	currentFile  = "CURRENT"
	versionFile  = "portal-mapping-version"
	completeFile = "complete"
	lockFile     = "rebuild.lock"
	ownerFile    = "owner.lock"
	genPrefix    = "gen-"
)

// ErrInUse means another process (portal serve, which owns the index) has
// the index open.
var ErrInUse = errors.New("the search index is open in another process (portal serve owns it)")

var errNoCurrent = errors.New("no current index generation")

// Exists reports whether root already holds a current index (of any
// mapping version).
func Exists(root string) bool {
	_, err := current(root)
	return err == nil
}

func current(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", errNoCurrent
	}
	if err != nil {
		return "", fmt.Errorf("read current index generation: %w", err)
	}
	gen := strings.TrimSpace(string(b))
	if !strings.HasPrefix(gen, genPrefix) || strings.ContainsAny(gen, `/\`) {
		return "", fmt.Errorf("read current index generation: bad name %q", gen)
	}
	return gen, nil
}

// openGeneration opens one generation after checking its mapping version.
func openGeneration(root, gen string, config map[string]any) (*shards, error) {
	dir := filepath.Join(root, gen)
	ver, err := os.ReadFile(filepath.Join(dir, versionFile))
	if err != nil {
		return nil, fmt.Errorf("read mapping version of %s: %w", dir, err)
	}
	if strings.TrimSpace(string(ver)) != strconv.Itoa(MappingVersion) {
		return nil, fmt.Errorf("open index %s (version %s, want %d): %w", dir, ver, MappingVersion, ErrMappingChanged)
	}
	return openShards(dir, config)
}

// removeOldGenerations deletes complete generations other than keep: they
// were switched away from. Unfinished ones may belong to a rebuild in
// progress; the next rebuild removes them. Errors are left for next time.
func removeOldGenerations(root, keep string) {
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, genPrefix) || name == keep {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, name, completeFile)); err == nil {
			os.RemoveAll(filepath.Join(root, name))
		}
	}
	// The layout before generations: a single index in root itself.
	os.RemoveAll(filepath.Join(root, "bleve"))
	os.Remove(filepath.Join(root, versionFile))
}

// Builder writes a new generation while the current one keeps serving.
// Only one builder works in a directory at a time (a lock file). It
// gathers each council's pages into batches of up to builderBatch: big
// batches index fastest, and each makes one segment of the council's
// shard, so fewer need merging later. No more than builderPending pages
// wait in memory, whatever order they come in.
type Builder struct {
	root    string
	gen     string
	sh      *shards
	pending map[string][]Page // by council, not yet written
	waiting int               // pages in pending
	batch   int               // builderBatch, but for tests
	most    int               // builderPending, but for tests
	lock    *os.File
	base    int64 // the change log's seq the generation holds every change up to
}

// SetBase records that the new generation holds every change of the log up
// to seq: the rebuild read the database after seq was applied there.
func (b *Builder) SetBase(seq int64) { b.base = seq }

const (
	builderBatch   = BatchPages
	builderPending = 4 * BatchPages
)

// Build starts a new generation in root. Its writes are not synced one
// batch at a time (the generation is useless until published, and a crash
// simply leaves it unfinished), which makes a rebuild several times faster.
func Build(root string) (*Builder, error) { return newBuilder(root, true) }

func newBuilder(root string, fast bool) (*Builder, error) {
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("create index directory %s: %w", root, err)
	}
	lock, err := lockRebuild(root)
	if err != nil {
		return nil, err
	}
	removeUnfinished(root)
	gen := genPrefix + time.Now().UTC().Format("20060102T150405.000000000Z")
	dir := filepath.Join(root, gen)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		lock.Close()
		return nil, fmt.Errorf("create index generation %s: %w", dir, err)
	}
	config := map[string]any{}
	if fast {
		config["unsafe_batch"] = true
	}
	sh, err := openShards(dir, config)
	if err != nil {
		lock.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	return &Builder{root: root, gen: gen, sh: sh, pending: map[string][]Page{}, batch: builderBatch, most: builderPending, lock: lock}, nil
}

func removeUnfinished(root string) {
	cur, _ := current(root)
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, genPrefix) || name == cur {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, name, completeFile)); errors.Is(err, os.ErrNotExist) {
			os.RemoveAll(filepath.Join(root, name))
		}
	}
}

// Generation names the generation being built.
func (b *Builder) Generation() string { return b.gen }

// Put adds pages to the new generation.
func (b *Builder) Put(ctx context.Context, pages []Page) error {
	for _, p := range pages {
		b.pending[p.LA] = append(b.pending[p.LA], p)
		b.waiting++
		if len(b.pending[p.LA]) >= b.batch {
			if err := b.flush(ctx, p.LA); err != nil {
				return err
			}
		}
		if b.waiting >= b.most {
			if err := b.flushAll(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *Builder) flush(ctx context.Context, la string) error {
	if err := b.sh.put(ctx, b.pending[la]); err != nil {
		return err
	}
	b.waiting -= len(b.pending[la])
	delete(b.pending, la)
	return nil
}

func (b *Builder) flushAll(ctx context.Context) error {
	for _, la := range slices.Sorted(maps.Keys(b.pending)) {
		if err := b.flush(ctx, la); err != nil {
			return err
		}
	}
	return nil
}

// Publish writes the last pages, closes the new generation (which persists
// it), marks it complete and makes it current. A serving Index switches to
// it at its next Reload.
func (b *Builder) Publish(ctx context.Context) error {
	defer b.lock.Close()
	return b.publish(ctx)
}

func (b *Builder) publish(ctx context.Context) error {
	dir := filepath.Join(b.root, b.gen)
	if err := b.flushAll(ctx); err != nil {
		return err
	}
	for _, bi := range b.sh.all() {
		// Closing a Bleve index does not write out batches that were not
		// synced: wait until a last one is, as they are persisted in order.
		persisted := make(chan error, 1)
		last := bi.NewBatch()
		last.SetInternal([]byte("portal_generation"), []byte(b.gen))
		last.SetPersistedCallback(func(err error) { persisted <- err })
		if err := bi.Batch(last); err != nil {
			return fmt.Errorf("finish index %s: %w", dir, err)
		}
		if err := <-persisted; err != nil {
			return fmt.Errorf("persist index %s: %w", dir, err)
		}
	}
	if err := b.sh.close(); err != nil {
		return fmt.Errorf("close index %s: %w", dir, err)
	}
	for _, f := range []struct{ name, body string }{{versionFile, strconv.Itoa(MappingVersion)},
		{baseFile, strconv.FormatInt(b.base, 10)}, {completeFile, "ok"}} {
		if err := writeSynced(filepath.Join(dir, f.name), f.body); err != nil {
			return err
		}
	}
	syncDir(dir)
	return makeCurrent(b.root, b.gen)
}

// lockRebuild takes the lock that lets one writer of a new generation
// (a rebuild, or a snapshot's restore) work in root at a time.
func lockRebuild(root string) (*os.File, error) {
	lock, err := os.OpenFile(filepath.Join(root, lockFile), os.O_CREATE|os.O_RDWR, 0o640)
	if err != nil {
		return nil, fmt.Errorf("open index rebuild lock: %w", err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, fmt.Errorf("another rebuild of the index in %s is running: %w", root, err)
	}
	return lock, nil
}

// makeCurrent switches root's CURRENT to gen, a complete generation, with
// an atomic rename.
func makeCurrent(root, gen string) error {
	tmp := filepath.Join(root, currentFile+".tmp")
	if err := writeSynced(tmp, gen+"\n"); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(root, currentFile)); err != nil {
		return fmt.Errorf("switch index to %s: %w", gen, err)
	}
	syncDir(root)
	return nil
}

// Abort closes and removes an unpublished generation.
func (b *Builder) Abort() {
	b.sh.close()
	os.RemoveAll(filepath.Join(b.root, b.gen))
	b.lock.Close()
}

func writeSynced(path, body string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o640)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return f.Close()
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Reload switches to the current generation when a rebuild has published a
// new one. Searches in flight finish on the old one; the switch itself
// waits only for them. It reports whether it switched.
func (ix *Index) Reload() (bool, error) {
	gen, err := current(ix.root)
	if err != nil {
		return false, err
	}
	if gen == ix.Generation() {
		return false, nil
	}
	sh, err := openGeneration(ix.root, gen, nil)
	if err != nil {
		return false, err
	}
	ix.mu.Lock()
	old, oldGen := ix.sh, ix.gen
	ix.sh, ix.gen = sh, gen
	ix.mu.Unlock()
	if err := old.close(); err != nil {
		return true, fmt.Errorf("close index generation %s: %w", oldGen, err)
	}
	removeOldGenerations(ix.root, gen)
	return true, nil
}
