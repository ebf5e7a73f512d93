package extract

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// WriteResult writes res as the JSON object Isolated reads, one page at a
// time: the outcome and reason first, then the pages. Encoding the whole
// Result at once (and indenting it) took three copies of the text, which
// put a child reading 60 MB of plain text over its 2 GiB address space.
func WriteResult(w io.Writer, res Result) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	head, err := json.Marshal(struct {
		Outcome Outcome `json:"outcome"`
		Reason  string  `json:"reason,omitempty"`
	}{res.Outcome, res.Reason})
	if err != nil {
		return err
	}
	bw.Write(head[:len(head)-1])
	bw.WriteString(`,"pages":[`)
	enc := json.NewEncoder(bw)
	for i, p := range res.Pages {
		if i > 0 {
			bw.WriteByte(',')
		}
		if err := enc.Encode(p); err != nil { // one page a line
			return err
		}
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// DecodeResult reads a Result as WriteResult (or encoding/json) writes it,
// handing each page to fn, with the outcome read so far, as it comes
// instead of keeping it: the Result it returns has no pages. Pages of an outcome other than text or needs OCR,
// when the outcome comes first, are skipped. An error of fn stops the
// reading and is returned as it is.
func DecodeResult(r io.Reader, fn func(Outcome, Page) error) (Result, error) {
	dec := json.NewDecoder(r)
	var res Result
	if err := expectDelim(dec, '{'); err != nil {
		return res, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return res, err
		}
		switch tok {
		case "outcome":
			err = dec.Decode(&res.Outcome)
		case "reason":
			err = dec.Decode(&res.Reason)
		case "pages":
			err = decodePages(dec, func(p Page) error {
				if res.Outcome != "" && res.Outcome != OutcomeText && res.Outcome != OutcomeNeedsOCR {
					return nil
				}
				return fn(res.Outcome, p)
			})
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return res, err
		}
	}
	return res, expectDelim(dec, '}')
}

// errNotPages marks input that is not what WriteResult writes.
var errNotPages = errors.New("not a list of pages")

func decodePages(dec *json.Decoder, fn func(Page) error) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil { // "pages": null
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return errNotPages
	}
	for dec.More() {
		var p Page
		if err := dec.Decode(&p); err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return expectDelim(dec, ']')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("want %q, got %v", want, tok)
	}
	return nil
}
