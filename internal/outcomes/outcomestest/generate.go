// Package outcomestest writes realistic outcome files in the published
// layouts for tests, benchmarks and tools/outcomesgen: no real file can be
// downloaded here.
package outcomestest

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/outcomes"
)

// Council is a council of a generated file.
type Council struct {
	ONS, Name, Region string
	// CASSR is the council's social services code, the file's geographical code.
	CASSR int
}

// Regions are England's nine regions: ONS code and name.
var Regions = [][2]string{
	{"E12000001", "North East"}, {"E12000002", "North West"}, {"E12000003", "Yorkshire and The Humber"},
	{"E12000004", "East Midlands"}, {"E12000005", "West Midlands"}, {"E12000006", "East of England"},
	{"E12000007", "London"}, {"E12000008", "South East"}, {"E12000009", "South West"},
}

// Councils returns n councils: first the two demo councils (Ashford Vale,
// Brookmere), then invented ones of every type with codes no real council
// has (E06009903 and up; real ones end below 000100).
func Councils(n int) []Council {
	out := []Council{
		{ONS: "E06009901", Name: "Ashford Vale Council", Region: "E12000008", CASSR: 901},
		{ONS: "E06009902", Name: "Brookmere Borough Council", Region: "E12000002", CASSR: 902},
	}
	prefixes := []string{"E06", "E08", "E09", "E10"}
	for i := 3; len(out) < n; i++ {
		p := prefixes[i%len(prefixes)]
		region := Regions[i%len(Regions)][0]
		if p == "E09" {
			region = "E12000007" // London boroughs are in London
		} else if region == "E12000007" {
			region = "E12000008"
		}
		out = append(out, Council{ONS: fmt.Sprintf("%s%06d", p, 9900+i), Name: fmt.Sprintf("Generated Council %03d", i), Region: region, CASSR: 900 + i})
	}
	return out[:n]
}

// Options say what to write.
type Options struct {
	Layout   outcomes.Layout
	Councils []Council
	Measures *framework.MeasureSet
	// Year is 0 for the first year of a series, 1 for the next...; figures
	// drift a little from year to year.
	Year int
	// OldCodes writes the measure codes used before the 2023 renumbering.
	OldCodes bool
	Seed     uint64
}

// Write writes one file. Every council's figure is its own level for the
// measure plus a small drift per year; regions and England are the means.
func Write(w io.Writer, o Options) error {
	cw := csv.NewWriter(w)
	l := o.Layout
	header := []string{}
	for _, h := range []string{l.Code, l.Description, l.Level, l.ONS, l.Region, l.Measure, l.Disaggregation, l.MeasureType, l.Value} {
		if h != "" {
			header = append(header, h)
		}
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := func(code, name, level, ons, region, measure, disagg, typ, value string) error {
		var out []string
		for _, f := range []struct{ col, v string }{{l.Code, code}, {l.Description, name}, {l.Level, level}, {l.ONS, ons}, {l.Region, region}, {l.Measure, measure}, {l.Disaggregation, disagg}, {l.MeasureType, typ}, {l.Value, value}} {
			if f.col != "" {
				out = append(out, f.v)
			}
		}
		return cw.Write(out)
	}
	regionName := map[string]string{}
	for _, r := range Regions {
		regionName[r[0]] = r[1]
	}
	for _, m := range o.Measures.Measures {
		if m.Source != l.Source {
			continue
		}
		code := fileCode(l, m, o.OldCodes)
		var all []float64
		byRegion := map[string][]float64{}
		byType := map[string][]float64{}
		for _, c := range o.Councils {
			v := figure(m, c, o.Year, o.Seed)
			all = append(all, v)
			byRegion[c.Region] = append(byRegion[c.Region], v)
			byType[outcomes.CouncilType(c.ONS)] = append(byType[outcomes.CouncilType(c.ONS)], v)
			if err := writeFigure(rec, l, m, strconv.Itoa(c.CASSR), c.Name, "Local authority", c.ONS, c.Region, code, v); err != nil {
				return err
			}
		}
		for _, r := range Regions {
			if vs := byRegion[r[0]]; len(vs) > 0 {
				if err := writeFigure(rec, l, m, r[0], r[1], "Region", r[0], "", code, mean(vs)); err != nil {
					return err
				}
			}
		}
		if l.Slug == outcomes.ASCOF.Slug {
			for _, t := range []string{"County council", "London borough", "Metropolitan district", "Unitary authority"} {
				if vs := byType[t]; len(vs) > 0 {
					if err := writeFigure(rec, l, m, "", t, "Council type", "", "", code, mean(vs)); err != nil {
						return err
					}
				}
			}
		}
		if err := writeFigure(rec, l, m, "", "England", "England", "E92000001", "", code, mean(all)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

type recordFunc func(code, name, level, ons, region, measure, disagg, typ, value string) error

// writeFigure writes a percentage as numerator, denominator and outcome, as
// ASCOF does; other units and other layouts have the outcome only.
func writeFigure(rec recordFunc, l outcomes.Layout, m framework.Measure, code, name, level, ons, region, measure string, v float64) error {
	v = math.Round(v*10) / 10
	out := strconv.FormatFloat(v, 'f', 1, 64)
	if m.Unit == "percent" && l.MeasureType != "" {
		den := 1000.0
		if err := rec(code, name, level, ons, region, measure, "Total", "Numerator", strconv.FormatFloat(math.Round(v*den/100), 'f', 0, 64)); err != nil {
			return err
		}
		if err := rec(code, name, level, ons, region, measure, "Total", "Denominator", strconv.FormatFloat(den, 'f', 0, 64)); err != nil {
			return err
		}
	}
	return rec(code, name, level, ons, region, measure, "Total", "Outcome", out)
}

func fileCode(l outcomes.Layout, m framework.Measure, old bool) string {
	for q, id := range l.Measures {
		if id == m.ID {
			return strings.ToUpper(q[:1]) + q[1:] // as published: Q3b
		}
	}
	if old && len(m.Aliases) > 0 {
		return m.Aliases[0]
	}
	return m.ID
}

// figure is a council's value: a level of its own for the measure (from the
// seed, the council and the measure) plus a drift per year.
func figure(m framework.Measure, c Council, year int, seed uint64) float64 {
	h := uint64(14695981039346656037)
	for _, b := range []byte(m.ID + "|" + c.ONS) {
		h = (h ^ uint64(b)) * 1099511628211
	}
	r := rand.New(rand.NewPCG(seed, h))
	centre, spread := 65.0, 12.0
	switch m.Unit {
	case "score":
		centre, spread = 19.0, 1.0
		if m.ID == "1D" {
			centre, spread = 7.3, 0.6
		}
		if m.ID == "1J" {
			centre, spread = 0.4, 0.05
		}
	case "rate":
		centre, spread = 560, 150
	}
	v := centre + spread*r.NormFloat64()
	trend := spread * 0.1 * r.NormFloat64()
	v += trend * float64(year)
	if m.Unit == "percent" {
		v = math.Max(1, math.Min(99, v))
	}
	return math.Max(0, v)
}

func mean(vs []float64) float64 {
	var s float64
	for _, v := range vs {
		s += v
	}
	return s / float64(len(vs))
}
