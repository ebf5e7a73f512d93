package ingest

import (
	"context"
	"log/slog"
	"time"

	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/search"
)

// KeepIndex is the index owner's housekeeping, run by portal serve until
// ctx ends. At start it checks the index against the database and repairs
// it, so a restart after kill -9 at any moment ends consistent (River
// retries the index jobs that were cut short; this catches the rest).
// Then, every interval, it switches to a generation that portal reindex
// published, and repairs what changed in the database during the rebuild.
// It also answers portal index check, which cannot open the index itself
// while this process has it (RequestCheck).
func KeepIndex(ctx context.Context, st *store.Store, bl *blob.Store, ix *search.Index, root string, log *slog.Logger, interval time.Duration) {
	repair := func(why string) {
		r, err := CheckIndex(ctx, st, ix)
		if err == nil && !r.Clean() {
			err = RepairIndex(ctx, st, bl, ix, r)
		}
		if err != nil {
			if ctx.Err() == nil {
				log.Error("index check failed", "reason", why, "error", err)
			}
			return
		}
		log.Info("index checked", "reason", why, "documents", r.Checked, "missing", len(r.Missing), "stale", len(r.Stale),
			"extra", len(r.Extra), "generation", ix.Generation())
	}
	repair("start")
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if asked, err := answerCheck(ctx, st, bl, ix, root); err != nil {
			log.Error("index check asked by portal index check failed", "error", err)
		} else if asked {
			log.Info("index check asked by portal index check done")
		}
		switched, err := ix.Reload()
		if err != nil {
			log.Error("index switch failed", "error", err)
			continue
		}
		if switched {
			log.Info("index switched to a rebuilt generation", "generation", ix.Generation())
			repair("switch")
		}
	}
}
