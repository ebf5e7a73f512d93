package store_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
)

// TestLockUpload: an upload's lock is held by one taker at a time, across
// connections (as across nodes); a second taker asks the holder to let go
// and times out while it does not; another upload's lock is free; once
// released it can be taken again.
func TestLockUpload(t *testing.T) {
	st, _ := storetest.New(t)
	ctx := context.Background()
	var asked atomic.Int32
	unlock, err := st.LockUpload(ctx, "up-1", func() { asked.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 400*time.Millisecond)
	defer cancel()
	if _, err := st.LockUpload(short, "up-1", nil); !errors.Is(err, store.ErrLockTimeout) {
		t.Errorf("second lock of a held upload = %v, want ErrLockTimeout", err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for asked.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if asked.Load() == 0 {
		t.Error("the holder was never asked to let go")
	}
	other, err := st.LockUpload(ctx, "up-2", nil)
	if err != nil {
		t.Fatalf("another upload's lock = %v, want it free", err)
	}
	other()
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	again, cancel2 := context.WithTimeout(ctx, 2*time.Second)
	defer cancel2()
	relock, err := st.LockUpload(again, "up-1", nil)
	if err != nil {
		t.Fatalf("lock after release = %v", err)
	}
	relock()
}
