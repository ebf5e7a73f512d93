package extract

import (
	"encoding/base64"
	"io"
	"strings"
)

// base64Reader decodes a base64 body that may be broken into lines.
func base64Reader(r io.Reader) io.Reader {
	return base64.NewDecoder(base64.StdEncoding, &stripNewlines{r: r})
}

type stripNewlines struct{ r io.Reader }

func (s *stripNewlines) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	out := strings.NewReplacer("\r", "", "\n", "").Replace(string(p[:n]))
	return copy(p, out), err
}
