package outcomes

import (
	"sort"

	"github.com/evidenceportal/portal/internal/framework"
)

// Figure is one stored figure (Total disaggregation) of a year.
type Figure struct {
	Year    string
	Level   Level
	Area    string
	Region  string
	Measure string
	Value   float64
}

// Point is one year of a council's series beside England's.
type Point struct {
	Year       string
	Value      float64
	England    float64
	HasEngland bool
}

// MeasureView is what a page shows of one measure for one council: the
// latest year's comparison and the series of every year imported.
type MeasureView struct {
	Measure    framework.Measure
	Year       string
	Comparison Comparison
	Trend      []Point
}

// Views benchmarks the council ons on every measure of ms it has a figure
// for, in the mapping's order, from figures as the store returns them (the
// council's of every year, everyone's of the latest year, every region,
// council type and England figure). A council's region is the one its file
// gave, else the one lookup has (nil: none); published ASCOF files say no
// council's region.
func Views(ons string, figs []Figure, ms *framework.MeasureSet, lookup *framework.RegionSet) []MeasureView {
	type key struct{ measure, year string }
	councils := map[key][]CouncilFigure{}
	england := map[key]float64{}
	regions := map[key]map[string]float64{}
	mine := map[string][]Figure{}
	for _, f := range figs {
		k := key{f.Measure, f.Year}
		switch f.Level {
		case LevelLA:
			if f.Region == "" && lookup != nil {
				f.Region, _ = lookup.Region(f.Area)
			}
			councils[k] = append(councils[k], CouncilFigure{ONS: f.Area, Region: f.Region, Value: f.Value})
			if f.Area == ons {
				mine[f.Measure] = append(mine[f.Measure], f)
			}
		case LevelEngland:
			england[k] = f.Value
		case LevelRegion:
			if regions[k] == nil {
				regions[k] = map[string]float64{}
			}
			regions[k][f.Area] = f.Value
		}
	}
	var out []MeasureView
	for _, m := range ms.Measures {
		series := mine[m.ID]
		if len(series) == 0 {
			continue
		}
		sort.Slice(series, func(i, j int) bool { return series[i].Year < series[j].Year })
		v := MeasureView{Measure: m, Year: series[len(series)-1].Year}
		for _, f := range series {
			p := Point{Year: f.Year, Value: f.Value}
			p.England, p.HasEngland = england[key{m.ID, f.Year}]
			v.Trend = append(v.Trend, p)
		}
		k := key{m.ID, v.Year}
		pub := Published{Regions: regions[k]}
		if e, ok := england[k]; ok {
			pub.England = &e
		}
		c, ok := Compare(ons, councils[k], pub, m.HigherIsBetter)
		if !ok {
			continue
		}
		v.Comparison = c
		out = append(out, v)
	}
	return out
}

// ForStatement keeps the views of measures that evidence the statement.
func ForStatement(views []MeasureView, statement string) []MeasureView {
	var out []MeasureView
	for _, v := range views {
		for _, s := range v.Measure.Statements {
			if s == statement {
				out = append(out, v)
				break
			}
		}
	}
	return out
}
