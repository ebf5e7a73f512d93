package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/ingest/extract"
	"github.com/evidenceportal/portal/internal/blob"
)

// TestReadTextPages: a screen of a stored text is its pages only, up to
// the end; a document with no stored text is ErrNotFound.
func TestReadTextPages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	text := Text{DocumentID: "d", Outcome: "text"}
	for n := 1; n <= 120; n++ {
		text.Pages = append(text.Pages, extract.Page{Number: n, Text: fmt.Sprintf("text of page %d", n), NeedsOCR: n == 60})
	}
	b, _ := json.Marshal(text)
	if _, err := e.bl.Put(ctx, blob.TextKey("d"), strings.NewReader(string(b)), int64(len(b)), "application/json"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                  string
		first, last, from, to int
	}{
		{"the first screen", 1, 50, 1, 50},
		{"a middle screen", 51, 100, 51, 100},
		{"the last screen, short", 101, 150, 101, 120},
		{"past the end", 151, 200, 0, -1},
		{"one page", 60, 60, 60, 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadTextPages(ctx, e.bl, "d", tt.first, tt.last)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.to-tt.from+1 {
				t.Fatalf("%d pages, want %d", len(got), tt.to-tt.from+1)
			}
			for i, p := range got {
				n := tt.from + i
				if p.Number != n || p.Text != fmt.Sprintf("text of page %d", n) || p.NeedsOCR != (n == 60) {
					t.Errorf("page %d = %+v", i, p)
				}
			}
		})
	}
	if _, err := ReadTextPages(ctx, e.bl, "missing", 1, 50); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("no stored text = %v, want ErrNotFound", err)
	}
}
