package outcomes

import (
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/internal/framework"
)

// Bounds on what one file may hold.
const (
	// MaxRows is the most data rows a file may have (153 councils x 30
	// measures x 10 disaggregations x 3 measure types is about 140,000).
	// Remembering the rows seen, to refuse a figure given twice, takes
	// about 40 bytes a row: 20 MB at the bound.
	MaxRows = 500_000
	// MaxFieldBytes is the longest a field may be.
	MaxFieldBytes = 1000
	// MaxProblems is how many problems a summary lists; more are counted.
	MaxProblems = 100
)

// ErrTooManyRows means the file has more than MaxRows rows.
var ErrTooManyRows = errors.New("too many rows")

// Known is what the file is checked against.
type Known struct {
	Measures *framework.MeasureSet
	// Councils holds the ONS codes of the councils the portal knows.
	Councils map[string]bool
}

// Row is one figure of a file.
type Row struct {
	Line  int
	Level Level
	// Area is what the figure is about: the ONS code of a council, region
	// or England, or the description of a council type.
	Area string
	// Code is the file's own geographical code (for councils the CASSR code).
	Code string
	Name string
	// Region is the ONS code of a council's region, when the file has it.
	Region string
	// Measure is the measure's current id, whatever code the file used.
	Measure        string
	Disaggregation string
	Type           string
	Value          float64
}

// Problem is one thing wrong with a file, at a line (1 is the header).
type Problem struct {
	Line    int
	Column  string
	Message string
}

func (p Problem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("Line %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("Line %d, %s: %s", p.Line, p.Column, p.Message)
}

// Summary is what a file held and what was wrong with it.
type Summary struct {
	Rows int
	// Figures is how many outcome rows there are; Other counts numerator
	// and denominator rows, checked but not kept.
	Figures, Other int
	Councils       int
	Measures       []string
	// ProblemCount counts every problem; Problems lists the first MaxProblems.
	ProblemCount int
	Problems     []Problem
	// ByColumn counts every problem by the column it is in ("" for a
	// problem with the whole line or file).
	ByColumn map[string]int
}

// Overview says in one sentence what was wrong, most frequent first:
// "53 problems: 51 in ONS code, 2 in Measure value".
func (s Summary) Overview() string {
	if s.ProblemCount == 0 {
		return "no problems"
	}
	cols := make([]string, 0, len(s.ByColumn))
	for c := range s.ByColumn {
		cols = append(cols, c)
	}
	sort.Slice(cols, func(i, j int) bool {
		if s.ByColumn[cols[i]] != s.ByColumn[cols[j]] {
			return s.ByColumn[cols[i]] > s.ByColumn[cols[j]]
		}
		return cols[i] < cols[j]
	})
	parts := make([]string, 0, len(cols))
	for _, c := range cols {
		where := "in " + c
		if c == "" {
			where = "with whole lines or the file"
		}
		parts = append(parts, fmt.Sprintf("%d %s", s.ByColumn[c], where))
	}
	word := "problems"
	if s.ProblemCount == 1 {
		word = "problem"
	}
	return fmt.Sprintf("%d %s: %s", s.ProblemCount, word, strings.Join(parts, ", "))
}

// OK reports whether the file can be imported.
func (s Summary) OK() bool { return s.ProblemCount == 0 }

var (
	onsCode = regexp.MustCompile(`^E[0-9]{8}$`)
	// suppressed are the markers statistical tables use for values withheld
	// or not available.
	suppressed = map[string]bool{"[c]": true, "c": true, "x": true, "[x]": true, "[z]": true, "z": true, "*": true, "..": true, ":": true, "-": true, "[low]": true, "[u]": true}
)

// Reader reads a file's rows one at a time.
type Reader struct {
	csv    *csv.Reader
	layout Layout
	known  Known
	col    map[string]int
	width  int
	line   int
	done   bool
	err    error
	sum    Summary

	seen     map[[16]byte]int // FNV-128a of a figure's key to its first line
	councils map[string]bool
	measures map[string]bool
}

// NewReader reads r, a CSV in the layout, and checks it against known.
func NewReader(r io.Reader, l Layout, k Known) *Reader {
	c := csv.NewReader(r)
	c.FieldsPerRecord = -1
	c.ReuseRecord = true
	return &Reader{csv: c, layout: l, known: k, seen: map[[16]byte]int{}, councils: map[string]bool{}, measures: map[string]bool{}}
}

// Next returns the next good row; false at the end of the file or when it
// cannot be read further (see Err). Rows with problems are not returned.
func (r *Reader) Next() (Row, bool) {
	if r.done {
		return Row{}, false
	}
	if r.col == nil && !r.header() {
		r.done = true
		return Row{}, false
	}
	for {
		rec, err := r.csv.Read()
		if errors.Is(err, io.EOF) {
			r.done = true
			return Row{}, false
		}
		r.line++
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				r.problem(Problem{Line: r.line, Message: "the line is not valid CSV (" + pe.Err.Error() + "); the rest of the file cannot be read"})
			} else {
				r.err = fmt.Errorf("read line %d: %w", r.line, err)
			}
			r.done = true
			return Row{}, false
		}
		if r.sum.Rows == MaxRows {
			r.err = fmt.Errorf("more than %d rows: %w", MaxRows, ErrTooManyRows)
			r.problem(Problem{Line: r.line, Message: fmt.Sprintf("the file has more than %d rows", MaxRows)})
			r.done = true
			return Row{}, false
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		r.sum.Rows++
		if row, ok := r.row(rec); ok {
			return row, true
		}
	}
}

