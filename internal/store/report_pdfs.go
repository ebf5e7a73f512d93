package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ReportPDF is the PDF of one published version of a report.
type ReportPDF struct {
	PDF    []byte
	SHA256 string
	MadeAt time.Time
}

// reportPDFLock is the first key of the advisory locks that make each PDF
// once per cluster; the second is a hash of the version's key.
const reportPDFLock = 4613

// reportPDFPoll is how often a request waiting for a PDF another node or
// request is making looks again.
const reportPDFPoll = 200 * time.Millisecond

// ReportPDF is the stored PDF of a published version of a report in a
// format; ErrNotFound when none is made yet.
func (s *Store) ReportPDF(ctx context.Context, id int64, version, format int) (ReportPDF, error) {
	var p ReportPDF
	err := s.pool.QueryRow(ctx, `SELECT pdf, sha256, made_at FROM report_pdfs WHERE assessment_id = $1 AND version = $2 AND format = $3`,
		id, version, format).Scan(&p.PDF, &p.SHA256, &p.MadeAt)
	if err != nil {
		return ReportPDF{}, fmt.Errorf("pdf of report %d version %d: %w", id, version, notFound(err))
	}
	return p, nil
}

// MakeReportPDF is the PDF of a published version of a report in a format,
// made by render if no node has made it yet. Across every node, one request
// at a time makes it, under an advisory lock held while render runs; the
// others wait for it without holding a connection (looking again every
// reportPDFPoll) and read what it stored, until ctx ends. An error of render
// stores nothing and is returned to the request that ran it; those waiting
// try again.
func (s *Store) MakeReportPDF(ctx context.Context, id int64, version, format int, render func(context.Context) ([]byte, error)) (ReportPDF, error) {
	key := fmt.Sprintf("report_pdf:%d:%d:%d", id, version, format)
	for {
		p, err := s.ReportPDF(ctx, id, version, format)
		if !errors.Is(err, ErrNotFound) {
			return p, err
		}
		made := false
		err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			var got bool
			if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1, hashtext($2))`, reportPDFLock, key).Scan(&got); err != nil {
				return err
			}
			if !got {
				return nil
			}
			// Made while this request looked and locked?
			err := tx.QueryRow(ctx, `SELECT pdf, sha256, made_at FROM report_pdfs WHERE assessment_id = $1 AND version = $2 AND format = $3`,
				id, version, format).Scan(&p.PDF, &p.SHA256, &p.MadeAt)
			if err == nil {
				made = true
				return nil
			}
			if !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
			start := time.Now()
			out, err := render(ctx)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(out)
			p = ReportPDF{PDF: out, SHA256: hex.EncodeToString(sum[:])}
			if err := tx.QueryRow(ctx, `INSERT INTO report_pdfs (assessment_id, version, format, pdf, sha256, render_ms)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING made_at`, id, version, format, out, p.SHA256,
				time.Since(start).Milliseconds()).Scan(&p.MadeAt); err != nil {
				return err
			}
			made = true
			return nil
		})
		if err != nil {
			return ReportPDF{}, fmt.Errorf("make pdf of report %d version %d: %w", id, version, err)
		}
		if made {
			return p, nil
		}
		select {
		case <-ctx.Done():
			return ReportPDF{}, fmt.Errorf("wait for pdf of report %d version %d: %w", id, version, ctx.Err())
		case <-time.After(reportPDFPoll):
		}
	}
}
