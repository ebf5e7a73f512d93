package framework

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// OutcomesCategory is the evidence category every outcome measure evidences.
const OutcomesCategory = "outcomes"

// MeasureSet is one version of the mapping from national outcome measures
// (ASCOF and the surveys) to the quality statements they evidence, kept as
// data in data/outcomes/ beside the framework.
type MeasureSet struct {
	Slug        string          `json:"slug"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Sources     []MeasureSource `json:"sources"`
	Measures    []Measure       `json:"measures"`

	byCode map[string]int // upper-cased id or alias to index in Measures
}

// MeasureSource is a national publication measures come from.
type MeasureSource struct {
	Slug      string `json:"slug"`
	Name      string `json:"name"`
	Publisher string `json:"publisher"`
	URL       string `json:"url"`
}

// Measure is one national outcome measure and what it evidences.
type Measure struct {
	// ID is the measure's current code, such as "2E".
	ID string `json:"id"`
	// Aliases are codes the measure had before, such as "1G" for 2E (ASCOF
	// was renumbered in 2023); files of earlier years use them.
	Aliases []string `json:"aliases"`
	Name    string   `json:"name"`
	// Unit is percent, score or rate (per 100,000).
	Unit           string `json:"unit"`
	HigherIsBetter bool   `json:"higherIsBetter"`
	// Source is the slug of the publication the measure comes from.
	Source string `json:"source"`
	// Statements are the slugs of the quality statements it evidences.
	Statements []string `json:"statements"`
	// Category is the evidence category, always Outcomes.
	Category string `json:"category"`
	// PeopleSummary: CQC's reports quote it in the summary of people's
	// experiences, so the report shows it there too.
	PeopleSummary bool `json:"peopleSummary,omitempty"`
	// MappingSource says where the choice of statements comes from.
	MappingSource string `json:"mappingSource"`
}

var measureID = regexp.MustCompile(`^[0-9A-Z][0-9A-Z-]{0,19}$`)

var measureUnits = map[string]bool{"percent": true, "score": true, "rate": true}

// Measure returns the measure a code names, its id or one of its aliases,
// ignoring case and surrounding space.
func (m *MeasureSet) Measure(code string) (Measure, bool) {
	i, ok := m.byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Measure{}, false
	}
	return m.Measures[i], true
}

// ForStatement returns the measures that evidence the quality statement, in
// data order.
func (m *MeasureSet) ForStatement(slug string) []Measure {
	var out []Measure
	for _, ms := range m.Measures {
		for _, s := range ms.Statements {
			if s == slug {
				out = append(out, ms)
				break
			}
		}
	}
	return out
}

// Source returns the publication with the given slug.
func (m *MeasureSet) Source(slug string) (MeasureSource, bool) {
	for _, s := range m.Sources {
		if s.Slug == slug {
			return s, true
		}
	}
	return MeasureSource{}, false
}

// MeasureSet returns the measure mapping with the given slug.
func (c *Catalogue) MeasureSet(slug string) (*MeasureSet, error) {
	for _, m := range c.MeasureSets {
		if m.Slug == slug {
			return m, nil
		}
	}
	return nil, fmt.Errorf("outcome measure set %q: %w", slug, ErrUnknownMeasureSet)
}

// Measures returns the newest measure mapping, the one imports and pages use.
func (c *Catalogue) Measures() *MeasureSet { return c.MeasureSets[len(c.MeasureSets)-1] }

func loadMeasureSets(c *Catalogue) error {
	files, err := fs.Glob(dataFS, "data/outcomes/*.json")
	if err != nil {
		return fmt.Errorf("list outcome measure sets: %w", err)
	}
	for _, name := range files {
		m := &MeasureSet{}
		if err := decode(name, m); err != nil {
			return err
		}
		if want := path.Base(name); want != m.Slug+".json" {
			return fmt.Errorf("outcome measure set %q is in %s", m.Slug, want)
		}
		c.MeasureSets = append(c.MeasureSets, m)
	}
	return nil
}

func (m *MeasureSet) check(p *problems, qs, cats map[string]bool) {
	sources := map[string]bool{}
	for _, s := range m.Sources {
		p.unique(sources, "measure set "+m.Slug+" source", s.Slug)
		p.want(s.Name != "" && strings.HasPrefix(s.URL, "https://"), "measure set %q source %q needs a name and an https URL", m.Slug, s.Slug)
	}
	m.byCode = map[string]int{}
	for i, ms := range m.Measures {
		p.want(measureID.MatchString(ms.ID), "measure set %q has measure id %q, want upper-case letters, digits and -", m.Slug, ms.ID)
		p.want(ms.Name != "", "measure %q has no name", ms.ID)
		p.want(measureUnits[ms.Unit], "measure %q has unit %q, want percent, score or rate", ms.ID, ms.Unit)
		p.want(sources[ms.Source], "measure %q has unknown source %q", ms.ID, ms.Source)
		p.want(len(ms.Statements) > 0, "measure %q evidences no quality statement", ms.ID)
		for _, s := range ms.Statements {
			p.want(qs[s], "measure %q names unknown quality statement %q", ms.ID, s)
		}
		p.want(ms.Category == OutcomesCategory && cats[ms.Category], "measure %q has category %q, want %q", ms.ID, ms.Category, OutcomesCategory)
		p.want(ms.MappingSource != "", "measure %q does not say where its mapping comes from", ms.ID)
		// An alias that is another measure's id would make a code mean two
		// things, so every id and alias names one measure only.
		for _, code := range append([]string{ms.ID}, ms.Aliases...) {
			key := strings.ToUpper(code)
			if j, ok := m.byCode[key]; ok {
				p.add("measure code %q is both %q and %q", code, m.Measures[j].ID, ms.ID)
				continue
			}
			m.byCode[key] = i
		}
	}
	p.want(len(m.Measures) > 0, "measure set %q has no measures", m.Slug)
}
