package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrDuplicate means the council already has a document with the same
// content; DuplicateError says which.
var ErrDuplicate = errors.New("duplicate document")

// DuplicateError names the document a duplicate upload matches.
type DuplicateError struct{ Existing Document }

func (e *DuplicateError) Error() string { return "duplicate of document " + e.Existing.ID }

// Unwrap makes a DuplicateError an ErrDuplicate.
func (e *DuplicateError) Unwrap() error { return ErrDuplicate }

// Document is one piece of evidence.
type Document struct {
	ID            string
	LA            string
	Title         string
	Type          string
	Period        string
	QSHint        string
	CategoryHint  string
	Description   string
	Filename      string
	Kind          string
	ContentType   string
	Size          int64
	SHA256        string
	ObjectKey     string
	Status        document.Status
	StatusReason  string
	Pages         int
	UploadedBy    int64
	UploaderEmail string
	UploadedAt    time.Time
	UpdatedAt     time.Time
	Replaces      string
	// TypeFrom and PeriodFrom say where the type and period came from:
	// a person, or a guess (documents_details.go).
	TypeFrom, PeriodFrom Source
}

const documentColumns = `d.id, d.la_code, d.title, d.doc_type, d.period, d.qs_hint, d.category_hint, d.description,
	d.filename, d.kind, d.content_type, d.size, d.sha256, d.object_key, d.status, d.status_reason, d.pages,
	d.uploaded_by, u.email, d.uploaded_at, d.updated_at, coalesce(d.replaces::text, ''), d.type_from, d.period_from`

func scanDocument(row pgx.Row) (Document, error) {
	var d Document
	err := row.Scan(&d.ID, &d.LA, &d.Title, &d.Type, &d.Period, &d.QSHint, &d.CategoryHint, &d.Description,
		&d.Filename, &d.Kind, &d.ContentType, &d.Size, &d.SHA256, &d.ObjectKey, &d.Status, &d.StatusReason, &d.Pages,
		&d.UploadedBy, &d.UploaderEmail, &d.UploadedAt, &d.UpdatedAt, &d.Replaces, &d.TypeFrom, &d.PeriodFrom)
	return d, err
}

// CreateDocument records a new document, its audit entry and its first
// jobs in one transaction: either all of them exist afterwards or none.
// The same content already in the council gives a DuplicateError.
func (s *Store) CreateDocument(ctx context.Context, d Document, a AuditEntry, jobs ...Job) error {
	var replaces *string
	if d.Replaces != "" {
		replaces = &d.Replaces
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO documents (id, la_code, title, doc_type, period, qs_hint, category_hint,
				description, filename, kind, content_type, size, sha256, object_key, status, uploaded_by, replaces,
				type_from, period_from)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
			d.ID, d.LA, d.Title, d.Type, d.Period, d.QSHint, d.CategoryHint, d.Description, d.Filename, d.Kind,
			d.ContentType, d.Size, d.SHA256, d.ObjectKey, d.Status, d.UploadedBy, replaces,
			d.TypeFrom.orPerson(), d.PeriodFrom.orPerson())
		if err != nil {
			return err
		}
		if err := insertAudit(ctx, tx, a); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, jobs)
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "documents_la_sha256" {
		existing, ferr := s.documentBySHA256(ctx, d.LA, d.SHA256)
		if ferr != nil {
			return fmt.Errorf("create document: %w", ErrDuplicate)
		}
		return &DuplicateError{Existing: existing}
	}
	if err != nil {
		return fmt.Errorf("create document %s: %w", d.ID, err)
	}
	return nil
}

func (s *Store) documentBySHA256(ctx context.Context, la, sha string) (Document, error) {
	d, err := scanDocument(s.pool.QueryRow(ctx, `SELECT `+documentColumns+` FROM documents d JOIN users u ON u.id = d.uploaded_by
		WHERE d.la_code = $1 AND d.sha256 = $2 AND d.status NOT IN ('withdrawn', 'rejected')`, la, sha))
	if err != nil {
		return Document{}, fmt.Errorf("find document by content: %w", notFound(err))
	}
	return d, nil
}

// Document returns one document within scope; another council's id is
// ErrNotFound, exactly as a missing one.
func (s *Store) Document(ctx context.Context, scope authz.Scope, id string) (Document, error) {
	all, codes := scopeArgs(scope)
	d, err := scanDocument(s.pool.QueryRow(ctx, `SELECT `+documentColumns+` FROM documents d JOIN users u ON u.id = d.uploaded_by
		WHERE d.id = portal_uuid($3) AND ($1 OR d.la_code = ANY($2))`, all, codes, id))
	if err != nil {
		return Document{}, fmt.Errorf("get document %s: %w", id, notFound(err))
	}
	return d, nil
}

// DocumentFilter narrows a list of documents.
type DocumentFilter struct {
	LA     string
	Status document.Status
	Type   string
	// IDs, when not empty, keeps only these documents.
	IDs   []string
	Limit int
	// Offset skips that many of the documents, for a later page of a list.
	Offset int
}

