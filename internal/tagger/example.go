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
	// Council is the council the text comes from when Group does not name
	// it (an inspector's decision on one document, grouped by document):
	// measures by council (CouncilOf) group on it. Never a feature.
	Council string `json:"-"`
	// Source is the page the text was taken from (a CQC report's page on
	// one statement), if known: the paragraphs of one page, joined, are a
	// whole document for measuring the document-level suggestion. Never a
	// feature, and not part of what a model records of its examples.
	Source string `json:"source,omitempty"`
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

//go:embed data/more-paragraphs.jsonl
var moreParagraphs []byte

//go:embed data/procedure-chapters.jsonl
var procedureChapters []byte

// DevExamples returns the 150 labelled paragraphs (146 of CQC reports, 4 of
// a council's procedures manual) of data/dev-paragraphs.jsonl, a copy of
// shared/tagger/dev-paragraphs.jsonl.
func DevExamples() []Example { return embedded(devParagraphs, 1) }

// ProcedureWeight is what a chapter of a council's procedures manual counts
// for beside a paragraph of a CQC report. A chapter is labelled by its
// publisher for the whole chapter, and is much longer than a paragraph, so
// a label says less about each of its words; but it is the kind of text
// councils upload, of which the repository has very little. Measured by
// leave-one-council-out (README, issue 18), half a paragraph did best.
const ProcedureWeight = 0.5

// RepositoryExamples returns every labelled text the repository holds, the
// shipped model's training data: the dev paragraphs, the 34 further CQC
// paragraphs of data/more-paragraphs.jsonl (7 more councils) and the
// procedure chapters of data/procedure-chapters.jsonl; every procedure
// text weighs ProcedureWeight (WeighSources). All are copies of
// shared/tagger.
func RepositoryExamples() []Example {
	ex := DevExamples()
	ex = append(ex, embedded(moreParagraphs, 1)...)
	return WeighSources(append(ex, embedded(procedureChapters, 1)...))
}

// WeighSources gives every procedure text (KindOf) without a weight of its
// own ProcedureWeight, in place, and returns ex.
func WeighSources(ex []Example) []Example {
	for i := range ex {
		if ex[i].Weight == 0 && KindOf(ex[i]) == KindProcedure {
			ex[i].Weight = ProcedureWeight
		}
	}
	return ex
}

// embedded reads embedded examples, giving each the weight w (when not 1).
func embedded(b []byte, w float64) []Example {
	ex, err := ReadExamples(bytes.NewReader(b))
	if err != nil {
		panic(err) // embedded data, checked by a test
	}
	if w != 1 {
		for i := range ex {
			ex[i].Weight = w
		}
	}
	return ex
}

// ReadExamples reads JSON lines of {"text": ..., "qs": ..., "doc": ..., "source": ...};
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
