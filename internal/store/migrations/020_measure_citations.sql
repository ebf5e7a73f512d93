-- A score, or a paragraph of the report, may cite an outcome measure as
-- evidence (issue 16), as it cites a document's page: the council's figure
-- for the measure in one year's dataset. The figure and England's are kept
-- as they were when cited: importing the same layout and year again
-- replaces the dataset (a new id, perhaps new figures), and what the
-- inspector cited must not change under their rationale. The dataset is
-- named by its layout and year, which survive a re-import.
CREATE TABLE score_measure_citations (
    assessment_id   bigint NOT NULL,
    qs              text NOT NULL,
    category        text NOT NULL,
    measure         text NOT NULL,
    layout          text NOT NULL,
    year            text NOT NULL CHECK (year ~ '^[0-9]{4}-[0-9]{2}$'),
    value           double precision NOT NULL,
    england         double precision NOT NULL,
    -- No England figure was published: England is the mean of councils.
    england_is_mean boolean NOT NULL DEFAULT false,
    PRIMARY KEY (assessment_id, qs, category, measure, year),
    FOREIGN KEY (assessment_id, qs, category) REFERENCES assessment_scores (assessment_id, qs, category) ON DELETE CASCADE
);
ALTER TABLE score_history ADD COLUMN measures jsonb NOT NULL DEFAULT '[]';

CREATE TABLE report_measure_citations (
    assessment_id   bigint NOT NULL,
    section         text NOT NULL,
    paragraph       integer NOT NULL CHECK (paragraph >= 1),
    measure         text NOT NULL,
    layout          text NOT NULL,
    year            text NOT NULL CHECK (year ~ '^[0-9]{4}-[0-9]{2}$'),
    value           double precision NOT NULL,
    england         double precision NOT NULL,
    england_is_mean boolean NOT NULL DEFAULT false,
    PRIMARY KEY (assessment_id, section, paragraph, measure, year),
    FOREIGN KEY (assessment_id, section) REFERENCES report_sections (assessment_id, section) ON DELETE CASCADE
);
ALTER TABLE report_versions ADD COLUMN measures jsonb NOT NULL DEFAULT '[]';
