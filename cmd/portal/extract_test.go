package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/ingest/extract"
)

func TestRunExtract(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	notes := write("notes.txt", "Carers strategy\nSection 42 enquiries\n")
	tests := []struct {
		name        string
		args        []string
		wantCode    int
		wantOutcome extract.Outcome
		wantText    string
	}{
		{"sniffed text file", []string{notes}, 0, extract.OutcomeText, "Section 42 enquiries"},
		{"kind given", []string{"--kind", "CSV", write("data.csv", "year,n\n2024,3\n")}, 0, extract.OutcomeText, "2024,3"},
		{"html as text only", []string{write("p.html", "<html><body><script>x()</script><p>Policy</p></body></html>")}, 0, extract.OutcomeText, "Policy"},
		{"empty file", []string{write("empty.txt", "")}, 0, extract.OutcomeUnreadable, ""},
		{"not allowed", []string{write("setup.exe", "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff")}, 1, extract.OutcomeUnreadable, ""},
		{"name says docx, bytes say text", []string{write("report.docx", "plain words")}, 1, extract.OutcomeUnreadable, ""},
		{"missing file", []string{filepath.Join(dir, "nope.pdf")}, 1, extract.OutcomeUnreadable, ""},
		{"no file", nil, 2, "", ""},
		{"two files", []string{notes, notes}, 2, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := runExtract(context.Background(), tt.args, func(string) string { return "" }, &stdout, &stderr)
			if code != tt.wantCode {
				t.Fatalf("runExtract(%q) = %d, want %d (stderr %q)", tt.args, code, tt.wantCode, stderr.String())
			}
			if tt.wantOutcome == "" {
				return
			}
			var res extract.Result
			if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
				t.Fatalf("runExtract(%q) printed %q: %v", tt.args, stdout.String(), err)
			}
			if res.Outcome != tt.wantOutcome {
				t.Errorf("runExtract(%q) outcome = %s (%s), want %s", tt.args, res.Outcome, res.Reason, tt.wantOutcome)
			}
			if tt.wantText != "" && (len(res.Pages) == 0 || !strings.Contains(res.Pages[0].Text, tt.wantText)) {
				t.Errorf("runExtract(%q) pages = %+v, want %q on page 1", tt.args, res.Pages, tt.wantText)
			}
		})
	}
}
