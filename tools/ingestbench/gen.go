package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
)

// words are the vocabulary of the generated files: common words of
// evidence and made-up ones drawn by a Zipf law, so that the index meets
// a vocabulary of tens of thousands of words as it does with real text.
var common = []string{"the", "council", "carers", "assessment", "waiting", "times", "safeguarding", "adults",
	"people", "support", "care", "review", "quarter", "outcomes", "and", "of", "to", "in", "for", "with",
	"partnership", "strategy", "plan", "services", "commissioning", "homes", "providers", "workforce"}

func word(r *rand.Rand, z *rand.Zipf) string {
	n := z.Uint64()
	if n < uint64(len(common)) {
		return common[n]
	}
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 0, 10)
	for n > 0 {
		b = append(b, letters[n%26])
		n /= 26
	}
	return string(b)
}

// plainText is size bytes of lines of words, the first unique to seed so
// that no upload is refused as a duplicate of an earlier one.
func plainText(seed string, size int64) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(r, 1.1, 2, 200000)
	var b bytes.Buffer
	b.Grow(int(size))
	fmt.Fprintf(&b, "Evidence for the ingest benchmark, %s.\n", seed)
	for int64(b.Len()) < size {
		for i := range 12 {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(word(r, z))
		}
		b.WriteString(".\n")
	}
	return b.Bytes()[:size]
}

// oneColumnCSV is size bytes of a CSV with one column: a header, then a
// short value a row.
func oneColumnCSV(seed string, size int64) []byte {
	r := rand.New(rand.NewPCG(3, 4))
	z := rand.NewZipf(r, 1.1, 2, 200000)
	var b bytes.Buffer
	b.Grow(int(size))
	fmt.Fprintf(&b, "note\n\"ingest benchmark %s\"\n", seed)
	for i := 0; int64(b.Len()) < size; i++ {
		fmt.Fprintf(&b, "%s %s %d\n", word(r, z), word(r, z), i)
	}
	out := b.Bytes()[:size]
	out[len(out)-1] = '\n'
	return out
}
