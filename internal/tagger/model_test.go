package tagger

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestModelRoundTrip(t *testing.T) {
	m := defaultModel(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.Bytes()
	n, err := Load(bytes.NewReader(saved))
	if err != nil {
		t.Fatalf("Load(Save(m)) = %v", err)
	}
	if n.Version() != m.Version() {
		t.Errorf("version after round trip = %s, want %s", n.Version(), m.Version())
	}
	again, _ := n.MarshalJSON()
	if !bytes.Equal(saved, again) {
		t.Error("saving a loaded model gives different bytes")
	}
	for _, e := range DevExamples()[:30] {
		if a, b := m.Tag(e.Text), n.Tag(e.Text); !cmp.Equal(a, b) {
			t.Errorf("Tag(%.40q) differs after round trip:\n%s", e.Text, cmp.Diff(a, b))
		}
	}
	if m.Categories() == nil || n.Categories() == nil {
		t.Fatal("the shipped model has no category model, or lost it in the round trip")
	}
	const staff = "Staff told us the duty team was stretched at weekends."
	if a, b := m.Categories().Tag(staff, "minutes"), n.Categories().Tag(staff, "minutes"); !cmp.Equal(a, b) {
		t.Errorf("category Tag differs after round trip:\n%s", cmp.Diff(a, b))
	}
	if diff := cmp.Diff(m.Info(), n.Info()); diff != "" {
		t.Errorf("Info after round trip (-want +got):\n%s", diff)
	}
}

func TestLoadRejects(t *testing.T) {
	var buf bytes.Buffer
	if err := zeroShotModel(t).Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	tests := []struct {
		name, in string
		want     error
	}{
		{"not json", "{", nil},
		{"other format", strings.Replace(good, `"format":1`, `"format":99`, 1), ErrFormat},
		{"edited weights", strings.Replace(good, `"bias":[`, `"bias":[1`, 1), nil},
		{"wrong version", strings.Replace(good, `"version":"qs-`, `"version":"qs-0`, 1), nil},
		{"no classes", `{"format":1}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tt.in))
			if err == nil {
				t.Fatal("Load() = nil error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Load() = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestFitPlatt(t *testing.T) {
	// Scores whose true rate is sigmoid(2s - 1): the fit should come close.
	var s []float64
	var y []bool
	for i := range 2000 {
		x := float64(i%200)/40 - 2.5
		p := sigmoid(2*x - 1)
		s = append(s, x)
		y = append(y, float64(i/200)/10+0.05 < p)
	}
	got := fitPlatt(s, y)
	if got.A < 1.7 || got.A > 2.3 || got.B < -1.3 || got.B > -0.7 {
		t.Errorf("fitPlatt = %+v, want about A 2, B -1", got)
	}
}
