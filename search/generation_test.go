package search

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func TestRebuildSwitchesWhileServing(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "index")
	ix, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(ctx, testPages[:2]); err != nil {
		t.Fatal(err)
	}
	old := ix.Generation()
	b, err := Build(root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(root); err == nil {
		t.Error("second Build while one runs succeeded, want refused")
	}
	if err := b.Put(ctx, testPages[2:]); err != nil {
		t.Fatal(err)
	}
	if switched, err := ix.Reload(); err != nil || switched {
		t.Errorf("Reload before Publish = %v, %v; want false, nil", switched, err)
	}
	if got := docIDs(search(t, ix, "", Scope{All: true}, nil)); len(got) != 1 || got[0] != "d1" {
		t.Errorf("documents while rebuilding = %v, want [d1]", got)
	}
	if err := b.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	if switched, err := ix.Reload(); err != nil || !switched {
		t.Fatalf("Reload after Publish = %v, %v; want true, nil", switched, err)
	}
	if got := docIDs(search(t, ix, "", Scope{All: true}, nil)); len(got) != 2 || contains(got, "d1") {
		t.Errorf("documents after the switch = %v, want d2 and d3", got)
	}
	if _, err := os.Stat(filepath.Join(root, old)); !os.IsNotExist(err) {
		t.Errorf("old generation %s still there after the switch (%v)", old, err)
	}
}

// The child side of TestKilledMidIndexing: it indexes one document per
// batch, saying which, until it is killed.
func TestMain(m *testing.M) {
	if root := os.Getenv("SEARCH_TEST_CHILD_INDEX"); root != "" {
		os.Exit(childIndex(root, os.Getenv("SEARCH_TEST_CHILD_MODE")))
	}
	os.Exit(m.Run())
}

func childPages(i int) []Page {
	id := "doc" + strconv.Itoa(i)
	var ps []Page
	for n := 1; n <= 3; n++ {
		ps = append(ps, Page{DocID: id, Number: n, LA: "E06009901", Title: "Title " + id, Status: "ready", Rev: "r1",
			Body: fmt.Sprintf("Page %d of %s about carers, safeguarding and section 42 enquiries.", n, id)})
	}
	return ps
}

func childIndex(root, mode string) int {
	ctx := context.Background()
	put := func(ps []Page) error { return nil }
	if mode == "build" {
		b, err := Build(root)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		put = func(ps []Page) error { return b.Put(ctx, ps) }
	} else {
		ix, err := Open(root)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		put = func(ps []Page) error { return ix.Put(ctx, ps) }
	}
	for i := 0; ; i++ {
		if err := put(childPages(i)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println(i)
	}
}

func want(n int) map[string]DocState {
	w := map[string]DocState{}
	for i := range n {
		id := "doc" + strconv.Itoa(i)
		w[id] = DocState{Title: "Title " + id, Status: "ready", Rev: "r1", Pages: 3}
	}
	return w
}

// killChild runs the test binary as an indexing child in mode and kills it
// with SIGKILL after it reports progress; it returns the documents it said
// were indexed.
func killChild(t *testing.T, root, mode string, after int) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SEARCH_TEST_CHILD_INDEX="+root, "SEARCH_TEST_CHILD_MODE="+mode)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	done := 0
	for sc.Scan() {
		done++
		if done >= after {
			break
		}
	}
	// Let it get well into the next batches before the kill.
	time.Sleep(20 * time.Millisecond)
	cmd.Process.Kill()
	cmd.Wait()
	if done < after {
		t.Fatalf("child stopped after %d documents, want %d", done, after)
	}
	return done
}

func TestKilledMidIndexing(t *testing.T) {
	ctx := context.Background()
	for _, after := range []int{1, 7, 40} {
		t.Run(strconv.Itoa(after), func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "index")
			done := killChild(t, root, "serve", after)
			ix, err := Open(root)
			if err != nil {
				t.Fatalf("Open after kill -9: %v", err)
			}
			defer ix.Close()
			have, err := ix.Documents(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// Every batch the child was told was written survives the kill.
			for i := range done {
				if _, ok := have["doc"+strconv.Itoa(i)]; !ok {
					t.Errorf("doc%d acknowledged before the kill but not in the index", i)
				}
			}
			all := want(done + 50)
			r := Compare(all, have, nil)
			if len(r.Stale) > 0 || len(r.Extra) > 0 {
				t.Errorf("after kill -9: stale %v, extra %v; want none", r.Stale, r.Extra)
			}
			for _, id := range r.Missing {
				n, _ := strconv.Atoi(id[len("doc"):])
				if err := ix.Put(ctx, childPages(n)); err != nil {
					t.Fatal(err)
				}
			}
			have, _ = ix.Documents(ctx)
			if r := Compare(all, have, nil); !r.Clean() {
				t.Errorf("after repair: %+v, want clean", r)
			}
		})
	}
}

