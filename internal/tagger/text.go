package tagger

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a sentence of a text: text[start:end], trimmed of spaces.
type span struct{ start, end int }

// sentences splits text into sentences: at a line break, and after ".", "!"
// or "?" (and any closing quotes or brackets) followed by a space and then a
// capital letter, a digit, a quote or a bullet, unless the word before the
// stop is a common abbreviation such as "e.g." or "Dr.".
func sentences(text string) []span {
	var out []span
	add := func(start, end int) {
		for start < end {
			r, n := utf8.DecodeRuneInString(text[start:])
			if !unicode.IsSpace(r) {
				break
			}
			start += n
		}
		for end > start {
			r, n := utf8.DecodeLastRuneInString(text[:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= n
		}
		if start < end {
			out = append(out, span{start, end})
		}
	}
	start := 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n' || r == '\r':
			add(start, i)
			start = i + n
		case r == '.' || r == '!' || r == '?':
			j := i + n
			for j < len(text) {
				c, m := utf8.DecodeRuneInString(text[j:])
				if !strings.ContainsRune(`"'’”)]`, c) {
					break
				}
				j += m
			}
			if k, ok := nextStart(text, j); ok && (r != '.' || !abbreviation(text[start:i])) {
				add(start, j)
				start = k
				i = k
				continue
			}
		}
		i += n
	}
	add(start, len(text))
	return out
}

// nextStart reports whether text[j:] is spaces then something that opens a
// sentence, and where that is.
func nextStart(text string, j int) (int, bool) {
	k := j
	for k < len(text) {
		r, n := utf8.DecodeRuneInString(text[k:])
		if r == '\n' || !unicode.IsSpace(r) {
			break
		}
		k += n
	}
	if k == j || k == len(text) {
		return k, k == len(text) && k > j
	}
	r, _ := utf8.DecodeRuneInString(text[k:])
	return k, unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'‘“(•-–`, r)
}

// isAbbreviation reports whether w, lower-cased, is a common abbreviation
// that a full stop follows without ending the sentence.
func isAbbreviation(w string) bool {
	switch w {
	case "e.g", "i.e", "eg", "ie", "etc", "dr", "mr", "mrs", "ms", "st", "no", "vs", "cf", "approx", "incl", "s":
		return true
	}
	return false
}

// abbreviation reports whether before ends with a word that a full stop
// follows without ending the sentence.
func abbreviation(before string) bool {
	i := strings.LastIndexFunc(before, unicode.IsSpace)
	w := strings.ToLower(strings.TrimLeft(before[i+1:], `("'‘“`))
	return isAbbreviation(w)
}

// isStopword reports whether w is a word too common to say anything about
// a quality statement. A switch, not a map built at start: no package
// state (house style).
func isStopword(w string) bool {
	switch w {
	case "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
		"are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
		"by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
		"further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself",
		"his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most",
		"my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other",
		"our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such",
		"than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
		"this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were",
		"what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you",
		"your", "yours", "yourself", "yourselves", "may", "might", "must", "shall", "us", "one", "two",
		"three", "four", "five", "six", "seven", "eight", "nine", "ten", "however", "therefore", "thus",
		"whilst", "within", "without", "upon", "per", "via", "whether", "yet", "though", "although",
		"well", "many", "much", "several", "often":
		return true
	}
	return false
}

// isJoinPrefix reports whether p is one of the first parts of hyphenated words written both with
// and without the hyphen, such as "co-production" and "coproduction".
func isJoinPrefix(p string) bool {
	switch p {
	case "co", "re", "pre", "non", "multi", "inter", "sub":
		return true
	}
	return false
}

// term is one word of a text after normalising: its stem, or "" at a break
// that a bigram must not cross (punctuation, a dropped number).
type term struct {
	stem string
	pos  int // byte offset of the word in the text
}

// terms turns text into stems in order, with breaks. Words are lower-cased,
// "'s" is dropped, hyphenated words split (except after prefixes such as
// "co-"), numbers are dropped except a percentage, which becomes "#pct", and
// a section number such as "section 42" or "s.42", which becomes "s42".
// Stopwords are dropped without a break.
func terms(text string, out []term) []term { return termsMemo(text, out, nil) }

// termsMemo is terms that looks each word's stem up in memo, and adds it
// there, when memo is not nil.
func termsMemo(text string, out []term, memo map[string]string) []term {
	first := len(out)
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			sectionDot := r == '.' && len(out) > 0 && out[len(out)-1].stem == "s"
			if r != ' ' && r != '\'' && r != '’' && r != '-' && r != '/' && r != '&' && !sectionDot {
				out = appendBreak(out)
			}
			i += n
			continue
		}
		start := i
		word, next := readWord(text, i)
		i = next
		if word == "" {
			continue
		}
		if c, _ := utf8.DecodeRuneInString(word); unicode.IsDigit(c) {
			if strings.HasPrefix(strings.TrimLeft(text[i:], " "), "%") || strings.HasPrefix(text[i:], " per cent") {
				out = append(out, term{"#pct", start})
				continue
			}
			if k := len(out) - 1; k >= 0 && (out[k].stem == "section" || out[k].stem == "s") && allDigits(word) && len(word) <= 3 {
				out[k].stem = "s" + word
				continue
			}
			out = appendBreak(out)
			continue
		}
		if isStopword(word) || (len(word) == 1 && word != "s") {
			continue
		}
		st, ok := memo[word]
		if !ok {
			st = stem(word)
			if memo != nil {
				memo[word] = st
			}
		}
		out = append(out, term{st, start})
	}
	// Drop each "s" that no section number followed.
	kept := out[:first]
	for _, t := range out[first:] {
		if t.stem != "s" {
			kept = append(kept, t)
		}
	}
	return kept
}

func appendBreak(out []term) []term {
	if len(out) > 0 && out[len(out)-1].stem != "" {
		out = append(out, term{})
	}
	return out
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// readWord reads the letters and digits from text[i:], lower-cased, with
// apostrophes dropped, a final "'s" removed and a hyphen joined after a
// prefix such as "co"; it returns the word and where reading stopped.
func readWord(text string, i int) (string, int) {
	// Most words are ASCII letters and digits ending at an ASCII byte that
	// is neither an apostrophe nor a hyphen: the word is those bytes,
	// lower-cased, without building it rune by rune.
	j, lower := i, true
	for j < len(text) {
		c := text[j]
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			j++
			continue
		}
		if 'A' <= c && c <= 'Z' {
			lower = false
			j++
			continue
		}
		break
	}
	if j == len(text) || (text[j] < utf8.RuneSelf && text[j] != '\'' && text[j] != '-') {
		if lower {
			return text[i:j], j
		}
		return strings.ToLower(text[i:j]), j
	}
	return readWordSlow(text, i)
}

// readWordSlow is readWord for a word with other letters, an apostrophe or
// a hyphen.
func readWordSlow(text string, i int) (string, int) {
	var b strings.Builder
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			i += n
			continue
		case (r == '\'' || r == '’') && i+n < len(text):
			c, m := utf8.DecodeRuneInString(text[i+n:])
			if c == 's' || c == 'S' {
				if after, _ := utf8.DecodeRuneInString(text[i+n+m:]); i+n+m >= len(text) || !unicode.IsLetter(after) {
					return b.String(), i + n + m
				}
			}
			if unicode.IsLetter(c) {
				i += n
				continue
			}
		case r == '-' && isJoinPrefix(b.String()) && i+n < len(text):
			if c, _ := utf8.DecodeRuneInString(text[i+n:]); unicode.IsLetter(c) {
				i += n
				continue
			}
		}
		break
	}
	return b.String(), i
}
