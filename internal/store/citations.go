package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/evidenceportal/portal/internal/document"
	"github.com/jackc/pgx/v5"
)

// CitationError says why a citation was refused, so that the form can say
// it: the document is not one of the council's, is not read yet, or the
// page is past its end. It is an ErrBadCitation.
type CitationError struct {
	Title       string // the document's, when it is the council's
	Page, Pages int
	// Status is the document's when it has no text yet.
	Status document.Status
	// Missing: no document of the council has the id.
	Missing bool
}

func (e *CitationError) Error() string {
	return fmt.Sprintf("%v: %s", ErrBadCitation, e.Message())
}

func (e *CitationError) Unwrap() error { return ErrBadCitation }

// Message is what the person who cited it is told.
func (e *CitationError) Message() string {
	switch {
	case e.Missing:
		return "Select a document of this local authority: the one given is not one of its documents"
	case e.Status == document.Withdrawn:
		return fmt.Sprintf("%s cannot be cited: it has been withdrawn", e.Title)
	case e.Status == document.Rejected || e.Status == document.Failed:
		return fmt.Sprintf("%s cannot be cited: it could not be checked and read", e.Title)
	case !e.Status.HasText():
		return fmt.Sprintf("%s cannot be cited yet: it is still being checked and read", e.Title)
	case e.Page < 1:
		return "Enter a page number of 1 or more"
	}
	pages := "1 page"
	if e.Pages != 1 {
		pages = fmt.Sprintf("%d pages", e.Pages)
	}
	return fmt.Sprintf("Page %d is past the end: %s has %s", e.Page, e.Title, pages)
}

// citationProblem finds why the council's document id cannot be cited at
// page, once the statement that would have used it found nothing.
func citationProblem(ctx context.Context, tx pgx.Tx, la, id string, page int) error {
	e := &CitationError{Page: page}
	err := tx.QueryRow(ctx, `SELECT title, greatest(pages, 1), status FROM documents WHERE id = portal_uuid($1) AND la_code = $2`,
		id, la).Scan(&e.Title, &e.Pages, &e.Status)
	if errors.Is(err, pgx.ErrNoRows) {
		e.Missing = true
		return e
	}
	if err != nil {
		return fmt.Errorf("check citation of %s: %w", id, err)
	}
	return e
}
