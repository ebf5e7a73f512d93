package outcomes

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRank(t *testing.T) {
	values := []float64{10, 20, 30, 40, 40, 50, 60, 70}
	tests := []struct {
		value          float64
		higherIsBetter bool
		rank, quartile int
	}{
		{70, true, 1, 1},
		{60, true, 2, 1},
		{50, true, 3, 2},
		{40, true, 4, 2}, // a tie shares the better rank
		{30, true, 6, 3},
		{10, true, 8, 4},
		{10, false, 1, 1},
		{70, false, 8, 4},
	}
	for _, tt := range tests {
		rank, of, q := Rank(tt.value, values, tt.higherIsBetter)
		if rank != tt.rank || of != len(values) || q != tt.quartile {
			t.Errorf("Rank(%v, higher %v) = %d of %d, quartile %d; want %d of %d, quartile %d", tt.value, tt.higherIsBetter, rank, of, q, tt.rank, len(values), tt.quartile)
		}
	}
	if r, of, q := Rank(1, nil, true); r != 0 || of != 0 || q != 0 {
		t.Errorf("Rank among none = %d, %d, %d, want zeros", r, of, q)
	}
	if _, _, q := Rank(5, []float64{5}, true); q != 1 {
		t.Errorf("the only council is in quartile %d, want 1", q)
	}
}

func TestCompare(t *testing.T) {
	councils := []CouncilFigure{
		{ONS: "E06009901", Region: "E12000008", Value: 78.5},
		{ONS: "E06009902", Region: "E12000002", Value: 66},
		{ONS: "E10009903", Region: "E12000008", Value: 70.5},
		{ONS: "E06009904", Region: "", Value: 60},
	}
	england := 69.81
	tests := []struct {
		name string
		ons  string
		pub  Published
		want Comparison
	}{
		{"published England and region", "E06009901", Published{England: &england, Regions: map[string]float64{"E12000008": 72}},
			Comparison{Value: 78.5, England: 69.81, HasRegion: true, RegionCode: "E12000008", Region: 72, CouncilType: "Unitary authority", TypeMean: 68.16666666666667, TypeCount: 3, Rank: 1, Of: 4, Quartile: 1}},
		{"means when unpublished", "E06009901", Published{},
			Comparison{Value: 78.5, England: 68.75, EnglandMean: true, HasRegion: true, RegionCode: "E12000008", Region: 74.5, RegionMean: true, CouncilType: "Unitary authority", TypeMean: 68.16666666666667, TypeCount: 3, Rank: 1, Of: 4, Quartile: 1}},
		{"no region", "E06009904", Published{England: &england},
			Comparison{Value: 60, England: 69.81, CouncilType: "Unitary authority", TypeMean: 68.16666666666667, TypeCount: 3, Rank: 4, Of: 4, Quartile: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Compare(tt.ons, councils, tt.pub, true)
			if !ok {
				t.Fatal("Compare() not ok")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Compare() (-want +got):\n%s", diff)
			}
		})
	}
	if _, ok := Compare("E06000001", councils, Published{}, true); ok {
		t.Error("Compare() of a council with no figure is ok")
	}
}

func TestCouncilType(t *testing.T) {
	for ons, want := range map[string]string{"E06000001": "Unitary authority", "E08000001": "Metropolitan district", "E09000001": "London borough", "E10000002": "County council", "W06000001": "Other"} {
		if got := CouncilType(ons); got != want {
			t.Errorf("CouncilType(%q) = %q, want %q", ons, got, want)
		}
	}
}
