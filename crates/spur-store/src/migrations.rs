//! The migrations of each backend, embedded in the binary.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};

use crate::Backend;

/// The migrations of each backend, in order: (version, name, SQL).
pub(crate) fn migrations(backend: Backend) -> [(i64, &'static str, &'static str); 5] {
    match backend {
        Backend::Sqlite => [
            (
                1,
                "store",
                include_str!("../migrations/sqlite/0001_store.sql"),
            ),
            (
                2,
                "workflow",
                include_str!("../migrations/sqlite/0002_workflow.sql"),
            ),
            (
                3,
                "survey",
                include_str!("../migrations/sqlite/0003_survey.sql"),
            ),
            (
                4,
                "sessions",
                include_str!("../migrations/sqlite/0004_sessions.sql"),
            ),
            (
                5,
                "digest",
                include_str!("../migrations/sqlite/0005_digest.sql"),
            ),
        ],
        Backend::Postgres => [
            (
                1,
                "store",
                include_str!("../migrations/postgres/0001_store.sql"),
            ),
            (
                2,
                "workflow",
                include_str!("../migrations/postgres/0002_workflow.sql"),
            ),
            (
                3,
                "survey",
                include_str!("../migrations/postgres/0003_survey.sql"),
            ),
            (
                4,
                "sessions",
                include_str!("../migrations/postgres/0004_sessions.sql"),
            ),
            (
                5,
                "digest",
                include_str!("../migrations/postgres/0005_digest.sql"),
            ),
        ],
    }
}

pub(crate) fn migrator(backend: Backend) -> Migrator {
    Migrator {
        migrations: Cow::Owned(
            migrations(backend)
                .into_iter()
                .map(|(version, name, sql)| {
                    Migration::new(
                        version,
                        Cow::Borrowed(name),
                        MigrationType::Simple,
                        Cow::Borrowed(sql),
                        false,
                    )
                })
                .collect(),
        ),
        ..Migrator::DEFAULT
    }
}
