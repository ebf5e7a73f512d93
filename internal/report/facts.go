package report

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Facts are what a report says about the local authority, for information
// only and never scored: its demographics and its finances, as numbers and
// years. A nil figure is one not entered; its sentence is left out.
type Facts struct {
	// Population is the number of people living in the area.
	Population *int64 `json:"population,omitempty"`
	// Over65Tenths is the share of the population aged 65 or over, in
	// tenths of a percent (189 is 18.9%), so that it is exact.
	Over65Tenths *int64 `json:"over65_tenths,omitempty"`
	// IMDDecile is the Index of Multiple Deprivation decile, 1 the most
	// deprived, 10 the least.
	IMDDecile *int64 `json:"imd_decile,omitempty"`

	// Year is the financial year of the budget and spend figures, as
	// "2022/23".
	Year string `json:"year,omitempty"`
	// Figures in whole pounds.
	BudgetEstimate *int64 `json:"budget_estimate,omitempty"`
	BudgetActual   *int64 `json:"budget_actual,omitempty"`
	ASCEstimate    *int64 `json:"asc_estimate,omitempty"`
	ASCActual      *int64 `json:"asc_actual,omitempty"`

	// Precept says, for each financial year, whether the full adult social
	// care precept was raised.
	Precept []PreceptYear `json:"precept,omitempty"`

	// People accessing support in Year.
	LongTerm  *int64 `json:"long_term,omitempty"`
	ShortTerm *int64 `json:"short_term,omitempty"`
}

// PreceptYear is whether the full adult social care precept was raised in
// one financial year.
type PreceptYear struct {
	Year string `json:"year"`
	Full bool   `json:"full"`
}

// Bounds of the figures: above them a figure is a typing mistake, not a
// council. The largest council budgets are a few billion pounds and the
// largest populations under two million.
const (
	MaxPounds     = 50_000_000_000
	MaxPopulation = 20_000_000
)

// ErrBadFigure means a figure is not a whole number within its bounds.
var ErrBadFigure = errors.New("not a usable figure")

// ErrBadYear means a financial year is not written like 2022/23.
var ErrBadYear = errors.New("not a financial year")

// ParseYear checks a financial year written like 2022/23 (the second year
// the one after the first) and returns it as written.
func ParseYear(s string) (string, error) {
	s = strings.TrimSpace(s)
	first, second, ok := strings.Cut(s, "/")
	y, err1 := strconv.Atoi(first)
	n, err2 := strconv.Atoi(second)
	if !ok || err1 != nil || err2 != nil || len(first) != 4 || len(second) != 2 || y < 2000 || y > 2099 || n != (y+1)%100 {
		return "", fmt.Errorf("year %q: %w", s, ErrBadYear)
	}
	return s, nil
}

// ParseWhole reads a whole number as people type it: "895,817,000",
// "£895,817,000" or "895817000"; "" is no figure (nil). It refuses
// fractions, negatives, words and anything above max.
func ParseWhole(s string, max int64) (*int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	clean := strings.ReplaceAll(strings.TrimPrefix(s, "£"), ",", "")
	n, err := strconv.ParseInt(clean, 10, 64)
	if err != nil || n < 0 || n > max || clean == "" || clean[0] == '+' {
		return nil, fmt.Errorf("figure %q: %w", s, ErrBadFigure)
	}
	return &n, nil
}

// ParseTenths reads a percentage with at most one decimal place, such as
// "18.9" or "18.9%", as tenths (189); "" is no figure. It refuses anything
// outside 0-100.
func ParseTenths(s string) (*int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	clean := strings.TrimSuffix(s, "%")
	whole, frac, _ := strings.Cut(clean, ".")
	if len(frac) > 1 || whole == "" {
		return nil, fmt.Errorf("percentage %q: %w", s, ErrBadFigure)
	}
	if frac == "" {
		frac = "0"
	}
	w, err1 := strconv.ParseUint(whole, 10, 16)
	f, err2 := strconv.ParseUint(frac, 10, 8)
	n := int64(w*10 + f)
	if err1 != nil || err2 != nil || n > 1000 {
		return nil, fmt.Errorf("percentage %q: %w", s, ErrBadFigure)
	}
	return &n, nil
}

// Empty reports whether no figure, year or precept is given.
func (f Facts) Empty() bool {
	return f.Population == nil && f.Over65Tenths == nil && f.IMDDecile == nil && f.Year == "" &&
		f.BudgetEstimate == nil && f.BudgetActual == nil && f.ASCEstimate == nil && f.ASCActual == nil &&
		len(f.Precept) == 0 && f.LongTerm == nil && f.ShortTerm == nil
}
