package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/jackc/pgx/v5"
)

// ErrOutcomeProblems means an outcome file had problems, listed in the
// import's summary; nothing of it was stored.
var ErrOutcomeProblems = errors.New("the file has problems")

// OutcomeDataset is one imported outcome file.
type OutcomeDataset struct {
	ID          int64
	Layout      string
	Publication string
	Year        string
	SourceURL   string
	SHA256      string
	Size        int64
	Figures     int
	ImportedBy  string
	ImportedAt  time.Time
}

// OutcomeImport is what an import did.
type OutcomeImport struct {
	Dataset OutcomeDataset
	Summary outcomes.Summary
	// Unchanged is true when the same file was already the dataset of its
	// layout and year, so nothing changed; Replaced when another file was.
	Unchanged, Replaced bool
}

// outcomeImportLock is the advisory lock key space of imports, so that two
// imports of one layout and year, from any process, run one after the other.
const outcomeImportLock = 7365_0007

// ImportOutcomes reads an outcome file in the layout and stores it as the
// dataset of ds.Layout and ds.Year, replacing the one before, in a single
// transaction: the file is read once, streamed into the database, and
// nothing is kept unless every row is good (ErrOutcomeProblems, with the
// problems in the summary). ds's SHA256, Size and Figures are set from the
// file. The audit entry a is written with the import.
func (s *Store) ImportOutcomes(ctx context.Context, ds OutcomeDataset, body io.Reader, l outcomes.Layout, ms *framework.MeasureSet, a AuditEntry) (OutcomeImport, error) {
	councils, err := s.laCodes(ctx)
	if err != nil {
		return OutcomeImport{}, err
	}
	h := sha256.New()
	cr := &countingReader{r: io.TeeReader(body, h)}
	rd := outcomes.NewReader(cr, l, outcomes.Known{Measures: ms, Councils: councils})
	ds.Layout = l.Slug
	var res OutcomeImport
	errUnchanged := errors.New("unchanged")
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, outcomeImportLock, ds.Layout+" "+ds.Year); err != nil {
			return err
		}
		var oldSHA string
		err := tx.QueryRow(ctx, `DELETE FROM outcome_datasets WHERE layout = $1 AND year = $2 RETURNING sha256`, ds.Layout, ds.Year).Scan(&oldSHA)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		res.Replaced = err == nil
		// The hash and size are known once the file has been read; a
		// placeholder keeps the row valid until then.
		if err := tx.QueryRow(ctx, `INSERT INTO outcome_datasets (layout, publication, year, source_url, sha256, size, figures, imported_by)
			VALUES ($1, $2, $3, $4, repeat('0', 64), 1, 0, $5) RETURNING id, imported_at`,
			ds.Layout, ds.Publication, ds.Year, ds.SourceURL, ds.ImportedBy).Scan(&ds.ID, &ds.ImportedAt); err != nil {
			return err
		}
		src := &outcomeRows{rd: rd, dataset: ds.ID}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"outcome_values"},
			[]string{"dataset_id", "level", "area", "la_code", "file_code", "name", "region_code", "measure", "disaggregation", "value"}, src); err != nil {
			return err
		}
		if err := rd.Err(); err != nil && !errors.Is(err, outcomes.ErrTooManyRows) {
			return err
		}
		res.Summary = rd.Summary()
		if !res.Summary.OK() {
			return ErrOutcomeProblems
		}
		ds.SHA256, ds.Size, ds.Figures = hex.EncodeToString(h.Sum(nil)), cr.n, res.Summary.Figures
		if res.Replaced && oldSHA == ds.SHA256 {
			return errUnchanged
		}
		if _, err := tx.Exec(ctx, `UPDATE outcome_datasets SET sha256 = $2, size = $3, figures = $4 WHERE id = $1`,
			ds.ID, ds.SHA256, ds.Size, ds.Figures); err != nil {
			return err
		}
		a.ObjectType, a.ObjectID = "outcome_dataset", strconv.FormatInt(ds.ID, 10)
		if a.Detail == nil {
			a.Detail = map[string]string{}
		}
		a.Detail["layout"], a.Detail["year"], a.Detail["sha256"] = ds.Layout, ds.Year, ds.SHA256
		a.Detail["figures"], a.Detail["replaced"] = strconv.Itoa(ds.Figures), strconv.FormatBool(res.Replaced)
		return insertAudit(ctx, tx, a)
	})
	switch {
	case errors.Is(err, errUnchanged):
		res.Unchanged, res.Replaced = true, false
		cur, err := s.OutcomeDataset(ctx, ds.Layout, ds.Year)
		if err != nil {
			return res, err
		}
		res.Dataset = cur
		return res, nil
	case errors.Is(err, ErrOutcomeProblems):
		return res, fmt.Errorf("import %s %s: %w", ds.Layout, ds.Year, err)
	case err != nil:
		return OutcomeImport{}, fmt.Errorf("import %s %s: %w", ds.Layout, ds.Year, err)
	}
	res.Dataset = ds
	return res, nil
}

