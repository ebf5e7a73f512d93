package framework

import (
	"strings"
	"testing"
)

func TestRegions(t *testing.T) {
	r := load(t).Regions()
	inUse, perRegion := 0, map[string]int{}
	for _, c := range r.Councils {
		if c.LastYear == "" {
			inUse++
			perRegion[c.Region]++
		}
	}
	// England has 153 councils with adult social services responsibilities
	// since April 2023; London's are its 32 boroughs and the City.
	if inUse != 153 || perRegion[London] != 33 || len(r.Regions) != 9 {
		t.Errorf("%d councils in use, %d in London, %d regions; want 153, 33, 9", inUse, perRegion[London], len(r.Regions))
	}
	tests := []struct {
		name, ons, want string
		wantOK          bool
	}{
		{"London borough", "E09000001", London, true},
		{"unitary", "E06000047", "E12000001", true}, // County Durham
		{"metropolitan district", "E08000035", "E12000003", true},
		{"county council", "E10000016", "E12000008", true},                         // Kent
		{"since 2023", "E06000063", "E12000002", true},                             // Cumberland
		{"former code, in files of earlier years", "E10000006", "E12000002", true}, // Cumbria
		{"case and space do not matter", " e08000003 ", "E12000002", true},
		{"a district, not a council with social services", "E07000105", "", false},
		{"a demo council", "E06009901", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := r.Region(tt.ons)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Region(%q) = %q, %v, want %q, %v", tt.ons, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// TestRegionCheck breaks a copy of the lookup in each way check refuses.
func TestRegionCheck(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(*RegionSet)
		want  string
	}{
		{"unknown region", func(r *RegionSet) { r.Councils[0].Region = "E12000010" }, `unknown region "E12000010"`},
		{"bad council code", func(r *RegionSet) { r.Councils[0].Code = "E07000105" }, `council code "E07000105"`},
		{"council twice", func(r *RegionSet) { r.Councils[1].Code = r.Councils[0].Code }, "twice"},
		{"London borough elsewhere", func(r *RegionSet) { r.Councils[len(r.Councils)-40].Region = "E12000008" }, `is in region "E12000008"`},
		{"outside London in London", func(r *RegionSet) { r.Councils[0].Region = London }, `is in region "` + London + `"`},
		{"bad last year", func(r *RegionSet) { r.Councils[0].LastYear = "2023" }, `last year "2023"`},
		{"region with no council", func(r *RegionSet) {
			for i := range r.Councils {
				if r.Councils[i].Region == "E12000001" {
					r.Councils[i].LastYear = "2022-23"
				}
			}
		}, `"E12000001" (North East) has no council in use`},
		{"bad region code", func(r *RegionSet) { r.Regions[0].Code = "E1" }, `region code "E1"`},
		{"no source", func(r *RegionSet) { r.Source.URL = "" }, "needs a source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := load(t)
			orig := c.Regions()
			r := *orig
			r.Regions = append([]Region(nil), orig.Regions...)
			r.Councils = append([]CouncilRegion(nil), orig.Councils...)
			tt.spoil(&r)
			c.RegionSets = []*RegionSet{&r}
			err := c.check()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("check() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
