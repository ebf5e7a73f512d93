package api

import (
	"errors"
	"strings"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/report"
	"github.com/labstack/echo/v4"
)

// factField is one figure of the facts form: how it reads from the form
// into report.Facts and back.
type factField struct {
	name, label, hint, width string
	max                      int64 // 0: a percentage in tenths
	get                      func(*report.Facts) **int64
}

// factFields are the figures of "About the local authority", in the order
// the form asks for them. Their names are also what a council's comment on
// a figure names.
var factFields = []factField{
	{"population", "Population", "For example, 210,390", "10", report.MaxPopulation, func(f *report.Facts) **int64 { return &f.Population }},
	{"over65", "Share of the population aged 65 or over (%)", "For example, 18.9", "4", 0, func(f *report.Facts) **int64 { return &f.Over65Tenths }},
	{"imd_decile", "Index of Multiple Deprivation decile", "1 is the most deprived, 10 the least deprived", "2", 10, func(f *report.Facts) **int64 { return &f.IMDDecile }},
	{"budget_estimate", "Total budget, estimated (£)", "For example, 895,817,000", "10", report.MaxPounds, func(f *report.Facts) **int64 { return &f.BudgetEstimate }},
	{"budget_actual", "Total spend, actual (£)", "", "10", report.MaxPounds, func(f *report.Facts) **int64 { return &f.BudgetActual }},
	{"asc_estimate", "Adult social care budget, estimated (£)", "", "10", report.MaxPounds, func(f *report.Facts) **int64 { return &f.ASCEstimate }},
	{"asc_actual", "Adult social care spend, actual (£)", "", "10", report.MaxPounds, func(f *report.Facts) **int64 { return &f.ASCActual }},
	{"long_term", "People accessing long-term support", "", "10", report.MaxPopulation, func(f *report.Facts) **int64 { return &f.LongTerm }},
	{"short_term", "People accessing short-term support", "", "10", report.MaxPopulation, func(f *report.Facts) **int64 { return &f.ShortTerm }},
}

// figureLabel names a figure for a council's comment; "" when there is no
// such figure.
func figureLabel(name string) string {
	switch name {
	case "year":
		return "Financial year"
	case "precept":
		return "Adult social care precept"
	}
	for _, f := range factFields {
		if f.name == name {
			return f.label
		}
	}
	return ""
}

// figureOptions are the figures a council may comment on.
func figureOptions(selected string) []frontend.Option {
	out := []frontend.Option{{Value: "year", Label: "Financial year", Selected: selected == "year"}}
	for _, f := range factFields {
		out = append(out, frontend.Option{Value: f.name, Label: f.label, Selected: selected == f.name})
	}
	return append(out, frontend.Option{Value: "precept", Label: "Adult social care precept", Selected: selected == "precept"})
}

// factsForm is the facts form filled from saved facts.
func factsForm(f *report.Facts) []frontend.ReportField {
	if f == nil {
		f = &report.Facts{}
	}
	var raised, notRaised []string
	for _, p := range f.Precept {
		if p.Full {
			raised = append(raised, p.Year)
		} else {
			notRaised = append(notRaised, p.Year)
		}
	}
	out := []frontend.ReportField{{Name: "year", Label: "Financial year of the figures", Hint: "For example, 2022/23", Value: f.Year, Width: "5"}}
	for _, ff := range factFields {
		v := ""
		if p := *ff.get(f); p != nil {
			if ff.max == 0 {
				v = strings.TrimSuffix(tenthsText(*p), "%")
			} else {
				v = report.Thousands(*p)
			}
		}
		out = append(out, frontend.ReportField{Name: ff.name, Label: ff.label, Hint: ff.hint, Value: v, Width: ff.width})
	}
	return append(out,
		frontend.ReportField{Name: "precept_full", Label: "Years the full adult social care precept was raised", Hint: "Separate years with commas, for example 2022/23, 2023/24", Value: strings.Join(raised, ", "), Width: "20"},
		frontend.ReportField{Name: "precept_not", Label: "Years the full adult social care precept was not raised", Value: strings.Join(notRaised, ", "), Width: "20"})
}

func tenthsText(n int64) string {
	if n%10 == 0 {
		return report.Thousands(n/10) + "%"
	}
	return report.Thousands(n/10) + "." + string(rune('0'+n%10)) + "%"
}

// parseFacts reads the facts form: the facts, the fields to show again and
// whether any has an error. Figures that are not whole numbers, negative or
// absurd, and years not written like 2022/23, are refused field by field.
func parseFacts(c echo.Context) (*report.Facts, []frontend.ReportField, bool) {
	f := &report.Facts{}
	fields := factsForm(nil)
	bad := false
	set := func(name, value, msg string) {
		for i := range fields {
			if fields[i].Name == name {
				fields[i].Value, fields[i].Error = value, msg
				if msg != "" {
					bad = true
				}
			}
		}
	}
	year := strings.TrimSpace(c.FormValue("year"))
	set("year", year, "")
	if year != "" {
		if y, err := report.ParseYear(year); err != nil {
			set("year", year, "Enter the financial year like 2022/23")
		} else {
			f.Year = y
		}
	}
	for _, ff := range factFields {
		raw := strings.TrimSpace(c.FormValue(ff.name))
		var v *int64
		var err error
		if ff.max == 0 {
			v, err = report.ParseTenths(raw)
		} else {
			v, err = report.ParseWhole(raw, ff.max)
		}
		switch {
		case errors.Is(err, report.ErrBadFigure) && ff.max == 0:
			set(ff.name, raw, ff.label+" must be a percentage from 0 to 100, like 18.9")
		case errors.Is(err, report.ErrBadFigure) && ff.name == "imd_decile":
			set(ff.name, raw, "Enter the decile as a whole number from 1 to 10")
		case errors.Is(err, report.ErrBadFigure):
			set(ff.name, raw, ff.label+" must be a whole number from 0 to "+report.Thousands(ff.max)+", like "+report.Thousands(ff.max/1000))
		case ff.name == "imd_decile" && v != nil && *v < 1:
			set(ff.name, raw, "Enter the decile as a whole number from 1 to 10")
		default:
			set(ff.name, raw, "")
			*ff.get(f) = v
		}
	}
	seen := map[string]bool{}
	for _, pf := range []struct {
		name string
		full bool
	}{{"precept_full", true}, {"precept_not", false}} {
		raw := strings.TrimSpace(c.FormValue(pf.name))
		set(pf.name, raw, "")
		for _, part := range strings.Split(raw, ",") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			y, err := report.ParseYear(part)
			switch {
			case err != nil:
				set(pf.name, raw, "Enter financial years like 2022/23, separated by commas")
			case seen[y]:
				set(pf.name, raw, "Each year can be either raised or not raised, once")
			default:
				seen[y] = true
				f.Precept = append(f.Precept, report.PreceptYear{Year: y, Full: pf.full})
			}
		}
	}
	if len(f.Precept) > 10 {
		set("precept_full", c.FormValue("precept_full"), "Enter at most 10 years of the precept")
	}
	if f.Year == "" && (f.BudgetEstimate != nil || f.BudgetActual != nil || f.ASCEstimate != nil || f.ASCActual != nil ||
		f.LongTerm != nil || f.ShortTerm != nil) {
		set("year", year, "Enter the financial year the figures are for, like 2022/23")
	}
	return f, fields, bad
}
