-- Whether the facts of a report section came from a facts file (portal
-- report facts import) rather than from an inspector: a later import may
-- replace imported facts, never typed ones. A person's save clears it.
ALTER TABLE report_sections ADD COLUMN facts_imported boolean NOT NULL DEFAULT false;
