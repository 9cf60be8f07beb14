-- spur store, schema 3 (PostgreSQL): the pre-visit survey (issue 32). The SQLite twin is
-- migrations/sqlite/0003_survey.sql; both end with the same tables and columns (tested).

CREATE TABLE surveys (
    inspection_id BIGINT PRIMARY KEY REFERENCES inspections (id),
    opened_by     TEXT NOT NULL,
    opened_on     TEXT NOT NULL,
    closed_on     TEXT
);

-- One-time links: only the digest, the group and whether it was used (no time, no answer).
CREATE TABLE survey_links (
    digest        TEXT PRIMARY KEY,
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    grp           TEXT NOT NULL,
    used          BIGINT NOT NULL DEFAULT 0
);

-- The answers: a random id, the group, the day only, the answers as JSON.
CREATE TABLE survey_answers (
    id            TEXT PRIMARY KEY,
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    grp           TEXT NOT NULL,
    answered_on   TEXT NOT NULL,
    answers       TEXT NOT NULL
);
CREATE TRIGGER survey_answers_no_update BEFORE UPDATE ON survey_answers
    FOR EACH ROW EXECUTE FUNCTION spur_append_only();