// Err is the error that stopped reading early (not a row's problem).
func (r *Reader) Err() error { return r.err }

// Summary is what has been read so far; complete once Next returns false.
func (r *Reader) Summary() Summary {
	s := r.sum
	s.Councils = len(r.councils)
	s.Measures = nil
	for _, m := range r.known.Measures.Measures {
		if r.measures[m.ID] {
			s.Measures = append(s.Measures, m.ID)
		}
	}
	return s
}

func (r *Reader) problem(p Problem) {
	r.sum.ProblemCount++
	if r.sum.ByColumn == nil {
		r.sum.ByColumn = map[string]int{}
	}
	r.sum.ByColumn[p.Column]++
	if len(r.sum.Problems) < MaxProblems {
		r.sum.Problems = append(r.sum.Problems, p)
	}
}

func (r *Reader) header() bool {
	rec, err := r.csv.Read()
	r.line = 1
	if errors.Is(err, io.EOF) {
		r.problem(Problem{Line: 1, Message: "the file is empty"})
		return false
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		r.problem(Problem{Line: 1, Message: "the header is not valid CSV"})
		return false
	}
	if err != nil {
		r.err = fmt.Errorf("read header: %w", err)
		return false
	}
	r.col = map[string]int{}
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		if _, dup := r.col[h]; !dup {
			r.col[h] = i
		}
	}
	r.width = len(rec)
	l := r.layout
	ok := true
	for _, name := range []string{l.Code, l.Description, l.Level, l.ONS, l.Measure, l.Disaggregation, l.MeasureType, l.Value} {
		if name == "" {
			continue
		}
		if _, has := r.col[strings.ToLower(name)]; !has {
			r.problem(Problem{Line: 1, Column: name, Message: fmt.Sprintf("the column %q is missing", name)})
			ok = false
		}
	}
	return ok
}

