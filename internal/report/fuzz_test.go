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

// FuzzReadFactsCSV: whatever the file, the reader gives facts or problems,
// never both, never a panic, and every council it gives has an ONS code and
// figures within bounds.
func FuzzReadFactsCSV(f *testing.F) {
	for _, s := range []string{"", "ons_code\nE06000001\n", "ons_code,year,population\nE06000001,2022/23,\"210,390\"\n",
		"ons_code,precept_full\nE06000001,2022/23;2023/24\n", "x,y\n1,2\n", "ons_code\n\"E06\n", "\ufeffons_code,over65\nE06000001,18.9\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		rows, problems, err := ReadFactsCSV(strings.NewReader(in))
		if (err == nil) != (len(problems) == 0) || (err != nil && rows != nil) {
			t.Fatalf("ReadFactsCSV(%q) = %d rows, %d problems, %v", in, len(rows), len(problems), err)
		}
		for _, r := range rows {
			if !onsCode.MatchString(r.LA) {
				t.Fatalf("row %d has council %q", r.Row, r.LA)
			}
			for _, c := range FactColumns {
				if v := *c.Get(&r.Facts); v != nil && (*v < 0 || (c.Max > 0 && *v > c.Max) || (c.Max == 0 && *v > 1000)) {
					t.Fatalf("row %d: %s = %d", r.Row, c.Name, *v)
				}
			}
		}
	})
}
