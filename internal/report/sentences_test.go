package report

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func n(v int64) *int64 { return &v }

// published are the figures behind the sentences of a published CQC report
// quoted in issue 13; the sentences below are CQC's, word for word, except
// the short-term figure that the quotation left out (here 1,234).
func published() Facts {
	return Facts{Year: "2022/23", BudgetEstimate: n(895_817_000), BudgetActual: n(917_896_000),
		ASCEstimate: n(230_464_000), ASCActual: n(234_568_000),
		Precept:  []PreceptYear{{"2022/23", true}, {"2023/24", true}},
		LongTerm: n(10_495), ShortTerm: n(1_234)}
}

func TestFinances(t *testing.T) {
	const (
		budget  = "The local authority estimated that in 2022/23, its total budget would be £895,817,000. Its actual spend for that year was £917,896,000, which was £22,079,000 more than estimated."
		asc     = "The local authority estimated that it would spend £230,464,000 of its total budget on adult social care in 2022/23. Its actual spend was £234,568,000, which is £4,104,000 more than estimated."
		share   = "In 2022/23, 26% of the budget was spent on adult social care."
		precept = "The local authority has raised the full adult social care precept for 2022/23 and 2023/24. Please note that the amount raised through adult social care precept varies from local authority to local authority."
		people  = "Approximately 10,495 people were accessing long-term adult social care support, and approximately 1,234 people were accessing short-term adult social care support in 2022/23."
	)
	tests := []struct {
		name string
		edit func(*Facts)
		want []string
	}{
		{"published", func(*Facts) {}, []string{budget, asc, share, precept, people}},
		{"less than estimated", func(f *Facts) { f.BudgetActual = n(880_000_000); f.ASCActual = n(230_000_000) }, []string{
			"The local authority estimated that in 2022/23, its total budget would be £895,817,000. Its actual spend for that year was £880,000,000, which was £15,817,000 less than estimated.",
			"The local authority estimated that it would spend £230,464,000 of its total budget on adult social care in 2022/23. Its actual spend was £230,000,000, which is £464,000 less than estimated.",
			"In 2022/23, 26% of the budget was spent on adult social care.", precept, people}},
		{"as estimated", func(f *Facts) { f.BudgetActual = n(895_817_000); f.ASCActual = nil }, []string{
			"The local authority estimated that in 2022/23, its total budget would be £895,817,000. Its actual spend for that year was £895,817,000, which was the same as estimated.",
			"The local authority estimated that it would spend £230,464,000 of its total budget on adult social care in 2022/23.", precept, people}},
		{"has not raised", func(f *Facts) { f.Precept = []PreceptYear{{"2022/23", false}, {"2023/24", false}} }, []string{budget, asc, share,
			"The local authority has not raised the full adult social care precept for 2022/23 and 2023/24. Please note that the amount raised through adult social care precept varies from local authority to local authority.", people}},
		{"raised one year, not the other", func(f *Facts) { f.Precept = []PreceptYear{{"2022/23", true}, {"2023/24", false}} }, []string{budget, asc, share,
			"The local authority has raised the full adult social care precept for 2022/23, and has not raised the full adult social care precept for 2023/24. Please note that the amount raised through adult social care precept varies from local authority to local authority.", people}},
		{"short-term figure missing", func(f *Facts) { f.ShortTerm = nil }, []string{budget, asc, share, precept,
			"Approximately 10,495 people were accessing long-term adult social care support in 2022/23."}},
		{"long-term figure missing", func(f *Facts) { f.LongTerm = nil }, []string{budget, asc, share, precept,
			"Approximately 1,234 people were accessing short-term adult social care support in 2022/23."}},
		{"actual spends missing: no share", func(f *Facts) { f.BudgetActual, f.ASCActual = nil, nil }, []string{
			"The local authority estimated that in 2022/23, its total budget would be £895,817,000.",
			"The local authority estimated that it would spend £230,464,000 of its total budget on adult social care in 2022/23.", precept, people}},
		{"estimates missing", func(f *Facts) { f.BudgetEstimate, f.ASCEstimate = nil, nil }, []string{
			"The local authority's actual spend in 2022/23 was £917,896,000.",
			"The local authority's actual spend on adult social care in 2022/23 was £234,568,000.", share, precept, people}},
		{"no year: only the precept", func(f *Facts) { f.Year = "" }, []string{precept}},
		{"nothing entered", func(f *Facts) { *f = Facts{} }, nil},
		{"adult social care above the total: no share", func(f *Facts) { f.ASCActual = n(999_000_000) }, []string{budget,
			"The local authority estimated that it would spend £230,464,000 of its total budget on adult social care in 2022/23. Its actual spend was £999,000,000, which is £768,536,000 more than estimated.",
			precept, people}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := published()
			tt.edit(&f)
			if diff := cmp.Diff(tt.want, f.Finances()); diff != "" {
				t.Errorf("Finances() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDemographics(t *testing.T) {
	tests := []struct {
		name string
		f    Facts
		want []string
	}{
		{"all", Facts{Population: n(210_390), Over65Tenths: n(129), IMDDecile: n(4)}, []string{
			"Approximately 210,390 people live in the local authority area, of whom 12.9% are aged 65 or over.",
			"Its Index of Multiple Deprivation (IMD) decile is 4, where 1 is the most deprived and 10 the least deprived."}},
		{"whole percent", Facts{Population: n(1_000), Over65Tenths: n(200)}, []string{
			"Approximately 1,000 people live in the local authority area, of whom 20% are aged 65 or over."}},
		{"population only", Facts{Population: n(999)}, []string{"Approximately 999 people live in the local authority area."}},
		{"share only", Facts{Over65Tenths: n(5)}, []string{"0.5% of people in the local authority area are aged 65 or over."}},
		{"none", Facts{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.f.Demographics()); diff != "" {
				t.Errorf("Demographics() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestThousands(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 10495: "10,495", 895817000: "895,817,000", -22079000: "-22,079,000"} {
		if got := Thousands(in); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestParseWhole(t *testing.T) {
	tests := []struct {
		in      string
		want    *int64
		wantErr bool
	}{
		{"", nil, false},
		{"  ", nil, false},
		{"895817000", n(895817000), false},
		{"895,817,000", n(895817000), false},
		{"£895,817,000", n(895817000), false},
		{" 0 ", n(0), false},
		{"-5", nil, true},
		{"+5", nil, true},
		{"12.5", nil, true},
		{"ten", nil, true},
		{"£", nil, true},
		{"1e9", nil, true},
		{"50000000001", nil, true},
		{"99999999999999999999999", nil, true},
		{"<script>", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseWhole(tt.in, MaxPounds)
			if (err != nil) != tt.wantErr || (err != nil && !errors.Is(err, ErrBadFigure)) {
				t.Fatalf("ParseWhole(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseWhole(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseTenths(t *testing.T) {
	tests := []struct {
		in      string
		want    *int64
		wantErr bool
	}{
		{"", nil, false},
		{"18.9", n(189), false},
		{"18.9%", n(189), false},
		{"20", n(200), false},
		{"100", n(1000), false},
		{"0.5", n(5), false},
		{"100.1", nil, true},
		{"18.95", nil, true},
		{"-1", nil, true},
		{".5", nil, true},
		{"abc", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTenths(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseTenths(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseTenths(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseYear(t *testing.T) {
	for in, ok := range map[string]bool{"2022/23": true, " 2023/24 ": true, "2099/00": true, "2022/24": false, "2022-23": false,
		"22/23": false, "2022/2023": false, "": false, "1999/00": false, "abcd/ef": false} {
		_, err := ParseYear(in)
		if (err == nil) != ok || (err != nil && !errors.Is(err, ErrBadYear)) {
			t.Errorf("ParseYear(%q) error = %v, want ok %v", in, err, ok)
		}
	}
}
