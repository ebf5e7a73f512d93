// Command outcomesgen writes outcome files in the published layouts for
// trying the import: an ASCOF long-format file and an Adult Social Care
// Survey file per year, for -councils councils (the two demo councils first,
// then invented ones of every type), and councils.csv listing them (ONS
// code, name, region) so they can be added to the portal first.
//
//	go run ./tools/outcomesgen -out /tmp/outcomes [-councils 150] [-years 2021-22,2022-23,2023-24] [-seed 1]
//
// Each council has its own level for each measure and a small drift from
// year to year; regions, council types and England are the means of their
// councils. Years before 2023-24 use the measure codes of before the 2023
// renumbering (1G, 1C), as those files did.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/evidenceportal/portal/internal/framework"
	"github.com/evidenceportal/portal/internal/outcomes"
	"github.com/evidenceportal/portal/internal/outcomes/outcomestest"
)

func main() {
	out := flag.String("out", "", "directory to write the files into (required)")
	n := flag.Int("councils", 150, "number of councils")
	years := flag.String("years", "2021-22,2022-23,2023-24", "comma-separated years, oldest first")
	seed := flag.Uint64("seed", 1, "seed of the figures")
	flag.Parse()
	if *out == "" || *n < 2 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, *n, strings.Split(*years, ","), *seed); err != nil {
		fmt.Fprintln(os.Stderr, "outcomesgen:", err)
		os.Exit(1)
	}
}

func run(dir string, n int, years []string, seed uint64) error {
	cat, err := framework.Load()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	councils := outcomestest.Councils(n)
	if err := writeCouncils(filepath.Join(dir, "councils.csv"), councils); err != nil {
		return err
	}
	for i, year := range years {
		for _, l := range []outcomes.Layout{outcomes.ASCOF, outcomes.ASCS} {
			name := filepath.Join(dir, fmt.Sprintf("%s-%s.csv", l.Slug, year))
			f, err := os.Create(name)
			if err != nil {
				return err
			}
			err = outcomestest.Write(f, outcomestest.Options{Layout: l, Councils: councils, Measures: cat.Measures(),
				Year: i, OldCodes: year < "2023-24", Seed: seed})
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("write %s: %w", name, err)
			}
			fmt.Println(name)
		}
	}
	return nil
}

func writeCouncils(name string, councils []outcomestest.Council) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"ONS code", "Name", "Region code"}) //nolint:errcheck // w.Error below
	for _, c := range councils {
		w.Write([]string{c.ONS, c.Name, c.Region}) //nolint:errcheck // w.Error below
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
