package report

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadFactsCSV(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	tests := []struct {
		name string
		in   string
		want []CouncilFacts
		// wantProblems are the problems' texts, in order.
		wantProblems []string
	}{
		{
			name: "every fact, figures as people write them",
			in: "ons_code,year,population,over65,imd_decile,budget_estimate,budget_actual,asc_estimate,asc_actual,long_term,short_term,precept_full,precept_not\n" +
				"E06009901,2022/23,\"210,390\",18.9,4,£895817000,\"917,896,000\",230464000,234568000,10495,1234,2022/23;2023/24,2021/22\n" +
				"e06009902,,,,,,,,,,,,\n",
			want: []CouncilFacts{
				{Row: 2, LA: "E06009901", Facts: Facts{Year: "2022/23", Population: n(210390), Over65Tenths: n(189), IMDDecile: n(4),
					BudgetEstimate: n(895817000), BudgetActual: n(917896000), ASCEstimate: n(230464000), ASCActual: n(234568000),
					LongTerm: n(10495), ShortTerm: n(1234),
					Precept: []PreceptYear{{"2022/23", true}, {"2023/24", true}, {"2021/22", false}}}},
				{Row: 3, LA: "E06009902"},
			},
		},
		{
			name: "columns in any order, some left out, a byte order mark",
			in:   "\ufeffPopulation, ONS_CODE\n1000,E06009901\n",
			want: []CouncilFacts{{Row: 2, LA: "E06009901", Facts: Facts{Population: n(1000)}}},
		},
		{
			name:         "an unknown column and no ons_code",
			in:           "council,population,population\nE06009901,1,1\n",
			wantProblems: []string{`Column 1, "council", is not a fact the report holds`, `Column "population" is given twice`, "The file has no ons_code column: name each council by its ONS code, like E06000001"},
		},
		{
			name: "bad figures, row by row",
			in: "ons_code,year,population,over65,imd_decile,budget_actual,precept_full,precept_not\n" +
				"E0600990,2022/2023,-5,101,11,12.5,2022/23,2022/23\n" +
				"E06009901,,<script>,,0,\"1,000\",,\n" +
				"E06009901,2022/23,,,,,,\n",
			wantProblems: []string{
				`Row 2: Enter the council's ONS code, like E06000001, not "E0600990"`,
				`Row 2: Enter the financial year like 2022/23, not "2022/2023"`,
				`Row 2: Population must be a whole number from 0 to 20,000,000, not "-5"`,
				`Row 2: Share aged 65 or over must be a percentage from 0 to 100, like 18.9, not "101"`,
				`Row 2: Enter the IMD decile as a whole number from 1 to 10, not "11"`,
				`Row 2: Total spend, actual must be a whole number from 0 to 50,000,000,000, not "12.5"`,
				`Row 2: The precept of 2022/23 is given twice: each year is either raised or not raised, once`,
				`Row 3: Population must be a whole number from 0 to 20,000,000, not "<script>"`,
				`Row 3: Enter the IMD decile as a whole number from 1 to 10, not "0"`,
				`Row 3: Enter the financial year the figures are for, like 2022/23`,
				`Row 4: E06009901 is already given in row 3`,
			},
		},
		{name: "absurd amounts", in: "ons_code,year,budget_estimate\nE06009901,2022/23,50000000001\n",
			wantProblems: []string{`Row 2: Total budget, estimated must be a whole number from 0 to 50,000,000,000, not "50000000001"`}},
		{name: "empty", in: "", wantProblems: []string{"The file is empty or is not a CSV file"}},
		{name: "a header only", in: "ons_code,year\n", wantProblems: []string{"The file has no councils: add a row for each"}},
		{name: "broken quoting", in: "ons_code\n\"E06009901\n", wantProblems: []string{`Row 2: This row is not valid CSV: extraneous or missing " in quoted-field`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems, err := ReadFactsCSV(strings.NewReader(tt.in))
			var texts []string
			for _, p := range problems {
				texts = append(texts, p.String())
			}
			if diff := cmp.Diff(tt.wantProblems, texts); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (err != nil) != (len(tt.wantProblems) > 0) {
				t.Errorf("err = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("facts (-want +got):\n%s", diff)
			}
		})
	}
}
