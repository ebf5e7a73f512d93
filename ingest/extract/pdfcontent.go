package extract

import (
	"strings"

	"github.com/ledongthuc/pdf"
)

// The PDF reader's own Page.Content looks up a font's FirstChar, LastChar
// and Widths through the cross-reference table for every character it
// shows, and its BaseFont too: on real files that is most of the time spent
// reading a PDF. It also ignores form XObjects, where some producers put
// all of a page's text. textRuns walks the content stream the same way with
// each font read once, and follows forms.

// maxFormDepth stops forms that draw themselves, directly or not.
const maxFormDepth = 8

// matrix is a PDF transformation matrix [a b 0; c d 0; e f 1].
type matrix [3][3]float64

var identity = matrix{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}

// mul multiplies two affine matrices (third column 0, 0, 1), written out:
// it runs for every character shown.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		{m[0][0]*n[0][0] + m[0][1]*n[1][0], m[0][0]*n[0][1] + m[0][1]*n[1][1], 0},
		{m[1][0]*n[0][0] + m[1][1]*n[1][0], m[1][0]*n[0][1] + m[1][1]*n[1][1], 0},
		{m[2][0]*n[0][0] + m[2][1]*n[1][0] + n[2][0], m[2][0]*n[0][1] + m[2][1]*n[1][1] + n[2][1], 1},
	}
}

func translate(x, y float64) matrix { return matrix{{1, 0, 0}, {0, 1, 0}, {x, y, 1}} }

// font is what showing text needs of a PDF font, read once.
type font struct {
	name   string
	enc    pdf.TextEncoding
	first  int
	widths []float64
}

func (f *font) width(code int) float64 {
	i := code - f.first
	if i < 0 || i >= len(f.widths) {
		return 0
	}
	return f.widths[i]
}

// rawEncoding is the encoding of a font that declares none we can read:
// bytes stand for themselves.
type rawEncoding struct{}

func (rawEncoding) Decode(raw string) string { return raw }

// fontSet reads the fonts of one resource dictionary, each on first use.
type fontSet struct {
	dict  pdf.Value
	fonts map[string]*font
}

func (s *fontSet) get(name string) *font {
	if f, ok := s.fonts[name]; ok {
		return f
	}
	v := s.dict.Key(name)
	pf := pdf.Font{V: v}
	f := &font{name: v.Key("BaseFont").Name(), first: int(v.Key("FirstChar").Int64())}
	if i := strings.Index(f.name, "+"); i >= 0 {
		f.name = f.name[i+1:]
	}
	ws := v.Key("Widths")
	f.widths = make([]float64, ws.Len())
	for i := range f.widths {
		f.widths[i] = ws.Index(i).Float64()
	}
	if v.Kind() == pdf.Dict {
		f.enc = pf.Encoder()
	}
	if f.enc == nil {
		f.enc = rawEncoding{}
	}
	s.fonts[name] = f
	return f
}

// textState is the part of the graphics state that places text.
type textState struct {
	Tc, Tw, Th, Tl, Tfs, Trise float64
	Tf                         *font
	Tm, Tlm, CTM               matrix
}

// textRuns returns the characters a page shows, each placed as the
// reader's Page.Content places them.
func textRuns(p pdf.Page) []pdf.Text {
	contents := p.V.Key("Contents")
	if contents.Kind() == pdf.Null {
		return nil
	}
	var out []pdf.Text
	walkContent(contents, p.Resources(), identity, 0, &out)
	return out
}

