-- The PDF of each published version of a report, made once for the whole
-- cluster on the first request for it (several portal nodes share this
-- table) and served from here after. format is the version of the PDF's
-- template: a new template makes new PDFs beside the old ones, never
-- overwriting them. A row is never changed; it may be deleted to be made
-- again.
CREATE TABLE report_pdfs (
    assessment_id bigint NOT NULL,
    version       integer NOT NULL,
    format        integer NOT NULL CHECK (format >= 1),
    pdf           bytea NOT NULL CHECK (length(pdf) > 0),
    sha256        text NOT NULL,
    made_at       timestamptz NOT NULL DEFAULT now(),
    -- How long the browser took, for the README's measurements and alerts.
    render_ms     integer NOT NULL,
    PRIMARY KEY (assessment_id, version, format),
    FOREIGN KEY (assessment_id, version) REFERENCES report_publications (assessment_id, version)
);