// field returns the trimmed value of the named column, "" when the layout
// or the row lacks it.
func (r *Reader) field(rec []string, name string) string {
	if name == "" {
		return ""
	}
	i, ok := r.col[strings.ToLower(name)]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func (r *Reader) row(rec []string) (Row, bool) {
	l := r.layout
	n := r.sum.ProblemCount
	bad := func(col, format string, args ...any) {
		r.problem(Problem{Line: r.line, Column: col, Message: fmt.Sprintf(format, args...)})
	}
	if len(rec) != r.width {
		bad("", "the line has %d fields, the header %d", len(rec), r.width)
		return Row{}, false
	}
	for _, f := range rec {
		if len(f) > MaxFieldBytes {
			bad("", "a field is longer than %d bytes", MaxFieldBytes)
			return Row{}, false
		}
	}
	row := Row{Line: r.line, Code: r.field(rec, l.Code), Name: r.field(rec, l.Description),
		Disaggregation: r.field(rec, l.Disaggregation), Type: TypeOutcome}
	if row.Disaggregation == "" {
		row.Disaggregation = "Total"
	}

	level := r.field(rec, l.Level)
	var ok bool
	if row.Level, ok = l.level(level); !ok {
		bad(l.Level, "%q is not a geographical level this file type has", level)
	}
	ons := r.field(rec, l.ONS)
	switch row.Level {
	case LevelLA:
		row.Area = ons
		switch {
		case ons == "":
			bad(l.ONS, "a council's ONS code is missing")
		case !r.known.Councils[ons]:
			bad(l.ONS, "%q matches no council in the portal", ons)
		}
		row.Region = r.field(rec, l.Region)
		if row.Region != "" && !onsCode.MatchString(row.Region) {
			bad(l.Region, "%q is not an ONS region code", row.Region)
		}
	case LevelRegion, LevelEngland:
		row.Area = ons
		if ons == "" {
			row.Area = row.Name
		}
		if row.Area == "" {
			bad(l.ONS, "the area has neither an ONS code nor a description")
		}
	case LevelCouncilType:
		row.Area = row.Name
		if row.Area == "" {
			bad(l.Description, "the council type has no description")
		}
	}

	code := r.field(rec, l.Measure)
	if l.Measures != nil {
		if mapped, has := l.Measures[strings.ToLower(code)]; has {
			code = mapped
		} else {
			code = "\x00" + code // never a measure
		}
	}
	if m, has := r.known.Measures.Measure(code); has {
		row.Measure = m.ID
	} else {
		bad(l.Measure, "%q is not a measure the portal knows", strings.TrimPrefix(code, "\x00"))
	}

	if l.MeasureType != "" {
		switch t := strings.ToLower(r.field(rec, l.MeasureType)); t {
		case TypeOutcome, TypeNumerator, TypeDenominator:
			row.Type = t
		default:
			bad(l.MeasureType, "%q is not Numerator, Denominator or Outcome", r.field(rec, l.MeasureType))
		}
	}

	v := r.field(rec, l.Value)
	switch f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64); {
	case v == "":
		bad(l.Value, "the value is empty")
	case suppressed[strings.ToLower(v)]:
		bad(l.Value, "the value is suppressed (%q); the portal needs every figure of the file", v)
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		bad(l.Value, "%q is not a number", v)
	default:
		row.Value = f
	}

	if r.sum.ProblemCount != n {
		return Row{}, false
	}
	h := fnv.New128a()
	for _, part := range []string{string(row.Level), row.Area, row.Measure, row.Disaggregation, row.Type} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	var key [16]byte
	h.Sum(key[:0])
	if first, dup := r.seen[key]; dup {
		bad("", "the same figure is also on line %d", first)
		return Row{}, false
	}
	r.seen[key] = r.line
	if row.Type != TypeOutcome {
		r.sum.Other++
		return Row{}, false
	}
	r.sum.Figures++
	r.measures[row.Measure] = true
	if row.Level == LevelLA {
		r.councils[row.Area] = true
	}
	return row, true
}

// ReadAll reads every good row of r and the file's summary.
func ReadAll(r io.Reader, l Layout, k Known) ([]Row, Summary, error) {
	rd := NewReader(r, l, k)
	var rows []Row
	for {
		row, ok := rd.Next()
		if !ok {
			break
		}
		rows = append(rows, row)
	}
	return rows, rd.Summary(), rd.Err()
}
