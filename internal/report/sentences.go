package report

import (
	"fmt"
	"strconv"
	"strings"
)

// PreceptNote is the sentence CQC's reports add to what they say of the
// precept.
const PreceptNote = "Please note that the amount raised through adult social care precept varies from local authority to local authority."

// Demographics writes the demographic facts as sentences; a figure not
// entered leaves its sentence out.
func (f Facts) Demographics() []string {
	var out []string
	switch {
	case f.Population != nil && f.Over65Tenths != nil:
		out = append(out, fmt.Sprintf("Approximately %s people live in the local authority area, of whom %s are aged 65 or over.",
			Thousands(*f.Population), tenths(*f.Over65Tenths)))
	case f.Population != nil:
		out = append(out, fmt.Sprintf("Approximately %s people live in the local authority area.", Thousands(*f.Population)))
	case f.Over65Tenths != nil:
		out = append(out, fmt.Sprintf("%s of people in the local authority area are aged 65 or over.", tenths(*f.Over65Tenths)))
	}
	if f.IMDDecile != nil {
		out = append(out, fmt.Sprintf("Its Index of Multiple Deprivation (IMD) decile is %d, where 1 is the most deprived and 10 the least deprived.", *f.IMDDecile))
	}
	return out
}

// Finances writes the financial facts in the sentence patterns of CQC's
// published reports, with every difference and share computed. A sentence
// whose figures are not all there is left out; so is every sentence of the
// year when the year is not given.
func (f Facts) Finances() []string {
	var out []string
	y := f.Year
	if y != "" {
		switch {
		case f.BudgetEstimate != nil && f.BudgetActual != nil:
			out = append(out, fmt.Sprintf("The local authority estimated that in %s, its total budget would be %s. Its actual spend for that year was %s, which was %s.",
				y, Pounds(*f.BudgetEstimate), Pounds(*f.BudgetActual), against(*f.BudgetEstimate, *f.BudgetActual)))
		case f.BudgetEstimate != nil:
			out = append(out, fmt.Sprintf("The local authority estimated that in %s, its total budget would be %s.", y, Pounds(*f.BudgetEstimate)))
		case f.BudgetActual != nil:
			out = append(out, fmt.Sprintf("The local authority's actual spend in %s was %s.", y, Pounds(*f.BudgetActual)))
		}
		switch {
		case f.ASCEstimate != nil && f.ASCActual != nil:
			out = append(out, fmt.Sprintf("The local authority estimated that it would spend %s of its total budget on adult social care in %s. Its actual spend was %s, which is %s.",
				Pounds(*f.ASCEstimate), y, Pounds(*f.ASCActual), against(*f.ASCEstimate, *f.ASCActual)))
		case f.ASCEstimate != nil:
			out = append(out, fmt.Sprintf("The local authority estimated that it would spend %s of its total budget on adult social care in %s.", Pounds(*f.ASCEstimate), y))
		case f.ASCActual != nil:
			out = append(out, fmt.Sprintf("The local authority's actual spend on adult social care in %s was %s.", y, Pounds(*f.ASCActual)))
		}
		if f.ASCActual != nil && f.BudgetActual != nil && *f.BudgetActual > 0 && *f.ASCActual <= *f.BudgetActual {
			out = append(out, fmt.Sprintf("In %s, %d%% of the budget was spent on adult social care.", y, share(*f.ASCActual, *f.BudgetActual)))
		}
	}
	if s := f.precept(); s != "" {
		out = append(out, s)
	}
	if y != "" {
		switch {
		case f.LongTerm != nil && f.ShortTerm != nil:
			out = append(out, fmt.Sprintf("Approximately %s people were accessing long-term adult social care support, and approximately %s people were accessing short-term adult social care support in %s.",
				Thousands(*f.LongTerm), Thousands(*f.ShortTerm), y))
		case f.LongTerm != nil:
			out = append(out, fmt.Sprintf("Approximately %s people were accessing long-term adult social care support in %s.", Thousands(*f.LongTerm), y))
		case f.ShortTerm != nil:
			out = append(out, fmt.Sprintf("Approximately %s people were accessing short-term adult social care support in %s.", Thousands(*f.ShortTerm), y))
		}
	}
	return out
}

// precept is what the years of the precept say, with CQC's note: "has
// raised the full adult social care precept for 2022/23 and 2023/24", and
// "has not raised" for the years it did not, in the order given.
func (f Facts) precept() string {
	var full, notFull []string
	for _, p := range f.Precept {
		if p.Full {
			full = append(full, p.Year)
		} else {
			notFull = append(notFull, p.Year)
		}
	}
	var parts []string
	if len(full) > 0 {
		parts = append(parts, "has raised the full adult social care precept for "+and(full))
	}
	if len(notFull) > 0 {
		parts = append(parts, "has not raised the full adult social care precept for "+and(notFull))
	}
	if len(parts) == 0 {
		return ""
	}
	return "The local authority " + strings.Join(parts, ", and ") + ". " + PreceptNote
}

// against says how actual compares with estimate: "£22,079,000 more than
// estimated", "... less than estimated" or "the same as estimated".
func against(estimate, actual int64) string {
	switch {
	case actual > estimate:
		return Pounds(actual-estimate) + " more than estimated"
	case actual < estimate:
		return Pounds(estimate-actual) + " less than estimated"
	}
	return "the same as estimated"
}

// share is part/whole as a whole percentage, rounded half up (a fact, not
// a score: CQC's rounding of scores does not apply).
func share(part, whole int64) int64 { return (200*part + whole) / (2 * whole) }

// and joins items as English does: "a", "a and b", "a, b and c".
func and(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// Pounds writes whole pounds as CQC does: £895,817,000.
func Pounds(n int64) string { return "£" + Thousands(n) }

// Thousands writes a whole number with commas between thousands: 10,495.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// tenths writes tenths of a percent: 189 as "18.9%", 200 as "20%".
func tenths(n int64) string {
	if n%10 == 0 {
		return fmt.Sprintf("%d%%", n/10)
	}
	return fmt.Sprintf("%d.%d%%", n/10, n%10)
}
