package api

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/evidenceportal/portal/frontend"
	"github.com/evidenceportal/portal/internal/authz"
	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/labstack/echo/v4"
)

// outcomeViews benchmarks a council on every measure it has figures for.
// Outcome data is published and national: the caller has already checked
// that the person may see the council at all.
func (s *Server) outcomeViews(ctx context.Context, la string) ([]outcomes.MeasureView, error) {
	figs, err := s.store.OutcomeFigures(ctx, la)
	if err != nil {
		return nil, err
	}
	return outcomes.Views(la, figs, s.catalogue.Measures(), s.catalogue.Regions()), nil
}

// outcomeMeasures are the views of the measures that evidence a statement,
// ready for a page.
func (s *Server) outcomeMeasures(views []outcomes.MeasureView, statement string) []frontend.OutcomeMeasure {
	var out []frontend.OutcomeMeasure
	for _, v := range outcomes.ForStatement(views, statement) {
		out = append(out, s.outcomeMeasure(v))
	}
	return out
}

// outcomeStatements groups a council's measures under each statement, in
// framework order, for the council's page.
func (s *Server) outcomeStatements(views []outcomes.MeasureView) []frontend.OutcomeStatement {
	var out []frontend.OutcomeStatement
	for _, qs := range s.catalogue.Statements {
		if ms := s.outcomeMeasures(views, qs.Slug); len(ms) > 0 {
			out = append(out, frontend.OutcomeStatement{Slug: qs.Slug, Name: qs.Name, Measures: ms})
		}
	}
	return out
}

func (s *Server) outcomeMeasure(v outcomes.MeasureView) frontend.OutcomeMeasure {
	m, c := v.Measure, v.Comparison
	src := strings.ToUpper(m.Source)
	om := frontend.OutcomeMeasure{ID: m.ID, Name: m.Name, Year: v.Year, Source: src,
		Value: figureText(m, c.Value), England: figureText(m, c.England),
		TypeName: "Mean of " + strings.ToLower(c.CouncilType) + " councils", Type: fmt.Sprintf("%s (%d councils)", figureText(m, c.TypeMean), c.TypeCount),
		Rank: fmt.Sprintf("%s of %d", ordinal(c.Rank), c.Of), Quartile: quartileText(c.Quartile), Direction: "Lower is better"}
	if m.HigherIsBetter {
		om.Direction = "Higher is better"
	}
	if c.EnglandMean {
		om.EnglandNote = "mean of councils; no England figure was published"
	}
	if c.HasRegion {
		om.Region = figureText(m, c.Region)
		if c.RegionMean {
			om.Region += " (mean of the region's councils)"
		}
	}
	for _, p := range v.Trend {
		pt := frontend.OutcomePoint{Year: p.Year, Value: figureText(m, p.Value), England: "not published"}
		if p.HasEngland {
			pt.England = figureText(m, p.England)
		}
		om.Trend = append(om.Trend, pt)
	}
	om.Chart = outcomeChart(v)
	return om
}

