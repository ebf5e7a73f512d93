-- Processes that work ingest stages (River clients), with a heartbeat, so
-- that a stage running in a process that died (kill -9, a lost machine) is
-- taken back as soon as its heartbeat is stale, not after River's rescue
-- time (the stage timeout and a minute). Only jobs last attempted by a
-- process listed here are taken back this way; others wait for River.
CREATE TABLE ingest_processes (
    client_id  text PRIMARY KEY,
    started_at timestamptz NOT NULL DEFAULT now(),
    seen_at    timestamptz NOT NULL DEFAULT now()
);
