//! # spur-store
//!
//! The shared store behind `spur serve` and `spur store …`: every inspection and every version
//! of its document, kept for good. One API ([`Store`]) over two backends:
//!
//! - **SQLite** (`sqlite:PATH`, the default `sqlite:spur-data/spur.db`): embedded, nothing to
//!   install. WAL journal, a 5 s `busy_timeout`, foreign keys on, and every write transaction
//!   begun `BEGIN IMMEDIATE` (a deferred read-then-write transaction would fail at once with
//!   "database is locked" under concurrency).
//! - **PostgreSQL** (`postgres://…`): a region's or LIPUS's deployment, several `spur serve`
//!   instances on one database. Every write transaction first takes
//!   `LOCK TABLE audit_events IN EXCLUSIVE MODE`, so writers (and the audit chain) are
//!   serialised while reads go on.
//!
//! What is kept (see `docs/store.md`): regions, units, inspections (with their head version),
//! **append-only versions** numbered 1, 2, 3, … per inspection (canonical TOML, its SHA-256,
//! author, reason, time and the graded result, so reads never re-grade), the **hash-chained
//! audit trail** and API tokens (digests only). The versions and audit tables refuse UPDATE and
//! DELETE in the database itself, on both backends.
//!
//! No transaction stays open across grading or rendering: a document is read, checked and
//! graded into a [`Prepared`] first, then written in one short transaction that also appends
//! its audit event.
//!
//! ```no_run
//! # async fn run() -> Result<(), spur_store::Error> {
//! let store = spur_store::Store::open("sqlite:spur-data/spur.db").await?;
//! let page = store.list(&spur_store::Filter::default(), 50, None).await?;
//! println!("{} inspections", page.items.len());
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]

pub mod audit;
mod audit_log;
mod backup;
mod db;
pub mod diff;
mod export;
mod migrations;
mod prepare;
mod process;
mod records;
mod session;
mod survey;
mod tokens;
mod units;
pub mod workflow;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use audit::{AuditEvent, Broken, Verified};
pub use diff::{Change, Diff};
pub use export::{Imported, export_path, export_versions_dir, safe_name};
pub use prepare::{Prepared, canonical_toml, overview_digest, sha256_hex};
pub use process::{
    Attachment, CORRECTION_PREFIX, Comment, Feed, NewOrder, Notification, Process, Transition,
    TransitionError, TransitionRequest, correction_reason,
};
pub use records::{Filter, Head, Page, Record, Saved, Version, VersionInfo};
pub use session::StoredSession;
pub use survey::{LinkCount, SurveyLink, SurveyRefusal, SurveyState};
pub use tokens::{NewToken, TokenRecord};

pub(crate) use audit_log::append_audit;
pub(crate) use records::{first_version_in, save_in};
pub(crate) use units::unit_of;

use db::{Pooled, Tx};
use migrations::migrator;

/// The store `spur serve` and `spur store` use when no `--store` (nor `SPUR_STORE`) is given.
pub const DEFAULT_URL: &str = "sqlite:spur-data/spur.db";

/// How long a SQLite writer waits for the lock before giving up.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store URL is neither `sqlite:PATH` nor `postgres://…`.
    #[error("unsupported store URL `{0}`: use `sqlite:PATH` or `postgres://USER@HOST/DB`")]
    Url(String),
    /// The database failed (connection, constraint, I/O).
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// The migrations could not be applied.
    #[error("cannot migrate the store: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A document that does not validate.
    #[error("{0}")]
    Invalid(#[source] spur_core::Error),
    /// A stored document or grading that cannot be read or written back (a bug or a damaged row).
    #[error("{0}")]
    Document(String),
    /// No such inspection (or version).
    #[error("{0} not found")]
    NotFound(String),
    /// The save was based on a version that is no longer the head: nothing was written.
    #[error(
        "inspection {} is at version {}, saved by {} at {}; the change was based on version {}",
        .0.inspection_id, .0.current.number, .0.current.author, .0.current.saved_at, .0.base
    )]
    Conflict(Box<Conflict>),
    /// Another inspection already holds this unit and visit date.
    #[error(
        "inspection {existing} already holds the unit `{unit}` visited on {visit_date}; save a new version of it instead"
    )]
    Duplicate {
        /// The inspection that holds them.
        existing: i64,
        /// The unit's name.
        unit: String,
        /// The visit date.
        visit_date: String,
    },
    /// An online backup is not what this backend does.
    #[error(
        "`spur store backup` copies SQLite stores; back up a PostgreSQL store with pg_dump (see docs/store.md)"
    )]
    BackupUnsupported,
    /// A file could not be written.
    #[error("{0}")]
    Io(String),
}

/// A save based on a stale version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Conflict {
    /// The inspection.
    pub inspection_id: i64,
    /// The version the change was based on.
    pub base: i64,
    /// The current head version.
    pub current: VersionInfo,
}

/// Which backend a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// SQLite, embedded.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// The store: a pool of connections to one SQLite file or one PostgreSQL database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
}

#[derive(Debug, Clone)]
enum Pool {
    Lite(SqlitePool),
    Pg(PgPool),
}

/// The current time as stored: ISO 8601 UTC with microseconds.
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

/// What a database failure means for the caller: the store is read-only, full, or (anything
/// else) not reachable right now. The server answers each with 503: nothing was written, reads
/// go on, the request may be repeated later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// The database takes no writes at the moment.
    ReadOnly,
    /// The database's disk is full.
    Full,
    /// Anything else: not reachable right now.
    Other,
}