// outcomeChart draws the series and England's as two lines, 200 by 60
// pixels; none for a single year.
func outcomeChart(v outcomes.MeasureView) *frontend.OutcomeChart {
	if len(v.Trend) < 2 {
		return nil
	}
	const w, h, pad = 200, 60, 4
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range v.Trend {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
		if p.HasEngland {
			lo, hi = math.Min(lo, p.England), math.Max(hi, p.England)
		}
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	x := func(i int) float64 { return pad + float64(i)*(w-2*pad)/float64(len(v.Trend)-1) }
	y := func(f float64) float64 { return pad + (hi-f)*(h-2*pad)/(hi-lo) }
	var council, england []string
	for i, p := range v.Trend {
		council = append(council, fmt.Sprintf("%.1f,%.1f", x(i), y(p.Value)))
		if p.HasEngland {
			england = append(england, fmt.Sprintf("%.1f,%.1f", x(i), y(p.England)))
		}
	}
	return &frontend.OutcomeChart{Width: w, Height: h, Council: strings.Join(council, " "), England: strings.Join(england, " "),
		Label: fmt.Sprintf("%s from %s to %s; the figures are in the table below", v.Measure.Name, v.Trend[0].Year, v.Trend[len(v.Trend)-1].Year)}
}

func figureText(m framework.Measure, f float64) string {
	switch m.Unit {
	case "percent":
		return strconv.FormatFloat(f, 'f', 1, 64) + "%"
	case "rate":
		return strconv.FormatFloat(f, 'f', 1, 64) + " per 100,000"
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}

func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

func quartileText(q int) string {
	return map[int]string{1: "top quarter", 2: "second quarter", 3: "third quarter", 4: "bottom quarter"}[q]
}

// outcomeJSON is one measure of GET /api/v1/las/{code}/outcomes.
type outcomeJSON struct {
	Measure        string             `json:"measure"`
	Name           string             `json:"name"`
	Unit           string             `json:"unit"`
	HigherIsBetter bool               `json:"higherIsBetter"`
	Statements     []string           `json:"statements"`
	Year           string             `json:"year"`
	Value          float64            `json:"value"`
	England        float64            `json:"england"`
	EnglandIsMean  bool               `json:"englandIsMean"`
	Region         *float64           `json:"region,omitempty"`
	RegionCode     string             `json:"regionCode,omitempty"`
	CouncilType    string             `json:"councilType"`
	CouncilTypeAvg float64            `json:"councilTypeMean"`
	CouncilTypeN   int                `json:"councilTypeCount"`
	RegionIsMean   bool               `json:"regionIsMean,omitempty"`
	Rank           int                `json:"rank"`
	Of             int                `json:"of"`
	Quartile       int                `json:"quartile"`
	Trend          []outcomePointJSON `json:"trend"`
}

type outcomePointJSON struct {
	Year    string   `json:"year"`
	Value   float64  `json:"value"`
	England *float64 `json:"england,omitempty"`
}

// showLAOutcomesJSON is GET /api/v1/las/{code}/outcomes: a council's outcome
// figures benchmarked. They are published national data, so every
// signed-in person may read every council's.
func (s *Server) showLAOutcomesJSON(c echo.Context) error {
	la, err := s.store.LA(c.Request().Context(), authz.AllLAs(), c.Param("code"))
	if err != nil {
		return err
	}
	views, err := s.outcomeViews(c.Request().Context(), la.Code)
	if err != nil {
		return err
	}
	out := []outcomeJSON{}
	for _, v := range views {
		out = append(out, outcomeDoc(v))
	}
	return c.JSON(http.StatusOK, map[string]any{"la": la.Code, "outcomes": out})
}

// outcomeDoc is one measure benchmarked, as the API gives it and as a
// published report freezes it.
func outcomeDoc(v outcomes.MeasureView) outcomeJSON {
	m, cmp := v.Measure, v.Comparison
	j := outcomeJSON{Measure: m.ID, Name: m.Name, Unit: m.Unit, HigherIsBetter: m.HigherIsBetter, Statements: m.Statements, Year: v.Year,
		Value: cmp.Value, England: cmp.England, EnglandIsMean: cmp.EnglandMean, CouncilType: cmp.CouncilType, CouncilTypeAvg: cmp.TypeMean,
		CouncilTypeN: cmp.TypeCount, Rank: cmp.Rank, Of: cmp.Of, Quartile: cmp.Quartile, Trend: []outcomePointJSON{}}
	if cmp.HasRegion {
		r := cmp.Region
		j.Region, j.RegionCode, j.RegionIsMean = &r, cmp.RegionCode, cmp.RegionMean
	}
	for _, pt := range v.Trend {
		pj := outcomePointJSON{Year: pt.Year, Value: pt.Value}
		if pt.HasEngland {
			e := pt.England
			pj.England = &e
		}
		j.Trend = append(j.Trend, pj)
	}
	return j
}

// frozenOutcome is a frozen measure again as a page shows it: its figures as
// frozen, its source from the mapping (a measure the mapping no longer has
// keeps its frozen name and unit).
func (s *Server) frozenOutcome(j outcomeJSON) outcomes.MeasureView {
	m, _ := s.catalogue.Measures().Measure(j.Measure)
	m.ID, m.Name, m.Unit, m.HigherIsBetter, m.Statements = j.Measure, j.Name, j.Unit, j.HigherIsBetter, j.Statements
	v := outcomes.MeasureView{Measure: m, Year: j.Year, Comparison: outcomes.Comparison{Value: j.Value, England: j.England,
		EnglandMean: j.EnglandIsMean, CouncilType: j.CouncilType, TypeMean: j.CouncilTypeAvg, TypeCount: j.CouncilTypeN,
		Rank: j.Rank, Of: j.Of, Quartile: j.Quartile}}
	if j.Region != nil {
		v.Comparison.HasRegion, v.Comparison.Region, v.Comparison.RegionCode, v.Comparison.RegionMean = true, *j.Region, j.RegionCode, j.RegionIsMean
	}
	for _, p := range j.Trend {
		pt := outcomes.Point{Year: p.Year, Value: p.Value}
		if p.England != nil {
			pt.England, pt.HasEngland = *p.England, true
		}
		v.Trend = append(v.Trend, pt)
	}
	return v
}
