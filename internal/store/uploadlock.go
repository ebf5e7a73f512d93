package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrLockTimeout: the upload's lock was not free before the context ended.
var ErrLockTimeout = errors.New("upload is locked by another request")

// uploadLockChannel is where a request that wants an upload's lock asks
// its holder, on whichever node, to let it go.
const uploadLockChannel = "upload_unlock"

// LockUpload takes the cluster-wide lock of the resumable upload id, so
// that two `portal serve` processes never write the same upload at once:
// a PostgreSQL session advisory lock on a connection of its own (not the
// pool's: an upload holds it for as long as it streams, and uploads in
// flight are bounded apart). While it is held, a request for it from any
// node calls onRequest (tusd then ends the older request, whose client has
// usually gone); unlock releases it by closing the session, which also
// releases it if this process dies. Waiting ends with ErrLockTimeout when
// ctx does.
func (s *Store) LockUpload(ctx context.Context, id string, onRequest func()) (unlock func() error, err error) {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, fmt.Errorf("lock upload %s: %w", id, err)
	}
	for asked := false; ; {
		var ok bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtextextended('upload:' || $1, 0))`, id).Scan(&ok); err != nil {
			conn.Close(context.Background())
			if ctx.Err() != nil {
				return nil, ErrLockTimeout
			}
			return nil, fmt.Errorf("lock upload %s: %w", id, err)
		}
		if ok {
			break
		}
		if !asked {
			if _, err := conn.Exec(ctx, `SELECT pg_notify($1, $2)`, uploadLockChannel, id); err == nil {
				asked = true
			}
		}
		select {
		case <-ctx.Done():
			conn.Close(context.Background())
			return nil, ErrLockTimeout
		case <-time.After(50 * time.Millisecond):
		}
	}
	if _, err := conn.Exec(ctx, `LISTEN `+uploadLockChannel); err != nil {
		conn.Close(context.Background())
		return nil, fmt.Errorf("lock upload %s: %w", id, err)
	}
	listen, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			n, err := conn.WaitForNotification(listen)
			if err != nil {
				return
			}
			if n.Payload == id && onRequest != nil {
				onRequest()
			}
		}
	}()
	return func() error {
		stop()
		<-done
		// Ending the session releases its advisory lock, whatever state
		// the cancelled wait left the connection in.
		conn.Close(context.Background())
		return nil
	}, nil
}
