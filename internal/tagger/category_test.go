package tagger

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// TestCategoryPassagesFile: data/category-passages.jsonl is exactly what
// the documented rule (catrule.go) makes of the repository's labelled
// texts, and holds at least 150 passages. TAGGER_UPDATE=1 rewrites it.
func TestCategoryPassagesFile(t *testing.T) {
	var b bytes.Buffer
	ps := CategoryPassages(RepositoryExamples())
	for _, p := range ps {
		line, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if os.Getenv("TAGGER_UPDATE") != "" {
		if err := os.WriteFile("data/category-passages.jsonl", b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(b.Bytes(), categoryPassages) {
		t.Error("data/category-passages.jsonl is not what the rule gives: TAGGER_UPDATE=1 go test ./internal/tagger -run TestCategoryPassagesFile")
	}
	count := map[string]int{}
	for _, p := range CategoryExamples() {
		count[p.Category]++
	}
	t.Logf("%d passages: %v", len(ps), count)
	if len(ps) < 150 || len(count) != len(Categories()) {
		t.Errorf("%d passages over %d categories, want at least 150 over %d", len(ps), len(count), len(Categories()))
	}
}

func TestCategoryRule(t *testing.T) {
	tests := []struct {
		sentence, kind, want string
	}{
		{"People told us they waited too long, and 40% of reviews were overdue.", KindCQC, CatPeople},
		{"Staff said the policy was clear.", KindCQC, CatStaff},
		{"Leaders and partners told us the ICB worked well with them.", KindCQC, CatPartners}, // the cue is "partners told us"
		{"Health partners said that, and providers told us more.", KindCQC, CatPartners},
		{"Data showed 62% of people were satisfied.", KindCQC, CatOutcomes},
		{"There was a clear pathway for hospital discharge.", KindCQC, CatProcesses},
		{"The weather was fine in the town.", KindCQC, ""},
		{"People told us nothing here: this is a manual.", KindProcedure, CatProcesses},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			if got, _ := CategoryRule(tt.sentence, tt.kind); got != tt.want {
				t.Errorf("CategoryRule(%q) = %q, want %q", tt.sentence, got, tt.want)
			}
		})
	}
	e := CategoryExample{Text: "Staff told us that staff told us twice.", Cue: "staff told us"}
	if got := e.Masked(); bytes.Contains([]byte(got), []byte("told")) {
		t.Errorf("Masked() = %q", got)
	}
}

// TestCategoriesLearnt: the learnt categories, measured by leave one
// council out, beat the cue phrases on passages without the phrase that
// labelled them, and the document type decides for a text that says
// nothing else.
func TestCategoriesLearnt(t *testing.T) {
	g, err := NewGuesser()
	if err != nil {
		t.Fatal(err)
	}
	ex := CategoryExamples()
	opts := DefaultOptions()
	masked, err := CategoriesOutOfCouncil(ex, CategoryFitter(g, opts, true, false))
	if err != nil {
		t.Fatal(err)
	}
	cues := make([]Prediction, len(masked))
	for i, p := range masked {
		e := ex[i]
		e.Text = e.Masked()
		cues[i] = p
		cues[i].Ranked = CueRanker(g)(e)
	}
	learnt, byCue := Summarise(Categories(), masked, "", 200), Summarise(Categories(), cues, "", 200)
	t.Logf("masked passages: learnt macro_f1=%.3f top1=%.3f, cues %.3f %.3f", learnt.Metrics.MacroF1, learnt.Metrics.Top1, byCue.Metrics.MacroF1, byCue.Metrics.Top1)
	if learnt.Metrics.Top1 <= byCue.Metrics.Top1 {
		t.Errorf("learnt top1 %.3f not above the cue phrases' %.3f", learnt.Metrics.Top1, byCue.Metrics.Top1)
	}
	cm, err := TrainCategories(g, ex, opts)
	if err != nil {
		t.Fatal(err)
	}
	const plain = "The results are set out below for the year."
	for docType, want := range map[string]string{"survey-results": CatPeople, "peer-review": CatPartners, "performance-data": CatOutcomes, "policy": CatProcesses} {
		if got := cm.Rank(plain, docType); got[0] != want {
			t.Errorf("Rank(plain text, %s) = %v, want %s first", docType, got, want)
		}
	}
	if r := cm.Tag("Staff told us the duty team was stretched.", ""); !slices.Contains(r.Top[:1], CatStaff) || len(r.Scores[1].Passages) != 1 {
		t.Errorf("Tag(staff sentence) = %v with passages %v", r.Top, r.Scores[1].Passages)
	}
}