func walkContent(strm, res pdf.Value, ctm matrix, depth int, out *[]pdf.Text) {
	fonts := &fontSet{dict: res.Key("Font"), fonts: map[string]*font{}}
	empty := &font{enc: rawEncoding{}}
	g := textState{Th: 1, CTM: ctm, Tf: empty, Tm: identity, Tlm: identity}
	var stack []textState

	show := func(s string) {
		n := 0
		for _, ch := range g.Tf.enc.Decode(s) {
			var w0, spacing float64
			if n < len(s) {
				w0 = g.Tf.width(int(s[n]))
				if s[n] == ' ' {
					spacing = g.Tw
				}
			}
			n++
			trm := matrix{{g.Tfs * g.Th, 0, 0}, {0, g.Tfs, 0}, {0, g.Trise, 1}}.mul(g.Tm).mul(g.CTM)
			*out = append(*out, pdf.Text{Font: g.Tf.name, FontSize: trm[0][0], X: trm[2][0], Y: trm[2][1], W: w0 / 1000 * trm[0][0], S: string(ch)})
			tx := (w0/1000*g.Tfs + g.Tc + spacing) * g.Th
			g.Tm[2][0] += tx * g.Tm[0][0] // translate(tx, 0).mul(g.Tm)
			g.Tm[2][1] += tx * g.Tm[0][1]
		}
	}
	nextLine := func() {
		g.Tlm = translate(0, -g.Tl).mul(g.Tlm)
		g.Tm = g.Tlm
	}
	num := func(args []pdf.Value, i int) float64 {
		if i < len(args) {
			return args[i].Float64()
		}
		return 0
	}
	mat := func(args []pdf.Value) (matrix, bool) {
		if len(args) != 6 {
			return identity, false
		}
		m := identity
		for i := range 6 {
			m[i/2][i%2] = args[i].Float64()
		}
		return m, true
	}

	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "q":
			stack = append(stack, g)
		case "Q":
			if n := len(stack); n > 0 {
				g, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if m, ok := mat(args); ok {
				g.CTM = m.mul(g.CTM)
			}
		case "BT":
			g.Tm, g.Tlm = identity, identity
		case "Tc":
			g.Tc = num(args, 0)
		case "Tw":
			g.Tw = num(args, 0)
		case "Tz":
			g.Th = num(args, 0) / 100
		case "TL":
			g.Tl = num(args, 0)
		case "Ts":
			g.Trise = num(args, 0)
		case "Tf":
			if len(args) == 2 {
				g.Tf = fonts.get(args[0].Name())
				g.Tfs = args[1].Float64()
			}
		case "Td", "TD":
			if len(args) == 2 {
				if op == "TD" {
					g.Tl = -args[1].Float64()
				}
				g.Tlm = translate(args[0].Float64(), args[1].Float64()).mul(g.Tlm)
				g.Tm = g.Tlm
			}
		case "Tm":
			if m, ok := mat(args); ok {
				g.Tm, g.Tlm = m, m
			}
		case "T*":
			nextLine()
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "'":
			if len(args) == 1 {
				nextLine()
				show(args[0].RawString())
			}
		case "\"":
			if len(args) == 3 {
				g.Tw, g.Tc = args[0].Float64(), args[1].Float64()
				nextLine()
				show(args[2].RawString())
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			v := args[0]
			for i := range v.Len() {
				x := v.Index(i)
				if x.Kind() == pdf.String {
					show(x.RawString())
				} else {
					g.Tm = translate(-x.Float64()/1000*g.Tfs*g.Th, 0).mul(g.Tm)
				}
			}
		case "Do":
			if len(args) != 1 || depth >= maxFormDepth {
				return
			}
			form := res.Key("XObject").Key(args[0].Name())
			if form.Kind() != pdf.Stream || form.Key("Subtype").Name() != "Form" {
				return
			}
			m, ok := mat(arrayValues(form.Key("Matrix")))
			if !ok {
				m = identity
			}
			formRes := form.Key("Resources")
			if formRes.Kind() != pdf.Dict {
				formRes = res
			}
			walkContent(form, formRes, m.mul(g.CTM), depth+1, out)
		}
	})
}

func arrayValues(v pdf.Value) []pdf.Value {
	out := make([]pdf.Value, v.Len())
	for i := range out {
		out[i] = v.Index(i)
	}
	return out
}
