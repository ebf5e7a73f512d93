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
	// Weight is how much the example counts beside the other labelled
	// examples of its statement; 0 means 1. A council's hint weighs less
	// than an inspector's decision. Files never set it.
	Weight float64 `json:"-"`
	// Negative marks a text that is not evidence for QS (an inspector
	// rejected the suggestion): it teaches that statement's regression
	// alone, says nothing about the others, and is never scored.
	Negative bool `json:"-"`
}

// weight returns the example's weight, 1 when unset.
func (e Example) weight() float64 {
	if e.Weight > 0 {
		return e.Weight
	}
	return 1
}

// positives returns the examples that are not negative, in order.
func positives(ex []Example) []Example {
	out := make([]Example, 0, len(ex))
	for _, e := range ex {
		if !e.Negative {
			out = append(out, e)
		}
	}
	return out
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
