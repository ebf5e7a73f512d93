package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Reminders writes the "due soon" and "overdue" notifications of issued
// returns and open further requests, across every council: due soon when
// due on a day from today up to soon (the third working day from today),
// overdue when due before today. Each is an event of its own (its key), so
// a person is reminded once of each however often this runs, on whichever
// node. It says how many notifications it wrote.
func (s *Store) Reminders(ctx context.Context, today, soon time.Time) (int64, error) {
	var n int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, q := range reminderSQL {
			args := []any{today}
			if q.soon {
				args = append(args, soon)
			}
			tag, err := tx.Exec(ctx, q.sql, args...)
			if err != nil {
				return err
			}
			n += tag.RowsAffected()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("write reminders: %w", err)
	}
	return n, nil
}

// The council is told through everyone of it who has signed in; the
// inspectors hear of what is overdue. A published assessment needs no
// reminders. Messages say what is due and when, never evidence content.
var reminderSQL = []struct {
	soon bool
	sql  string
}{
	{true, `INSERT INTO notifications (recipient, la_code, event_key, message, href)
	SELECT DISTINCT lower(u.email), r.la_code, 'return:' || r.id || ':due-soon',
		'Your council''s information return is due on ' || trim(to_char(r.due_on, 'FMDD FMMonth YYYY')),
		'/assessments/' || r.assessment_id || '/return'
	FROM info_returns r JOIN assessments a ON a.id = r.assessment_id JOIN users u ON u.la_code = r.la_code
	WHERE r.state = 'issued' AND a.state <> 'published' AND r.due_on BETWEEN $1 AND $2 AND u.email LIKE '%@%'
	ON CONFLICT (recipient, event_key) DO NOTHING`},
	{false, `INSERT INTO notifications (recipient, la_code, event_key, message, href)
	SELECT DISTINCT lower(u.email), r.la_code, 'return:' || r.id || ':overdue',
		'Your council''s information return was due on ' || trim(to_char(r.due_on, 'FMDD FMMonth YYYY')) || ' and is overdue',
		'/assessments/' || r.assessment_id || '/return'
	FROM info_returns r JOIN assessments a ON a.id = r.assessment_id JOIN users u ON u.la_code = r.la_code
	WHERE r.state = 'issued' AND a.state <> 'published' AND r.due_on < $1 AND u.email LIKE '%@%'
	ON CONFLICT (recipient, event_key) DO NOTHING`},
	{false, `INSERT INTO notifications (recipient, la_code, event_key, message, href)
	SELECT i.email, r.la_code, 'return:' || r.id || ':overdue',
		'The information return of ' || l.name || ' was due on ' || trim(to_char(r.due_on, 'FMDD FMMonth YYYY')) || ' and is overdue',
		'/assessments/' || r.assessment_id || '/return'
	FROM info_returns r JOIN assessments a ON a.id = r.assessment_id JOIN las l ON l.code = r.la_code
		JOIN assessment_inspectors i ON i.assessment_id = r.assessment_id
	WHERE r.state = 'issued' AND a.state <> 'published' AND r.due_on < $1
	ON CONFLICT (recipient, event_key) DO NOTHING`},
	{true, `INSERT INTO notifications (recipient, la_code, event_key, message, href)
	SELECT DISTINCT lower(u.email), q.la_code, 'request:' || q.id || ':due-soon',
		'A further evidence request from CQC is due on ' || trim(to_char(q.due_on, 'FMDD FMMonth YYYY')),
		'/assessments/' || q.assessment_id || '/requests/' || q.id
	FROM evidence_requests q JOIN assessments a ON a.id = q.assessment_id JOIN users u ON u.la_code = q.la_code
	WHERE q.state = 'open' AND a.state <> 'published' AND q.due_on BETWEEN $1 AND $2 AND u.email LIKE '%@%'
	ON CONFLICT (recipient, event_key) DO NOTHING`},
	{false, `INSERT INTO notifications (recipient, la_code, event_key, message, href)
	SELECT DISTINCT lower(u.email), q.la_code, 'request:' || q.id || ':overdue',
		'A further evidence request from CQC was due on ' || trim(to_char(q.due_on, 'FMDD FMMonth YYYY')) || ' and is overdue',
		'/assessments/' || q.assessment_id || '/requests/' || q.id
	FROM evidence_requests q JOIN assessments a ON a.id = q.assessment_id JOIN users u ON u.la_code = q.la_code
	WHERE q.state = 'open' AND a.state <> 'published' AND q.due_on < $1 AND u.email LIKE '%@%'
	ON CONFLICT (recipient, event_key) DO NOTHING`},
	{false, `INSERT INTO notifications (recipient, la_code, event_key, message, href)
	SELECT i.email, q.la_code, 'request:' || q.id || ':overdue',
		'A further evidence request to ' || l.name || ' was due on ' || trim(to_char(q.due_on, 'FMDD FMMonth YYYY')) || ' and is overdue',
		'/assessments/' || q.assessment_id || '/requests/' || q.id
	FROM evidence_requests q JOIN assessments a ON a.id = q.assessment_id JOIN las l ON l.code = q.la_code
		JOIN assessment_inspectors i ON i.assessment_id = q.assessment_id
	WHERE q.state = 'open' AND a.state <> 'published' AND q.due_on < $1
	ON CONFLICT (recipient, event_key) DO NOTHING`},
}

