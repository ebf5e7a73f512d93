package tagger

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/google/go-cmp/cmp"
)

func catalogue(t testing.TB) *framework.Catalogue {
	t.Helper()
	c, err := framework.Load()
	if err != nil {
		t.Fatalf("framework.Load() = %v", err)
	}
	return c
}

// The shipped and zero-shot models are trained once per test binary.
var (
	defaultOnce, zeroOnce sync.Once
	defaultM, zeroM       *Model
	defaultErr, zeroErr   error
)

func defaultModel(t testing.TB) *Model {
	t.Helper()
	defaultOnce.Do(func() { defaultM, defaultErr = Default(catalogue(t)) })
	if defaultErr != nil {
		t.Fatalf("Default() = %v", defaultErr)
	}
	return defaultM
}

func zeroShotModel(t testing.TB) *Model {
	t.Helper()
	zeroOnce.Do(func() { zeroM, zeroErr = ZeroShot(catalogue(t)) })
	if zeroErr != nil {
		t.Fatalf("ZeroShot() = %v", zeroErr)
	}
	return zeroM
}

func TestTagTopStatement(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The safeguarding team completed section 42 enquiries promptly and the Safeguarding Adults Board published its annual report.", "safeguarding"},
		{"Hospital discharge and transitions from children's services to adult social care were well planned.", "safe-systems"},
		{"The market position statement and the fair cost of care exercise informed commissioning of home care.", "care-provision"},
		{"The local authority worked with the integrated care board and the voluntary and community sector through a section 75 agreement.", "partnerships"},
		{"Reablement, equipment and minor adaptations helped people stay independent and prevent future need for care.", "healthier-lives"},
		{"Waiting lists for Care Act assessments and reviews had fallen and carers' assessments were timely.", "assessing-needs"},
		{"Equality data on protected characteristics was used to reduce inequalities for seldom heard groups.", "equity"},
		{"Governance arrangements, the risk register and performance data gave leaders and scrutiny clear oversight of the budget.", "governance"},
		{"Staff had training and professional development, and the local authority learned from complaints and innovated.", "learning"},
	}
	m := defaultModel(t)
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := m.Tag(tt.text).Top[0]; got != tt.want {
				t.Errorf("Tag(%q).Top[0] = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTagResult(t *testing.T) {
	m := defaultModel(t)
	text := "Staff were friendly. The safeguarding team carried out section 42 enquiries without delay. " +
		"DoLS applications were assessed quickly.\n\nThe weather was fine."
	r := m.Tag(text)
	if r.Model != m.Version() {
		t.Errorf("Tag().Model = %q, want %q", r.Model, m.Version())
	}
	if len(r.Scores) != 9 || len(r.Top) != 9 {
		t.Fatalf("Tag() gave %d scores and %d top, want 9 and 9", len(r.Scores), len(r.Top))
	}
	for i, s := range r.Scores {
		if s.QS != m.classes[i] {
			t.Errorf("Scores[%d].QS = %q, want %q (catalogue order)", i, s.QS, m.classes[i])
		}
	}
	sg := r.Scores[6]
	if r.Top[0] != "safeguarding" || sg.Confidence < 0.8 {
		t.Errorf("Tag() top %q with safeguarding at %.2f, want safeguarding above 0.8", r.Top[0], sg.Confidence)
	}
	var got []string
	for _, p := range sg.Passages {
		got = append(got, p.Text)
	}
	want := []string{"The safeguarding team carried out section 42 enquiries without delay.", "DoLS applications were assessed quickly."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("safeguarding passages (-want +got):\n%s", diff)
	}
	if above := r.Above(0.5); len(above) == 0 || above[0] != "safeguarding" {
		t.Errorf("Above(0.5) = %v, want safeguarding first", above)
	}
}

// checkResult holds for every text: nine confidences in [0, 1], passages
// that are sentences of the text at their offsets, never rewritten.
func checkResult(t *testing.T, m *Model, text string) {
	t.Helper()
	r := m.Tag(text)
	if len(r.Scores) != len(m.classes) || len(r.Top) != len(m.classes) {
		t.Fatalf("Tag(%.40q) gave %d scores, %d top", text, len(r.Scores), len(r.Top))
	}
	sents := map[span]bool{}
	for _, s := range sentences(text) {
		sents[s] = true
	}
	for _, s := range r.Scores {
		if math.IsNaN(s.Confidence) || s.Confidence < 0 || s.Confidence > 1 {
			t.Errorf("Tag(%.40q) %s confidence = %v", text, s.QS, s.Confidence)
		}
		if len(s.Passages) > MaxPassages {
			t.Errorf("Tag(%.40q) %s has %d passages", text, s.QS, len(s.Passages))
		}
		for _, p := range s.Passages {
			if p.Start < 0 || p.End > len(text) || p.Start >= p.End || text[p.Start:p.End] != p.Text || !sents[span{p.Start, p.End}] {
				t.Errorf("Tag(%.40q) %s passage %q at %d-%d is not a sentence of the text", text, s.QS, p.Text, p.Start, p.End)
			}
			if p.Weight <= 0 {
				t.Errorf("Tag(%.40q) %s passage %q has weight %v", text, s.QS, p.Text, p.Weight)
			}
		}
	}
}

func TestTagAnyInput(t *testing.T) {
	page := strings.Repeat("The local authority’s safeguarding adults board met monthly. ", 50)
	tests := []struct{ name, text string }{
		{"empty", ""},
		{"spaces", " \n\t \r\n"},
		{"punctuation", "...!!!???;;;---"},
		{"numbers", "80.12% 2023/24 £1,499 section 42 s.75"},
		{"html", `<p class="x">Safeguarding &amp; <b>section 42</b> enquiries.</p><script>alert("x")</script>`},
		{"welsh", "Mae'r awdurdod lleol yn gweithio gyda phartneriaid i ddiogelu oedolion."},
		{"chinese", "地方当局与合作伙伴合作，保护成年人免受虐待和忽视。"},
		{"arabic", "تعمل السلطة المحلية مع الشركاء لحماية البالغين."},
		{"invalid utf-8", "Safeguarding \xff\xfe enquiries\x00 were \xc3 timely."},
		{"one long word", strings.Repeat("a", 100000)},
		{"huge", strings.Repeat(page, 40)},
		{"abbreviations", "E.g. the DASS. i.e. the PSW. Dr. Smith met St. Mary's No. 10."},
	}
	m := defaultModel(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkResult(t, m, tt.text) })
	}
}

