-- spur store, schema 4 (SQLite): browser sessions (issue 30, item 4). The PostgreSQL twin is
-- migrations/postgres/0004_sessions.sql; both end with the same tables and columns (tested).

-- One signed-in browser. The cookie carries the random session id; only its SHA-256 is kept
-- here, so a copy of the database does not sign anyone in. A session begun with an API token
-- names the token: when the token is revoked or expires, the session ends with it. `ended_at`
-- is set by sign-out. Expired and ended rows may be deleted (they sign no one in).
CREATE TABLE sessions (
    digest      TEXT PRIMARY KEY,
    principal   TEXT NOT NULL,
    token_id    INTEGER REFERENCES api_tokens (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    ended_at    TEXT
) WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions (expires_at);
