package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// FactColumn is one column of a facts file: its header, how it is named in
// messages, and where its figure goes.
type FactColumn struct {
	Name, Label string
	// Max bounds a whole number; 0 means a percentage in tenths.
	Max int64
	Get func(*Facts) **int64
}

// FactColumns are the figures a facts file may give, beside ons_code, year,
// precept_full and precept_not; the same figures as the report's facts
// form.
var FactColumns = []FactColumn{
	{"population", "Population", MaxPopulation, func(f *Facts) **int64 { return &f.Population }},
	{"over65", "Share aged 65 or over", 0, func(f *Facts) **int64 { return &f.Over65Tenths }},
	{"imd_decile", "IMD decile", 10, func(f *Facts) **int64 { return &f.IMDDecile }},
	{"budget_estimate", "Total budget, estimated", MaxPounds, func(f *Facts) **int64 { return &f.BudgetEstimate }},
	{"budget_actual", "Total spend, actual", MaxPounds, func(f *Facts) **int64 { return &f.BudgetActual }},
	{"asc_estimate", "Adult social care budget, estimated", MaxPounds, func(f *Facts) **int64 { return &f.ASCEstimate }},
	{"asc_actual", "Adult social care spend, actual", MaxPounds, func(f *Facts) **int64 { return &f.ASCActual }},
	{"long_term", "People accessing long-term support", MaxPopulation, func(f *Facts) **int64 { return &f.LongTerm }},
	{"short_term", "People accessing short-term support", MaxPopulation, func(f *Facts) **int64 { return &f.ShortTerm }},
}

// MaxFactRows bounds a facts file: England has 153 councils with adult
// social care duties.
const MaxFactRows = 1000

// MaxFactsBytes bounds a facts file: a row per council is a few hundred
// bytes.
const MaxFactsBytes = 1 << 20

// CouncilFacts is one row of a facts file: a council's facts.
type CouncilFacts struct {
	Row   int // in the file, the header being row 1
	LA    string
	Facts Facts
}

// FactProblem is one thing wrong with a facts file, said as GOV.UK error
// messages say it.
type FactProblem struct {
	Row     int // 0: the file or its header
	Column  string
	Message string
}

func (p FactProblem) String() string {
	if p.Row == 0 {
		return p.Message
	}
	return fmt.Sprintf("Row %d: %s", p.Row, p.Message)
}

// ErrFactProblems means a facts file has problems; nothing of it may be
// used.
var ErrFactProblems = errors.New("the facts file has problems")

var onsCode = regexp.MustCompile(`^[EWSN][0-9]{8}$`)

// ReadFactsCSV reads a facts file: a header row naming ons_code and any of
// year, precept_full, precept_not and the FactColumns, then one row per
// council. An empty cell is a figure not given. Every problem is listed
// (ErrFactProblems), so that the file is fixed in one go; a file with any
// problem gives no facts at all.
func ReadFactsCSV(r io.Reader) ([]CouncilFacts, []FactProblem, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, []FactProblem{{Message: "The file is empty or is not a CSV file"}}, ErrFactProblems
	}
	var problems []FactProblem
	col := map[string]int{}
	known := map[string]bool{"ons_code": true, "year": true, "precept_full": true, "precept_not": true}
	for _, c := range FactColumns {
		known[c.Name] = true
	}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case !known[h]:
			problems = append(problems, FactProblem{Column: h, Message: fmt.Sprintf("Column %d, %q, is not a fact the report holds", i+1, h)})
		case col[h] > 0:
			problems = append(problems, FactProblem{Column: h, Message: fmt.Sprintf("Column %q is given twice", h)})
		default:
			col[h] = i + 1
		}
	}
	if col["ons_code"] == 0 {
		problems = append(problems, FactProblem{Column: "ons_code", Message: "The file has no ons_code column: name each council by its ONS code, like E06000001"})
	}
	if len(problems) > 0 {
		return nil, problems, ErrFactProblems
	}
	var out []CouncilFacts
	seen := map[string]int{}
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, FactProblem{Row: row, Message: "This row is not valid CSV: " + csvReason(err)})
			break
		}
		if row-1 > MaxFactRows {
			problems = append(problems, FactProblem{Row: row, Message: fmt.Sprintf("The file has more than %d councils", MaxFactRows)})
			break
		}
		get := func(name string) string {
			if i := col[name]; i > 0 && i <= len(rec) {
				return strings.TrimSpace(rec[i-1])
			}
			return ""
		}
		if strings.Join(rec, "") == "" {
			continue // a blank line
		}
		cf, ps := readFactsRow(row, get)
		if first, ok := seen[cf.LA]; ok && cf.LA != "" {
			ps = append(ps, FactProblem{Row: row, Column: "ons_code", Message: fmt.Sprintf("%s is already given in row %d", cf.LA, first)})
		} else {
			seen[cf.LA] = row
		}
		problems = append(problems, ps...)
		out = append(out, cf)
	}
	if len(out) == 0 && len(problems) == 0 {
		problems = append(problems, FactProblem{Message: "The file has no councils: add a row for each"})
	}
	if len(problems) > 0 {
		return nil, problems, ErrFactProblems
	}
	return out, nil, nil
}

