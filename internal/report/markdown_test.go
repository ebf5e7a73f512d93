package report

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, in   string
		want       []string
		wantAbsent []string
	}{
		{"paragraphs", "One.\n\nTwo.", []string{"<p>One.</p>", "<p>Two.</p>"}, nil},
		{"list", "- carers\n- waiting lists", []string{"<ul>", "<li>carers</li>", "<li>waiting lists</li>"}, nil},
		{"numbered list", "1. first\n2. second", []string{"<ol>", "<li>first</li>"}, nil},
		{"emphasis", "It was *very* **clear**.", []string{"<em>very</em>", "<strong>clear</strong>"}, nil},
		{"quote", "> I felt listened to.", []string{"<blockquote>", "I felt listened to."}, nil},
		{"script is text", "<script>alert(1)</script>", []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script"}},
		{"html block is text", "<div onclick=x>hi</div>", []string{"&lt;div onclick=x&gt;hi&lt;/div&gt;"}, []string{"<div"}},
		{"inline html is text", "a <img src=x onerror=alert(1)> b", []string{"&lt;img src=x onerror=alert(1)&gt;"}, []string{"<img"}},
		{"links are text", "[click](javascript:alert(1))", []string{"[click](javascript:alert(1))"}, []string{"<a", "href"}},
		{"autolinks are text", "<https://example.com>", []string{"&lt;https://example.com&gt;"}, []string{"<a"}},
		{"images are text", "![x](https://example.com/t.png)", []string{"![x](https://example.com/t.png)"}, []string{"<img"}},
		{"headings are text", "# Not a heading", []string{"<p># Not a heading</p>"}, []string{"<h1"}},
		{"entities are never markup", "&lt;b&gt; & \"q\"", []string{"&lt;b&gt;", "&amp;", "&quot;q&quot;"}, []string{"<b>"}},
		{"line breaks kept", "one\ntwo", []string{"one<br />\ntwo"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Markdown(tt.in))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Markdown(%q) = %q, want it to contain %q", tt.in, got, w)
				}
			}
			for _, w := range tt.wantAbsent {
				if strings.Contains(got, w) {
					t.Errorf("Markdown(%q) = %q, want no %q", tt.in, got, w)
				}
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"blank lines only", "\n \n\t\n", nil},
		{"one", "One line.", []string{"One line."}},
		{"two with windows endings", "One.\r\n\r\nTwo\r\nlines.", []string{"One.", "Two\nlines."}},
		{"many blank lines and spaces", "  A  \n\n\n\n B\n", []string{"A", "B"}},
		{"list is one paragraph", "- a\n- b\n\nAfter.", []string{"- a\n- b", "After."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Paragraphs(tt.in)); diff != "" {
				t.Errorf("Paragraphs(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
	if got, want := Normalise(" A \r\n\r\n\r\nB "), "A\n\nB"; got != want {
		t.Errorf("Normalise = %q, want %q", got, want)
	}
}
