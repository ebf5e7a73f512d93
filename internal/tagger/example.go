package tagger

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
)

// Example is a text labelled with the one quality statement it is evidence
// for, such as a paragraph of a CQC report under its heading or a passage an
// inspector confirmed.
type Example struct {
	Text string `json:"text"`
	// QS is the slug of the quality statement.
	QS string `json:"qs"`
	// Group is the document the text comes from. Cross-validation never
	// puts two examples of one group in different folds, and training only
	// keeps words seen in more than one group. It is never a feature.
	Group string `json:"doc"`
}

//go:embed data/dev-paragraphs.jsonl
var devParagraphs []byte

// DevExamples returns the 150 labelled paragraphs of CQC reports the
// default model is trained on (data/dev-paragraphs.jsonl, a copy of
// shared/tagger/dev-paragraphs.jsonl).
func DevExamples() []Example {
	ex, err := ReadExamples(bytes.NewReader(devParagraphs))
	if err != nil {
		panic(err) // embedded data, checked by a test
	}
	return ex
}

// ReadExamples reads JSON lines of {"text": ..., "qs": ..., "doc": ...};
// other fields are ignored, and so are blank lines.
func ReadExamples(r io.Reader) ([]Example, error) {
	var out []Example
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e Example
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, fmt.Errorf("read examples line %d: %w", n, err)
		}
		if e.Text == "" || e.QS == "" {
			return nil, fmt.Errorf("read examples line %d: text and qs are required", n)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read examples: %w", err)
	}
	return out, nil
}
