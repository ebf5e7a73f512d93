-- The section 50 letters of a published assessment whose scores trigger
-- the duty: one row per letter once someone records that it was sent, with
-- the day it was sent and the text as drafted then (later changes to the
-- templates never alter what was sent). A second record of the same letter
-- corrects the day; the audit log keeps every record.
CREATE TABLE section50_letters (
    assessment_id bigint NOT NULL REFERENCES assessments (id),
    letter        text NOT NULL CHECK (letter IN ('secretary-of-state', 'council')),
    sent_on       date NOT NULL,
    subject       text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    recorded_by   text NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assessment_id, letter)
);
