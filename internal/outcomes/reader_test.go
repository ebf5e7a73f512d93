package outcomes

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/google/go-cmp/cmp"
)

func known(t testing.TB) Known {
	t.Helper()
	c, err := framework.Load()
	if err != nil {
		t.Fatalf("framework.Load() = %v", err)
	}
	return Known{Measures: c.Measures(), Councils: map[string]bool{"E06009901": true, "E06009902": true}}
}

func TestReadASCOF(t *testing.T) {
	f, err := os.Open("testdata/ascof-small.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, sum, err := ReadAll(f, ASCOF, known(t))
	if err != nil {
		t.Fatalf("ReadAll() error = %v", err)
	}
	if !sum.OK() {
		t.Fatalf("ReadAll() problems = %v", sum.Problems)
	}
	want := Summary{Rows: 10, Figures: 8, Other: 2, Councils: 2, Measures: []string{"2A", "2E"}}
	if diff := cmp.Diff(want, sum); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if len(rows) != 8 {
		t.Fatalf("%d rows, want 8", len(rows))
	}
	wantFirst := Row{Line: 4, Level: LevelLA, Area: "E06009901", Code: "901", Name: "Ashford Vale Council", Measure: "2A", Disaggregation: "Total", Type: TypeOutcome, Value: 81.2}
	if diff := cmp.Diff(wantFirst, rows[0]); diff != "" {
		t.Errorf("first row (-want +got):\n%s", diff)
	}
	if rows[1].Measure != "2E" {
		t.Errorf("1G read as %q, want its new id 2E", rows[1].Measure)
	}
	if rows[5].Level != LevelCouncilType || rows[5].Area != "Unitary authority" {
		t.Errorf("council type row = %+v", rows[5])
	}
}

func TestReadASCS(t *testing.T) {
	f, err := os.Open("testdata/ascs-small.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, sum, err := ReadAll(f, ASCS, known(t))
	if err != nil || !sum.OK() {
		t.Fatalf("ReadAll() = %v, %v", err, sum.Problems)
	}
	if len(rows) != 3 || rows[0].Measure != "ASCS-CHOICE" || rows[0].Value != 78.54 || rows[2].Level != LevelEngland {
		t.Errorf("rows = %+v", rows)
	}
}

const header = "Geographical code,Geographical description,Geographical level,ONS code,ASCOF measure code,Disaggregation level,Measure type,Measure value\n"

func TestReadProblems(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"empty file", "", []string{"Line 1: the file is empty"}},
		{"missing columns", "Geographical code,ONS code,Measure value\n1,E06009901,3\n", []string{
			`Line 1, Geographical description: the column "Geographical description" is missing`,
			`Line 1, Geographical level: the column "Geographical level" is missing`,
			`Line 1, ASCOF measure code: the column "ASCOF measure code" is missing`,
			`Line 1, Disaggregation level: the column "Disaggregation level" is missing`,
			`Line 1, Measure type: the column "Measure type" is missing`,
		}},
		{"unknown measure", header + "901,A,Local authority,E06009901,9Z,Total,Outcome,3\n", []string{
			`Line 2, ASCOF measure code: "9Z" is not a measure the portal knows`}},
		{"not a number", header + "901,A,Local authority,E06009901,2A,Total,Outcome,abc\n", []string{
			`Line 2, Measure value: "abc" is not a number`}},
		{"suppressed [c]", header + "901,A,Local authority,E06009901,2A,Total,Outcome,[c]\n", []string{
			`Line 2, Measure value: the value is suppressed ("[c]"); the portal needs every figure of the file`}},
		{"suppressed x", header + "901,A,Local authority,E06009901,2A,Total,Outcome,x\n", []string{
			`Line 2, Measure value: the value is suppressed ("x"); the portal needs every figure of the file`}},
		{"empty value", header + "901,A,Local authority,E06009901,2A,Total,Outcome,\n", []string{
			`Line 2, Measure value: the value is empty`}},
		{"NaN", header + "901,A,Local authority,E06009901,2A,Total,Outcome,NaN\n", []string{
			`Line 2, Measure value: "NaN" is not a number`}},
		{"unknown council", header + "999,Z,Local authority,E06000999,2A,Total,Outcome,3\n", []string{
			`Line 2, ONS code: "E06000999" matches no council in the portal`}},
		{"council without ONS code", header + "999,Z,Local authority,,2A,Total,Outcome,3\n", []string{
			`Line 2, ONS code: a council's ONS code is missing`}},
		{"unknown level", header + "999,Z,Parish,E06009901,2A,Total,Outcome,3\n", []string{
			`Line 2, Geographical level: "Parish" is not a geographical level this file type has`}},
		{"bad measure type", header + "901,A,Local authority,E06009901,2A,Total,Average,3\n", []string{
			`Line 2, Measure type: "Average" is not Numerator, Denominator or Outcome`}},
		{"short line", header + "901,A,Local authority\n", []string{
			`Line 2: the line has 3 fields, the header 8`}},
		{"twice", header + "901,A,Local authority,E06009901,2A,Total,Outcome,3\n901,A,Local authority,E06009901,2A,Total,Outcome,4\n", []string{
			`Line 3: the same figure is also on line 2`}},
		{"several on one line", header + "901,A,Local authority,E06000999,9Z,Total,Outcome,[c]\n", []string{
			`Line 2, ONS code: "E06000999" matches no council in the portal`,
			`Line 2, ASCOF measure code: "9Z" is not a measure the portal knows`,
			`Line 2, Measure value: the value is suppressed ("[c]"); the portal needs every figure of the file`}},
		{"broken quote", header + "901,\"A,Local authority,E06009901,2A,Total,Outcome,3\n", []string{
			`Line 2: the line is not valid CSV (extraneous or missing " in quoted-field); the rest of the file cannot be read`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, sum, err := ReadAll(strings.NewReader(tt.file), ASCOF, known(t))
			if err != nil {
				t.Fatalf("ReadAll() error = %v", err)
			}
			var got []string
			for _, p := range sum.Problems {
				got = append(got, p.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			counted := 0
			for _, c := range sum.ByColumn {
				counted += c
			}
			if counted != sum.ProblemCount || !strings.HasPrefix(sum.Overview(), fmt.Sprint(len(tt.want))) {
				t.Errorf("ByColumn %v, Overview %q, want %d in all", sum.ByColumn, sum.Overview(), len(tt.want))
			}
			if sum.OK() || sum.ProblemCount != len(tt.want) {
				t.Errorf("OK() = %v, ProblemCount = %d, want false, %d", sum.OK(), sum.ProblemCount, len(tt.want))
			}
			wantRows := 0
			if tt.name == "twice" {
				wantRows = 1 // the first of the two is good
			}
			if len(rows) != wantRows {
				t.Errorf("%d rows returned, want %d: %+v", len(rows), wantRows, rows)
			}
		})
	}
}

func TestReadHeaderVariants(t *testing.T) {
	// A byte order mark, other case and spaces around names are all the same header.
	file := "\uFEFFgeographical code , Geographical Description,GEOGRAPHICAL LEVEL,ONS code,ASCOF measure code,Disaggregation level,Measure type,Measure value\n" +
		"901,A,Council,E06009901,3d,Total,outcome,\"1,234.5\"\n\n"
	rows, sum, err := ReadAll(strings.NewReader(file), ASCOF, known(t))
	if err != nil || !sum.OK() {
		t.Fatalf("ReadAll() = %v, %v", err, sum.Problems)
	}
	if len(rows) != 1 || rows[0].Measure != "3D" || rows[0].Value != 1234.5 {
		t.Errorf("rows = %+v, want one 3D row of 1234.5", rows)
	}
}

func TestReadBounds(t *testing.T) {
	t.Run("problems listed", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(header)
		for i := 0; i < MaxProblems+50; i++ {
			b.WriteString("901,A,Local authority,E06009901,2A,Total,Outcome,x\n")
		}
		_, sum, _ := ReadAll(strings.NewReader(b.String()), ASCOF, known(t))
		if len(sum.Problems) != MaxProblems || sum.ProblemCount != MaxProblems+50 {
			t.Errorf("listed %d of %d problems, want %d of %d", len(sum.Problems), sum.ProblemCount, MaxProblems, MaxProblems+50)
		}
	})
	t.Run("long field", func(t *testing.T) {
		_, sum, _ := ReadAll(strings.NewReader(header+"901,"+strings.Repeat("a", MaxFieldBytes+1)+",Local authority,E06009901,2A,Total,Outcome,3\n"), ASCOF, known(t))
		if sum.OK() || !strings.Contains(sum.Problems[0].Message, "longer than") {
			t.Errorf("problems = %v, want a field too long", sum.Problems)
		}
	})
}

// FuzzReader checks that no input makes the reader panic, and that a file
// with no problems gave only well-formed rows.
func FuzzReader(f *testing.F) {
	for _, name := range []string{"testdata/ascof-small.csv", "testdata/ascs-small.csv"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(header + "901,\"A\nB\",Local authority,E06009901,2A,Total,Outcome,3\n"))
	f.Add([]byte("\uFEFF"))
	k := known(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, l := range []Layout{ASCOF, ASCS} {
			rows, sum, _ := ReadAll(strings.NewReader(string(b)), l, k)
			if len(sum.Problems) > MaxProblems || sum.ProblemCount < len(sum.Problems) {
				t.Fatalf("problems %d listed of %d", len(sum.Problems), sum.ProblemCount)
			}
			if sum.Figures != len(rows) {
				t.Fatalf("Figures = %d, %d rows", sum.Figures, len(rows))
			}
			for _, r := range rows {
				if r.Measure == "" || r.Area == "" || r.Type != TypeOutcome {
					t.Fatalf("malformed row %+v", r)
				}
				if r.Level == LevelLA && !k.Councils[r.Area] {
					t.Fatalf("row of an unknown council %+v", r)
				}
			}
		}
	})
}

func TestOverview(t *testing.T) {
	s := Summary{ProblemCount: 53, ByColumn: map[string]int{"ONS code": 51, "Measure value": 1, "": 1}}
	if got, want := s.Overview(), "53 problems: 51 in ONS code, 1 with whole lines or the file, 1 in Measure value"; got != want {
		t.Errorf("Overview() = %q, want %q", got, want)
	}
	if got := (Summary{}).Overview(); got != "no problems" {
		t.Errorf("Overview() of a good file = %q", got)
	}
}
