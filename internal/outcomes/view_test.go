package outcomes

import (
	"testing"

	"github.com/evidenceportal/portal/internal/framework"
)

// TestViewsRegion: a council's region is its file's, else the lookup's;
// the region's figure is the published one, else the mean of its councils.
func TestViewsRegion(t *testing.T) {
	c, err := framework.Load()
	if err != nil {
		t.Fatalf("framework.Load() = %v", err)
	}
	const kent, surrey, camden, demo, southEast = "E10000016", "E10000030", "E09000007", "E06009901", "E12000008"
	la := func(ons, region string, v float64) Figure {
		return Figure{Year: "2023-24", Level: LevelLA, Area: ons, Region: region, Measure: "2A", Value: v}
	}
	published := Figure{Year: "2023-24", Level: LevelRegion, Area: southEast, Measure: "2A", Value: 50}
	tests := []struct {
		name       string
		figs       []Figure
		lookup     *framework.RegionSet
		ons        string
		wantRegion string // "" for no regional comparison
		wantValue  float64
		wantMean   bool
	}{
		{"no column: the lookup's, published", []Figure{la(kent, "", 80), la(surrey, "", 60), la(camden, "", 70), published}, c.Regions(), kent, southEast, 50, false},
		{"no column: the lookup's, the mean of its councils", []Figure{la(kent, "", 80), la(surrey, "", 60), la(camden, "", 70)}, c.Regions(), kent, southEast, 70, true},
		{"London", []Figure{la(kent, "", 80), la(camden, "", 70)}, c.Regions(), camden, framework.London, 70, true},
		{"the file's column wins", []Figure{la(kent, "E12000009", 80), la(surrey, "", 60), published}, c.Regions(), kent, "E12000009", 80, true},
		{"no lookup", []Figure{la(kent, "", 80), la(surrey, "", 60), published}, nil, kent, "", 0, false},
		{"a council the lookup does not have", []Figure{la(demo, "", 80), la(surrey, "", 60), published}, c.Regions(), demo, "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			views := Views(tt.ons, tt.figs, c.Measures(), tt.lookup)
			if len(views) != 1 {
				t.Fatalf("Views(%s) = %d views, want 1", tt.ons, len(views))
			}
			got := views[0].Comparison
			if tt.wantRegion == "" {
				if got.HasRegion {
					t.Errorf("Views(%s) region %s %v, want none", tt.ons, got.RegionCode, got.Region)
				}
				return
			}
			if !got.HasRegion || got.RegionCode != tt.wantRegion || got.Region != tt.wantValue || got.RegionMean != tt.wantMean {
				t.Errorf("Views(%s) region = %v %s %v (mean %v), want %s %v (mean %v)", tt.ons, got.HasRegion, got.RegionCode, got.Region, got.RegionMean,
					tt.wantRegion, tt.wantValue, tt.wantMean)
			}
		})
	}
}
