package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestTagEval(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	lines := []string{
		`{"text": "Section 42 safeguarding enquiries were completed without delay.", "qs": "safeguarding", "doc": "a"}`,
		`{"text": "The Safeguarding Adults Board reviewed DoLS waiting times.", "qs": "safeguarding", "doc": "b"}`,
		`{"text": "Reablement and equipment helped people stay independent.", "qs": "healthier-lives", "doc": "a"}`,
		`{"text": "Prevention services and information and advice reduced future needs.", "qs": "healthier-lives", "doc": "c"}`,
		`{"text": "Governance, the risk register and scrutiny gave leaders oversight.", "qs": "governance", "doc": "b", "source": "ignored"}`,
		`{"text": "Performance data and the budget were reported to the lead member.", "qs": "governance", "doc": "c"}`,
	}
	if err := os.WriteFile(good, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"text": "x", "qs": "not-a-statement"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	last := regexp.MustCompile(`(?m)\Amacro_f1=[01]\.\d{3} top1=[01]\.\d{3} top2=[01]\.\d{3} n=6\n\z`)
	tests := []struct {
		name         string
		args         []string
		wantCode     int
		wantContains string
	}{
		{"shipped model", []string{"tag-eval", good}, 0, "shipped model"},
		{"zero-shot", []string{"tag-eval", "--no-train", good}, 0, "zero-shot model"},
		{"cross-validation", []string{"tag-eval", "--cv", "3", good}, 0, "in 3 folds"},
		{"flags after the file", []string{"tag-eval", good, "-cv=2", "--confusion"}, 0, "confusion"},
		{"no file", []string{"tag-eval"}, 2, "usage: portal tag-eval"},
		{"two files", []string{"tag-eval", good, good}, 2, "usage: portal tag-eval"},
		{"cv and no-train", []string{"tag-eval", "--cv", "3", "--no-train", good}, 2, "usage: portal tag-eval"},
		{"unknown flag", []string{"tag-eval", "--fast", good}, 2, "usage: portal tag-eval"},
		{"missing file", []string{"tag-eval", filepath.Join(dir, "none.jsonl")}, 1, "no such file"},
		{"unknown statement", []string{"tag-eval", bad}, 1, "not-a-statement"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			// No environment at all: tag-eval needs no configuration.
			code := run(context.Background(), tt.args, func(string) string { return "" }, &stdout, &stderr)
			if code != tt.wantCode {
				t.Fatalf("run(%q) = %d, want %d; stderr:\n%s", tt.args, code, tt.wantCode, stderr.String())
			}
			out := stdout.String() + stderr.String()
			if !strings.Contains(out, tt.wantContains) {
				t.Errorf("run(%q) printed %q, want it to contain %q", tt.args, out, tt.wantContains)
			}
			if code == 0 {
				lines := strings.SplitAfter(stdout.String(), "\n")
				if l := lines[len(lines)-2]; !last.MatchString(l) {
					t.Errorf("run(%q) last line = %q, want macro_f1=0.xxx top1=0.xxx top2=0.xxx n=6", tt.args, l)
				}
				if !strings.Contains(stdout.String(), "safeguarding ") {
					t.Errorf("run(%q) printed no row for safeguarding:\n%s", tt.args, stdout.String())
				}
			}
		})
	}
}