// Outgoing is a notification to be emailed.
type Outgoing struct {
	ID        int64
	Recipient string
	Message   string
	Href      string
}

// MaxEmailAge is how old a notification may be and still be emailed: one
// written while email was off is not sent days later when it is turned on.
const MaxEmailAge = 7 * 24 * time.Hour

// EmailNotifications claims up to limit notifications not yet emailed and
// hands each to send, in one transaction that holds their rows (FOR UPDATE
// SKIP LOCKED: another node running at once takes other rows, so none is
// sent twice). Each one sent is marked emailed; so is one send refused for
// good (permanent says so), which is logged by the caller and not tried
// again. The first other failure stops the batch: what was sent stays
// marked, the rest waits for the next run, and the error is returned.
func (s *Store) EmailNotifications(ctx context.Context, limit int, send func(Outgoing) error, permanent func(error) bool) (int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("email notifications: %w", err)
	}
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, `SELECT id, recipient, message, href FROM notifications
		WHERE emailed_at IS NULL AND created_at > $2
		ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`, limit, time.Now().Add(-MaxEmailAge))
	if err != nil {
		return 0, fmt.Errorf("claim notifications to email: %w", err)
	}
	batch, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Outgoing, error) {
		var o Outgoing
		err := r.Scan(&o.ID, &o.Recipient, &o.Message, &o.Href)
		return o, err
	})
	if err != nil {
		return 0, fmt.Errorf("claim notifications to email: %w", err)
	}
	sent := 0
	var sendErr error
	for _, o := range batch {
		if err := send(o); err != nil && !permanent(err) {
			sendErr = fmt.Errorf("email notification %d: %w", o.ID, err)
			break
		}
		if _, err := tx.Exec(ctx, `UPDATE notifications SET emailed_at = now() WHERE id = $1`, o.ID); err != nil {
			return 0, fmt.Errorf("mark notification %d emailed: %w", o.ID, err)
		}
		sent++
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("mark notifications emailed: %w", err)
	}
	return sent, sendErr
}

// PersonalDeletion is one return whose personal data answers were deleted.
type PersonalDeletion struct {
	Return, Assessment int64
	LA                 string
	Answers            int64
}

// DeletePersonalAnswers empties the answers to personal items (contacts,
// case lists: their link, text, table and citations) of up to limit
// returns whose assessment was published before publishedBefore, marks
// each return's personal_deleted_at and audits it, one transaction per
// return. Rows are claimed with SKIP LOCKED, so two nodes at once delete
// each return once.
func (s *Store) DeletePersonalAnswers(ctx context.Context, publishedBefore time.Time, limit int) ([]PersonalDeletion, error) {
	var out []PersonalDeletion
	for len(out) < limit {
		var d PersonalDeletion
		err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if err := tx.QueryRow(ctx, `SELECT r.id, r.assessment_id, r.la_code FROM info_returns r
				JOIN assessments a ON a.id = r.assessment_id
				WHERE a.state = 'published' AND a.published_at < $1 AND r.personal_deleted_at IS NULL
				ORDER BY r.id LIMIT 1 FOR UPDATE OF r SKIP LOCKED`, publishedBefore).Scan(&d.Return, &d.Assessment, &d.LA); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM return_citations c USING return_items i
				WHERE c.item_id = i.id AND i.return_id = $1 AND i.personal`, d.Return); err != nil {
				return err
			}
			tag, err := tx.Exec(ctx, `UPDATE return_answers ans SET link = '', body = '', table_rows = '[]'
				FROM return_items i WHERE i.id = ans.item_id AND i.return_id = $1 AND i.personal`, d.Return)
			if err != nil {
				return err
			}
			d.Answers = tag.RowsAffected()
			if _, err := tx.Exec(ctx, `UPDATE info_returns SET personal_deleted_at = now() WHERE id = $1`, d.Return); err != nil {
				return err
			}
			return insertAudit(ctx, tx, AuditEntry{ActorEmail: "system", Action: "return_personal_data_deleted",
				ObjectType: "return", ObjectID: fmt.Sprint(d.Return), LA: d.LA,
				Detail: map[string]string{"assessment": fmt.Sprint(d.Assessment), "answers": fmt.Sprint(d.Answers)}})
		})
		if errors.Is(err, pgx.ErrNoRows) {
			break
		}
		if err != nil {
			return out, fmt.Errorf("delete personal data answers: %w", err)
		}
		out = append(out, d)
	}
	return out, nil
}
