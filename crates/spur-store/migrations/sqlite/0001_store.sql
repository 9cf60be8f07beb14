-- spur store, schema 1 (SQLite). The PostgreSQL twin is migrations/postgres/0001_store.sql:
-- both end with the same tables and columns (tested).

CREATE TABLE regions (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE units (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    specialty TEXT,
    region_id INTEGER REFERENCES regions (id)
);
CREATE INDEX units_name ON units (name);

CREATE TABLE inspections (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    visit_date   TEXT,
    head_version INTEGER NOT NULL,
    -- Reserved for the workflow (ordered, appointed, …); NULL until it is built.
    state        TEXT,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (unit_id, visit_date)
);

CREATE TABLE versions (
    inspection_id INTEGER NOT NULL REFERENCES inspections (id),
    number        INTEGER NOT NULL,
    document      TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    author        TEXT NOT NULL,
    reason        TEXT,
    saved_at      TEXT NOT NULL,
    grading       TEXT NOT NULL,
    PRIMARY KEY (inspection_id, number)
);

CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
BEGIN
    SELECT RAISE(ABORT, 'versions are append-only: UPDATE is refused');
END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
BEGIN
    SELECT RAISE(ABORT, 'versions are append-only: DELETE is refused');
END;

CREATE TABLE audit_events (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    inspection_id INTEGER,
    version       INTEGER,
    detail        TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events are append-only: UPDATE is refused');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events are append-only: DELETE is refused');
END;

CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    digest      TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL,
    scope_kind  TEXT,
    scope_value TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT,
    revoked_at  TEXT
);

-- Revocation (setting revoked_at once) is the only change a token may get.
CREATE TRIGGER api_tokens_only_revoke BEFORE UPDATE ON api_tokens
WHEN OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.name IS NOT OLD.name OR NEW.digest IS NOT OLD.digest
  OR NEW.role IS NOT OLD.role OR NEW.scope_kind IS NOT OLD.scope_kind
  OR NEW.scope_value IS NOT OLD.scope_value OR NEW.created_by IS NOT OLD.created_by
  OR NEW.created_at IS NOT OLD.created_at OR NEW.expires_at IS NOT OLD.expires_at
BEGIN
    SELECT RAISE(ABORT, 'api_tokens: revocation is the only change allowed');
END;
CREATE TRIGGER api_tokens_no_delete BEFORE DELETE ON api_tokens
BEGIN
    SELECT RAISE(ABORT, 'api_tokens: DELETE is refused (revoke instead)');
END;
