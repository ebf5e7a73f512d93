package framework

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// London is the ONS code of the London region, home of every London
// borough (ONS codes E09) and of no other council.
const London = "E12000007"

// RegionSet is one version of the lookup from a council's ONS code to its
// region, kept as data in data/regions/ beside the framework. Benchmarking
// uses it when an outcome file does not say each council's region.
type RegionSet struct {
	Slug        string          `json:"slug"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Source      MeasureSource   `json:"source"`
	Regions     []Region        `json:"regions"`
	Councils    []CouncilRegion `json:"councils"`

	byCode map[string]int // council ONS code to index in Councils
}

// Region is one of England's regions.
type Region struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// CouncilRegion is a council with adult social services responsibilities
// and the region it is in.
type CouncilRegion struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Region string `json:"region"`
	// LastYear is, for a code no longer in use (the council was reorganised
	// or its code changed), the last financial year whose files use it.
	LastYear string `json:"lastYear,omitempty"`
}

var (
	regionCode  = regexp.MustCompile(`^E12[0-9]{6}$`)
	councilCode = regexp.MustCompile(`^E(06|08|09|10)[0-9]{6}$`)
	yearText    = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}$`)
)

// Region returns the ONS code of the region of the council with ONS code
// ons, ignoring case and surrounding space; false for a code the lookup does
// not have.
func (r *RegionSet) Region(ons string) (string, bool) {
	i, ok := r.byCode[strings.ToUpper(strings.TrimSpace(ons))]
	if !ok {
		return "", false
	}
	return r.Councils[i].Region, true
}

// Regions returns the newest region lookup, the one pages use.
func (c *Catalogue) Regions() *RegionSet { return c.RegionSets[len(c.RegionSets)-1] }

func loadRegionSets(c *Catalogue) error {
	files, err := fs.Glob(dataFS, "data/regions/*.json")
	if err != nil {
		return fmt.Errorf("list region lookups: %w", err)
	}
	for _, name := range files {
		r := &RegionSet{}
		if err := decode(name, r); err != nil {
			return err
		}
		if want := path.Base(name); want != r.Slug+".json" {
			return fmt.Errorf("region lookup %q is in %s", r.Slug, want)
		}
		c.RegionSets = append(c.RegionSets, r)
	}
	return nil
}

func (r *RegionSet) check(p *problems) {
	p.want(r.Source.Name != "" && strings.HasPrefix(r.Source.URL, "https://"), "region lookup %q needs a source with a name and an https URL", r.Slug)
	regions := map[string]bool{}
	for _, g := range r.Regions {
		p.want(regionCode.MatchString(g.Code), "region lookup %q has region code %q, want E12 and six digits", r.Slug, g.Code)
		p.want(g.Name != "", "region %q has no name", g.Code)
		p.unique(regions, "region lookup "+r.Slug+" region", g.Code)
	}
	p.want(regions[London], "region lookup %q has no London (%s)", r.Slug, London)
	used := map[string]bool{}
	r.byCode = map[string]int{}
	for i, c := range r.Councils {
		p.want(councilCode.MatchString(c.Code), "region lookup %q has council code %q, want E06, E08, E09 or E10 and six digits", r.Slug, c.Code)
		p.want(c.Name != "", "council %q has no name", c.Code)
		p.want(regions[c.Region], "council %q has unknown region %q", c.Code, c.Region)
		// London boroughs are in London and no other council is: a slip
		// here would benchmark a council against the wrong region.
		p.want(strings.HasPrefix(c.Code, "E09") == (c.Region == London), "council %q (%s) is in region %q", c.Code, c.Name, c.Region)
		p.want(c.LastYear == "" || yearText.MatchString(c.LastYear), "council %q has last year %q, want such as 2022-23", c.Code, c.LastYear)
		if _, dup := r.byCode[c.Code]; dup {
			p.add("region lookup %q has council %q twice", r.Slug, c.Code)
			continue
		}
		r.byCode[c.Code] = i
		if c.LastYear == "" {
			used[c.Region] = true
		}
	}
	for _, g := range r.Regions {
		p.want(used[g.Code], "region %q (%s) has no council in use", g.Code, g.Name)
	}
}
