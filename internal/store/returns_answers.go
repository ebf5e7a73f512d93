package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/assessment"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/jackc/pgx/v5"
)

// ReturnItem is one item of a return with its answer, if any.
type ReturnItem struct {
	ID         int64
	Position   int
	Key        string
	Part       string
	Title      string
	Wanted     string
	QS         []string
	Categories []string
	Kind       string
	Columns    []string
	Required   bool
	Personal   bool
	Source     string
	DueOn      *time.Time
	// Answer is nil until someone answers or gives a reason.
	Answer *ItemAnswer
}

// ItemAnswer is the council's answer to an item: who gave it and when.
type ItemAnswer struct {
	// Answered is false when only a reason for not answering was given.
	Answered   bool
	Link       string
	Text       string
	Rows       [][]string
	Citations  []ReturnCitation
	Reason     string
	Version    int
	AnsweredBy string
	AnsweredAt time.Time
}

// ReturnCitation is one cited document version, as it is now: a newer
// version or a withdrawal never changes what the answer points to.
type ReturnCitation struct {
	DocumentID string
	Title      string
	// Pages is how many pages the cited document has.
	Pages   int
	Page    int
	Section string
	SHA256  string
	Status  document.Status
	// Newer is the id of a ready newer version, "" when there is none.
	Newer string
}

// ReturnItems lists the items of a return within scope in order, with
// their answers. Answers to personal items are left out (Answer nil, and
// hidden reports it) unless personal is true: the caller decides, with
// assessment.ReturnOffers, whether the person may see them.
func (s *Store) ReturnItems(ctx context.Context, scope authz.Scope, id int64, personal bool) ([]ReturnItem, error) {
	items, err := s.returnItems(ctx, scope, id, 0, personal)
	if err != nil {
		return nil, fmt.Errorf("list items of return %d: %w", id, err)
	}
	return items, nil
}

// ReturnItem is one item of a return within scope, as ReturnItems gives
// it: ErrNotFound when it is not an item of that return.
func (s *Store) ReturnItem(ctx context.Context, scope authz.Scope, id, item int64, personal bool) (ReturnItem, error) {
	items, err := s.returnItems(ctx, scope, id, item, personal)
	if err == nil && len(items) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return ReturnItem{}, fmt.Errorf("get item %d of return %d: %w", item, id, err)
	}
	return items[0], nil
}