func TestKilledMidRebuild(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "index")
	ix, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(ctx, childPages(0)); err != nil {
		t.Fatal(err)
	}
	gen := ix.Generation()
	ix.Close()
	killChild(t, root, "build", 30)
	ix, err = Open(root)
	if err != nil {
		t.Fatalf("Open after a rebuild was killed: %v", err)
	}
	defer ix.Close()
	if ix.Generation() != gen {
		t.Errorf("generation after a killed rebuild = %s, want the old %s", ix.Generation(), gen)
	}
	have, _ := ix.Documents(ctx)
	if r := Compare(want(1), have, nil); !r.Clean() {
		t.Errorf("after a killed rebuild: %+v, want the old index, clean", r)
	}
	b, err := Build(root)
	if err != nil {
		t.Fatalf("Build after a killed rebuild: %v", err)
	}
	entries, _ := os.ReadDir(root)
	gens := 0
	for _, e := range entries {
		if e.IsDir() {
			gens++
		}
	}
	if gens != 2 {
		t.Errorf("generations while rebuilding again = %d, want 2 (the killed one removed)", gens)
	}
	b.Abort()
}

func TestCompare(t *testing.T) {
	w := map[string]DocState{
		"ok":      {Title: "A", Status: "ready", Rev: "1", Pages: 2},
		"missing": {Title: "B", Status: "ready", Rev: "1", Pages: 1},
		"title":   {Title: "C", Status: "ready", Rev: "1", Pages: 1},
		"rev":     {Title: "D", Status: "ready", Rev: "2", Pages: 1},
		"pages":   {Title: "E", Status: "ready", Rev: "1", Pages: 3},
		"status":  {Title: "F", Status: "ready", Rev: "1", Pages: 1},
		"empty":   {Title: "G", Status: "ready", Rev: "1", Pages: 0},
	}
	h := map[string]DocState{
		"ok":        {Title: "A", Status: "ready", Rev: "1", Pages: 2},
		"title":     {Title: "old", Status: "ready", Rev: "1", Pages: 1},
		"rev":       {Title: "D", Status: "ready", Rev: "1", Pages: 1},
		"pages":     {Title: "E", Status: "ready", Rev: "1", Pages: 2},
		"status":    {Title: "F", Status: "indexing", Rev: "1", Pages: 1},
		"withdrawn": {Title: "W", Status: "ready", Rev: "1", Pages: 1},
		"empty":     {Title: "G", Status: "ready", Rev: "1", Pages: 1},
		"pending":   {Title: "P", Status: "ready", Rev: "1", Pages: 1},
	}
	r := Compare(w, h, map[string]bool{"pending": true})
	var stale []string
	for _, s := range r.Stale {
		stale = append(stale, s.DocID)
	}
	if fmt.Sprint(r.Missing) != "[missing]" || fmt.Sprint(stale) != "[pages rev status title]" || fmt.Sprint(r.Extra) != "[empty withdrawn]" || r.Checked != 6 {
		t.Errorf("Compare = missing %v, stale %v, extra %v, checked %d", r.Missing, stale, r.Extra, r.Checked)
	}
}

// The builder writes a council's pages once it has a batch of them, and
// all it holds once it holds too many, so memory stays bounded in any order.
func TestBuilderBatchesByCouncil(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "index")
	b, err := Build(root)
	if err != nil {
		t.Fatal(err)
	}
	b.batch, b.most = 3, 5
	for i := range 40 {
		la := fmt.Sprintf("E0600990%d", i%7) // councils interleaved
		p := Page{DocID: fmt.Sprintf("d%d", i), Number: 1, LA: la, Title: "Carers", Body: "carers", Status: "ready"}
		if err := b.Put(ctx, []Page{p}); err != nil {
			t.Fatal(err)
		}
		if b.waiting >= b.most {
			t.Fatalf("after page %d: %d pages waiting, want fewer than %d", i, b.waiting, b.most)
		}
	}
	if err := b.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n != 40 {
		t.Errorf("pages after Publish = %d, want 40", n)
	}
	if len(ix.sh.m) != 7 {
		t.Errorf("shards = %d, want 7", len(ix.sh.m))
	}
}