/// What the database failure `e` means for the caller (see [`Unavailable`]).
pub fn unavailable(e: &sqlx::Error) -> Unavailable {
    if let Some(db) = e.as_database_error() {
        let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
        if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
            // SQLite's primary result code is the low byte of the extended one.
            match code.parse::<i64>().map(|c| c & 0xff) {
                Ok(8) => return Unavailable::ReadOnly, // SQLITE_READONLY
                Ok(13) => return Unavailable::Full,    // SQLITE_FULL
                _ => {}
            }
        } else {
            match code.as_str() {
                "25006" => return Unavailable::ReadOnly, // read_only_sql_transaction
                "53100" => return Unavailable::Full,     // disk_full
                _ => {}
            }
        }
    }
    Unavailable::Other
}

/// [`unavailable`] in English words the caller can act on (the server says them in the
/// request's language from spur-core's message table).
pub fn unavailable_message(e: &sqlx::Error) -> &'static str {
    match unavailable(e) {
        Unavailable::ReadOnly => {
            "the store is read-only at the moment: nothing was written (reads go on); try again later"
        }
        Unavailable::Full => {
            "the store is full: nothing was written (reads go on); an administrator must make room, then try again"
        }
        Unavailable::Other => "the store is not available at the moment; try again",
    }
}

/// Whether a SQLite connection given back to the pool can be used again.
///
/// When SQLite rolls a transaction back by itself (the database became full, an I/O error),
/// the rollback sqlx queues for the dropped transaction fails ("no transaction is active") and
/// sqlx keeps counting the connection as inside a transaction: every later `BEGIN IMMEDIATE` on
/// it would fail, so one full disk would leave a connection that refuses every write until the
/// process restarts. A `BEGIN` tried on release finds out (sqlx refuses it on such a
/// connection); the pool then closes the connection and opens a fresh one when needed.
async fn sqlite_connection_reusable(
    conn: &mut sqlx::SqliteConnection,
) -> Result<bool, sqlx::Error> {
    use sqlx::Connection as _;
    match conn.begin_with("BEGIN").await {
        Ok(tx) => {
            tx.rollback().await?;
            Ok(true)
        }
        Err(sqlx::Error::InvalidSavePointStatement) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The SQLite file a `sqlite:` URL names, if it is one.
pub fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    Some(rest.split('?').next().unwrap_or(rest))
}

impl Store {
    /// Open the store at `url` (`sqlite:PATH` or `postgres://…`), creating a SQLite file (and
    /// its directory) when missing, and apply the migrations that are not applied yet.
    ///
    /// # Errors
    ///
    /// [`Error::Url`] for another scheme, [`Error::Db`] when the database cannot be reached,
    /// [`Error::Migrate`] when the migrations fail.
    pub async fn open(url: &str) -> Result<Store, Error> {
        let store = if let Some(path) = sqlite_path(url) {
            if path.is_empty() {
                return Err(Error::Url(url.to_string()));
            }
            if let Some(dir) = Path::new(path).parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::Io(format!(
                        "cannot create the directory {}: {e}",
                        dir.display()
                    ))
                })?;
            }
            let options = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                .foreign_keys(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(30))
                .after_release(|conn, _| Box::pin(sqlite_connection_reusable(conn)))
                .connect_with(options)
                .await?;
            Store {
                pool: Pool::Lite(pool),
            }
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(10)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(options)
                .await?;
            Store {
                pool: Pool::Pg(pool),
            }
        } else {
            return Err(Error::Url(url.to_string()));
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Apply the migrations that are not applied yet (done by [`Store::open`]).
    ///
    /// # Errors
    ///
    /// [`Error::Migrate`] when a migration fails or an applied one was changed.
    pub async fn migrate(&self) -> Result<(), Error> {
        let m = migrator(self.backend());
        match &self.pool {
            Pool::Lite(p) => m.run(p).await?,
            Pool::Pg(p) => m.run(p).await?,
        }
        Ok(())
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Lite(_) => Backend::Sqlite,
            Pool::Pg(_) => Backend::Postgres,
        }
    }

    /// Close every connection (waits for those in use).
    pub async fn close(&self) {
        match &self.pool {
            Pool::Lite(p) => p.close().await,
            Pool::Pg(p) => p.close().await,
        }
    }

    /// The SQLite pool, for tests and tools that need raw access.
    pub fn sqlite_pool(&self) -> Option<&SqlitePool> {
        match &self.pool {
            Pool::Lite(p) => Some(p),
            Pool::Pg(_) => None,
        }
    }

    /// The PostgreSQL pool, for tests and tools that need raw access.
    pub fn postgres_pool(&self) -> Option<&PgPool> {
        match &self.pool {
            Pool::Pg(p) => Some(p),
            Pool::Lite(_) => None,
        }
    }

    /// Begin a write transaction: `BEGIN IMMEDIATE` on SQLite; on PostgreSQL a transaction that
    /// first locks the audit table, so writers are serialised and the chain cannot fork.
    async fn write(&self) -> Result<Tx, Error> {
        Ok(match &self.pool {
            Pool::Lite(p) => Tx::Lite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Pg(p) => {
                let mut t = p.begin().await?;
                sqlx::query("LOCK TABLE audit_events IN EXCLUSIVE MODE")
                    .execute(&mut *t)
                    .await?;
                Tx::Pg(t)
            }
        })
    }

    async fn read(&self) -> Result<Pooled, Error> {
        Ok(match &self.pool {
            Pool::Lite(p) => Pooled::Lite(p.acquire().await?),
            Pool::Pg(p) => Pooled::Pg(p.acquire().await?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_path("sqlite:spur-data/spur.db"),
            Some("spur-data/spur.db")
        );
        assert_eq!(sqlite_path("sqlite:///tmp/x.db"), Some("/tmp/x.db"));
        assert_eq!(sqlite_path("sqlite:a.db?mode=rwc"), Some("a.db"));
        assert_eq!(sqlite_path("postgres://x"), None);
    }
}
