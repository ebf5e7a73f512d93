package report

// Op is what happened to a paragraph between two versions.
type Op string

// The operations of a diff.
const (
	Same    Op = "same"
	Added   Op = "added"
	Removed Op = "removed"
)

// Change is one paragraph of a diff.
type Change struct {
	Op   Op
	Text string
}

// Diff is what changed from the paragraphs of old to those of new, as the
// longest common run of unchanged paragraphs with the others removed or
// added, in reading order (a removal before the addition that replaced it).
// Texts are bounded by MaxText, so at most a few thousand paragraphs each.
func Diff(old, new string) []Change {
	a, b := Paragraphs(old), Paragraphs(new)
	// lcs[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []Change
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out = append(out, Change{Same, a[i]})
			i, j = i+1, j+1
		case j == len(b) || (i < len(a) && lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, Change{Removed, a[i]})
			i++
		default:
			out = append(out, Change{Added, b[j]})
			j++
		}
	}
	return out
}

// Changed reports whether a diff has any change.
func Changed(d []Change) bool {
	for _, c := range d {
		if c.Op != Same {
			return true
		}
	}
	return false
}
