package store

import (
	"context"
	"fmt"

	"github.com/evidenceportal/portal/internal/authz"
	"github.com/jackc/pgx/v5"
)

// Source is where a document's type or period came from.
type Source string

// The sources of a type or period. Only a guess, or nothing, is replaced by
// a later guess: a person's choice never is.
const (
	FromPerson Source = "person" // the uploader chose it
	FromNone   Source = "none"   // left empty at upload, nothing guessed yet
	FromName   Source = "name"   // guessed from the file name
	FromText   Source = "text"   // guessed from the text once read
)

// Guessed reports whether the value is a guess that a later guess may
// replace (or nothing yet).
func (s Source) Guessed() bool { return s == FromNone || s == FromName || s == FromText }

func (s Source) orPerson() Source {
	if s == "" {
		return FromPerson
	}
	return s
}

// DocumentDetails are what an uploader says about one file: set per file
// after an upload of several.
type DocumentDetails struct {
	Title, Type, Period, Description string
}

// SetDocumentDetails changes the details of a document that uploader
// uploaded, within scope, with its audit entry, and makes reindex (a move
// from ready back to indexing, with its job) in the same transaction so
// that search shows the new title and type; a document still in the
// pipeline is indexed with them anyway, unless its indexing had already
// read the old ones. Someone else's document, another council's, a
// withdrawn or a rejected one is ErrNotFound.
func (s *Store) SetDocumentDetails(ctx context.Context, scope authz.Scope, id string, uploader int64, d DocumentDetails, a AuditEntry, reindex Transition) error {
	all, codes := scopeArgs(scope)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// What the person saves is theirs, except a type or period still
		// as the upload left it when nothing was guessed ("other", or no
		// period): that stays open to a guess from the text.
		tag, err := tx.Exec(ctx, `UPDATE documents SET title = $4, doc_type = $5, period = $6, description = $7, updated_at = now(),
				type_from = CASE WHEN type_from = 'none' AND doc_type = $5 THEN 'none' ELSE 'person' END,
				period_from = CASE WHEN period_from = 'none' AND period = $6 THEN 'none' ELSE 'person' END
			WHERE id = portal_uuid($3) AND ($1 OR la_code = ANY($2)) AND uploaded_by = $8 AND status NOT IN ('withdrawn', 'rejected')`,
			all, codes, id, d.Title, d.Type, d.Period, d.Description, uploader)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		if err := insertAudit(ctx, tx, a); err != nil {
			return err
		}
		_, err = s.moveTx(ctx, tx, reindex)
		return err
	})
	if err != nil {
		return fmt.Errorf("set details of document %s: %w", id, err)
	}
	return nil
}

// TextGuess is what the first pages of a document's text suggest about
// it; "" where they suggest nothing.
type TextGuess struct {
	Type, Period string
}

// SetGuessedDetails fills a document still being read (extracting) with
// what its text suggests: the type and the period each only where no person
// chose it (its source is not FromPerson) and the guess differs, checked in
// the update itself so that a person's save in between wins. The fields
// changed become FromText and are named in a's detail, appended to the
// audit log in the same transaction; none changed, no entry.
func (s *Store) SetGuessedDetails(ctx context.Context, id string, g TextGuess, a AuditEntry) (changed []string, err error) {
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		changed = nil
		var oldType, oldPeriod string
		var typeFrom, periodFrom Source
		if err := tx.QueryRow(ctx, `SELECT doc_type, period, type_from, period_from FROM documents
			WHERE id = portal_uuid($1) AND status = 'extracting' FOR UPDATE`, id).Scan(&oldType, &oldPeriod, &typeFrom, &periodFrom); err != nil {
			return notFound(err)
		}
		setType := g.Type != "" && g.Type != oldType && typeFrom.Guessed()
		setPeriod := g.Period != "" && g.Period != oldPeriod && periodFrom.Guessed()
		if !setType && !setPeriod {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE documents SET
				doc_type = CASE WHEN $2 THEN $3 ELSE doc_type END, type_from = CASE WHEN $2 THEN 'text' ELSE type_from END,
				period = CASE WHEN $4 THEN $5 ELSE period END, period_from = CASE WHEN $4 THEN 'text' ELSE period_from END,
				updated_at = now()
			WHERE id = portal_uuid($1)`, id, setType, g.Type, setPeriod, g.Period); err != nil {
			return err
		}
		a.Detail = map[string]string{}
		if setType {
			changed = append(changed, "type")
			a.Detail["type"], a.Detail["old_type"] = g.Type, oldType
		}
		if setPeriod {
			changed = append(changed, "period")
			a.Detail["period"], a.Detail["old_period"] = g.Period, oldPeriod
		}
		return insertAudit(ctx, tx, a)
	})
	if err != nil {
		return nil, fmt.Errorf("set guessed details of document %s: %w", id, err)
	}
	return changed, nil
}
