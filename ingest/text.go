package ingest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/blob"
)

// A document's text goes from stage to stage one page at a time: the
// extract stage writes each page to S3 as the child prints it, and the tag
// and index stages read it back a page at a time (EachPage). No stage
// holds a whole document's text, which may be PORTAL_MAX_TEXT_BYTES
// (64 MiB) spread over PORTAL_MAX_PAGES (25,000) pages. The stored form is
// the JSON of Text, one page a line, so ReadText reads it too.

// textWriter writes a Text as JSON one page at a time.
type textWriter struct {
	w     *bufio.Writer
	enc   *json.Encoder
	pages int
}

func newTextWriter(w io.Writer, docID string, outcome extract.Outcome) (*textWriter, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	head, err := json.Marshal(struct {
		DocumentID string `json:"document_id"`
		Outcome    string `json:"outcome"`
	}{docID, string(outcome)})
	if err != nil {
		return nil, err
	}
	bw.Write(head[:len(head)-1])
	bw.WriteString(`,"pages":[`)
	return &textWriter{w: bw, enc: json.NewEncoder(bw)}, nil
}

func (t *textWriter) page(p extract.Page) error {
	if t.pages > 0 {
		t.w.WriteByte(',')
	}
	t.pages++
	return t.enc.Encode(p)
}

func (t *textWriter) close() error {
	t.w.WriteString("]}\n")
	return t.w.Flush()
}

// EachPage reads the stored text of a document and hands fn one page at a
// time; it returns the text without its pages. An error of fn stops it and
// is returned as it is.
func EachPage(ctx context.Context, bl *blob.Store, id string, fn func(extract.Page) error) (Text, error) {
	r, err := bl.Open(ctx, blob.TextKey(id))
	if err != nil {
		return Text{}, err
	}
	defer r.Close()
	return decodeText(bufio.NewReaderSize(r, 256<<10), id, fn)
}

func decodeText(r io.Reader, id string, fn func(extract.Page) error) (Text, error) {
	var t Text
	var fnErr error
	res, err := extract.DecodeResult(r, func(_ extract.Outcome, p extract.Page) error {
		fnErr = fn(p)
		return fnErr
	})
	if fnErr != nil {
		return t, fnErr
	}
	if err != nil {
		return t, fmt.Errorf("decode text of %s: %w", id, err)
	}
	return Text{DocumentID: id, Outcome: string(res.Outcome)}, nil
}
