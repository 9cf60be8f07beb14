-- spur store, schema 5 (PostgreSQL): the overview's digest of each version (issue 29, item 8). The
-- SQLite twin is migrations/sqlite/0005_digest.sql; both end with the same tables and
-- columns (tested).

-- The version's document and grading without what the regional overview never reads (report
-- texts, area texts, findings, the grading's reasons and plan items), as JSON
-- `{"document": …, "grading": …}`: written with the version, read by `GET /v1/overview` instead
-- of the whole version. Versions saved before this schema have none (NULL): the overview reads
-- their document and grading as before. The table stays append-only (its triggers refuse
-- UPDATE and DELETE), so a digest is never filled in afterwards.
ALTER TABLE versions ADD COLUMN digest TEXT;
