package outcomestest

import (
	"bytes"
	"testing"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/outcomes"
)

// TestWrite checks that generated files read back with no problem, in both
// layouts and with the codes of before 2023.
func TestWrite(t *testing.T) {
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	councils := Councils(150)
	known := outcomes.Known{Measures: cat.Measures(), Councils: map[string]bool{}}
	for _, c := range councils {
		if known.Councils[c.ONS] {
			t.Fatalf("council %s twice", c.ONS)
		}
		known.Councils[c.ONS] = true
	}
	for _, tt := range []struct {
		layout      outcomes.Layout
		old         bool
		wantMeasure int
	}{{outcomes.ASCOF, false, 19}, {outcomes.ASCOF, true, 19}, {outcomes.ASCS, false, 2}} {
		t.Run(tt.layout.Slug, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, Options{Layout: tt.layout, Councils: councils, Measures: cat.Measures(), Year: 2, OldCodes: tt.old, Seed: 1}); err != nil {
				t.Fatal(err)
			}
			_, sum, err := outcomes.ReadAll(&b, tt.layout, known)
			if err != nil || !sum.OK() {
				t.Fatalf("ReadAll() = %v, %v", err, sum.Problems)
			}
			if sum.Councils != 150 || len(sum.Measures) != tt.wantMeasure {
				t.Errorf("read %d councils and %d measures, want 150 and %d", sum.Councils, len(sum.Measures), tt.wantMeasure)
			}
		})
	}
}
