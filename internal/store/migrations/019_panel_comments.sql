-- The calibration panel's comment on each quality statement of an
-- assessment (issue 17 item 4): written while the panel calibrates, shown to
-- the inspectors beside the statement when the assessment is returned. One
-- per statement: the panel changes it rather than adding to it; who wrote
-- it last and when are kept, and every change is in the audit log.
CREATE TABLE panel_comments (
    assessment_id bigint NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    qs            text NOT NULL,
    body          text NOT NULL CHECK (body <> ''),
    author_email  text NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assessment_id, qs)
);
