package sniff

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameBytes keeps names within what file systems and S3 metadata take.
const maxNameBytes = 255

// CleanName makes a file name safe to keep and show: no directories (either
// slash), no control or bidirectional-override characters, no leading dots,
// at most 255 bytes, never empty. It is for display only: storage keys never
// come from names.
func CleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r), r == '\u200b', r == '\ufeff':
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeftFunc(name, func(r rune) bool { return r == '.' || unicode.IsSpace(r) })
	name = strings.TrimRightFunc(name, unicode.IsSpace)
	if len(name) > maxNameBytes {
		// Shorten the stem and keep the extension, which says the type.
		ext := path.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		stem := strings.TrimSuffix(name, ext)
		for len(stem)+len(ext) > maxNameBytes {
			_, size := utf8.DecodeLastRuneInString(stem)
			stem = stem[:len(stem)-size]
		}
		name = stem + ext
	}
	if name == "" {
		return "unnamed"
	}
	return name
}
