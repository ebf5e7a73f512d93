package extract

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Limits on what an archive may hold, against zip bombs.
const (
	maxEntries = 20000
	maxRatio   = 200 // uncompressed / compressed, per entry
)

// maxCells bounds the cells read from one sheet: past it the sheet's text
// stops (a sheet that large is data, not evidence prose).
const maxCells = 500000

// openZip opens an Office or OpenDocument file and checks its declared
// sizes before anything is unpacked.
func openZip(path string, opts Options) (*zip.ReadCloser, error) {
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("open archive: %w", err)
	}
	if len(z.File) > maxEntries {
		z.Close()
		return nil, fmt.Errorf("archive has %d entries, more than %d", len(z.File), maxEntries)
	}
	var total uint64
	for _, f := range z.File {
		total += f.UncompressedSize64
		if f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > maxRatio && f.UncompressedSize64 > 1<<20 {
			z.Close()
			return nil, fmt.Errorf("archive entry %s expands %d times: refused as a zip bomb", f.Name, f.UncompressedSize64/f.CompressedSize64)
		}
	}
	if total > uint64(opts.MaxBytes) {
		z.Close()
		return nil, fmt.Errorf("archive unpacks to %d bytes, more than %d", total, opts.MaxBytes)
	}
	return z, nil
}

// readEntry opens one entry, reading at most its declared size (a lying
// header cannot make it unpack more).
func readEntry(z *zip.ReadCloser, name string) (io.ReadCloser, error) {
	for _, f := range z.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				return nil, fmt.Errorf("open %s: %w", name, err)
			}
			return struct {
				io.Reader
				io.Closer
			}{io.LimitReader(rc, int64(f.UncompressedSize64)+1), rc}, nil
		}
	}
	return nil, fmt.Errorf("archive has no %s", name)
}

// openPart opens the one part of an archive a format keeps its text in;
// done closes the part and the archive.
func openPart(path string, opts Options, name string) (io.Reader, func(), error) {
	z, err := openZip(path, opts)
	if err != nil {
		return nil, nil, err
	}
	r, err := readEntry(z, name)
	if err != nil {
		z.Close()
		return nil, nil, err
	}
	return r, func() { r.Close(); z.Close() }, nil
}

// xmlText walks an XML part and calls on for each start and end element
// and each run of character data; it never resolves external entities.
func xmlText(r io.Reader, on func(tok xml.Token)) error {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.Entity = xml.HTMLEntity
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read XML: %w", err)
		}
		on(tok)
	}
}

func docxPages(path string, opts Options) ([]Page, error) {
	r, done, err := openPart(path, opts, "word/document.xml")
	if err != nil {
		return nil, err
	}
	defer done()
	var pages []Page
	var b strings.Builder
	inText := false
	err = xmlText(r, func(tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				b.WriteByte('\t')
			case "br":
				if attr(t, "type") == "page" {
					pages = append(pages, Page{Text: b.String(), Method: "docx"})
					b.Reset()
				} else {
					b.WriteByte('\n')
				}
			case "lastRenderedPageBreak":
				if b.Len() > 0 {
					pages = append(pages, Page{Text: b.String(), Method: "docx"})
					b.Reset()
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	pages = append(pages, Page{Text: b.String(), Method: "docx"})
	if len(pages) == 1 {
		return splitText(pages[0].Text, "docx"), nil
	}
	return pages, nil
}

// numbered lists entries like ppt/slides/slide12.xml in number order.
func numbered(z *zip.ReadCloser, prefix, suffix string) []string {
	type entry struct {
		name string
		n    int
	}
	var es []entry
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, prefix) && strings.HasSuffix(f.Name, suffix) {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(f.Name, prefix), suffix))
			if err == nil {
				es = append(es, entry{f.Name, n})
			}
		}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].n < es[j].n })
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.name
	}
	return names
}

// partText is the text of an XML part: character data of the elements
// named text, with a newline after each element named para.
func partText(z *zip.ReadCloser, name, text, para string) (string, error) {
	r, err := readEntry(z, name)
	if err != nil {
		return "", err
	}
	defer r.Close()
	var b strings.Builder
	in := false
	err = xmlText(r, func(tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == text {
				in = true
			}
		case xml.EndElement:
			if t.Name.Local == text {
				in = false
			}
			if t.Name.Local == para {
				b.WriteByte('\n')
			}
		case xml.CharData:
			if in {
				b.Write(t)
			}
		}
	})
	return b.String(), err
}

