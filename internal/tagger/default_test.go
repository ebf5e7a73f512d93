package tagger

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "write the shipped model and its figures again (data/shipped-*.json)")

// TestShippedIsCurrent: the embedded model is the one TrainShipped gives
// today, and its figures are what CouncilCrossValidate measures today; with
// -update it writes both files instead.
func TestShippedIsCurrent(t *testing.T) {
	cat := catalogue(t)
	m, err := TrainShipped(cat)
	if err != nil {
		t.Fatalf("TrainShipped() = %v", err)
	}
	g, err := CouncilCrossValidate(cat, RepositoryExamples(), DefaultOptions())
	if err != nil {
		t.Fatalf("CouncilCrossValidate() = %v", err)
	}
	model, err := m.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	figures, err := json.MarshalIndent(shippedFiguresJSON{Version: m.Version(), Grouped: g}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	figures = append(figures, '\n')
	if *update {
		for name, b := range map[string][]byte{"data/shipped-model.json": model, "data/shipped-figures.json": figures} {
			if err := os.WriteFile(name, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	shipped, err := Default(cat)
	if err != nil {
		t.Fatalf("Default() = %v", err)
	}
	if shipped.Version() != m.Version() {
		t.Errorf("the shipped model is %s, TrainShipped gives %s: run go test ./internal/tagger -run TestShippedIsCurrent -update", shipped.Version(), m.Version())
	}
	if !bytes.Equal(figures, shippedFigures) {
		t.Errorf("the shipped figures are not what CouncilCrossValidate measures today: run go test ./internal/tagger -run TestShippedIsCurrent -update")
	}
	got, version, err := ShippedFigures()
	if err != nil || version != m.Version() || got.Metrics.MacroF1 != g.Metrics.MacroF1 {
		t.Errorf("ShippedFigures() = macro-F1 %v of %s, %v; want %v of %s", got.Metrics.MacroF1, version, err, g.Metrics.MacroF1, m.Version())
	}
}
