package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/evidenceportal/portal/internal/pack"
)

// runVerify checks an evidence pack against its manifest: 0 when every
// file matches, 1 on any mismatch (each one printed), 2 when the file is
// not a pack or cannot be read. It needs no services or configuration.
func runVerify(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, "usage: portal verify PACK.zip")
		return 2
	}
	f, err := os.Open(args[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	res, err := pack.Verify(f, st.Size())
	if err != nil {
		if errors.Is(err, pack.ErrNotPack) {
			fmt.Fprintf(stderr, "%s: %v\n", args[0], err)
		} else {
			fmt.Fprintf(stderr, "%s: cannot be read: %v\n", args[0], err)
		}
		return 2
	}
	m := res.Manifest
	fmt.Fprintf(stdout, "Evidence pack of assessment %d, %s (%s), %s, for %s, made %s by %s\n", m.AssessmentID, m.LAName, m.LA,
		m.State, m.Audience, m.CreatedAt.UTC().Format("2006-01-02 15:04:05 UTC"), m.CreatedBy)
	docs := 0
	for _, f := range m.Files {
		if f.Kind == pack.KindDocument {
			docs++
		}
	}
	fmt.Fprintf(stdout, "%d files in the manifest (%d documents); %d checked whole, %d bytes\n", len(m.Files), docs, res.Checked, res.Bytes)
	for _, o := range m.Omitted {
		fmt.Fprintf(stdout, "not in the pack, as the manifest says: %s %q (%s)\n", o.DocumentID, o.Title, o.Reason)
	}
	for _, n := range m.Notes {
		fmt.Fprintf(stdout, "note: %s\n", n)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(stdout, "MISMATCH %s: %s\n", p.Path, p.What)
	}
	if !res.OK() {
		fmt.Fprintf(stdout, "FAILED: %d problems; the pack does not match its manifest\n", len(res.Problems))
		return 1
	}
	fmt.Fprintln(stdout, "OK: every file matches the manifest (size and SHA-256), none missing, none extra")
	return 0
}