func pptxPages(path string, opts Options) ([]Page, error) {
	z, err := openZip(path, opts)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	var pages []Page
	for _, name := range numbered(z, "ppt/slides/slide", ".xml") {
		text, err := partText(z, name, "t", "p")
		if err != nil {
			return nil, err
		}
		pages = append(pages, Page{Text: text, Method: "pptx"})
	}
	if len(pages) == 0 {
		return nil, errors.New("presentation has no slides")
	}
	return pages, nil
}

func xlsxPages(path string, opts Options) ([]Page, error) {
	z, err := openZip(path, opts)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	var shared []string
	if r, err := readEntry(z, "xl/sharedStrings.xml"); err == nil {
		var b strings.Builder
		in := false
		err = xmlText(r, func(tok xml.Token) {
			switch t := tok.(type) {
			case xml.StartElement:
				in = in || t.Name.Local == "t"
			case xml.EndElement:
				if t.Name.Local == "t" {
					in = false
				}
				if t.Name.Local == "si" {
					shared = append(shared, b.String())
					b.Reset()
				}
			case xml.CharData:
				if in {
					b.Write(t)
				}
			}
		})
		r.Close()
		if err != nil {
			return nil, err
		}
	}
	var pages []Page
	for _, name := range numbered(z, "xl/worksheets/sheet", ".xml") {
		r, err := readEntry(z, name)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		var cellType string
		inValue, first, cells := false, true, 0
		err = xmlText(r, func(tok xml.Token) {
			switch t := tok.(type) {
			case xml.StartElement:
				switch t.Name.Local {
				case "c":
					cellType = attr(t, "t")
				case "v", "t":
					inValue = true
				}
			case xml.EndElement:
				switch t.Name.Local {
				case "v", "t":
					inValue = false
				case "row":
					b.WriteByte('\n')
					first = true
				}
			case xml.CharData:
				if !inValue || cells >= maxCells {
					return
				}
				cells++
				v := string(t)
				if cellType == "s" {
					if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(shared) {
						v = shared[i]
					}
				}
				if !first {
					b.WriteByte('\t')
				}
				b.WriteString(v)
				first = false
			}
		})
		r.Close()
		if err != nil {
			return nil, err
		}
		pages = append(pages, Page{Text: b.String(), Method: "xlsx"})
	}
	if len(pages) == 0 {
		return nil, errors.New("workbook has no sheets")
	}
	return pages, nil
}

func odtPages(path string, opts Options) ([]Page, error) {
	r, done, err := openPart(path, opts, "content.xml")
	if err != nil {
		return nil, err
	}
	defer done()
	var pages []Page
	var b strings.Builder
	depth := 0 // inside the body's text
	err = xmlText(r, func(tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "text":
				depth++
			case "soft-page-break":
				pages = append(pages, Page{Text: b.String(), Method: "odt"})
				b.Reset()
			case "tab":
				b.WriteByte('\t')
			case "line-break":
				b.WriteByte('\n')
			case "s":
				b.WriteByte(' ')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "text":
				depth--
			case "p", "h":
				b.WriteByte('\n')
			}
		case xml.CharData:
			if depth > 0 {
				b.Write(t)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	pages = append(pages, Page{Text: b.String(), Method: "odt"})
	if len(pages) == 1 {
		return splitText(pages[0].Text, "odt"), nil
	}
	return pages, nil
}

func odsPages(path string, opts Options) ([]Page, error) {
	r, done, err := openPart(path, opts, "content.xml")
	if err != nil {
		return nil, err
	}
	defer done()
	var pages []Page
	var b strings.Builder
	inCell, firstCell := false, true
	err = xmlText(r, func(tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "table-cell":
				if !firstCell {
					b.WriteByte('\t')
				}
				firstCell = false
				inCell = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "table-cell":
				inCell = false
			case "table-row":
				b.WriteByte('\n')
				firstCell = true
			case "table":
				pages = append(pages, Page{Text: strings.TrimRight(b.String(), "\t\n") + "\n", Method: "ods"})
				b.Reset()
			}
		case xml.CharData:
			if inCell {
				b.Write(t)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, errors.New("spreadsheet has no sheets")
	}
	return pages, nil
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
