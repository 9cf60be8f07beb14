-- spur store, schema 2 (SQLite): the SPUR process (issue 31). The PostgreSQL twin is
-- migrations/postgres/0002_workflow.sql; both end with the same tables and columns (tested).

-- Deadlines and the factual check, on the inspection (the state column is schema 1's).
ALTER TABLE inspections ADD COLUMN wished_period TEXT;
ALTER TABLE inspections ADD COLUMN factual_check_due TEXT;
ALTER TABLE inspections ADD COLUMN factual_check_done_at TEXT;
ALTER TABLE inspections ADD COLUMN final_at TEXT;
ALTER TABLE inspections ADD COLUMN plan_due TEXT;

-- Every state change, append-only: who moved the inspection from what to what, and why.
CREATE TABLE transitions (
    inspection_id INTEGER NOT NULL REFERENCES inspections (id),
    seq           INTEGER NOT NULL,
    from_state    TEXT,
    to_state      TEXT NOT NULL,
    actor         TEXT NOT NULL,
    reason        TEXT,
    at            TEXT NOT NULL,
    PRIMARY KEY (inspection_id, seq)
);
CREATE TRIGGER transitions_no_update BEFORE UPDATE ON transitions
BEGIN
    SELECT RAISE(ABORT, 'transitions are append-only: UPDATE is refused');
END;
CREATE TRIGGER transitions_no_delete BEFORE DELETE ON transitions
BEGIN
    SELECT RAISE(ABORT, 'transitions are append-only: DELETE is refused');
END;

-- The inspectors appointed to an inspection (the subject their sign-in names).
CREATE TABLE assignments (
    inspection_id INTEGER NOT NULL REFERENCES inspections (id),
    inspector     TEXT NOT NULL,
    appointed_by  TEXT NOT NULL,
    appointed_at  TEXT NOT NULL,
    PRIMARY KEY (inspection_id, inspector)
);

-- The unit's comments during the factual check, with the version they were made on, and the
-- inspectors' answers.
CREATE TABLE comments (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections (id),
    version       INTEGER NOT NULL,
    area          TEXT,
    author        TEXT NOT NULL,
    body          TEXT NOT NULL,
    at            TEXT NOT NULL,
    answer        TEXT,
    answered_by   TEXT,
    answered_at   TEXT,
    resolved      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_inspection ON comments (inspection_id);

-- The unit's documents: content kept in the database with its SHA-256, never rendered inline.
CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections (id),
    name          TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    content       BLOB NOT NULL,
    uploaded_by   TEXT NOT NULL,
    uploaded_at   TEXT NOT NULL
);
CREATE INDEX attachments_inspection ON attachments (inspection_id);
CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments
BEGIN
    SELECT RAISE(ABORT, 'attachments are append-only: UPDATE is refused');
END;

-- Notifications for people and integrations (the outbox), and each webhook delivery attempt.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    kind          TEXT NOT NULL,
    inspection_id INTEGER REFERENCES inspections (id),
    recipient     TEXT NOT NULL,
    deadline      TEXT,
    text_sv       TEXT NOT NULL,
    text_en       TEXT NOT NULL
);
CREATE TABLE deliveries (
    id        INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL REFERENCES outbox (id),
    url       TEXT NOT NULL,
    attempt   INTEGER NOT NULL,
    status    INTEGER,
    error     TEXT,
    at        TEXT NOT NULL
);
CREATE INDEX deliveries_outbox ON deliveries (outbox_id);

-- Calendar feeds: the feed id is a random secret (calendar apps cannot send headers); only its
-- SHA-256 is kept.
CREATE TABLE calendar_feeds (
    id          INTEGER PRIMARY KEY,
    digest      TEXT NOT NULL UNIQUE,
    subject     TEXT NOT NULL,
    role        TEXT NOT NULL,
    scope_kind  TEXT,
    scope_value TEXT,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
