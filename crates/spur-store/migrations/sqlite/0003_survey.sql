-- spur store, schema 3 (SQLite): the pre-visit survey (issue 32). The PostgreSQL twin is
-- migrations/postgres/0003_survey.sql; both end with the same tables and columns (tested).

-- A survey of an inspection: opened (with how many links per group) and closed.
CREATE TABLE surveys (
    inspection_id INTEGER PRIMARY KEY REFERENCES inspections (id),
    opened_by     TEXT NOT NULL,
    opened_on     TEXT NOT NULL,
    closed_on     TEXT
);

-- One-time links: only the SHA-256 of the link's secret, its group, and whether it was used.
-- Nothing here points at an answer, and no time of use is kept.
CREATE TABLE survey_links (
    digest        TEXT PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections (id),
    grp           TEXT NOT NULL,
    used          INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The answers: a random id (no order that follows the order links were used: the table has no
-- rowid and is read ordered by that random id), the group, the day only, the answers as JSON.
CREATE TABLE survey_answers (
    id            TEXT PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections (id),
    grp           TEXT NOT NULL,
    answered_on   TEXT NOT NULL,
    answers       TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER survey_answers_no_update BEFORE UPDATE ON survey_answers
BEGIN
    SELECT RAISE(ABORT, 'survey_answers are append-only: UPDATE is refused');
END;