func TestTagPassagesArePlainText(t *testing.T) {
	text := `<p>Safeguarding &amp; section 42 enquiries were timely.</p>`
	r := defaultModel(t).Tag(text)
	p := r.Scores[6].Passages
	if len(p) != 1 || p[0].Text != text {
		t.Errorf("Tag(%q) safeguarding passages = %+v, want the text as given", text, p)
	}
}

func TestTagDeterministic(t *testing.T) {
	m := defaultModel(t)
	for _, e := range DevExamples()[:20] {
		if a, b := m.Tag(e.Text), m.Tag(e.Text); !cmp.Equal(a, b) {
			t.Errorf("Tag(%.40q) differs between calls", e.Text)
		}
	}
}

func TestTrainDeterministic(t *testing.T) {
	cat := catalogue(t)
	ex := DevExamples()[:60]
	a, err := Train(cat, ex, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(cat, ex, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	ja, _ := a.MarshalJSON()
	jb, _ := b.MarshalJSON()
	if a.Version() != b.Version() || !bytes.Equal(ja, jb) {
		t.Errorf("Train twice gave versions %s and %s", a.Version(), b.Version())
	}
	if !a.Info().Calibrated || a.Info().Examples != 60 {
		t.Errorf("Info() = %+v, want calibrated on 60 examples", a.Info())
	}
}

func TestTrainRejects(t *testing.T) {
	cat := catalogue(t)
	tests := []struct {
		name string
		ex   []Example
		opts Options
	}{
		{"unknown statement", []Example{{Text: "x", QS: "nope"}}, DefaultOptions()},
		{"negative l2", nil, Options{L2: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Train(cat, tt.ex, tt.opts); err == nil {
				t.Errorf("Train(%s) = nil error", tt.name)
			}
		})
	}
	if _, err := Train(&framework.Catalogue{}, nil, DefaultOptions()); err == nil {
		t.Error("Train(empty catalogue) = nil error")
	}
}

func TestDevExamples(t *testing.T) {
	ex := DevExamples()
	cat := catalogue(t)
	if len(ex) != 150 {
		t.Errorf("DevExamples() has %d examples, want 150", len(ex))
	}
	for _, e := range ex {
		if _, err := cat.Statement(e.QS); err != nil || e.Group == "" || !utf8.ValidString(e.Text) {
			t.Errorf("bad example %+v: %v", e, err)
		}
	}
}

func TestReadExamples(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Example
		wantErr  bool
	}{
		{"lines", `{"text":"a","qs":"equity","doc":"d","source":"s"}` + "\n\n" + `{"text":"b","qs":"learning"}`,
			[]Example{{Text: "a", QS: "equity", Group: "d", Source: "s"}, {Text: "b", QS: "learning"}}, false},
		{"bad json", `{"text":`, nil, true},
		{"no label", `{"text":"a"}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadExamples(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("ReadExamples() error = %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ReadExamples() (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzTag(f *testing.F) {
	f.Add("The safeguarding team completed section 42 enquiries.")
	m := zeroShotModel(f)
	f.Fuzz(func(t *testing.T, text string) { checkResult(t, m, text) })
}

// BenchmarkTagPage tags a page of about 3 KB.
func BenchmarkTagPage(b *testing.B) {
	m := defaultModel(b)
	var page strings.Builder
	for _, e := range DevExamples() {
		if page.Len() > 3000 {
			break
		}
		page.WriteString(e.Text)
		page.WriteString("\n\n")
	}
	text := page.String()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		m.Tag(text)
	}
}

func BenchmarkDefault(b *testing.B) {
	cat := catalogue(b)
	for b.Loop() {
		if _, err := Default(cat); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTopSentences: the first MaxPassages of a stable sort by decreasing
// contribution, ties in sentence order, for one statement's column.
func TestTopSentences(t *testing.T) {
	tests := []struct {
		name string
		col  []float64 // the statement's contribution of each sentence
		want []int
	}{
		{"none", nil, []int{}},
		{"fewer than the passages", []float64{0.1, 0.3}, []int{1, 0}},
		{"ties keep sentence order", []float64{0.2, 0.5, 0.2, 0.5, 0.2}, []int{1, 3, 0}},
		{"largest last", []float64{0.1, 0.2, 0.3, 0.4}, []int{3, 2, 1}},
		{"negatives", []float64{-1, -0.5, -2, -0.5}, []int{1, 3, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Two statements a sentence; the other column is noise.
			const k = 2
			contrib := make([]float64, len(tt.col)*k)
			for i, v := range tt.col {
				contrib[i*k+1], contrib[i*k] = v, float64(-i)
			}
			var best [MaxPassages]int
			got := topSentences(contrib, k, 1, len(tt.col), &best)
			order := make([]int, len(tt.col))
			for i := range order {
				order[i] = i
			}
			slices.SortStableFunc(order, func(a, b int) int { return cmpDesc(tt.col[a], tt.col[b]) })
			if !slices.Equal(got, tt.want) || !slices.Equal(got, order[:min(MaxPassages, len(order))]) {
				t.Errorf("topSentences = %v, want %v (a stable sort gives %v)", got, tt.want, order)
			}
		})
	}
}
