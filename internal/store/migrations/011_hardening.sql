-- Hardening (issue 15): bearer tokens end with sign-out, and the audit log
-- records refusals and reads without being flooded by them.

-- A bearer token issued before this instant is refused: set at sign-out,
-- at an admin's "sign out everywhere", and when role or council change.
ALTER TABLE users ADD COLUMN tokens_valid_after timestamptz NOT NULL DEFAULT 'epoch';

-- done: the action happened; refused: it was tried and not allowed.
ALTER TABLE audit_log ADD COLUMN outcome text NOT NULL DEFAULT 'done' CHECK (outcome IN ('done', 'refused'));
CREATE INDEX audit_log_actor ON audit_log (actor_email, at DESC);
CREATE INDEX audit_log_action ON audit_log (action, at DESC);

-- Repeats of one kind of refusal or read by one person (or, signed out,
-- one address) in one minute are one audit entry: the first is written to
-- audit_log at once, and this row counts the repeats and keeps the first
-- 20 distinct objects they were about. A flood of refusals costs one
-- audit_log row and one row here per person, action and minute.
CREATE TABLE audit_repeats (
    actor_key text NOT NULL,
    action    text NOT NULL,
    minute    timestamptz NOT NULL,
    entry_id  bigint NOT NULL DEFAULT 0,
    repeats   integer NOT NULL DEFAULT 1,
    objects   text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (actor_key, action, minute)
);
CREATE INDEX audit_repeats_entry ON audit_repeats (entry_id);
