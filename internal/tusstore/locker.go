package tusstore

import (
	"context"
	"errors"
	"sync"

	"github.com/evidenceportal/portal/internal/store"
	"github.com/tus/tusd/v2/pkg/handler"
)

// pgLocker is tusd's Locker over store.LockUpload, a PostgreSQL advisory
// lock, so that a client may resume its upload on any `portal serve` node
// and two nodes never write it at once.
type pgLocker struct{ locks *store.Store }

func (l pgLocker) NewLock(id string) (handler.Lock, error) {
	return &pgLock{locks: l.locks, id: id}, nil
}

type pgLock struct {
	locks  *store.Store
	id     string
	mu     sync.Mutex
	unlock func() error
}

func (l *pgLock) Lock(ctx context.Context, requestRelease func()) error {
	unlock, err := l.locks.LockUpload(ctx, l.id, requestRelease)
	if errors.Is(err, store.ErrLockTimeout) {
		return handler.ErrLockTimeout
	}
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.unlock = unlock
	l.mu.Unlock()
	return nil
}

func (l *pgLock) Unlock() error {
	l.mu.Lock()
	unlock := l.unlock
	l.unlock = nil
	l.mu.Unlock()
	if unlock == nil {
		return nil
	}
	return unlock()
}
