package api

import (
	"strings"
	"testing"

	"github.com/evidenceportal/portal/frontend"
)

func TestHighlight(t *testing.T) {
	pages := []frontend.TextPage{{Number: 1, Text: "One. Two three. Four."}, {Number: 2, Text: "Other page."}}
	rows := []frontend.TagRow{
		{Name: "A", Passages: []frontend.PassageLink{{Page: 1, Text: "Two three.", Href: "1:5:15"}}},
		{Name: "B", Passages: []frontend.PassageLink{{Page: 1, Text: "three. Four.", Href: "1:9:21"}, {Page: 2, Text: "forged", Href: "2:0:6"}}},
	}
	ids := highlight(pages, rows)
	var got []string
	for _, sg := range pages[0].Segments {
		if sg.Mark {
			got = append(got, sg.Text+"|"+sg.Title+"|"+sg.ID)
		} else {
			got = append(got, sg.Text)
		}
	}
	want := []string{"One. ", "Two three. Four.|Suggests A, B|p1-5"}
	if strings.Join(got, "/") != strings.Join(want, "/") {
		t.Errorf("segments = %q, want %q", got, want)
	}
	if ids["1:5:15"] != "#p1-5" || ids["1:9:21"] != "#p1-5" {
		t.Errorf("anchors = %v, want both passages at #p1-5", ids)
	}
	if pages[1].Segments != nil || ids["2:0:6"] != "" {
		t.Errorf("a passage that is not the page's text was marked: %v", pages[1].Segments)
	}
}