// returnItems reads the items of a return (only the one with id item,
// when it is not 0) and then their citations in a second query: two
// queries whatever the size of the return (200 items citing 2,000
// documents), each citation a plain row rather than JSON to decode.
func (s *Store) returnItems(ctx context.Context, scope authz.Scope, id, item int64, personal bool) ([]ReturnItem, error) {
	all, codes := scopeArgs(scope)
	rows, err := s.pool.Query(ctx, `SELECT i.id, i.position, i.key, i.part, i.title, i.wanted, i.qs, i.categories, i.kind,
			i.columns, i.required, i.personal, i.source, i.due_on,
			ans.item_id IS NOT NULL AND ($3 OR NOT i.personal), coalesce(ans.answered, false), coalesce(ans.link, ''),
			coalesce(ans.body, ''), coalesce(ans.table_rows, '[]'), coalesce(ans.reason, ''), coalesce(ans.version, 0),
			coalesce(ans.answered_by, ''), coalesce(ans.answered_at, 'epoch')
		FROM return_items i JOIN info_returns r ON r.id = i.return_id
			LEFT JOIN return_answers ans ON ans.item_id = i.id
		WHERE i.return_id = $4 AND ($1 OR r.la_code = ANY($2)) AND ($5 = 0 OR i.id = $5)
		ORDER BY i.position, i.id`, all, codes, personal, id, item)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReturnItem
	byID := map[int64]*ItemAnswer{}
	for rows.Next() {
		var it ReturnItem
		var has bool
		var ans ItemAnswer
		var table []byte
		if err := rows.Scan(&it.ID, &it.Position, &it.Key, &it.Part, &it.Title, &it.Wanted, &it.QS, &it.Categories, &it.Kind,
			&it.Columns, &it.Required, &it.Personal, &it.Source, &it.DueOn, &has, &ans.Answered, &ans.Link, &ans.Text, &table,
			&ans.Reason, &ans.Version, &ans.AnsweredBy, &ans.AnsweredAt); err != nil {
			return nil, fmt.Errorf("scan item: %w", err)
		}
		if has {
			if err := json.Unmarshal(table, &ans.Rows); err != nil {
				return nil, fmt.Errorf("decode table of item %d: %w", it.ID, err)
			}
			it.Answer = &ans
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		if out[i].Answer != nil {
			byID[out[i].ID] = out[i].Answer
		}
	}
	if len(byID) == 0 {
		return out, nil
	}
	// The citations of the answers just read (none of an answer left out
	// as personal); the newest ready newer version of each cited document.
	rows, err = s.pool.Query(ctx, `SELECT c.item_id, c.document_id::text, d.title, d.pages, c.page, c.section, c.sha256, d.status,
			coalesce(n.id::text, '')
		FROM return_citations c JOIN return_items i ON i.id = c.item_id JOIN info_returns r ON r.id = i.return_id
			JOIN documents d ON d.id = c.document_id
			LEFT JOIN LATERAL (SELECT n.id FROM documents n WHERE n.replaces = d.id AND n.status = 'ready'
				ORDER BY n.uploaded_at DESC LIMIT 1) n ON true
		WHERE i.return_id = $3 AND ($1 OR r.la_code = ANY($2)) AND ($4 = 0 OR i.id = $4)
		ORDER BY c.item_id, c.position`, all, codes, id, item)
	if err != nil {
		return nil, fmt.Errorf("list citations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var itemID int64
		var c ReturnCitation
		if err := rows.Scan(&itemID, &c.DocumentID, &c.Title, &c.Pages, &c.Page, &c.Section, &c.SHA256, &c.Status, &c.Newer); err != nil {
			return nil, fmt.Errorf("scan citation: %w", err)
		}
		if a := byID[itemID]; a != nil {
			a.Citations = append(a.Citations, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list citations: %w", err)
	}
	return out, nil
}

// Facts are what the rules of internal/assessment work from, item by item.
func Facts(items []ReturnItem) []assessment.ItemFacts {
	out := make([]assessment.ItemFacts, len(items))
	for i, it := range items {
		f := assessment.ItemFacts{Part: it.Part, QS: it.QS, Required: it.Required, Due: it.DueOn}
		if it.Answer != nil {
			f.Answered, f.Reason = it.Answer.Answered, it.Answer.Reason
		}
		out[i] = f
	}
	return out
}

// ErrStale means the answer changed since the form was loaded: someone
// else saved it first.
var ErrStale = errors.New("answer changed since it was loaded")

// AnswerInput is one answer to save, already checked by
// assessment.CheckAnswer.
type AnswerInput struct {
	Return, Item int64
	Answer       assessment.Answer
	// Version is the answer's version the form was loaded with, 0 for none.
	Version int
	By      string
}

// AnswerItem saves the answer to an item of an issued return within
// scope, replacing any earlier one: ErrNotFound when the item is not of
// that return, ErrWrongState unless the return is issued (not yet
// submitted), ErrStale when someone saved it since Version, ErrBadCitation
// when a cited document is not a read document of the council or a page
// is past its end. Kind mismatches are refused too (ErrBadKind).
func (s *Store) AnswerItem(ctx context.Context, scope authz.Scope, in AnswerInput, a AuditEntry) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := lockReturn(ctx, tx, scope, in.Return)
		if err != nil {
			return err
		}
		if r.State != assessment.ReturnIssued {
			return ErrWrongState
		}
		var kind string
		var personal bool
		var version int
		if err := tx.QueryRow(ctx, `SELECT i.kind, i.personal, coalesce(ans.version, 0) FROM return_items i
			LEFT JOIN return_answers ans ON ans.item_id = i.id WHERE i.id = $1 AND i.return_id = $2`, in.Item, in.Return).
			Scan(&kind, &personal, &version); err != nil {
			return notFound(err)
		}
		if kind != in.Answer.Kind {
			return ErrBadKind
		}
		if version != in.Version {
			return ErrStale
		}
		rows := in.Answer.Rows
		if rows == nil {
			rows = [][]string{}
		}
		table, err := json.Marshal(rows)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO return_answers (item_id, la_code, link, body, table_rows, answered, reason, answered_by)
			VALUES ($1, $2, $3, $4, $5, true, '', $6)
			ON CONFLICT (item_id) DO UPDATE SET link = EXCLUDED.link, body = EXCLUDED.body, table_rows = EXCLUDED.table_rows,
				answered = true, reason = '', version = return_answers.version + 1, answered_by = EXCLUDED.answered_by,
				answered_at = now()`, in.Item, r.LA, in.Answer.Link, in.Answer.Text, table, in.By); err != nil {
			return err
		}
		if err := saveReturnCitations(ctx, tx, r.LA, in.Item, in.Answer.Citations); err != nil {
			return err
		}
		a.LA, a.ObjectType, a.ObjectID = r.LA, "return", fmt.Sprint(in.Return)
		a.Detail = map[string]string{"item": fmt.Sprint(in.Item), "kind": kind, "citations": fmt.Sprint(len(in.Answer.Citations))}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("answer item %d of return %d: %w", in.Item, in.Return, err)
	}
	return nil
}

// ErrBadKind means an answer of another kind than the item asks for.
var ErrBadKind = errors.New("answer of the wrong kind")

// saveReturnCitations replaces an answer's citations, each only if it is a
// read document of the council and the page is within it; the document's
// hash is recorded with it.
func saveReturnCitations(ctx context.Context, tx pgx.Tx, la string, item int64, cites []assessment.Citation) error {
	if _, err := tx.Exec(ctx, `DELETE FROM return_citations WHERE item_id = $1`, item); err != nil {
		return err
	}
	for i, c := range cites {
		var ok bool
		err := tx.QueryRow(ctx, `INSERT INTO return_citations (item_id, position, document_id, sha256, page, section)
			SELECT $1, $2, d.id, d.sha256, $4, $5 FROM documents d
			WHERE d.id = portal_uuid($3) AND d.la_code = $6 AND d.status IN `+citableStatuses+`
				AND $4 >= 0 AND $4 <= greatest(d.pages, 1)
			RETURNING true`, item, i+1, c.DocumentID, c.Page, c.Section, la).Scan(&ok)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrBadCitation
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ErrIncomplete means a required item has neither an answer nor a reason;
// IncompleteError says which.
var ErrIncomplete = errors.New("return incomplete")

// IncompleteError names the required items still missing.
type IncompleteError struct{ Items []int64 }

func (e *IncompleteError) Error() string {
	return fmt.Sprintf("%d required items not answered", len(e.Items))
}

// Unwrap makes an IncompleteError an ErrIncomplete.
func (e *IncompleteError) Unwrap() error { return ErrIncomplete }

// SubmitReturn submits an issued return within scope, with reasons (by
// item id, already checked) for the required items not answered: an
// IncompleteError when any required item has neither, ErrWrongState unless
// the return is issued (so submitting twice is refused). From then on the
// return and its citations are frozen.
func (s *Store) SubmitReturn(ctx context.Context, scope authz.Scope, id int64, reasons map[int64]string, by string, a AuditEntry) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := lockReturn(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if r.State != assessment.ReturnIssued {
			return ErrWrongState
		}
		for item, reason := range reasons {
			if reason == "" {
				continue
			}
			// Only a required item without an answer takes a reason.
			if _, err := tx.Exec(ctx, `INSERT INTO return_answers (item_id, la_code, answered, reason, answered_by)
				SELECT i.id, $3, false, $4, $5 FROM return_items i WHERE i.id = $1 AND i.return_id = $2 AND i.required
				ON CONFLICT (item_id) DO UPDATE SET reason = EXCLUDED.reason WHERE NOT return_answers.answered`,
				item, id, r.LA, reason, by); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, `SELECT i.id FROM return_items i
			LEFT JOIN return_answers ans ON ans.item_id = i.id
			WHERE i.return_id = $1 AND i.required AND NOT coalesce(ans.answered OR ans.reason <> '', false)
			ORDER BY i.position`, id)
		if err != nil {
			return err
		}
		missing, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		if len(missing) > 0 {
			return &IncompleteError{Items: missing}
		}
		var aid int64
		if err := tx.QueryRow(ctx, `UPDATE info_returns SET state = 'submitted', submitted_by = $2, submitted_at = now()
			WHERE id = $1 RETURNING assessment_id`, id, by).Scan(&aid); err != nil {
			return err
		}
		a.LA, a.ObjectType, a.ObjectID = r.LA, "return", fmt.Sprint(id)
		if err := insertAudit(ctx, tx, a); err != nil {
			return err
		}
		return notifyInspectors(ctx, tx, aid, r.LA, fmt.Sprintf("return:%d:submitted", id), "The council has submitted its information return",
			fmt.Sprintf("/assessments/%d/return", aid))
	})
	if err != nil {
		return fmt.Errorf("submit return %d: %w", id, err)
	}
	return nil
}
