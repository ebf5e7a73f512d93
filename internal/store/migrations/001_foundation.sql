-- Councils, people, sessions, inspector assignments and the audit log.

CREATE TABLE las (
    code       text PRIMARY KEY CHECK (code ~ '^E(06|08|09|10)[0-9]{6}$'),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    issuer        text NOT NULL,
    subject       text NOT NULL,
    email         text NOT NULL,
    name          text NOT NULL DEFAULT '',
    role          text NOT NULL CHECK (role IN ('la_submitter', 'la_viewer', 'inspector', 'panel', 'admin')),
    la_code       text REFERENCES las (code),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz,
    UNIQUE (issuer, subject),
    -- Council staff always belong to a council; CQC staff never do.
    CHECK ((role IN ('la_submitter', 'la_viewer')) = (la_code IS NOT NULL))
);
CREATE INDEX users_email ON users (lower(email));

-- Inspectors are assigned by email so that an admin can assign someone
-- before their first sign-in.
CREATE TABLE inspector_assignments (
    email      text NOT NULL CHECK (email = lower(email) AND email LIKE '%@%'),
    la_code    text NOT NULL REFERENCES las (code) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL DEFAULT '',
    PRIMARY KEY (email, la_code)
);

-- Only a keyed hash of the session id is stored: a copy of this table does
-- not let anyone sign in.
CREATE TABLE sessions (
    id_hash      bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    ip           text NOT NULL DEFAULT '',
    user_agent   text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE audit_log (
    id            bigserial PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    actor_user_id bigint,
    actor_email   text NOT NULL DEFAULT '',
    actor_role    text NOT NULL DEFAULT '',
    action        text NOT NULL,
    object_type   text NOT NULL DEFAULT '',
    object_id     text NOT NULL DEFAULT '',
    la_code       text,
    ip            text NOT NULL DEFAULT '',
    request_id    text NOT NULL DEFAULT '',
    detail        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_la ON audit_log (la_code, at DESC);

-- The audit log is append-only, even for the portal's own database user.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
