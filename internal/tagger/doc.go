// Package tagger suggests which of the nine CQC quality statements a text (a
// paragraph or a page) is evidence for: a calibrated confidence per
// statement and the sentences behind each.
//
// # Model
//
// A text becomes Porter-stemmed words and pairs of neighbouring words
// (stopwords and numbers dropped, except percentages, kept as "#pct", and
// section numbers such as "s42"), weighted (1 + ln count) × idf and scaled
// to unit length (features.go, text.go, stem.go). A Model holds one
// L2-regularised logistic regression per statement, each against the rest,
// so a page about several statements can be confident of several.
//
// Train fits it to two kinds of example together:
//
//   - pseudo-examples from the framework catalogue (each statement's name,
//     synonyms, we and I statements, topics) and from data/lexicon.json,
//     domain terms from sources outside every evaluation set (the Care Act
//     sections each statement covers, CQC's description of each statement),
//     each naming its source, so that no measured figure is inflated by a
//     lexicon written from the text it is measured on. A statement's pseudo-examples weigh as much in total as
//     its labelled examples (Options.CatalogueWeight). With no labelled
//     example at all this is the day-one model (ZeroShot).
//   - labelled examples: for the shipped model every labelled text of the
//     repository (RepositoryExamples: 180 paragraphs of CQC reports from 21
//     councils and 6 procedure texts from 3, a procedure text weighing
//     ProcedureWeight), later inspectors' decisions. Each statement's
//     examples weigh the same in total, so small classes count. A word of
//     the labelled examples becomes a feature only if it appears in at
//     least two groups (documents), so the names of councils and places,
//     which appear in one report, are never learnt; the group is never a
//     feature itself.
//
// Each statement's weights then gain Options.Centroid times the unit mean
// of its labelled examples' vectors: a nearest-centroid score blended into
// the regression's, free at tagging time because it is linear.
//
// Confidences are the raw scores through one logistic function (Platt
// scaling) fitted to the out-of-fold scores of a grouped 5-fold split of the
// labelled examples (calibrate.go). It is the same for all statements, so it
// never reorders them; without labelled examples the raw sigmoid is used and
// TrainInfo.Calibrated is false.
//
// Passages are sentences: each feature's part of a statement's score is
// split between the sentences that have it, and the (at most MaxPassages)
// sentences with the largest positive shares are the passages. They are
// byte ranges of the input and its exact text: nothing is escaped or
// rewritten.
//
// # Versions
//
// A model is data. Save and Load (or MarshalJSON and UnmarshalJSON) give and
// take JSON: the classes, features with idf and weights, biases,
// calibration, and TrainInfo (options, counts and hashes of the examples it
// saw). Version is "qs-" and the start of the SHA-256 of that JSON, and Load
// checks it, so a stored suggestion can name the model that made it and a
// model can be rolled back. Format changes when the JSON layout or the text
// processing changes; Load refuses other formats, which are retrained.
//
// The shipped model is not a file: Default trains it at start from what the
// repository holds (the catalogue, the lexicon, the dev paragraphs) in a
// fraction of a second, deterministically, so the same commit always gives
// the same version on the same architecture (weights are rounded to six
// decimals before hashing to make that robust).
//
// # Evaluation
//
// eval.go has per-statement precision, recall and F1, macro-F1, top-1 and
// top-2 accuracy, the confusion matrix, deterministic grouped folds and
// CrossValidate. loco.go has the figure that counts: LeaveOneCouncilOut
// tags each council's texts with a model that never saw that council, and
// Summarise gives the figures per kind of text (CQC findings, councils'
// procedures) with 95% intervals from a bootstrap over councils. `portal
// tag-eval` prints them by default; CouncilCrossValidate is the same measure
// (folds grouped by council beyond MaxCouncilFolds councils) for the
// figures stored with each model and shown on /admin/tagging.
//
// Evidence categories are learnt (category.go): CategoryModel is a model
// of the same kind over the five categories used for councils, trained on
// data/category-passages.jsonl (real sentences labelled by the written rule
// of catrule.go) and the cue phrases of data/cues.json, plus an offset per
// document type and category; it scores each sentence of a page, and a
// Model carries it (WithCategories), so a retrain that learns from
// inspectors' category decisions versions it with the statements. Guesser
// still guesses the kind of document from cue phrases, and the categories
// for a stored model without a category model, with CuePassages giving the
// sentences behind a guess.
//
// # In the portal
//
// The ingest tag stage stores, per page and per document, every
// statement's and category's confidence with its passages and the model
// version; models are stored in PostgreSQL, retrained on the repository's
// paragraphs plus the inspectors' confirmed tags, and can be rolled back
// (package ingest, models.go and retrain.go).
package tagger
