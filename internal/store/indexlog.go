package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Kinds of index change: the document's pages are to be (re)written from
// its state, or removed. The follower reads the document's state when it
// applies either, so the kind is what the writer meant, for operators.
const (
	ChangeIndex  = "index"
	ChangeRemove = "remove"
)

// IndexChange is one row of the search index's change log.
type IndexChange struct {
	Seq        int64
	DocumentID string
	LA         string
	Kind       string
	At         time.Time
}

// Change asks for an index change of a document, written in the
// transaction that makes it (Transition.Changes, RecordIndexChanges).
type Change struct {
	DocumentID string
	Kind       string
}

// indexLogLock is the advisory lock every writer of the log holds from its
// insert to its commit. Without it two transactions could take seq 10 and
// 11 and commit in the other order: a follower reading after 11 committed
// would move past 10 and never see it. Holding the lock to commit makes seq
// order commit order. The insert is the last statement of each transaction
// that writes the log, so the lock is held for one round trip and no writer
// waits for a row lock while holding it (no deadlock with other writers).
const indexLogLock = 7365_0014

// IndexLogChannel is notified (at commit) when rows are added to the log.
const IndexLogChannel = "index_changes"

// appendIndexChanges writes changes to the log; it must be the last write
// of tx (see indexLogLock). Documents that do not exist are skipped.
func appendIndexChanges(ctx context.Context, tx pgx.Tx, changes []Change) error {
	if len(changes) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, indexLogLock); err != nil {
		return fmt.Errorf("lock index log: %w", err)
	}
	ids, kinds := make([]string, len(changes)), make([]string, len(changes))
	for i, c := range changes {
		ids[i], kinds[i] = c.DocumentID, c.Kind
	}
	_, err := tx.Exec(ctx, `INSERT INTO index_changes (document_id, la_code, kind)
		SELECT d.id, d.la_code, c.kind FROM unnest(portal_uuids($1), $2::text[]) WITH ORDINALITY AS c(id, kind, n)
		JOIN documents d ON d.id = c.id ORDER BY c.n`, ids, kinds)
	if err != nil {
		return fmt.Errorf("append %d index changes: %w", len(changes), err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, '')`, IndexLogChannel); err != nil {
		return fmt.Errorf("notify index changes: %w", err)
	}
	return nil
}

// RecordIndexChanges writes changes to the log in a transaction of their
// own (a job of an earlier version that only removed pages).
func (s *Store) RecordIndexChanges(ctx context.Context, changes ...Change) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return appendIndexChanges(ctx, tx, changes) })
}

// IndexChanges returns up to limit rows of the log after seq, in order.
// Every row it returns is committed and so is every row before it (see
// indexLogLock).
func (s *Store) IndexChanges(ctx context.Context, after int64, limit int) ([]IndexChange, error) {
	rows, err := s.pool.Query(ctx, `SELECT seq, document_id::text, la_code, kind, created_at FROM index_changes
		WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("read index changes after %d: %w", after, err)
	}
	defer rows.Close()
	var out []IndexChange
	for rows.Next() {
		var c IndexChange
		if err := rows.Scan(&c.Seq, &c.DocumentID, &c.LA, &c.Kind, &c.At); err != nil {
			return nil, fmt.Errorf("scan index change: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// IndexLogState is where the log stands: its last seq (or the trimmed
// point when it is empty) and how far it has been trimmed.
type IndexLogState struct {
	Head    int64
	Trimmed int64
}

// IndexLog reads where the log stands.
func (s *Store) IndexLog(ctx context.Context) (IndexLogState, error) {
	var st IndexLogState
	err := s.pool.QueryRow(ctx, `SELECT greatest(t.trimmed_through, coalesce((SELECT max(seq) FROM index_changes), 0)), t.trimmed_through
		FROM index_log_trim t`).Scan(&st.Head, &st.Trimmed)
	if err != nil {
		return st, fmt.Errorf("read index log position: %w", err)
	}
	return st, nil
}

// IndexLag is how long the oldest change after applied has waited (zero
// when there is none), for readiness.
func (s *Store) IndexLag(ctx context.Context, applied int64) (time.Duration, error) {
	var age *float64
	err := s.pool.QueryRow(ctx, `SELECT extract(epoch FROM now() - created_at)::float8 FROM index_changes
		WHERE seq > $1 ORDER BY seq LIMIT 1`, applied).Scan(&age)
	if errors.Is(err, pgx.ErrNoRows) || age == nil {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read index lag: %w", err)
	}
	return time.Duration(max(*age, 0) * float64(time.Second)), nil
}

// IndexNode is a node's position in the log.
type IndexNode struct {
	Node    string
	Applied int64
	SeenAt  time.Time
}

// SaveIndexNode records a node's position.
func (s *Store) SaveIndexNode(ctx context.Context, node string, applied int64) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO index_nodes (node, applied) VALUES ($1, $2)
		ON CONFLICT (node) DO UPDATE SET applied = excluded.applied, seen_at = now()`, node, applied)
	if err != nil {
		return fmt.Errorf("save index position of %s: %w", node, err)
	}
	return nil
}

// IndexNodes lists the nodes' positions.
func (s *Store) IndexNodes(ctx context.Context) ([]IndexNode, error) {
	rows, err := s.pool.Query(ctx, `SELECT node, applied, seen_at FROM index_nodes ORDER BY node`)
	if err != nil {
		return nil, fmt.Errorf("list index nodes: %w", err)
	}
	defer rows.Close()
	var out []IndexNode
	for rows.Next() {
		var n IndexNode
		if err := rows.Scan(&n.Node, &n.Applied, &n.SeenAt); err != nil {
			return nil, fmt.Errorf("scan index node: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// TrimIndexLog deletes the rows every node seen within retention has
// applied, and every row older than retention whoever has not: a node
// away for longer checks and repairs its index from the database when it
// comes back. It returns the trimmed point. One trim runs at a time.
func (s *Store) TrimIndexLog(ctx context.Context, retention time.Duration) (int64, error) {
	var through int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var got bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1 + 1)`, indexLogLock).Scan(&got); err != nil || !got {
			return err
		}
		secs := retention.Seconds()
		err := tx.QueryRow(ctx, `WITH live AS (
				SELECT min(applied) AS applied FROM index_nodes WHERE seen_at > now() - make_interval(secs => $1)),
			gone AS (
				DELETE FROM index_changes WHERE seq <= coalesce((SELECT applied FROM live), 0)
					OR created_at < now() - make_interval(secs => $1)
				RETURNING seq)
			UPDATE index_log_trim SET trimmed_through = greatest(trimmed_through, coalesce((SELECT max(seq) FROM gone), 0))
			RETURNING trimmed_through`, secs).Scan(&through)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM index_nodes WHERE seen_at < now() - make_interval(secs => $1) * 2`, secs)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("trim index log: %w", err)
	}
	return through, nil
}

// DocumentsForIndex returns the documents of ids that exist, and which of
// them are current (no newer version of theirs is ready), for the index's
// follower, which reads a document's state when it applies a change to it.
func (s *Store) DocumentsForIndex(ctx context.Context, ids []string) (map[string]Document, map[string]bool, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+documentColumns+` FROM documents d JOIN users u ON u.id = d.uploaded_by
		WHERE d.id = ANY(portal_uuids($1))`, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("read documents to index: %w", err)
	}
	docs, err := collectDocuments(rows)
	if err != nil {
		return nil, nil, err
	}
	byID := map[string]Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	rows, err = s.pool.Query(ctx, `SELECT d.id::text FROM documents d WHERE d.id = ANY(portal_uuids($1)) AND `+currentVersion, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("read current documents to index: %w", err)
	}
	defer rows.Close()
	current := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, nil, fmt.Errorf("scan document id: %w", err)
		}
		current[id] = true
	}
	return byID, current, rows.Err()
}

// PagesByLA is, per council, the pages of its ready current documents,
// and the councils with a document being indexed (whose count is not
// settled), with the log's head in the same snapshot: the periodic check
// compares them with each shard's page count once the node has applied
// that head.
func (s *Store) PagesByLA(ctx context.Context) (pages map[string]int64, unsettled map[string]bool, head int64, err error) {
	pages, unsettled = map[string]int64{}, map[string]bool{}
	err = pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT d.la_code, coalesce(sum(d.pages) FILTER (WHERE d.status = 'ready'), 0)::bigint,
				bool_or(d.status = 'indexing')
			FROM documents d WHERE d.status IN ('ready', 'indexing') AND d.pages > 0 AND `+currentVersion+` GROUP BY d.la_code`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var la string
			var n int64
			var busy bool
			if err := rows.Scan(&la, &n, &busy); err != nil {
				return err
			}
			pages[la] = n
			if busy {
				unsettled[la] = true
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT greatest(t.trimmed_through, coalesce((SELECT max(seq) FROM index_changes), 0))
			FROM index_log_trim t`).Scan(&head)
	})
	if err != nil {
		return nil, nil, 0, fmt.Errorf("count pages by council: %w", err)
	}
	return pages, unsettled, head, nil
}

// ListenIndexLog calls wake (which must not block) whenever rows are added
// to the log, on a connection of its own, until ctx ends; it reconnects
// after an error. A wake-up may be missed while it reconnects: the
// follower also polls.
func (s *Store) ListenIndexLog(ctx context.Context, wake func()) {
	for ctx.Err() == nil {
		conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
		if err == nil {
			if _, err = conn.Exec(ctx, `LISTEN `+IndexLogChannel); err == nil {
				wake() // changes may have come while it was not listening
				for err == nil {
					_, err = conn.WaitForNotification(ctx)
					if err == nil {
						wake()
					}
				}
			}
			conn.Close(context.Background())
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// DeleteIndexNode forgets a node's position (a rebuild's, once its
// generation is served).
func (s *Store) DeleteIndexNode(ctx context.Context, node string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM index_nodes WHERE node = $1`, node); err != nil {
		return fmt.Errorf("forget index position of %s: %w", node, err)
	}
	return nil
}
