package authz

import "regexp"

// laCodePattern is an ONS local authority code: E06 unitary, E08 metropolitan
// district, E09 London borough, E10 county.
const laCodePattern = `E(?:06|08|09|10)[0-9]{6}`

var laCodeRe = regexp.MustCompile("^" + laCodePattern + "$")

// ValidLACode reports whether code looks like an ONS code of an English
// council with adult social care duties.
func ValidLACode(code string) bool { return laCodeRe.MatchString(code) }
