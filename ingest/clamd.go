package ingest

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// ErrScannerUnavailable means clamd could not be asked. A file is then "not
// scanned", never "clean".
var ErrScannerUnavailable = errors.New("virus scanner unavailable")

// Clamd talks to a ClamAV daemon over TCP.
type Clamd struct {
	addr    string
	timeout time.Duration
}

// NewClamd returns a client for clamd at host:port.
func NewClamd(addr string) *Clamd {
	return &Clamd{addr: addr, timeout: 5 * time.Minute}
}

// ScanResult is clamd's verdict on one stream.
type ScanResult struct {
	Infected  bool
	Signature string
}

// Ping checks that clamd answers.
func (c *Clamd) Ping(ctx context.Context) error {
	reply, err := c.command(ctx, "zPING\x00", nil)
	if err != nil {
		return err
	}
	if reply != "PONG" {
		return fmt.Errorf("ping clamd: unexpected reply %q: %w", reply, ErrScannerUnavailable)
	}
	return nil
}

// Scan streams r to clamd with INSTREAM and returns its verdict. Any failure
// to get a verdict, including clamd refusing a stream over its limits, is an
// error wrapping ErrScannerUnavailable or naming the limit: never a clean result.
func (c *Clamd) Scan(ctx context.Context, r io.Reader) (ScanResult, error) {
	reply, err := c.command(ctx, "zINSTREAM\x00", r)
	if err != nil {
		return ScanResult{}, err
	}
	switch {
	case reply == "stream: OK":
		return ScanResult{}, nil
	case strings.HasSuffix(reply, " FOUND"):
		sig := strings.TrimSuffix(strings.TrimPrefix(reply, "stream: "), " FOUND")
		return ScanResult{Infected: true, Signature: sig}, nil
	default:
		return ScanResult{}, fmt.Errorf("scan stream: clamd answered %q", reply)
	}
}

func (c *Clamd) command(ctx context.Context, cmd string, body io.Reader) (string, error) {
	d := net.Dialer{Timeout: 5 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", c.addr)
	if err != nil {
		return "", fmt.Errorf("connect to clamd at %s: %w: %w", c.addr, ErrScannerUnavailable, err)
	}
	defer conn.Close()
	deadline := time.Now().Add(c.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()

	if _, err := io.WriteString(conn, cmd); err != nil {
		return "", fmt.Errorf("send %q to clamd: %w: %w", strings.TrimRight(cmd, "\x00"), ErrScannerUnavailable, err)
	}
	if body != nil {
		if err := writeChunks(conn, body); err != nil {
			return "", err
		}
	}
	reply, err := bufio.NewReader(conn).ReadString(0)
	if err != nil && !(errors.Is(err, io.EOF) && reply != "") {
		return "", fmt.Errorf("read clamd reply: %w: %w", ErrScannerUnavailable, err)
	}
	return strings.TrimRight(reply, "\x00\n"), nil
}

// writeChunks sends the INSTREAM framing: 4-byte big-endian length, bytes,
// and a zero length at the end.
func writeChunks(w io.Writer, r io.Reader) error {
	buf := make([]byte, 64<<10)
	var size [4]byte
	for {
		n, err := r.Read(buf)
		if n > 0 {
			binary.BigEndian.PutUint32(size[:], uint32(n))
			if _, werr := w.Write(size[:]); werr != nil {
				return fmt.Errorf("stream to clamd: %w: %w", ErrScannerUnavailable, werr)
			}
			if _, werr := w.Write(buf[:n]); werr != nil {
				return fmt.Errorf("stream to clamd: %w: %w", ErrScannerUnavailable, werr)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read stream for clamd: %w", err)
		}
	}
	binary.BigEndian.PutUint32(size[:], 0)
	if _, err := w.Write(size[:]); err != nil {
		return fmt.Errorf("end stream to clamd: %w: %w", ErrScannerUnavailable, err)
	}
	return nil
}
