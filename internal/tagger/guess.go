package tagger

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
)

//go:embed data/cues.json
var cuesJSON []byte

// Guesser makes the two guesses besides quality statements: the kind of
// document and the evidence categories a text speaks to. Both come from cue
// phrases (data/cues.json) until inspectors' decisions give data to learn
// from; their confidences are rough and say so by staying modest.
type Guesser struct {
	types      map[string][]string
	categories map[string][]string
	patterns   map[string]string // cue to cuePattern
}

// Guess is one guessed label with the cue phrases that led to it.
type Guess struct {
	Label      string   `json:"label"`
	Confidence float64  `json:"confidence"`
	Cues       []string `json:"cues"`
}

// NewGuesser reads the embedded cue phrases.
func NewGuesser() (*Guesser, error) {
	var f struct {
		About      string              `json:"about"`
		Types      map[string][]string `json:"types"`
		Categories map[string][]string `json:"categories"`
	}
	if err := json.Unmarshal(cuesJSON, &f); err != nil {
		return nil, fmt.Errorf("parse cues: %w", err)
	}
	g := &Guesser{types: f.Types, categories: f.Categories, patterns: map[string]string{}}
	for _, m := range []map[string][]string{f.Types, f.Categories} {
		for _, cues := range m {
			for _, cue := range cues {
				g.patterns[cue] = cuePattern(cue)
			}
		}
	}
	return g, nil
}

// typeWindow is how much of a document's text the type guess reads: the
// kind of document shows at its start.
const typeWindow = 4000

// DocumentType guesses the kind of document from its title (which counts
// three times) and the start of its text. "other" when nothing points
// anywhere.
func (g *Guesser) DocumentType(title, text string) Guess {
	if len(text) > typeWindow {
		text = strings.ToValidUTF8(text[:typeWindow], "") // a rune cut in two goes
	}
	title, text = spaced(title), spaced(text)
	best := Guess{Label: "other"}
	var total, bestScore float64
	for _, label := range sortedKeys(g.types) {
		var score float64
		var cues []string
		for _, cue := range g.types[label] {
			n := 3*countPattern(title, g.patterns[cue]) + min(countPattern(text, g.patterns[cue]), 3)
			if n > 0 {
				score += float64(n)
				cues = append(cues, cue)
			}
		}
		total += score
		if score > bestScore {
			bestScore, best = score, Guess{Label: label, Cues: cues}
		}
	}
	if bestScore > 0 {
		// Share of all cue weight, damped while there is little evidence.
		best.Confidence = round3(bestScore / total * (1 - math.Exp(-bestScore/3)))
	}
	return best
}

// Categories scores the text against each evidence category, most likely
// first. Each confidence stands alone: a text can be several at once.
func (g *Guesser) Categories(text string) []Guess {
	text = spaced(text)
	var out []Guess
	for _, label := range sortedKeys(g.categories) {
		var score float64
		var cues []string
		for _, cue := range g.categories[label] {
			if n := countPattern(text, g.patterns[cue]); n > 0 {
				score += float64(min(n, 3))
				cues = append(cues, cue)
			}
		}
		out = append(out, Guess{Label: label, Confidence: round3(1 - math.Exp(-score/4)), Cues: cues})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Confidence > out[j].Confidence })
	return out
}

// normalise lowers the text and pads it with spaces, with every run of
// non-letters but % and apostrophes turned into one space, so that
// " cue " matches whole words only.
func normalise(s string) string {
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(s) {
		if r == '’' {
			r = '\''
		}
		keep := r == '%' || r == '\'' || r == '-' || r == ':' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r > 0x7f && r != '\u00a0'
		if keep {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// spaced is normalise with every space doubled, so that matches of a cue
// side by side ("policy policy") do not share the space between them.
func spaced(s string) string { return strings.ReplaceAll(normalise(s), " ", "  ") }

// countPhrase counts whole-word matches of cue in a spaced text.
func countPhrase(text, cue string) int { return countPattern(text, cuePattern(cue)) }

// cuePattern is what a cue looks like in a spaced text; normalising every
// cue once, not at every count, makes guessing several times cheaper.
func cuePattern(cue string) string {
	if cue == "%" {
		return "%"
	}
	inner := strings.TrimSpace(normalise(cue))
	if inner == "" {
		return ""
	}
	return " " + strings.ReplaceAll(inner, " ", "  ") + " "
}

func countPattern(text, pattern string) int {
	if pattern == "" {
		return 0
	}
	return strings.Count(text, pattern)
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// CuePassages returns the sentences of text that hold one of the cues (as
// Categories or DocumentType found them), in text order, at most
// MaxPassages: the evidence behind a guess, as plain text to be escaped by
// whoever shows it.
func CuePassages(text string, cues []string) []Passage {
	return CuePassagesEach(text, [][]string{cues})[0]
}

// CuePassagesEach is CuePassages for several lists of cues at once (one per
// guess), reading the text's sentences once.
func CuePassagesEach(text string, cueLists [][]string) [][]Passage {
	out := make([][]Passage, len(cueLists))
	patterns := make([][]string, len(cueLists))
	some := false
	for i, cues := range cueLists {
		for _, cue := range cues {
			patterns[i] = append(patterns[i], cuePattern(cue))
			some = true
		}
	}
	if !some {
		return out
	}
	for _, sp := range sentences(text) {
		var s string
		for i, ps := range patterns {
			if len(ps) == 0 || len(out[i]) == MaxPassages {
				continue
			}
			if s == "" {
				s = spaced(text[sp.start:sp.end])
			}
			n := 0
			for _, p := range ps {
				n += countPattern(s, p)
			}
			if n > 0 {
				out[i] = append(out[i], Passage{Text: text[sp.start:sp.end], Start: sp.start, End: sp.end, Weight: float64(n)})
			}
		}
	}
	return out
}
