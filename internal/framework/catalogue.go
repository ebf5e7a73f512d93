package framework

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
)

//go:embed data/catalogue.json data/versions/*.json data/outcomes/*.json data/regions/*.json data/bank-holidays-england-and-wales.json data/la-return-*.json data/section50.json
var dataFS embed.FS

// MinScore and MaxScore bound every score, of an evidence category or of a
// quality statement: 1 is significant shortfalls, 4 exceptional standard.
const (
	MinScore = 1
	MaxScore = 4
)

// Catalogue is the whole framework: what is assessed, how evidence is
// grouped and the versions of the scoring method.
type Catalogue struct {
	Themes     []Theme            `json:"themes"`
	Statements []QualityStatement `json:"statements"`
	Categories []Category         `json:"categories"`
	Scores     []ScoreMeaning     `json:"scores"`
	Sources    []Source           `json:"sources"`
	// Versions are the framework versions in slug order.
	Versions []*Version `json:"-"`
	// MeasureSets are the versions of the outcome measure mapping in slug
	// order; the last is the one in use.
	MeasureSets []*MeasureSet `json:"-"`
	// RegionSets are the versions of the lookup of councils' regions in
	// slug order; the last is the one in use.
	RegionSets []*RegionSet `json:"-"`
	// Section50 is when scores trigger the section 50 duty and the letters
	// it asks for (data/section50.json).
	Section50 *Section50Rule `json:"-"`

	byName map[string]int // normalised name, synonym or slug to index in Statements
}

// Theme is one of the four groups of quality statements.
type Theme struct {
	Number int    `json:"number"`
	Slug   string `json:"slug"`
	Name   string `json:"name"`
}

// QualityStatement is one of the nine things CQC assesses a local authority on.
type QualityStatement struct {
	Number int    `json:"number"`
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	// Synonyms are other names reports use for the statement.
	Synonyms []string `json:"synonyms"`
	// Theme is the slug of the statement's theme.
	Theme string `json:"theme"`
	// Leadership statements never trigger section 50.
	Leadership bool `json:"leadership"`
	// We is what the local authority commits to.
	We string `json:"we"`
	// I are the Making It Real statements of what people expect; only
	// themes 1-3 have them.
	I []string `json:"i"`
	// Topics are phrases reports cite under the statement: vocabulary, not a
	// closed list, and a phrase may belong to more than one statement.
	Topics []string `json:"topics"`
}

// Category is a kind of evidence, such as people's experience.
type Category struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// ScoreMeaning says what a score of 1-4 means.
type ScoreMeaning struct {
	Score   int    `json:"score"`
	Meaning string `json:"meaning"`
}

// Source is where evidence comes from: what CQC has, requests or collects.
type Source struct {
	Slug        string   `json:"slug"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Examples    []string `json:"examples"`
}

// Load parses the embedded framework data and checks it is consistent.
func Load() (*Catalogue, error) {
	var c Catalogue
	if err := decode("data/catalogue.json", &c); err != nil {
		return nil, err
	}
	files, err := fs.Glob(dataFS, "data/versions/*.json")
	if err != nil {
		return nil, fmt.Errorf("list framework versions: %w", err)
	}
	for _, name := range files {
		v := &Version{cat: &c}
		if err := decode(name, v); err != nil {
			return nil, err
		}
		if want := path.Base(name); want != v.Slug+".json" {
			return nil, fmt.Errorf("framework version %q is in %s", v.Slug, want)
		}
		c.Versions = append(c.Versions, v)
	}
	if err := loadMeasureSets(&c); err != nil {
		return nil, err
	}
	if err := loadRegionSets(&c); err != nil {
		return nil, err
	}
	c.Section50 = &Section50Rule{}
	if err := decode("data/section50.json", c.Section50); err != nil {
		return nil, err
	}
	if err := c.Section50.parse(); err != nil {
		return nil, fmt.Errorf("framework data: %w", err)
	}
	if err := c.check(); err != nil {
		return nil, fmt.Errorf("framework data: %w", err)
	}
	return &c, nil
}

func decode(name string, v any) error {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("parse %s: %w", name, err)
	}
	return nil
}
