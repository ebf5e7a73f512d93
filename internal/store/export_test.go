package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// AppendIndexChangesTx lets the tests hold a transaction that has written
// the log open.
func AppendIndexChangesTx(ctx context.Context, tx pgx.Tx, changes ...Change) error {
	return appendIndexChanges(ctx, tx, changes)
}
