package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind int

const (
	tokWord tokKind = iota
	tokPhrase
	tokAnd
	tokOr
	tokNot
	tokLParen
	tokRParen
	tokMinus
	tokPlus
)

type token struct {
	kind  tokKind
	text  string
	field string
	pos   int
}

func lex(q string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(q) {
		r, w := utf8.DecodeRuneInString(q[i:])
		switch {
		case unicode.IsSpace(r):
			i += w
		case r == '(':
			toks = append(toks, token{kind: tokLParen, text: "(", pos: i})
			i++
		case r == ')':
			toks = append(toks, token{kind: tokRParen, text: ")", pos: i})
			i++
		case (r == '-' || r == '+') && i+1 < len(q) && !unicode.IsSpace(rune(q[i+1])) && startOfTerm(q, i):
			k := tokMinus
			if r == '+' {
				k = tokPlus
			}
			toks = append(toks, token{kind: k, text: string(r), pos: i})
			i++
		case r == '"':
			end := strings.IndexByte(q[i+1:], '"')
			if end < 0 {
				return nil, &QueryError{i, "Your search has an opening quotation mark without a closing one"}
			}
			toks = append(toks, token{kind: tokPhrase, text: q[i+1 : i+1+end], pos: i})
			i += end + 2
		default:
			start := i
			for i < len(q) {
				r, w := utf8.DecodeRuneInString(q[i:])
				if unicode.IsSpace(r) || r == '(' || r == ')' || r == '"' {
					break
				}
				i += w
			}
			word := q[start:i]
			// field:"a phrase"
			if strings.HasSuffix(word, ":") && i < len(q) && q[i] == '"' {
				end := strings.IndexByte(q[i+1:], '"')
				if end < 0 {
					return nil, &QueryError{i, "Your search has an opening quotation mark without a closing one"}
				}
				toks = append(toks, token{kind: tokPhrase, field: strings.ToLower(strings.TrimSuffix(word, ":")), text: q[i+1 : i+1+end], pos: start})
				i += end + 2
				continue
			}
			switch word {
			case "AND", "&&":
				toks = append(toks, token{kind: tokAnd, text: word, pos: start})
			case "OR", "||":
				toks = append(toks, token{kind: tokOr, text: word, pos: start})
			case "NOT":
				toks = append(toks, token{kind: tokNot, text: word, pos: start})
			default:
				toks = append(toks, token{kind: tokWord, text: word, pos: start})
			}
		}
	}
	return toks, nil
}

// startOfTerm reports whether a + or - at i begins a term (as in -draft)
// rather than sitting inside one (as in co-production, handled by the word
// branch because it is not at a token start).
func startOfTerm(q string, i int) bool {
	return i == 0 || unicode.IsSpace(rune(q[i-1])) || q[i-1] == '('
}
