package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/blob"
	"github.com/evidenceportal/portal/internal/document"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/riverqueue/river"
)

type extractWorker struct {
	river.WorkerDefaults[ExtractJob]
	p *Pipeline
}

// Text is what the extract stage keeps of a document in S3, at
// text/<id>.json: the text of each page.
type Text struct {
	DocumentID string         `json:"document_id"`
	Outcome    string         `json:"outcome"`
	Pages      []extract.Page `json:"pages"`
}

// Work reads the clean file's text in a child process, stores it and hands
// the document to the tag stage.
func (w *extractWorker) Work(ctx context.Context, job *river.Job[ExtractJob]) error {
	p, id := w.p, job.Args.DocumentID
	d, err := p.store.DocumentForWork(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("extract %s: document gone", id))
	}
	if err != nil {
		return err
	}
	if d.Status != document.Extracting {
		return nil
	}
	err = w.extract(ctx, d)
	if err != nil && lastTry(job.Attempt, job.MaxAttempts) {
		p.fail(ctx, id, []document.Status{document.Extracting}, err)
		return river.JobCancel(err)
	}
	return err
}

func (w *extractWorker) extract(ctx context.Context, d store.Document) error {
	p := w.p
	path, err := w.download(ctx, d)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	lim := p.opts.ExtractLimits
	lim.OCR = p.opts.OCR
	res, err := extract.Isolated(ctx, p.opts.Executable, path, d.Kind, lim)
	switch {
	case errors.Is(err, extract.ErrEncrypted):
		_, err := p.move(ctx, store.Transition{ID: d.ID, From: []document.Status{document.Extracting}, To: document.Rejected, Reason: MsgPassword(d.Filename)})
		return err
	case errors.Is(err, extract.ErrUnreadable):
		p.log.Info("document unreadable", "doc_id", d.ID, "reason", res.Reason)
		_, err := p.move(ctx, store.Transition{ID: d.ID, From: []document.Status{document.Extracting}, To: document.Rejected, Reason: MsgUnreadable(d.Filename)})
		return err
	case err != nil:
		return err
	}
	body, err := json.Marshal(Text{DocumentID: d.ID, Outcome: string(res.Outcome), Pages: res.Pages})
	if err != nil {
		return fmt.Errorf("encode text of %s: %w", d.ID, err)
	}
	if _, err := p.blob.Put(ctx, blob.TextKey(d.ID), strings.NewReader(string(body)), int64(len(body)), "application/json"); err != nil {
		return err
	}
	reason := ""
	for _, pg := range res.Pages {
		if pg.NeedsOCR || res.Outcome == extract.OutcomeNeedsOCR {
			reason = "Some pages are images without text: their words cannot be searched yet."
			break
		}
	}
	_, err = p.move(ctx, store.Transition{ID: d.ID, From: []document.Status{document.Extracting}, To: document.Tagging,
		Reason: reason, Pages: len(res.Pages), Jobs: []store.Job{TagJob{DocumentID: d.ID}}})
	return err
}

// download copies the clean file to a private temporary file for the
// child process to read.
func (w *extractWorker) download(ctx context.Context, d store.Document) (string, error) {
	r, err := w.p.blob.Open(ctx, blob.FileKey(d.ID))
	if err != nil {
		return "", err
	}
	defer r.Close()
	f, err := os.CreateTemp("", "portal-extract-*")
	if err != nil {
		return "", fmt.Errorf("create temporary file: %w", err)
	}
	if _, err := io.Copy(f, io.LimitReader(r, d.Size+1)); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("download %s: %w", d.ID, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// ReadText reads the stored text of a document.
func ReadText(ctx context.Context, bl *blob.Store, id string) (Text, error) {
	r, err := bl.Open(ctx, blob.TextKey(id))
	if err != nil {
		return Text{}, err
	}
	defer r.Close()
	var t Text
	if err := json.NewDecoder(io.LimitReader(r, 256<<20)).Decode(&t); err != nil {
		return Text{}, fmt.Errorf("decode text of %s: %w", id, err)
	}
	return t, nil
}
