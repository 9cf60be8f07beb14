-- spur store, schema 4 (PostgreSQL): browser sessions (issue 30, item 4). The SQLite twin is
-- migrations/sqlite/0004_sessions.sql; both end with the same tables and columns (tested).

-- One signed-in browser: only the SHA-256 of the cookie's session id, the principal (JSON), the
-- API token it was begun with (its revocation ends the session), expiry and sign-out.
CREATE TABLE sessions (
    digest      TEXT PRIMARY KEY,
    principal   TEXT NOT NULL,
    token_id    BIGINT REFERENCES api_tokens (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    ended_at    TEXT
);
CREATE INDEX sessions_expires ON sessions (expires_at);
