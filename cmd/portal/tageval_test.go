package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/store"
	"github.com/evidenceportal/portal/internal/store/storetest"
	"github.com/evidenceportal/portal/internal/tagger"
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
	proc := filepath.Join(dir, "proc.jsonl")
	if err := os.WriteFile(proc, []byte(`{"text": "Practitioners must raise a safeguarding concern with the duty team the same day.", "qs": "safeguarding", "doc": "Somewhere adult social care procedures: Safeguarding"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cats := filepath.Join(dir, "cats.jsonl")
	catLines := `{"text": "Staff told us the duty team was stretched at weekends.", "qs": "governance", "doc": "a"}
{"text": "People told us they waited too long for a review of their care.", "qs": "assessing-needs", "doc": "b"}
{"text": "Partners told us the ICB worked well with the council on discharge.", "qs": "partnerships", "doc": "c"}
`
	if err := os.WriteFile(cats, []byte(catLines), 0o600); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.jsonl")
	if err := os.WriteFile(plain, []byte(`{"text": "The weather was fine in the town centre that week.", "qs": "equity", "doc": "a"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	last := regexp.MustCompile(`(?m)\Amacro_f1=[01]\.\d{3} top1=[01]\.\d{3} top2=[01]\.\d{3} n=[367]\n\z`)
	tests := []struct {
		name         string
		args         []string
		wantCode     int
		wantContains string
	}{
		{"leave one council out by default", []string{"tag-eval", good}, 0, "leave-one-council-out over 3 councils"},
		{"interval by default", []string{"tag-eval", good, "--boot", "50"}, 0, "95% intervals from 50 bootstrap"},
		{"kinds apart", []string{"tag-eval", good, proc}, 0, "== procedure: 1 texts from 1 councils"},
		{"categories", []string{"tag-eval", "--categories", cats}, 0, "evidence categories, leave-one-council-out over 3 councils"},
		{"categories need labelled sentences", []string{"tag-eval", "--categories", plain}, 1, "no sentence the category rule labels"},
		{"shipped model", []string{"tag-eval", "--shipped", good}, 0, "shipped model"},
		{"active without a database", []string{"tag-eval", "--active", good}, 2, "needs PORTAL_DATABASE_URL"},
		{"shipped and no-train", []string{"tag-eval", "--shipped", "--no-train", good}, 2, "usage: portal tag-eval"},
		{"zero-shot", []string{"tag-eval", "--no-train", good}, 0, "zero-shot model"},
		{"cross-validation", []string{"tag-eval", "--cv", "3", good}, 0, "in 3 folds"},
		{"flags after the file", []string{"tag-eval", good, "-cv=2", "--confusion"}, 0, "confusion"},
		{"no file", []string{"tag-eval"}, 2, "usage: portal tag-eval"},
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
					t.Errorf("run(%q) last line = %q, want macro_f1=0.xxx top1=0.xxx top2=0.xxx n=6 (7 with both files)", tt.args, l)
				}
				if !slices.Contains(tt.args, "--categories") && !strings.Contains(stdout.String(), "safeguarding ") {
					t.Errorf("run(%q) printed no row for safeguarding:\n%s", tt.args, stdout.String())
				}
			}
		})
	}
}

func TestTagEvalUsesTheDatabaseModel(t *testing.T) {
	dbURL := storetest.NewURL(t)
	ctx := context.Background()
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(t.TempDir(), "good.jsonl")
	if err := os.WriteFile(good, []byte(`{"text": "Section 42 safeguarding enquiries.", "qs": "safeguarding"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(k string) string {
		if k == "PORTAL_DATABASE_URL" {
			return dbURL
		}
		return ""
	}
	tagEvalOut := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(ctx, append([]string{"tag-eval"}, args...), env, &stdout, &stderr); code != 0 {
			t.Fatalf("tag-eval %v = %d: %s", args, code, stderr.String())
		}
		return stdout.String()
	}
	if out := tagEvalOut("--active", good); !strings.Contains(out, "no model stored in the database yet") {
		t.Errorf("with an empty database: %q", out)
	}
	cat, err := framework.Load()
	if err != nil {
		t.Fatal(err)
	}
	zs, err := tagger.ZeroShot(cat)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := zs.MarshalJSON()
	if _, err := st.EnsureTagModel(ctx, store.TagModel{Version: zs.Version(), Model: b}); err != nil {
		t.Fatal(err)
	}
	if out := tagEvalOut("--active", good); !strings.Contains(out, "active model from the database "+zs.Version()) {
		t.Errorf("with a stored model: %q", out)
	}
	if out := tagEvalOut("--shipped", good); !strings.Contains(out, "shipped model (catalogue") {
		t.Errorf("--shipped: %q", out)
	}
}
