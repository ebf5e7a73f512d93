package assessment

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheckLink(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://www.ashford.gov.uk/sab-report", "https://www.ashford.gov.uk/sab-report", true},
		{"  http://example.org/a?b=c#d ", "http://example.org/a?b=c#d", true},
		{"javascript:alert(1)", "", false},
		{"JavaScript:alert(1)", "", false},
		{"data:text/html,<script>", "", false},
		{"file:///etc/passwd", "", false},
		{"ftp://example.org/x", "", false},
		{"//example.org/x", "", false},
		{"https://", "", false},
		{"https://user:pw@example.org/", "", false},
		{"https://example.org/a b", "", false},
		{"https://example.org/\x00", "", false},
		{"", "", false},
		{"https://example.org/" + strings.Repeat("a", MaxLink), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := CheckLink(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("CheckLink(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
			var ie *InputError
			if err != nil && (!errors.As(err, &ie) || ie.Field != "link" || ie.Message == "") {
				t.Errorf("CheckLink(%q) error %v is not an InputError on the link", tt.in, err)
			}
		})
	}
}

func TestCheckAnswer(t *testing.T) {
	long := strings.Repeat("x", MaxAnswerText+1)
	rows := func(n int) [][]string {
		out := make([][]string, n)
		for i := range out {
			out[i] = []string{"a", "b"}
		}
		return out
	}
	tests := []struct {
		name  string
		kind  string
		in    Answer
		want  Answer
		field string // "" when the answer is good
	}{
		{"text", "text", Answer{Kind: "text", Text: "  42 people wait  "}, Answer{Kind: "text", Text: "42 people wait"}, ""},
		{"empty text", "text", Answer{Kind: "text", Text: "  "}, Answer{}, "text"},
		{"text too long", "text", Answer{Kind: "text", Text: long}, Answer{}, "text"},
		{"text with a control character", "text", Answer{Kind: "text", Text: "a\x07b"}, Answer{}, "text"},
		{"forged kind", "text", Answer{Kind: "link", Link: "https://example.org"}, Answer{}, "answer"},
		{"unknown kind", "file", Answer{Kind: "file"}, Answer{}, "answer"},
		{"link", "link", Answer{Kind: "link", Link: "https://example.org/x"}, Answer{Kind: "link", Link: "https://example.org/x"}, ""},
		{"javascript link", "link", Answer{Kind: "link", Link: "javascript:alert(1)"}, Answer{}, "link"},
		{"table drops empty rows", "table", Answer{Kind: "table", Rows: [][]string{{" Ann ", "Lead"}, {"", " "}}},
			Answer{Kind: "table", Rows: [][]string{{"Ann", "Lead"}}}, ""},
		{"empty table", "table", Answer{Kind: "table", Rows: [][]string{{"", ""}}}, Answer{}, "table"},
		{"forged columns", "table", Answer{Kind: "table", Rows: [][]string{{"a", "b", "c"}}}, Answer{}, "table"},
		{"too many rows", "table", Answer{Kind: "table", Rows: rows(MaxTableRows + 1)}, Answer{}, "table"},
		{"as many rows as allowed", "table", Answer{Kind: "table", Rows: rows(MaxTableRows)}, Answer{Kind: "table", Rows: rows(MaxTableRows)}, ""},
		{"cell too long", "table", Answer{Kind: "table", Rows: [][]string{{strings.Repeat("a", MaxTableCell+1), "b"}}}, Answer{}, "table"},
		{"documents", "documents", Answer{Kind: "documents", Citations: []Citation{{DocumentID: "d1", Page: 3, Section: " 2.1 "}, {DocumentID: ""}, {DocumentID: "d1", Page: 3, Section: "2.1"}}},
			Answer{Kind: "documents", Citations: []Citation{{DocumentID: "d1", Page: 3, Section: "2.1"}}}, ""},
		{"no documents", "documents", Answer{Kind: "documents"}, Answer{}, "documents"},
		{"negative page", "documents", Answer{Kind: "documents", Citations: []Citation{{DocumentID: "d1", Page: -1}}}, Answer{}, "documents"},
		{"section too long", "documents", Answer{Kind: "documents", Citations: []Citation{{DocumentID: "d1", Section: strings.Repeat("s", MaxSection+1)}}}, Answer{}, "documents"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckAnswer(tt.kind, 2, tt.in)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("CheckAnswer = %v, want nil", err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("CheckAnswer (-want +got):\n%s", diff)
				}
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tt.field {
				t.Errorf("CheckAnswer = %v, want an InputError on %s", err, tt.field)
			}
		})
	}
}

func TestCheckCitation(t *testing.T) {
	for _, tt := range []struct {
		page, pages int
		ok          bool
	}{{0, 5, true}, {1, 5, true}, {5, 5, true}, {6, 5, false}, {1, 0, false}} {
		if err := CheckCitation(Citation{DocumentID: "d", Page: tt.page}, tt.pages); (err == nil) != tt.ok {
			t.Errorf("CheckCitation(page %d of %d) = %v, want ok=%v", tt.page, tt.pages, err, tt.ok)
		}
	}
}

func TestCheckItem(t *testing.T) {
	for _, tt := range []struct {
		title, wanted, field string
	}{
		{"Contacts", "Who to interview", ""},
		{"", "Who", "title"},
		{strings.Repeat("t", MaxItemTitle+1), "Who", "title"},
		{"Contacts", " ", "wanted"},
		{"Con\x00tacts", "Who", "title"},
	} {
		_, _, err := CheckItem(tt.title, tt.wanted)
		var ie *InputError
		if (tt.field == "") != (err == nil) || (err != nil && (!errors.As(err, &ie) || ie.Field != tt.field)) {
			t.Errorf("CheckItem(%.20q, %q) = %v, want field %q", tt.title, tt.wanted, err, tt.field)
		}
	}
}