// Documents lists documents within scope, newest first.
func (s *Store) Documents(ctx context.Context, scope authz.Scope, f DocumentFilter) ([]Document, error) {
	all, codes := scopeArgs(scope)
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	rows, err := s.pool.Query(ctx, `SELECT `+documentColumns+` FROM documents d JOIN users u ON u.id = d.uploaded_by
		WHERE ($1 OR d.la_code = ANY($2)) AND ($3 = '' OR d.la_code = $3) AND ($4 = '' OR d.status = $4)
			AND ($5 = '' OR d.doc_type = $5) AND (coalesce(cardinality($7::text[]), 0) = 0 OR d.id = ANY(portal_uuids($7)))
		ORDER BY d.uploaded_at DESC, d.id LIMIT $6 OFFSET $8`, all, codes, f.LA, f.Status, f.Type, f.Limit, f.IDs, max(f.Offset, 0))
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	out, err := collectDocuments(rows)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	return out, nil
}

// CountDocuments counts the documents within scope that Documents would
// list with f over all its pages (f's Limit and Offset aside).
func (s *Store) CountDocuments(ctx context.Context, scope authz.Scope, f DocumentFilter) (int, error) {
	all, codes := scopeArgs(scope)
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM documents d
		WHERE ($1 OR d.la_code = ANY($2)) AND ($3 = '' OR d.la_code = $3) AND ($4 = '' OR d.status = $4)
			AND ($5 = '' OR d.doc_type = $5) AND (coalesce(cardinality($6::text[]), 0) = 0 OR d.id = ANY(portal_uuids($6)))`,
		all, codes, f.LA, f.Status, f.Type, f.IDs).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count documents: %w", err)
	}
	return n, nil
}

// collectDocuments reads every row of a documentColumns query; no row is
// nil, as the loops it replaced returned.
func collectDocuments(rows pgx.Rows) ([]Document, error) {
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Document, error) { return scanDocument(r) })
	if len(out) == 0 {
		out = nil
	}
	return out, err
}

// currentVersion holds for a document d that no ready newer version
// replaces: what search holds and rebuilds from.
const currentVersion = `NOT EXISTS (SELECT 1 FROM documents n WHERE n.replaces = d.id AND n.status = 'ready')`

// Transition is a conditional status change made by a pipeline stage.
type Transition struct {
	ID     string
	From   []document.Status // the change happens only from one of these
	To     document.Status
	Reason string
	Pages  int // set when positive
	Jobs   []Job
	// Changes go to the search index's change log when the move happens,
	// as the transaction's last write.
	Changes []Change
}

// MoveDocument changes a document's status when it is in one of t.From,
// and enqueues t.Jobs in the same transaction. It reports whether the
// change happened: a stage retried after a crash finds the move done and
// does nothing twice.
func (s *Store) MoveDocument(ctx context.Context, t Transition) (bool, error) {
	moved := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		moved, err = s.moveTx(ctx, tx, t)
		if err != nil || !moved {
			return err
		}
		return appendIndexChanges(ctx, tx, t.Changes)
	})
	if err != nil {
		return false, err
	}
	return moved, nil
}

// moveTx is MoveDocument within a transaction that writes more; the
// caller appends t.Changes at its end when it moved.
func (s *Store) moveTx(ctx context.Context, tx pgx.Tx, t Transition) (bool, error) {
	tag, err := tx.Exec(ctx, `UPDATE documents SET status = $2, status_reason = $3,
			pages = CASE WHEN $4 > 0 THEN $4 ELSE pages END, updated_at = now()
		WHERE id = portal_uuid($1) AND status = ANY($5)`, t.ID, t.To, t.Reason, t.Pages, t.From)
	if err != nil {
		return false, fmt.Errorf("move document %s to %s: %w", t.ID, t.To, err)
	}
	if tag.RowsAffected() == 0 {
		return false, nil
	}
	if err := s.enqueue(ctx, tx, t.Jobs); err != nil {
		return false, fmt.Errorf("move document %s to %s: %w", t.ID, t.To, err)
	}
	return true, nil
}

// DocumentForWork returns a document whatever its council, for pipeline
// workers, which act for the system rather than for a person.
func (s *Store) DocumentForWork(ctx context.Context, id string) (Document, error) {
	return s.Document(ctx, authz.AllLAs(), id)
}

// ExistingDocuments says which of ids are documents, for the sweeper that
// removes stored objects belonging to no document.
func (s *Store) ExistingDocuments(ctx context.Context, ids []string) (map[string]bool, error) {
	rows, err := s.pool.Query(ctx, `SELECT id::text FROM documents WHERE id = ANY(portal_uuids($1))`, ids)
	if err != nil {
		return nil, fmt.Errorf("find documents: %w", err)
	}
	defer rows.Close()
	found := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan document id: %w", err)
		}
		found[id] = true
	}
	return found, rows.Err()
}

// DocumentIDs lists the ids of every current document in a status, whatever
// its council, for system work such as rebuilding the index: a document
// with a newer version that is ready is not current.
func (s *Store) DocumentIDs(ctx context.Context, status document.Status) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT d.id::text FROM documents d WHERE d.status = $1 AND `+currentVersion+`
		ORDER BY d.uploaded_at`, status)
	if err != nil {
		return nil, fmt.Errorf("list %s documents: %w", status, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if len(ids) == 0 {
		ids = nil
	}
	return ids, err
}
