package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// readSmall reads a text-like file of at most limit bytes (Options.MaxText).
func readSmall(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: a text file larger than %d bytes", ErrTooLarge, limit)
	}
	return b, nil
}

// decodeText reads UTF-8 (with or without a byte order mark) or UTF-16 with
// one; invalid bytes become U+FFFD rather than an error.
func decodeText(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		le := b[0] == 0xFF
		b = b[2:]
		u := make([]uint16, len(b)/2)
		for i := range u {
			if le {
				u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
			} else {
				u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
			}
		}
		return string(utf16.Decode(u))
	}
	if !utf8.Valid(b) {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(b)
}

func textPages(path string, limit int64) ([]Page, error) {
	b, err := readSmall(path, limit)
	if err != nil {
		return nil, err
	}
	return splitText(strings.ReplaceAll(decodeText(b), "\r\n", "\n"), "text"), nil
}

func htmlPages(path string, limit int64) ([]Page, error) {
	b, err := readSmall(path, limit)
	if err != nil {
		return nil, err
	}
	return splitText(htmlText(bytes.NewReader(b)), "html"), nil
}

// htmlText is the visible text of an HTML document: no scripts, styles or
// anything fetched.
func htmlText(r io.Reader) string {
	z := html.NewTokenizer(r)
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "noscript", "template":
				skip++
			case "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article":
				b.WriteByte('\n')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "noscript", "template":
				if skip > 0 {
					skip--
				}
			case "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th":
				b.WriteByte('\n')
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}

func emlPages(path string, limit int64) ([]Page, error) {
	b, err := readSmall(path, limit)
	if err != nil {
		return nil, err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("read email: %w", err)
	}
	var out strings.Builder
	dec := new(mime.WordDecoder)
	for _, h := range []string{"From", "To", "Date", "Subject"} {
		v := msg.Header.Get(h)
		if d, err := dec.DecodeHeader(v); err == nil {
			v = d
		}
		if v != "" {
			fmt.Fprintf(&out, "%s: %s\n", h, v)
		}
	}
	out.WriteByte('\n')
	var attachments []string
	if err := emailBody(msg.Header.Get("Content-Type"), msg.Body, &out, &attachments, 0); err != nil {
		return nil, err
	}
	if len(attachments) > 0 {
		out.WriteString("\nAttachments: " + strings.Join(attachments, ", ") + "\n")
	}
	return splitText(out.String(), "eml"), nil
}

// emailBody writes the text parts of a message (HTML as text) and
// collects the names of its attachments, without opening them.
func emailBody(contentType string, body io.Reader, out *strings.Builder, attachments *[]string, depth int) error {
	if depth > 10 {
		return errors.New("email nested too deeply")
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || contentType == "" {
		mt = "text/plain"
	}
	switch {
	case mt == "multipart/alternative":
		// The same message more than once: keep the plain text when there
		// is one, else the richest other version.
		mr := multipart.NewReader(body, params["boundary"])
		var plain, other strings.Builder
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return fmt.Errorf("read email part: %w", err)
			}
			var b strings.Builder
			if err := emailBody(p.Header.Get("Content-Type"), partReader(p), &b, attachments, depth+1); err != nil {
				return err
			}
			if pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); (pt == "text/plain" || pt == "") && plain.Len() == 0 {
				plain.WriteString(b.String())
			} else if strings.TrimSpace(b.String()) != "" {
				other.Reset()
				other.WriteString(b.String())
			}
		}
		if strings.TrimSpace(plain.String()) != "" {
			out.WriteString(plain.String())
		} else {
			out.WriteString(other.String())
		}
		return nil
	case strings.HasPrefix(mt, "multipart/"):
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("read email part: %w", err)
			}
			if name := p.FileName(); name != "" {
				*attachments = append(*attachments, name)
				continue
			}
			if err := emailBody(p.Header.Get("Content-Type"), partReader(p), out, attachments, depth+1); err != nil {
				return err
			}
		}
	case mt == "text/html":
		out.WriteString(htmlText(body))
	case strings.HasPrefix(mt, "text/"):
		b, err := io.ReadAll(io.LimitReader(body, DefaultMaxText))
		if err != nil {
			return fmt.Errorf("read email text: %w", err)
		}
		out.WriteString(decodeText(b))
	}
	return nil
}

// partReader undoes quoted-printable transfer encoding (multipart.Reader
// does that itself) and base64.
func partReader(p *multipart.Part) io.Reader {
	if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
		return base64Reader(p)
	}
	return p
}
