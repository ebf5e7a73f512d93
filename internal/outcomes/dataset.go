package outcomes

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// ErrTooLarge means a file is past the size bound it was read with.
var ErrTooLarge = errors.New("file too large")

// DatasetInfo is what a person says about a file they import.
type DatasetInfo struct {
	Layout      string
	Publication string
	Year        string
	SourceURL   string
}

var financialYear = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})$`)

// Check returns a message for each field that is wrong, by field name
// (layout, publication, year, source_url), in GOV.UK style.
func (d DatasetInfo) Check() map[string]string {
	p := map[string]string{}
	if _, ok := Layouts[d.Layout]; !ok {
		p["layout"] = "Select the kind of file"
	}
	if strings.TrimSpace(d.Publication) == "" {
		p["publication"] = "Enter the name of the publication"
	} else if len(d.Publication) > 300 {
		p["publication"] = "Publication name must be 300 characters or fewer"
	}
	if m := financialYear.FindStringSubmatch(d.Year); m == nil {
		p["year"] = "Enter the year the figures are for, like 2023-24"
	} else if first, _ := strconv.Atoi(m[1]); fmt.Sprintf("%02d", (first+1)%100) != m[2] || first < 2000 {
		p["year"] = "Year must be a financial year from 2000, like 2023-24"
	}
	if d.SourceURL != "" {
		u, err := url.Parse(d.SourceURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(d.SourceURL) > 2000 {
			p["source_url"] = "Enter the address the file was published at, starting with https://"
		}
	}
	return p
}

// LimitReader reads r and fails with ErrTooLarge past max bytes.
func LimitReader(r io.Reader, max int64) io.Reader { return &limitReader{r: r, left: max} }

type limitReader struct {
	r    io.Reader
	left int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, ErrTooLarge
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, ErrTooLarge
	}
	return n, err
}
