package tusstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/store/storetest"
	"github.com/tus/tusd/v2/pkg/handler"
)

// TestLockerAcrossNodes: two nodes' tusd stores (two Composes) over one
// database lock an upload for one of them at a time: the second waits,
// asks the first to let go, and gets tusd's ErrLockTimeout while it holds
// on; once the first unlocks, the second takes it.
func TestLockerAcrossNodes(t *testing.T) {
	st, _ := storetest.New(t)
	a := Compose(Options{Endpoint: "127.0.0.1:1", Bucket: "b", Locks: st})
	b := Compose(Options{Endpoint: "127.0.0.1:1", Bucket: "b", Locks: st})
	ctx := context.Background()
	la, _ := a.Composer.Locker.NewLock("upload-1")
	released := make(chan struct{}, 1)
	if err := la.Lock(ctx, func() {
		select {
		case released <- struct{}{}:
		default:
		}
	}); err != nil {
		t.Fatal(err)
	}
	lb, _ := b.Composer.Locker.NewLock("upload-1")
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if err := lb.Lock(short, func() {}); !errors.Is(err, handler.ErrLockTimeout) {
		t.Errorf("node b's lock while node a holds it = %v, want ErrLockTimeout", err)
	}
	select {
	case <-released:
	case <-time.After(2 * time.Second):
		t.Error("node a was not asked to let go")
	}
	if err := la.Unlock(); err != nil {
		t.Fatal(err)
	}
	longer, cancel2 := context.WithTimeout(ctx, 2*time.Second)
	defer cancel2()
	if err := lb.Lock(longer, func() {}); err != nil {
		t.Fatalf("node b's lock after a unlocked = %v", err)
	}
	if err := lb.Unlock(); err != nil {
		t.Fatal(err)
	}
}
