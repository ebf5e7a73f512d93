-- Every publication of an assessment's report is kept: the first when the
-- assessment is published, then one per correction, each with its frozen
-- snapshot and why it was made. assessments.snapshot stays the latest one
-- and assessments.published_at the first ("Published"); a version's own
-- published_at is its "Page last updated".

CREATE TABLE report_publications (
    assessment_id bigint NOT NULL REFERENCES assessments (id),
    version       integer NOT NULL CHECK (version >= 1),
    published_at  timestamptz NOT NULL DEFAULT now(),
    published_by  text NOT NULL,
    -- What changed, in the inspector's words; '' for the first version.
    reason        text NOT NULL DEFAULT '' CHECK (length(reason) <= 5000),
    snapshot      jsonb NOT NULL,
    PRIMARY KEY (assessment_id, version)
);

CREATE FUNCTION report_publications_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'report_publications is append-only';
END;
$$;
CREATE TRIGGER report_publications_no_update BEFORE UPDATE OR DELETE ON report_publications
    FOR EACH ROW EXECUTE FUNCTION report_publications_append_only();
CREATE TRIGGER report_publications_no_truncate BEFORE TRUNCATE ON report_publications
    FOR EACH STATEMENT EXECUTE FUNCTION report_publications_append_only();

-- Reports published before this migration are their own first version.
INSERT INTO report_publications (assessment_id, version, published_at, published_by, snapshot)
SELECT a.id, 1, a.published_at,
       coalesce((SELECT t.actor_email FROM assessment_transitions t
                 WHERE t.assessment_id = a.id AND t.to_state = 'published' ORDER BY t.id DESC LIMIT 1), ''),
       a.snapshot
FROM assessments a WHERE a.state = 'published';

-- Set while the inspectors correct a published report: its sections may be
-- changed again (the public still reads the last publication) until the
-- correction is published as a new version.
ALTER TABLE assessments ADD COLUMN correction_started_at timestamptz;
