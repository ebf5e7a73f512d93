package outcomes

import (
	"sort"
	"strings"
)

// CouncilFigure is one council's figure for a measure in a year.
type CouncilFigure struct {
	ONS    string
	Region string
	Value  float64
}

// Comparison is a council's figure beside England's, its region's, councils
// of its type and its place among every council.
type Comparison struct {
	Value float64
	// England is the published England figure, or the mean of every
	// council when the file had none (EnglandMean).
	England     float64
	EnglandMean bool
	// Region is the published figure of the council's region, or the mean of
	// its councils (RegionMean); HasRegion is false when the region is unknown.
	HasRegion  bool
	RegionCode string
	Region     float64
	RegionMean bool
	// CouncilType is the type by ONS code, TypeMean the mean of its councils.
	CouncilType string
	TypeMean    float64
	TypeCount   int
	// Rank is 1 for the best figure (ties share the better rank) among Of
	// councils; Quartile 1 is the best quarter.
	Rank, Of, Quartile int
}

// Published holds the figures a file gave for areas other than councils,
// by area (ONS code or name).
type Published struct {
	England *float64
	Regions map[string]float64
}

// Compare benchmarks the council ons among councils, the figures of every
// council for one measure, disaggregation and year. It is false when the
// council has no figure.
func Compare(ons string, councils []CouncilFigure, pub Published, higherIsBetter bool) (Comparison, bool) {
	var me *CouncilFigure
	for i := range councils {
		if councils[i].ONS == ons {
			me = &councils[i]
		}
	}
	if me == nil {
		return Comparison{}, false
	}
	c := Comparison{Value: me.Value, CouncilType: CouncilType(ons)}
	var all, region, kind []float64
	for _, f := range councils {
		all = append(all, f.Value)
		if me.Region != "" && f.Region == me.Region {
			region = append(region, f.Value)
		}
		if CouncilType(f.ONS) == c.CouncilType {
			kind = append(kind, f.Value)
		}
	}
	if pub.England != nil {
		c.England = *pub.England
	} else {
		c.England, c.EnglandMean = mean(all), true
	}
	if me.Region != "" {
		c.HasRegion, c.RegionCode = true, me.Region
		if v, ok := pub.Regions[me.Region]; ok {
			c.Region = v
		} else {
			c.Region, c.RegionMean = mean(region), true
		}
	}
	c.TypeMean, c.TypeCount = mean(kind), len(kind)
	c.Rank, c.Of, c.Quartile = Rank(me.Value, all, higherIsBetter)
	return c, true
}

// Rank places value among values (which include it): rank 1 is the best,
// ties share the better rank, and quartile 1 is the best quarter of of.
func Rank(value float64, values []float64, higherIsBetter bool) (rank, of, quartile int) {
	of = len(values)
	if of == 0 {
		return 0, 0, 0
	}
	rank = 1
	for _, v := range values {
		if (higherIsBetter && v > value) || (!higherIsBetter && v < value) {
			rank++
		}
	}
	if rank > of {
		rank = of
	}
	return rank, of, (rank-1)*4/of + 1
}

// CouncilType names the kind of council an ONS code is: its first three
// characters say so.
func CouncilType(ons string) string {
	switch {
	case strings.HasPrefix(ons, "E06"):
		return "Unitary authority"
	case strings.HasPrefix(ons, "E08"):
		return "Metropolitan district"
	case strings.HasPrefix(ons, "E09"):
		return "London borough"
	case strings.HasPrefix(ons, "E10"):
		return "County council"
	}
	return "Other"
}

func mean(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	// Sorting first makes the sum, and so the mean, the same whatever the
	// order the figures came in.
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	var sum float64
	for _, v := range s {
		sum += v
	}
	return sum / float64(len(s))
}
