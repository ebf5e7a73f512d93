package report

import "testing"

func TestParseRef(t *testing.T) {
	tests := []struct {
		in   string
		want Ref
		ok   bool
	}{
		{"doc:0b7c1e9a-1111-4222-8333-944445555666:12", DocRef("0b7c1e9a-1111-4222-8333-944445555666", 12), true},
		{"measure:3D:2023-24", MeasureRef("3D", "2023-24"), true},
		{"measure:2B(1):2022-23", MeasureRef("2B(1)", "2022-23"), true},
		{"return:42", ReturnRef(42), true},
		{"doc:abc:0", Ref{}, false},
		{"doc:abc:x", Ref{}, false},
		{"doc::3", Ref{}, false},
		{"doc:abc:", Ref{}, false},
		{"measure:3D", Ref{}, false},
		{"return:0", Ref{}, false},
		{"return:-1", Ref{}, false},
		{"return:x", Ref{}, false},
		{"figure:population", Ref{}, false},
		{"", Ref{}, false},
		{"return", Ref{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseRef(tt.in)
			if ok != tt.ok || got != tt.want {
				t.Errorf("ParseRef(%q) = %+v, %v, want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
			if ok && got.String() != tt.in {
				t.Errorf("ParseRef(%q).String() = %q", tt.in, got.String())
			}
		})
	}
}