// outcomeRows feeds the reader's good rows to COPY. The reader goes on past
// rows with problems, so that every problem is listed; the transaction is
// then rolled back.
type outcomeRows struct {
	rd      *outcomes.Reader
	dataset int64
	row     outcomes.Row
}

func (o *outcomeRows) Next() bool {
	var ok bool
	o.row, ok = o.rd.Next()
	return ok
}

func (o *outcomeRows) Values() ([]any, error) {
	r := o.row
	var la *string
	if r.Level == outcomes.LevelLA {
		la = &r.Area
	}
	return []any{o.dataset, string(r.Level), r.Area, la, r.Code, r.Name, r.Region, r.Measure, r.Disaggregation, r.Value}, nil
}

func (o *outcomeRows) Err() error { return nil }

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (s *Store) laCodes(ctx context.Context) (map[string]bool, error) {
	rows, err := s.pool.Query(ctx, `SELECT code FROM las`)
	if err != nil {
		return nil, fmt.Errorf("list council codes: %w", err)
	}
	codes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list council codes: %w", err)
	}
	out := make(map[string]bool, len(codes))
	for _, c := range codes {
		out[c] = true
	}
	return out, nil
}

const datasetColumns = `id, layout, publication, year, source_url, sha256, size, figures, imported_by, imported_at`

func scanDataset(row pgx.Row) (OutcomeDataset, error) {
	var d OutcomeDataset
	err := row.Scan(&d.ID, &d.Layout, &d.Publication, &d.Year, &d.SourceURL, &d.SHA256, &d.Size, &d.Figures, &d.ImportedBy, &d.ImportedAt)
	return d, err
}

// OutcomeDataset returns the dataset of a layout and year, or ErrNotFound.
func (s *Store) OutcomeDataset(ctx context.Context, layout, year string) (OutcomeDataset, error) {
	d, err := scanDataset(s.pool.QueryRow(ctx, `SELECT `+datasetColumns+` FROM outcome_datasets WHERE layout = $1 AND year = $2`, layout, year))
	if err != nil {
		return OutcomeDataset{}, fmt.Errorf("get outcome dataset %s %s: %w", layout, year, notFound(err))
	}
	return d, nil
}

// OutcomeDatasets lists every dataset, newest year first. There are a few
// per year (one per layout), so the list is not paged.
func (s *Store) OutcomeDatasets(ctx context.Context) ([]OutcomeDataset, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+datasetColumns+` FROM outcome_datasets ORDER BY year DESC, layout`)
	if err != nil {
		return nil, fmt.Errorf("list outcome datasets: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutcomeDataset, error) { return scanDataset(r) })
	if err != nil {
		return nil, fmt.Errorf("list outcome datasets: %w", err)
	}
	return out, nil
}
