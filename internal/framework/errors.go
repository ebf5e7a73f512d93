package framework

import "errors"

// ErrUnknownVersion means no framework version has the given slug.
var ErrUnknownVersion = errors.New("unknown framework version")

// ErrUnknownQS means the text or slug names no quality statement.
var ErrUnknownQS = errors.New("unknown quality statement")

// ErrUnknownTheme means no theme has the given slug.
var ErrUnknownTheme = errors.New("unknown theme")

// ErrUnknownCategory means no evidence category has the given slug.
var ErrUnknownCategory = errors.New("unknown evidence category")

// ErrCategoryNotInUse means the evidence category exists but the framework
// version does not use it, as Observation is never used for local authorities.
var ErrCategoryNotInUse = errors.New("evidence category not in use in this framework version")

// ErrNotCategoryScored means the framework version sets quality statement
// scores directly, so it has no evidence category scores to combine.
var ErrNotCategoryScored = errors.New("framework version does not score evidence categories")

// ErrScoreOutOfRange means a score is not 1, 2, 3 or 4.
var ErrScoreOutOfRange = errors.New("score out of range 1-4")

// ErrNoScores means there was nothing to score.
var ErrNoScores = errors.New("no scores")

// ErrPercentOutOfRange means a percentage falls in no band of the version.
var ErrPercentOutOfRange = errors.New("percentage in no band")

// ErrUnknownMeasureSet means no outcome measure mapping has the given slug.
var ErrUnknownMeasureSet = errors.New("unknown outcome measure set")
