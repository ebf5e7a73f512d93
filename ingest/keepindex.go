package ingest

import (
	"context"
	"log/slog"
	"time"

	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

// KeepIndex is the index owner's work, run until ctx ends: a Follower of
// the change log with interval as its poll and housekeeping interval. At
// start it catches up from the position kept in the index, then checks
// the index against the database and repairs it, so a restart after kill
// -9 at any moment ends consistent. Then, besides applying the log, every
// interval it switches to a generation that portal reindex published, and
// repairs what changed in the database during the rebuild. It also answers
// portal index check, which cannot open the index itself while this
// process has it (RequestCheck).
func KeepIndex(ctx context.Context, st *store.Store, bl *blob.Store, ix *search.Index, root string, log *slog.Logger, interval time.Duration) {
	NewFollower(st, bl, ix, root, log, FollowOptions{Poll: interval, Housekeeping: interval}).Run(ctx)
}
