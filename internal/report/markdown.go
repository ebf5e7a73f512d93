package report

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// MaxText is the longest text of one section, in characters.
const MaxText = 20000

// md parses only paragraphs, lists, block quotes and emphasis. Without the
// HTML parsers, "<script>" is text, escaped on output; without the link
// parser, "[x](javascript:...)" is text too.
var md = goldmark.New(
	goldmark.WithParser(parser.NewParser(
		parser.WithBlockParsers(
			util.Prioritized(parser.NewListParser(), 300),
			util.Prioritized(parser.NewListItemParser(), 400),
			util.Prioritized(parser.NewBlockquoteParser(), 800),
			util.Prioritized(parser.NewParagraphParser(), 1000),
		),
		parser.WithInlineParsers(
			util.Prioritized(parser.NewEmphasisParser(), 500),
		),
	)),
	// Not html.WithUnsafe: nothing raw passes; hard wraps keep the line
	// breaks people type inside a paragraph.
	goldmark.WithRendererOptions(html.WithHardWraps(), html.WithXHTML()),
)

// Markdown renders restricted Markdown as HTML safe to put in a page.
func Markdown(text string) template.HTML {
	var buf bytes.Buffer
	if err := md.Convert([]byte(text), &buf); err != nil {
		// Conversion into a buffer cannot fail; show the text escaped if it
		// ever does, never nothing.
		return template.HTML("<p>" + template.HTMLEscapeString(text) + "</p>")
	}
	return template.HTML(buf.String()) //nolint:gosec // goldmark escaped everything; no raw HTML parser is configured
}

// Paragraphs splits text into its paragraphs: runs of lines separated by
// blank lines, trimmed, with line endings made "\n". A citation names a
// paragraph by its position in this list, counting from 1.
func Paragraphs(text string) []string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var out []string
	var cur []string
	flush := func() {
		if p := strings.TrimSpace(strings.Join(cur, "\n")); p != "" {
			out = append(out, p)
		}
		cur = cur[:0]
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, strings.TrimRight(line, " \t"))
	}
	flush()
	return out
}

// Normalise is text as it is stored: its paragraphs separated by one blank
// line, so that a save that only changes spacing changes nothing.
func Normalise(text string) string { return strings.Join(Paragraphs(text), "\n\n") }