// readFactsRow reads one council's row, with the same checks and messages
// as the report's facts form.
func readFactsRow(row int, get func(string) string) (CouncilFacts, []FactProblem) {
	cf := CouncilFacts{Row: row, LA: strings.ToUpper(get("ons_code"))}
	var ps []FactProblem
	bad := func(column, msg string) { ps = append(ps, FactProblem{Row: row, Column: column, Message: msg}) }
	if !onsCode.MatchString(cf.LA) {
		bad("ons_code", fmt.Sprintf("Enter the council's ONS code, like E06000001, not %q", get("ons_code")))
	}
	f := &cf.Facts
	if y := get("year"); y != "" {
		if v, err := ParseYear(y); err != nil {
			bad("year", fmt.Sprintf("Enter the financial year like 2022/23, not %q", y))
		} else {
			f.Year = v
		}
	}
	for _, c := range FactColumns {
		raw := get(c.Name)
		var v *int64
		var err error
		if c.Max == 0 {
			v, err = ParseTenths(raw)
		} else {
			v, err = ParseWhole(raw, c.Max)
		}
		switch {
		case err != nil && c.Max == 0:
			bad(c.Name, fmt.Sprintf("%s must be a percentage from 0 to 100, like 18.9, not %q", c.Label, raw))
		case (err != nil || (v != nil && *v < 1)) && c.Name == "imd_decile":
			bad(c.Name, fmt.Sprintf("Enter the IMD decile as a whole number from 1 to 10, not %q", raw))
		case err != nil:
			bad(c.Name, fmt.Sprintf("%s must be a whole number from 0 to %s, not %q", c.Label, Thousands(c.Max), raw))
		default:
			*c.Get(f) = v
		}
	}
	seen := map[string]bool{}
	for _, pc := range []struct {
		name string
		full bool
	}{{"precept_full", true}, {"precept_not", false}} {
		for _, part := range strings.FieldsFunc(get(pc.name), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			y, err := ParseYear(part)
			switch {
			case err != nil:
				bad(pc.name, fmt.Sprintf("Enter the years of the precept like 2022/23, separated by semicolons, not %q", part))
			case seen[y]:
				bad(pc.name, fmt.Sprintf("The precept of %s is given twice: each year is either raised or not raised, once", y))
			default:
				seen[y] = true
				f.Precept = append(f.Precept, PreceptYear{Year: y, Full: pc.full})
			}
		}
	}
	if len(f.Precept) > 10 {
		bad("precept_full", "Give at most 10 years of the precept")
	}
	if f.Year == "" && (f.BudgetEstimate != nil || f.BudgetActual != nil || f.ASCEstimate != nil || f.ASCActual != nil ||
		f.LongTerm != nil || f.ShortTerm != nil) {
		bad("year", "Enter the financial year the figures are for, like 2022/23")
	}
	return cf, ps
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
