package search

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckValues(t *testing.T) {
	known := map[string][]string{"qs": {"safeguarding", "safe-systems"}, "type": {"policy", "strategy"}}
	tests := []struct{ in, want string }{
		{"carers", ""},
		{"qs:safeguarding", ""},
		{"QS:Safeguarding", ""},
		{"qs:safe*", ""},
		{"title:nonsense", ""},
		{"qs:nonsense", `no quality statement "nonsense". Use one of qs:safeguarding, qs:safe-systems`},
		{"carers NOT (type:memo OR type:policy)", `no document type "memo". Use one of type:policy, type:strategy`},
		{`qs:"safe systems"`, `no quality statement "safe systems"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			err = CheckValues(tt.in, n, known)
			if tt.want == "" {
				if err != nil {
					t.Errorf("CheckValues(%q) = %v, want nil", tt.in, err)
				}
				return
			}
			var qe *QueryError
			if !errors.As(err, &qe) || !errors.Is(err, ErrBadQuery) || !strings.Contains(qe.Msg, tt.want) {
				t.Fatalf("CheckValues(%q) = %v, want a QueryError saying %q", tt.in, err, tt.want)
			}
			if qe.Pos < 0 || qe.Pos > len(tt.in) {
				t.Errorf("position %d outside the query", qe.Pos)
			}
		})
	}
}
