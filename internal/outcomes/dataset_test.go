package outcomes

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDatasetCheck(t *testing.T) {
	ok := DatasetInfo{Layout: "ascof", Publication: "ASCOF 2023-24", Year: "2023-24", SourceURL: "https://digital.nhs.uk/x"}
	tests := []struct {
		name string
		edit func(*DatasetInfo)
		want map[string]string
	}{
		{"good", func(*DatasetInfo) {}, map[string]string{}},
		{"no source is fine", func(d *DatasetInfo) { d.SourceURL = "" }, map[string]string{}},
		{"century", func(d *DatasetInfo) { d.Year = "2099-00" }, map[string]string{}},
		{"unknown layout", func(d *DatasetInfo) { d.Layout = "x" }, map[string]string{"layout": "Select the kind of file"}},
		{"no publication", func(d *DatasetInfo) { d.Publication = "  " }, map[string]string{"publication": "Enter the name of the publication"}},
		{"year not financial", func(d *DatasetInfo) { d.Year = "2023-25" }, map[string]string{"year": "Year must be a financial year from 2000, like 2023-24"}},
		{"year shape", func(d *DatasetInfo) { d.Year = "2023" }, map[string]string{"year": "Enter the year the figures are for, like 2023-24"}},
		{"javascript url", func(d *DatasetInfo) { d.SourceURL = "javascript:alert(1)" }, map[string]string{"source_url": "Enter the address the file was published at, starting with https://"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ok
			tt.edit(&d)
			if diff := cmp.Diff(tt.want, d.Check()); diff != "" {
				t.Errorf("Check() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLimitReader(t *testing.T) {
	for _, tt := range []struct {
		size, max int64
		wantErr   error
	}{{10, 10, nil}, {11, 10, ErrTooLarge}, {0, 10, nil}, {1 << 20, 1000, ErrTooLarge}} {
		b, err := io.ReadAll(LimitReader(strings.NewReader(strings.Repeat("a", int(tt.size))), tt.max))
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("size %d max %d: err = %v, want %v", tt.size, tt.max, err, tt.wantErr)
		}
		if tt.wantErr == nil && int64(len(b)) != tt.size {
			t.Errorf("size %d max %d: read %d", tt.size, tt.max, len(b))
		}
	}
}
