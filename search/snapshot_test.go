package search

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSnapshotRestore: a snapshot of an index that followed the log, with
// a page still in memory, restores into an empty directory as a
// generation that holds the same pages, the same position (so the log is
// followed from where the copy was taken) and its origin; the copy is
// independent of the index it came from.
func TestSnapshotRestore(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.ApplyShard(ctx, "A", nil, docPages("a1", "A", 3, "unpaid carers"), &Mark{Prev: 0, Seq: 4}); err != nil {
		t.Fatal(err)
	}
	if err := ix.ApplyShard(ctx, "B", nil, docPages("b1", "B", 2, "unpaid carers reablement"), &Mark{Prev: 4, Seq: 7}); err != nil {
		t.Fatal(err)
	}
	want, err := ix.Position()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := ix.Snapshot(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	want.Low = 7 // the writer says where it stands, past where the last round started
	var tarball bytes.Buffer
	n, err := snap.WriteTo(&tarball)
	snap.Remove()
	if err != nil || n != int64(tarball.Len()) {
		t.Fatalf("WriteTo = %d, %v; wrote %d", n, err, tarball.Len())
	}
	if snap.Seq != 7 || snap.Pages != 5 || snap.Shards != 2 {
		t.Errorf("snapshot seq %d, %d pages, %d shards; want 7, 5, 2", snap.Seq, snap.Pages, snap.Shards)
	}
	// The index goes on after the copy; the copy does not see it.
	if err := ix.ApplyShard(ctx, "A", nil, docPages("a2", "A", 1, "unpaid carers"), &Mark{Prev: 7, Seq: 9}); err != nil {
		t.Fatal(err)
	}

	root := filepath.Join(t.TempDir(), "restored")
	checked := false
	gen, err := Restore(ctx, root, &tarball, 1<<30, "index-snapshots/test.tar", func() error { checked = true; return nil })
	if err != nil || !checked {
		t.Fatalf("Restore = %q, %v (checked %v)", gen, err, checked)
	}
	got, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	if got.Generation() != gen {
		t.Errorf("restored index serves %s, want %s", got.Generation(), gen)
	}
	pos, err := got.Position()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, pos); diff != "" {
		t.Errorf("restored position (-want +got):\n%s", diff)
	}
	// A shard copied after others cannot claim more of their councils: its
	// "round started after" mark is gone, the snapshot's base says it.
	for la, bi := range got.sh.m {
		if prev, err := internalSeq(bi, prevKey); err != nil || prev != 0 {
			t.Errorf("restored shard %s keeps its round's start %d (%v)", la, prev, err)
		}
	}
	res := search(t, got, "carers", Scope{All: true}, nil)
	if diff := cmp.Diff([]string{"a1", "b1"}, slices.Sorted(slices.Values(docIDs(res)))); diff != "" {
		t.Errorf("restored index finds (-want +got):\n%s", diff)
	}
	from, err := os.ReadFile(filepath.Join(root, gen, fromSnapshotFile))
	if err != nil || string(from) != "index-snapshots/test.tar" {
		t.Errorf("from-snapshot = %q, %v", from, err)
	}
	if left, _ := filepath.Glob(filepath.Join(ix.root, snapshotPrefix+"*")); len(left) != 0 {
		t.Errorf("snapshot copies left behind: %v", left)
	}
}

// TestRestoreRefuses: a snapshot is only unpacked into an empty
// directory, and one whose paths leave its generation, that holds links,
// that crosses its limit, fails its check or is of another mapping
// version leaves nothing behind.
func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	entry := func(name string, typ byte, body string) func(*tar.Writer) {
		return func(tw *tar.Writer) {
			tw.WriteHeader(&tar.Header{Name: name, Typeflag: typ, Mode: 0o640, Size: int64(len(body)), Linkname: "/etc/passwd"})
			tw.Write([]byte(body))
		}
	}
	version := entry(versionFile, tar.TypeReg, "3")
	makeTar := func(entries ...func(*tar.Writer)) *bytes.Buffer {
		var b bytes.Buffer
		tw := tar.NewWriter(&b)
		for _, e := range entries {
			e(tw)
		}
		tw.Close()
		return &b
	}
	ok := func() error { return nil }
	cases := []struct {
		name  string
		tar   *bytes.Buffer
		limit int64
		check func() error
		want  error
	}{
		{"path out of the generation", makeTar(version, entry("../../evil", tar.TypeReg, "x")), 1 << 20, ok, ErrBadSnapshot},
		{"absolute path", makeTar(version, entry("/tmp/evil", tar.TypeReg, "x")), 1 << 20, ok, ErrBadSnapshot},
		{"symbolic link", makeTar(version, entry("shards/link", tar.TypeSymlink, "")), 1 << 20, ok, ErrBadSnapshot},
		{"over the limit", makeTar(version, entry("shards/big", tar.TypeReg, "0123456789")), 5, ok, ErrBadSnapshot},
		{"another mapping version", makeTar(entry(versionFile, tar.TypeReg, "2")), 1 << 20, ok, ErrMappingChanged},
		{"check fails", makeTar(version), 1 << 20, func() error { return errBadSum }, errBadSum},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "index")
			_, err := Restore(ctx, root, c.tar, c.limit, "x", c.check)
			if !errors.Is(err, c.want) {
				t.Fatalf("Restore = %v, want %v", err, c.want)
			}
			if Exists(root) {
				t.Error("a refused snapshot became the current generation")
			}
			if gens, _ := filepath.Glob(filepath.Join(root, genPrefix+"*")); len(gens) != 0 {
				t.Errorf("left behind: %v", gens)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(root), "evil")); err == nil {
				t.Error("a path outside the index was written")
			}
		})
	}
	t.Run("directory holds an index", func(t *testing.T) {
		root := filepath.Join(t.TempDir(), "index")
		ix, err := Open(root)
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
		if _, err := Restore(ctx, root, makeTar(version), 1<<20, "x", ok); !errors.Is(err, ErrNotEmpty) {
			t.Fatalf("Restore = %v, want ErrNotEmpty", err)
		}
	})
}

var errBadSum = errors.New("SHA-256 differs")
