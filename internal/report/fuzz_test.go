package report

import (
	"strings"
	"testing"
)

// FuzzMarkdown: whatever a person types, the HTML has no tag but the few
// the restricted Markdown makes, and normalising text twice changes nothing.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"", "One.\n\nTwo.", "- a\n- *b*", "<script>alert(1)</script>", "[x](javascript:alert(1))",
		"![i](http://x/y.png)", "> quote\n\n1. one", "&lt;b&gt; &#60;i&#62;", "<!-- c -->", "`code` <b>", "\r\n\r\n\t \n"} {
		f.Add(s)
	}
	allowed := []string{"p>", "/p>", "ul>", "/ul>", "ol>", "/ol>", "ol start=", "li>", "/li>", "em>", "/em>", "strong>", "/strong>",
		"blockquote>", "/blockquote>", "br />"}
	f.Fuzz(func(t *testing.T, in string) {
		out := string(Markdown(in))
		for i := strings.IndexByte(out, '<'); i >= 0; i = strings.IndexByte(out, '<') {
			rest := out[i+1:]
			ok := false
			for _, a := range allowed {
				if strings.HasPrefix(rest, a) {
					ok = true
					break
				}
			}
			if !ok {
				t.Fatalf("Markdown(%q) has a tag it should not: %q", in, out)
			}
			out = rest
		}
		n := Normalise(in)
		if Normalise(n) != n {
			t.Fatalf("Normalise is not idempotent on %q", in)
		}
	})
}
