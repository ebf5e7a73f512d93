package outcomes

import "strings"

// Level is the kind of area a row is about.
type Level string

// The levels of the published files.
const (
	LevelLA          Level = "la"
	LevelRegion      Level = "region"
	LevelCouncilType Level = "council_type"
	LevelEngland     Level = "england"
)

// The measure types of ASCOF's long format; only outcomes are figures we
// show, numerators and denominators are checked and counted.
const (
	TypeOutcome     = "outcome"
	TypeNumerator   = "numerator"
	TypeDenominator = "denominator"
)

// Layout maps one publication's CSV to rows: the header of each column
// (matched ignoring case and surrounding space; "" when the file has no such
// column), the words it uses for levels, and, for files that name measures
// in their own way, which measure each name is.
type Layout struct {
	Slug string
	Name string
	// Source is the slug of the framework.MeasureSource the figures come from.
	Source string

	Code, Description, Level, ONS, Measure, Disaggregation, MeasureType, Value string
	// Region is an optional column with the ONS code of a council's region,
	// which benchmarking against the region needs; for files without it
	// (the published ASCOF file) the region comes from the framework's
	// lookup (framework.RegionSet).
	Region string

	// Levels maps a lower-cased level as written to ours.
	Levels map[string]Level
	// Measures maps a lower-cased measure as written to a measure id or
	// alias; nil means the column holds measure codes.
	Measures map[string]string
}

func (l Layout) level(s string) (Level, bool) {
	v, ok := l.Levels[strings.ToLower(strings.TrimSpace(s))]
	return v, ok
}

// ASCOF is the long format of the published ASCOF data file: one row per
// area, measure, disaggregation and measure type.
var ASCOF = Layout{
	Slug:           "ascof",
	Name:           "Adult Social Care Outcomes Framework (long format)",
	Source:         "ascof",
	Code:           "Geographical code",
	Description:    "Geographical description",
	Level:          "Geographical level",
	ONS:            "ONS code",
	Measure:        "ASCOF measure code",
	Disaggregation: "Disaggregation level",
	MeasureType:    "Measure type",
	Value:          "Measure value",
	Region:         "Region code",
	Levels: map[string]Level{
		"local authority": LevelLA, "council": LevelLA, "cassr": LevelLA, "la": LevelLA,
		"region":       LevelRegion,
		"council type": LevelCouncilType,
		"england":      LevelEngland, "national": LevelEngland,
	},
}

// ASCS is the Adult Social Care Survey's table of the share of people
// answering each question positively, one row per area and question, named by
// question number.
var ASCS = Layout{
	Slug:        "ascs",
	Name:        "Adult Social Care Survey (percentages by question)",
	Source:      "ascs",
	Description: "Area name",
	Level:       "Area type",
	ONS:         "Area code",
	Measure:     "Question",
	Value:       "Percentage",
	Region:      "Region code",
	Levels: map[string]Level{
		"local authority": LevelLA, "council": LevelLA,
		"region":  LevelRegion,
		"england": LevelEngland,
	},
	Measures: map[string]string{
		"q3b": "ASCS-CHOICE", // "Do you have enough choice over the care and support services you receive?"
		"q13": "ASCS-INFO",   // "How easy is it to find information and advice about support, services or benefits?"
	},
}

// Layouts are the layouts the portal reads, by slug.
var Layouts = map[string]Layout{ASCOF.Slug: ASCOF, ASCS.Slug: ASCS}
