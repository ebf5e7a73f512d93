package framework

import (
	"strings"
	"testing"
)

func TestMeasures(t *testing.T) {
	m := load(t).Measures()
	ascof := 0
	for _, ms := range m.Measures {
		if ms.Source == "ascof" {
			ascof++
		}
	}
	if ascof != 19 {
		t.Errorf("%d ASCOF measures, want 19", ascof)
	}
	tests := []struct {
		code   string
		wantID string
		wantOK bool
	}{
		{"2E", "2E", true},
		{"1G", "2E", true}, // renumbered in 2023
		{"1c", "3D", true}, // case and space do not matter
		{" 3D ", "3D", true},
		{"2A", "2A", true},
		{"ascs-choice", "ASCS-CHOICE", true},
		{"9Z", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got, ok := m.Measure(tt.code)
			if ok != tt.wantOK || got.ID != tt.wantID {
				t.Errorf("Measure(%q) = %q, %v, want %q, %v", tt.code, got.ID, ok, tt.wantID, tt.wantOK)
			}
		})
	}
	var healthier []string
	for _, ms := range m.ForStatement("healthier-lives") {
		healthier = append(healthier, ms.ID)
	}
	if !strings.Contains(strings.Join(healthier, ","), "2A") {
		t.Errorf("ForStatement(healthier-lives) = %v, want 2A among them", healthier)
	}
	if got := m.ForStatement("no-such"); len(got) != 0 {
		t.Errorf("ForStatement(no-such) = %v, want none", got)
	}
	if _, ok := m.Source("ascs"); !ok {
		t.Error("Source(ascs) not found")
	}
	if d, ok := m.Measure("2D"); !ok || d.HigherIsBetter {
		t.Errorf("Measure(2D) = %+v, %v, want a lower-is-better rate", d, ok)
	}
}

// TestMeasureCheck breaks a copy of the mapping in each way check refuses.
func TestMeasureCheck(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(*MeasureSet)
		want  string
	}{
		{"unknown statement", func(m *MeasureSet) { m.Measures[0].Statements = []string{"nope"} }, `unknown quality statement "nope"`},
		{"wrong category", func(m *MeasureSet) { m.Measures[0].Category = "processes" }, `want "outcomes"`},
		{"no mapping source", func(m *MeasureSet) { m.Measures[0].MappingSource = "" }, "does not say where"},
		{"alias is another id", func(m *MeasureSet) { m.Measures[0].Aliases = []string{m.Measures[1].ID} }, "is both"},
		{"bad unit", func(m *MeasureSet) { m.Measures[0].Unit = "kg" }, `unit "kg"`},
		{"unknown source", func(m *MeasureSet) { m.Measures[0].Source = "x" }, `unknown source "x"`},
		{"bad id", func(m *MeasureSet) { m.Measures[0].ID = "a b" }, `measure id "a b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := load(t)
			orig := c.Measures()
			m := *orig
			m.Measures = append([]Measure(nil), orig.Measures...)
			tt.spoil(&m)
			c.MeasureSets = []*MeasureSet{&m}
			err := c.check()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("check() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if err := load(t).check(); err != nil {
		t.Errorf("check() of the shipped data = %v", err)
	}
}
