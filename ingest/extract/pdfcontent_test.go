package extract

import "testing"

func TestMatrixMulIsAffineProduct(t *testing.T) {
	tests := []struct {
		name string
		m, n matrix
	}{
		{"identity", identity, matrix{{2, 1, 0}, {3, 4, 0}, {5, 6, 1}}},
		{"scale then translate", matrix{{2, 0, 0}, {0, 3, 0}, {0, 0, 1}}, translate(7, 8)},
		{"rotation and shift", matrix{{0, 1, 0}, {-1, 0, 0}, {10, 20, 1}}, matrix{{1.5, 0.5, 0}, {-0.5, 1.5, 0}, {3, -4, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want matrix
			for i := range 3 {
				for j := range 3 {
					for k := range 3 {
						want[i][j] += tt.m[i][k] * tt.n[k][j]
					}
				}
			}
			if got := tt.m.mul(tt.n); got != want {
				t.Errorf("mul = %v, want %v", got, want)
			}
		})
	}
}
