package tagger

import "math"

// Features are the stems of a text (unigrams) and, when bigrams are on,
// each pair of stems next to each other in a sentence once stopwords are
// gone ("carer assess"), and, when chars is n > 0, the character n-grams of
// each stem of more than n letters, marked at its ends ("<rea", "able",
// "ment>"), so that words sharing a root (reablement, enablement) share
// features although no stem rule joins them. A feature's value is (1 + ln count) × idf, and a
// text's vector has unit length, so long and short texts score alike.

// eachFeature calls fn with each feature of ts; key is only valid during
// the call. buf is scratch space, returned for reuse.
func eachFeature(ts []term, bigrams bool, chars int, buf []byte, fn func(key []byte)) []byte {
	for i, t := range ts {
		if t.stem == "" {
			continue
		}
		fn(append(buf[:0], t.stem...))
		if chars > 0 && len(t.stem) > chars {
			// "<" and ">" mark the ends; a stem has no such byte, so
			// no n-gram is ever a stem or a pair.
			w := append(append(append(buf[:0], '<'), t.stem...), '>')
			for j := 0; j+chars <= len(w); j++ {
				fn(w[j : j+chars])
			}
			buf = w[:0]
		}
		if bigrams && i+1 < len(ts) && ts[i+1].stem != "" {
			buf = append(append(append(buf[:0], t.stem...), ' '), ts[i+1].stem...)
			fn(buf)
		}
	}
	return buf
}

// textCounts returns how often each feature occurs in text.
func textCounts(text string, bigrams bool, chars int) map[string]float64 {
	counts := map[string]float64{}
	var ts []term
	for _, sp := range sentences(text) {
		ts = terms(text[sp.start:sp.end], ts[:0])
		eachFeature(ts, bigrams, chars, nil, func(k []byte) { counts[string(k)]++ })
	}
	return counts
}

// entry is one non-zero value of a sparse vector.
type entry struct {
	f int32
	v float64
}

// weigh turns counts into a unit-length vector of (1 + ln count) × idf.
func weigh(counts []entry, idf []float64) []entry {
	var norm float64
	for i, e := range counts {
		v := (1 + math.Log(e.v)) * idf[e.f]
		counts[i].v = v
		norm += v * v
	}
	if norm > 0 {
		norm = 1 / math.Sqrt(norm)
		for i := range counts {
			counts[i].v *= norm
		}
	}
	return counts
}
