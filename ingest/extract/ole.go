package extract

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// oleMagic starts an OLE compound file. Office saves a password-protected
// .docx, .xlsx or .pptx as one, with the real package encrypted in a
// stream named EncryptedPackage.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// checkOLE returns ErrEncrypted when the file at path is an OLE container
// holding an EncryptedPackage stream, and nil otherwise: other OLE files
// (old .doc, .xls) are not zip archives and fail to open as one.
func checkOLE(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // the format's reader reports it
	}
	defer f.Close()
	head := make([]byte, 512)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.HasPrefix(head, oleMagic) {
		return nil
	}
	// The header gives the sector size (as a power of two) and the first
	// sector of the directory, whose entries carry UTF-16 stream names.
	shift := binary.LittleEndian.Uint16(head[30:])
	dir := binary.LittleEndian.Uint32(head[48:])
	if shift < 9 || shift > 16 || dir >= 0xFFFFFFFA {
		return nil
	}
	size := int64(1) << shift
	sector := make([]byte, size)
	n, _ := f.ReadAt(sector, (int64(dir)+1)*size)
	if bytes.Contains(sector[:n], utf16le("EncryptedPackage")) {
		return fmt.Errorf("%w: Office file encrypted with a password", ErrEncrypted)
	}
	return nil
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}
