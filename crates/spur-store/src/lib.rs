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
mod db;
pub mod diff;
mod prepare;
mod process;
mod session;
mod survey;
pub mod workflow;

use std::borrow::Cow;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use audit::{AuditEvent, Broken, Verified};
pub use diff::{Change, Diff};
pub use prepare::{Prepared, canonical_toml, sha256_hex};
pub use process::{
    Attachment, CORRECTION_PREFIX, Comment, Feed, NewOrder, Notification, Process, Transition,
    TransitionError, TransitionRequest, correction_reason,
};
pub use session::StoredSession;
pub use survey::{LinkCount, SurveyLink, SurveyRefusal, SurveyState};

use db::{Conn, Pooled, Row, Tx, args};

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

/// One stored version, without its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct VersionInfo {
    /// 1, 2, 3, … per inspection.
    pub number: i64,
    /// Lowercase hex SHA-256 of the canonical TOML.
    pub sha256: String,
    /// Who saved it.
    pub author: String,
    /// Why (free text, e.g. `import`), if given.
    pub reason: Option<String>,
    /// When (ISO 8601, UTC).
    pub saved_at: String,
}

impl VersionInfo {
    /// The strong entity tag of this version: `"v{number}-{first 16 hex digits of the SHA-256}"`
    /// (with the quotes).
    pub fn etag(&self) -> String {
        format!(
            "\"v{}-{}\"",
            self.number,
            &self.sha256[..16.min(self.sha256.len())]
        )
    }
}

/// One stored version with its document and graded result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Number, hash, author, reason, time.
    pub info: VersionInfo,
    /// The canonical TOML.
    pub toml: String,
    /// The graded result (the JSON of `spur grade --format json`).
    pub grading: String,
}

impl Version {
    /// The stored document.
    ///
    /// # Errors
    ///
    /// [`Error::Document`] when the stored text does not read back (a damaged row).
    pub fn document(&self) -> Result<spur_core::InspectionDocument, Error> {
        toml::from_str(&self.toml).map_err(|e| {
            Error::Document(format!(
                "version {} does not read back: {e}",
                self.info.number
            ))
        })
    }

    /// The stored graded result.
    ///
    /// # Errors
    ///
    /// [`Error::Document`] when the stored JSON does not read back (a damaged row).
    pub fn grading(&self) -> Result<spur_grading::Grading, Error> {
        serde_json::from_str(&self.grading).map_err(|e| {
            Error::Document(format!(
                "the grading of version {} does not read back: {e}",
                self.info.number
            ))
        })
    }
}

/// An inspection as listed: who, when, and its head version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Record {
    /// The store's id.
    pub id: i64,
    /// The unit's name.
    pub unit: String,
    /// The unit's region, if the document names one.
    pub region: Option<String>,
    /// The unit's specialty, if the document names one.
    pub specialty: Option<String>,
    /// The visit date, `YYYY-MM-DD` (`None` while the inspection is only ordered).
    pub visit_date: Option<String>,
    /// The newest version's number (0 while the inspection is only ordered).
    pub head_version: i64,
    /// Who saved the head version.
    pub saved_by: String,
    /// When the head version was saved.
    pub saved_at: String,
    /// The head version's SHA-256.
    pub sha256: String,
    /// Who created the inspection, and when.
    pub created_by: String,
    /// When the inspection was created.
    pub created_at: String,
    /// The workflow state (reserved; `None` until the workflow is built).
    pub state: Option<String>,
}

/// An inspection's head, as [`Store::heads`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The record.
    pub record: Record,
    /// The head document, canonical TOML.
    pub toml: String,
    /// The head's graded result (the JSON of `spur grade --format json`).
    pub grading: String,
}

impl Head {
    /// The head document and its stored grading, read back without validating or grading
    /// again (both were checked when saved).
    ///
    /// # Errors
    ///
    /// [`Error::Document`] for a stored text that does not read back (a damaged row).
    pub fn read(&self) -> Result<(spur_core::InspectionDocument, spur_grading::Grading), Error> {
        let doc = toml::from_str(&self.toml).map_err(|e| {
            Error::Document(format!(
                "inspection {} does not read back: {e}",
                self.record.id
            ))
        })?;
        let grading = serde_json::from_str(&self.grading).map_err(|e| {
            Error::Document(format!(
                "the grading of inspection {} does not read back: {e}",
                self.record.id
            ))
        })?;
        Ok((doc, grading))
    }
}

/// Filters of [`Store::list`]; every given one must match (exactly).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// The unit's name.
    pub unit: Option<String>,
    /// The region's name.
    pub region: Option<String>,
    /// The specialty.
    pub specialty: Option<String>,
    /// The visit year.
    pub year: Option<i32>,
}

/// One page of [`Store::list`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Page {
    /// The records, by id.
    pub items: Vec<Record>,
    /// The cursor of the next page (`None`: this was the last).
    pub next: Option<i64>,
}

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Saved {
    /// The inspection.
    pub inspection_id: i64,
    /// The version written.
    pub version: VersionInfo,
}

/// What importing one document did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Imported {
    /// A new inspection (version 1).
    Created {
        /// The inspection.
        inspection_id: i64,
    },
    /// A new version of an existing inspection (same unit and visit date, other content).
    Added {
        /// The inspection.
        inspection_id: i64,
        /// The version written.
        version: i64,
    },
    /// The same content is already the head: nothing written.
    Unchanged {
        /// The inspection.
        inspection_id: i64,
    },
}

/// A token to create (the token itself is never stored: only its SHA-256).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// A name for people (`"Region Skåne integration"`).
    pub name: String,
    /// The role (`admin`, `coordinator`, `inspector`, `unit`, `region`).
    pub role: String,
    /// What the scope is (`unit`, `region`, `specialty`, `inspection`), if any.
    pub scope_kind: Option<String>,
    /// The scope's value.
    pub scope_value: Option<String>,
    /// When it stops working (ISO 8601), if ever.
    pub expires_at: Option<String>,
}

/// A stored API token (its digest, never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TokenRecord {
    /// The store's id.
    pub id: i64,
    /// The name.
    pub name: String,
    /// Lowercase hex SHA-256 of the token.
    pub digest: String,
    /// The role.
    pub role: String,
    /// The scope's kind, if any.
    pub scope_kind: Option<String>,
    /// The scope's value, if any.
    pub scope_value: Option<String>,
    /// Who created it.
    pub created_by: String,
    /// When.
    pub created_at: String,
    /// When it expires, if ever.
    pub expires_at: Option<String>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
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

/// The migrations of each backend, in order: (version, name, SQL).
fn migrations(backend: Backend) -> [(i64, &'static str, &'static str); 4] {
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
        ],
    }
}

fn migrator(backend: Backend) -> Migrator {
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

/// The SQLite file a `sqlite:` URL names, if it is one.
pub fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    Some(rest.split('?').next().unwrap_or(rest))
}

/// An inspection ordered but not yet planned has no version (head 0): its record shows who
/// created it and when, and an empty hash.
const RECORD_SQL: &str = "SELECT i.id, u.name, r.name, u.specialty, i.visit_date, i.head_version, \
     COALESCE(v.author, i.created_by), COALESCE(v.saved_at, i.created_at), COALESCE(v.sha256, ''), \
     i.created_by, i.created_at, i.state \
     FROM inspections i JOIN units u ON u.id = i.unit_id \
     LEFT JOIN regions r ON r.id = u.region_id \
     LEFT JOIN versions v ON v.inspection_id = i.id AND v.number = i.head_version";

fn record(r: &Row) -> Result<Record, sqlx::Error> {
    Ok(Record {
        id: r.int(0)?,
        unit: r.text(1)?,
        region: r.opt_text(2)?,
        specialty: r.opt_text(3)?,
        visit_date: r.opt_text(4)?,
        head_version: r.int(5)?,
        saved_by: r.text(6)?,
        saved_at: r.text(7)?,
        sha256: r.text(8)?,
        created_by: r.text(9)?,
        created_at: r.text(10)?,
        state: r.opt_text(11)?,
    })
}

const VERSION_INFO_SQL: &str = "SELECT number, sha256, author, reason, saved_at FROM versions";

fn version_info(r: &Row) -> Result<VersionInfo, sqlx::Error> {
    Ok(VersionInfo {
        number: r.int(0)?,
        sha256: r.text(1)?,
        author: r.text(2)?,
        reason: r.opt_text(3)?,
        saved_at: r.text(4)?,
    })
}

const AUDIT_SQL: &str = "SELECT seq, at, actor, action, inspection_id, version, detail, prev_hash, hash FROM audit_events";

fn audit_event(r: &Row) -> Result<AuditEvent, sqlx::Error> {
    Ok(AuditEvent {
        seq: r.int(0)?,
        at: r.text(1)?,
        actor: r.text(2)?,
        action: r.text(3)?,
        inspection_id: r.opt_int(4)?,
        version: r.opt_int(5)?,
        detail: r.text(6)?,
        prev_hash: r.text(7)?,
        hash: r.text(8)?,
    })
}

const TOKEN_SQL: &str = "SELECT id, name, digest, role, scope_kind, scope_value, created_by, created_at, expires_at, revoked_at FROM api_tokens";

fn token(r: &Row) -> Result<TokenRecord, sqlx::Error> {
    Ok(TokenRecord {
        id: r.int(0)?,
        name: r.text(1)?,
        digest: r.text(2)?,
        role: r.text(3)?,
        scope_kind: r.opt_text(4)?,
        scope_value: r.opt_text(5)?,
        created_by: r.text(6)?,
        created_at: r.text(7)?,
        expires_at: r.opt_text(8)?,
        revoked_at: r.opt_text(9)?,
    })
}

/// Append an audit event inside the caller's write transaction: the next sequence number
/// (max + 1, under the transaction's write lock) and the hash over the previous row's.
async fn append_audit(
    c: &mut Conn<'_>,
    actor: &str,
    action: &str,
    inspection_id: Option<i64>,
    version: Option<i64>,
    detail: serde_json::Value,
) -> Result<AuditEvent, sqlx::Error> {
    let last = c
        .fetch_optional(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
            vec![],
        )
        .await?;
    let (seq, prev_hash) = match last {
        Some(r) => (r.int(0)? + 1, r.text(1)?),
        None => (1, audit::GENESIS.to_string()),
    };
    let mut e = AuditEvent {
        seq,
        at: now(),
        actor: actor.to_string(),
        action: action.to_string(),
        inspection_id,
        version,
        detail: detail.to_string(),
        prev_hash,
        hash: String::new(),
    };
    e.hash = audit::event_hash(&e);
    c.execute(
        "INSERT INTO audit_events (seq, at, actor, action, inspection_id, version, detail, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        args![
            e.seq,
            e.at.clone(),
            e.actor.clone(),
            e.action.clone(),
            e.inspection_id,
            e.version,
            e.detail.clone(),
            e.prev_hash.clone(),
            e.hash.clone()
        ],
    )
    .await?;
    Ok(e)
}

/// The unit of a document, found or created (with its region).
async fn unit_id(
    c: &mut Conn<'_>,
    doc: &spur_core::InspectionDocument,
) -> Result<i64, sqlx::Error> {
    let i = &doc.inspection;
    unit_of(c, &i.unit, i.specialty.as_deref(), i.region.as_deref()).await
}

/// The unit named `name` of `specialty` in `region`, found or created (with its region).
async fn unit_of(
    c: &mut Conn<'_>,
    name: &str,
    specialty: Option<&str>,
    region: Option<&str>,
) -> Result<i64, sqlx::Error> {
    let region_id = match region {
        Some(region) => {
            let found = c
                .fetch_optional("SELECT id FROM regions WHERE name = $1", args![region])
                .await?;
            Some(match found {
                Some(r) => r.int(0)?,
                None => c
                    .fetch_one(
                        "INSERT INTO regions (name) VALUES ($1) RETURNING id",
                        args![region],
                    )
                    .await?
                    .int(0)?,
            })
        }
        None => None,
    };
    let specialty = specialty.map(str::to_string);
    let found = c
        .fetch_optional(
            "SELECT id FROM units WHERE name = $1 AND specialty IS NOT DISTINCT FROM $2 \
             AND region_id IS NOT DISTINCT FROM $3 ORDER BY id LIMIT 1",
            args![name, specialty.clone(), region_id],
        )
        .await?;
    match found {
        Some(r) => r.int(0),
        None => c
            .fetch_one(
                "INSERT INTO units (name, specialty, region_id) VALUES ($1, $2, $3) RETURNING id",
                args![name, specialty, region_id],
            )
            .await?
            .int(0),
    }
}

/// Give an ordered inspection (head 0, no document) its first version: the skeleton written
/// when it is planned. Its unit and visit date come from the document.
async fn first_version_in(
    c: &mut Conn<'_>,
    id: i64,
    p: &Prepared,
    author: &str,
    reason: Option<&str>,
) -> Result<Saved, Error> {
    let unit = unit_id(c, &p.doc).await?;
    let date = p.doc.inspection.visit_date.to_string();
    if let Some((existing, _)) = holder(c, unit, &date).await?
        && existing != id
    {
        return Err(Error::Duplicate {
            existing,
            unit: p.doc.inspection.unit.clone(),
            visit_date: date,
        });
    }
    let version = insert_version(c, id, 1, p, author, reason).await?;
    let moved = c
        .execute(
            "UPDATE inspections SET head_version = 1, unit_id = $1, visit_date = $2 \
             WHERE id = $3 AND head_version = 0",
            args![unit, date, id],
        )
        .await?;
    if moved != 1 {
        let current = head_info(c, id, 1).await?;
        return Err(Error::Conflict(Box::new(Conflict {
            inspection_id: id,
            base: 0,
            current,
        })));
    }
    append_audit(
        c,
        author,
        "version.saved",
        Some(id),
        Some(1),
        serde_json::json!({"sha256": p.sha256, "base": 0, "reason": reason}),
    )
    .await?;
    Ok(Saved {
        inspection_id: id,
        version,
    })
}

async fn insert_version(
    c: &mut Conn<'_>,
    inspection_id: i64,
    number: i64,
    p: &Prepared,
    author: &str,
    reason: Option<&str>,
) -> Result<VersionInfo, sqlx::Error> {
    let info = VersionInfo {
        number,
        sha256: p.sha256.clone(),
        author: author.to_string(),
        reason: reason.map(str::to_string),
        saved_at: now(),
    };
    c.execute(
        "INSERT INTO versions (inspection_id, number, document, sha256, author, reason, saved_at, grading) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        args![
            inspection_id,
            number,
            p.toml.clone(),
            p.sha256.clone(),
            info.author.clone(),
            info.reason.clone(),
            info.saved_at.clone(),
            p.grading.clone()
        ],
    )
    .await?;
    Ok(info)
}

/// The inspection holding `unit_id` and `visit_date`, if any.
async fn holder(
    c: &mut Conn<'_>,
    unit_id: i64,
    visit_date: &str,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    c.fetch_optional(
        "SELECT id, head_version FROM inspections WHERE unit_id = $1 AND visit_date = $2",
        args![unit_id, visit_date.to_string()],
    )
    .await?
    .map(|r| Ok((r.int(0)?, r.int(1)?)))
    .transpose()
}

async fn head_info(c: &mut Conn<'_>, id: i64, number: i64) -> Result<VersionInfo, sqlx::Error> {
    version_info(
        &c.fetch_one(
            &format!("{VERSION_INFO_SQL} WHERE inspection_id = $1 AND number = $2"),
            args![id, number],
        )
        .await?,
    )
}

/// Create an inspection with version 1 (inside a write transaction).
async fn create_in(
    c: &mut Conn<'_>,
    p: &Prepared,
    author: &str,
    reason: Option<&str>,
    action: &str,
) -> Result<Saved, Error> {
    let unit = unit_id(c, &p.doc).await?;
    let date = p.doc.inspection.visit_date.to_string();
    if let Some((existing, _)) = holder(c, unit, &date).await? {
        return Err(Error::Duplicate {
            existing,
            unit: p.doc.inspection.unit.clone(),
            visit_date: date,
        });
    }
    let at = now();
    let id = c
        .fetch_one(
            "INSERT INTO inspections (unit_id, visit_date, head_version, created_by, created_at) \
             VALUES ($1, $2, 1, $3, $4) RETURNING id",
            args![unit, date, author.to_string(), at],
        )
        .await?
        .int(0)?;
    let version = insert_version(c, id, 1, p, author, reason).await?;
    // A document brought in starts in the state its `[report] status` implies.
    let graded: serde_json::Value = serde_json::from_str(&p.grading).unwrap_or_default();
    let start = workflow::State::imported(
        p.doc.report.status.unwrap_or_default(),
        graded["handlingsplan_required"].as_bool().unwrap_or(false),
        p.doc
            .handlingsplan
            .as_ref()
            .is_some_and(|h| h.received.is_some()),
    );
    process::start_in(c, id, start, author, p.doc.report.date).await?;
    append_audit(
        c,
        author,
        action,
        Some(id),
        Some(1),
        serde_json::json!({"sha256": p.sha256, "unit": p.doc.inspection.unit, "visit_date": p.doc.inspection.visit_date}),
    )
    .await?;
    Ok(Saved {
        inspection_id: id,
        version,
    })
}

/// Append a version to an inspection whose head is `base` (inside a write transaction).
async fn save_in(
    c: &mut Conn<'_>,
    id: i64,
    base: i64,
    p: &Prepared,
    author: &str,
    reason: Option<&str>,
    action: &str,
) -> Result<Saved, Error> {
    let head = c
        .fetch_optional(
            "SELECT head_version FROM inspections WHERE id = $1",
            args![id],
        )
        .await?
        .ok_or_else(|| Error::NotFound(format!("inspection {id}")))?
        .int(0)?;
    if head != base {
        let current = head_info(c, id, head).await?;
        return Err(Error::Conflict(Box::new(Conflict {
            inspection_id: id,
            base,
            current,
        })));
    }
    let unit = unit_id(c, &p.doc).await?;
    let date = p.doc.inspection.visit_date.to_string();
    if let Some((existing, _)) = holder(c, unit, &date).await?
        && existing != id
    {
        return Err(Error::Duplicate {
            existing,
            unit: p.doc.inspection.unit.clone(),
            visit_date: date,
        });
    }
    let number = head + 1;
    let version = insert_version(c, id, number, p, author, reason).await?;
    // Compare-and-set: the head moves only from the version the change was based on.
    let moved = c
        .execute(
            "UPDATE inspections SET head_version = $1, unit_id = $2, visit_date = $3 \
             WHERE id = $4 AND head_version = $5",
            args![number, unit, date, id, base],
        )
        .await?;
    if moved != 1 {
        let current = head_info(c, id, head).await?;
        return Err(Error::Conflict(Box::new(Conflict {
            inspection_id: id,
            base,
            current,
        })));
    }
    append_audit(
        c,
        author,
        action,
        Some(id),
        Some(number),
        serde_json::json!({"sha256": p.sha256, "base": base, "reason": reason}),
    )
    .await?;
    Ok(Saved {
        inspection_id: id,
        version,
    })
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

    /// Create an inspection from a prepared document: version 1, by `author`.
    ///
    /// # Errors
    ///
    /// [`Error::Duplicate`] when an inspection of the same unit and visit date exists;
    /// [`Error::Db`] when the write fails (nothing is written then).
    pub async fn create(
        &self,
        p: &Prepared,
        author: &str,
        reason: Option<&str>,
    ) -> Result<Saved, Error> {
        let mut tx = self.write().await?;
        let saved = create_in(&mut tx.conn(), p, author, reason, "inspection.created").await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Save a new version of inspection `id`, based on version `base`.
    ///
    /// # Errors
    ///
    /// [`Error::Conflict`] when `base` is not the head (nothing is written: exactly one save
    /// per base wins); [`Error::NotFound`]; [`Error::Duplicate`] when the document moves the
    /// inspection onto another one's unit and visit date.
    pub async fn save(
        &self,
        id: i64,
        base: i64,
        p: &Prepared,
        author: &str,
        reason: Option<&str>,
    ) -> Result<Saved, Error> {
        let mut tx = self.write().await?;
        let saved = save_in(&mut tx.conn(), id, base, p, author, reason, "version.saved").await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Import a document: a new inspection, a new version of the inspection of the same unit
    /// and visit date, or nothing when that inspection's head has the same content.
    ///
    /// # Errors
    ///
    /// [`Error::Db`] when the write fails.
    pub async fn import(&self, p: &Prepared, author: &str) -> Result<Imported, Error> {
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let unit = unit_id(&mut c, &p.doc).await?;
        let date = p.doc.inspection.visit_date.to_string();
        let outcome = match holder(&mut c, unit, &date).await? {
            None => {
                let s = create_in(&mut c, p, author, Some("import"), "import").await?;
                Imported::Created {
                    inspection_id: s.inspection_id,
                }
            }
            Some((id, head)) => {
                let current = head_info(&mut c, id, head).await?;
                if current.sha256 == p.sha256 {
                    Imported::Unchanged { inspection_id: id }
                } else {
                    let s = save_in(&mut c, id, head, p, author, Some("import"), "import").await?;
                    Imported::Added {
                        inspection_id: id,
                        version: s.version.number,
                    }
                }
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// The record of inspection `id`.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`].
    pub async fn record(&self, id: i64) -> Result<Record, Error> {
        let mut c = self.read().await?;
        let r = c
            .conn()
            .fetch_optional(&format!("{RECORD_SQL} WHERE i.id = $1"), args![id])
            .await?
            .ok_or_else(|| Error::NotFound(format!("inspection {id}")))?;
        Ok(record(&r)?)
    }

    /// A page of inspections matching `filter`, by id, after `cursor` (the previous page's
    /// `next`); `limit` is clamped to 1..=1000.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn list(
        &self,
        filter: &Filter,
        limit: i64,
        cursor: Option<i64>,
    ) -> Result<Page, Error> {
        let limit = limit.clamp(1, 1000);
        let (from, to) = match filter.year {
            Some(y) => (
                Some(format!("{y:04}-01-01")),
                Some(format!("{:04}-01-01", y + 1)),
            ),
            None => (None, None),
        };
        let sql = format!(
            "{RECORD_SQL} WHERE i.id > $1 AND ($2 IS NULL OR u.name = $2) \
             AND ($3 IS NULL OR r.name = $3) AND ($4 IS NULL OR u.specialty = $4) \
             AND ($5 IS NULL OR i.visit_date >= $5) AND ($6 IS NULL OR i.visit_date < $6) \
             ORDER BY i.id LIMIT $7"
        );
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(
                &sql,
                args![
                    cursor.unwrap_or(0),
                    filter.unit.clone(),
                    filter.region.clone(),
                    filter.specialty.clone(),
                    from,
                    to,
                    limit + 1
                ],
            )
            .await?;
        let mut items = rows.iter().map(record).collect::<Result<Vec<_>, _>>()?;
        let next = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|r| r.id)
        } else {
            None
        };
        Ok(Page { items, next })
    }

    /// Every inspection's record, by id.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn all_records(&self) -> Result<Vec<Record>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(&format!("{RECORD_SQL} ORDER BY i.id"), vec![])
            .await?;
        Ok(rows.iter().map(record).collect::<Result<_, _>>()?)
    }

    /// Every inspection's record with its head document (canonical TOML) and graded result,
    /// by id: what the regional overview and the export read.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn heads(&self) -> Result<Vec<Head>, Error> {
        let mut c = self.read().await?;
        let sql = RECORD_SQL.replacen(" FROM ", ", v.document, v.grading FROM ", 1);
        let rows = c
            .conn()
            .fetch_all(
                &format!("{sql} WHERE i.head_version > 0 ORDER BY i.id"),
                vec![],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| {
                Ok(Head {
                    record: record(r)?,
                    toml: r.text(12)?,
                    grading: r.text(13)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?)
    }

    /// The versions of inspection `id`, oldest first.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when there is no such inspection.
    pub async fn versions(&self, id: i64) -> Result<Vec<VersionInfo>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(
                &format!("{VERSION_INFO_SQL} WHERE inspection_id = $1 ORDER BY number"),
                args![id],
            )
            .await?;
        if rows.is_empty() {
            return Err(Error::NotFound(format!("inspection {id}")));
        }
        Ok(rows.iter().map(version_info).collect::<Result<_, _>>()?)
    }

    /// Version `number` of inspection `id` (the head when `None`), with its document.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`].
    pub async fn version(&self, id: i64, number: Option<i64>) -> Result<Version, Error> {
        let mut c = self.read().await?;
        let sql = "SELECT v.number, v.sha256, v.author, v.reason, v.saved_at, v.document, v.grading \
                   FROM versions v JOIN inspections i ON i.id = v.inspection_id \
                   WHERE v.inspection_id = $1 AND v.number = COALESCE($2, i.head_version)";
        let r = c
            .conn()
            .fetch_optional(sql, args![id, number])
            .await?
            .ok_or_else(|| match number {
                Some(n) => Error::NotFound(format!("version {n} of inspection {id}")),
                None => Error::NotFound(format!("inspection {id}")),
            })?;
        Ok(Version {
            info: version_info(&r)?,
            toml: r.text(5)?,
            grading: r.text(6)?,
        })
    }

    /// What changed in inspection `id` from version `from` to version `to`.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when a version does not exist; [`Error::Document`] for a stored
    /// document that does not read back.
    pub async fn diff(&self, id: i64, from: i64, to: i64) -> Result<Diff, Error> {
        let a = self.version(id, Some(from)).await?;
        let b = self.version(id, Some(to)).await?;
        let value = |v: &Version| -> Result<(serde_json::Value, serde_json::Value), Error> {
            let doc =
                serde_json::to_value(v.document()?).map_err(|e| Error::Document(e.to_string()))?;
            let grading: serde_json::Value =
                serde_json::from_str(&v.grading).map_err(|e| Error::Document(e.to_string()))?;
            Ok((doc, grading))
        };
        let (ad, ag) = value(&a)?;
        let (bd, bg) = value(&b)?;
        Ok(diff::diff(from, to, (&ad, &ag), (&bd, &bg)))
    }

    /// Append an audit event on its own (e.g. an export), in its own write transaction.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn audit(
        &self,
        actor: &str,
        action: &str,
        inspection_id: Option<i64>,
        detail: serde_json::Value,
    ) -> Result<AuditEvent, Error> {
        let mut tx = self.write().await?;
        let e = append_audit(&mut tx.conn(), actor, action, inspection_id, None, detail).await?;
        tx.commit().await?;
        Ok(e)
    }

    /// Every audit event, by sequence number.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn audit_events(&self) -> Result<Vec<AuditEvent>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(&format!("{AUDIT_SQL} ORDER BY seq"), vec![])
            .await?;
        Ok(rows.iter().map(audit_event).collect::<Result<_, _>>()?)
    }

    /// The audit events of inspection `id`, by sequence number.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn audit_events_of(&self, id: i64) -> Result<Vec<AuditEvent>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(
                &format!("{AUDIT_SQL} WHERE inspection_id = $1 ORDER BY seq"),
                args![id],
            )
            .await?;
        Ok(rows.iter().map(audit_event).collect::<Result<_, _>>()?)
    }

    /// Recompute the audit chain: `Ok(Ok(..))` when it is whole, `Ok(Err(broken))` naming the
    /// first broken row.
    ///
    /// # Errors
    ///
    /// [`Error::Db`] when the events cannot be read.
    pub async fn verify_audit(&self) -> Result<Result<Verified, Broken>, Error> {
        let mut v = audit::Verifier::default();
        for e in self.audit_events().await? {
            if let Err(b) = v.check(&e) {
                return Ok(Err(b));
            }
        }
        Ok(Ok(v.finish()))
    }

    /// Store a new API token's digest (the token itself is never stored) and audit it.
    ///
    /// # Errors
    ///
    /// [`Error::Db`] (also for a token whose digest is already stored).
    pub async fn create_token(
        &self,
        new: &NewToken,
        token: &str,
        actor: &str,
    ) -> Result<TokenRecord, Error> {
        let digest = sha256_hex(token.as_bytes());
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let at = now();
        let id = c
            .fetch_one(
                "INSERT INTO api_tokens (name, digest, role, scope_kind, scope_value, created_by, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                args![
                    new.name.clone(),
                    digest.clone(),
                    new.role.clone(),
                    new.scope_kind.clone(),
                    new.scope_value.clone(),
                    actor.to_string(),
                    at.clone(),
                    new.expires_at.clone()
                ],
            )
            .await?
            .int(0)?;
        append_audit(
            &mut c,
            actor,
            "token.created",
            None,
            None,
            serde_json::json!({"token_id": id, "name": new.name, "role": new.role, "scope_kind": new.scope_kind, "scope_value": new.scope_value}),
        )
        .await?;
        tx.commit().await?;
        Ok(TokenRecord {
            id,
            name: new.name.clone(),
            digest,
            role: new.role.clone(),
            scope_kind: new.scope_kind.clone(),
            scope_value: new.scope_value.clone(),
            created_by: actor.to_string(),
            created_at: at,
            expires_at: new.expires_at.clone(),
            revoked_at: None,
        })
    }

    /// Every API token (digests, never tokens), by id.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn tokens(&self) -> Result<Vec<TokenRecord>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(&format!("{TOKEN_SQL} ORDER BY id"), vec![])
            .await?;
        Ok(rows.iter().map(token).collect::<Result<_, _>>()?)
    }

    /// The token whose SHA-256 is `digest`, if any (revoked and expired ones included: the
    /// caller decides).
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn token_by_digest(&self, digest: &str) -> Result<Option<TokenRecord>, Error> {
        let mut c = self.read().await?;
        let r = c
            .conn()
            .fetch_optional(
                &format!("{TOKEN_SQL} WHERE digest = $1"),
                args![digest.to_string()],
            )
            .await?;
        Ok(r.as_ref().map(token).transpose()?)
    }

    /// Revoke token `id` (the only change a token may get) and audit it. Revoking a revoked
    /// token changes nothing and returns it as it is.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`].
    pub async fn revoke_token(&self, id: i64, actor: &str) -> Result<TokenRecord, Error> {
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let found = c
            .fetch_optional(&format!("{TOKEN_SQL} WHERE id = $1"), args![id])
            .await?
            .ok_or_else(|| Error::NotFound(format!("token {id}")))?;
        let mut t = token(&found)?;
        if t.revoked_at.is_none() {
            let at = now();
            c.execute(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2",
                args![at.clone(), id],
            )
            .await?;
            append_audit(
                &mut c,
                actor,
                "token.revoked",
                None,
                None,
                serde_json::json!({"token_id": id, "name": t.name}),
            )
            .await?;
            t.revoked_at = Some(at);
        }
        tx.commit().await?;
        Ok(t)
    }

    /// An online, consistent copy of a SQLite store into `path` (`VACUUM INTO`), safe while
    /// others write. The file must not exist.
    ///
    /// # Errors
    ///
    /// [`Error::BackupUnsupported`] on PostgreSQL (use `pg_dump`); [`Error::Io`] when `path`
    /// exists; [`Error::Db`] when the copy fails.
    pub async fn backup(&self, path: &Path) -> Result<(), Error> {
        let Pool::Lite(p) = &self.pool else {
            return Err(Error::BackupUnsupported);
        };
        if path.exists() {
            return Err(Error::Io(format!(
                "{} exists; a backup never overwrites a file",
                path.display()
            )));
        }
        let target = path
            .to_str()
            .ok_or_else(|| Error::Io(format!("{} is not a UTF-8 path", path.display())))?;
        sqlx::query("VACUUM INTO $1")
            .bind(target.to_string())
            .execute(p)
            .await?;
        Ok(())
    }

    /// The tables and their columns (name, type as declared, not null), sorted: what the
    /// migrations built. Used to check that both backends have the same schema.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn schema(&self) -> Result<Vec<(String, Vec<(String, bool)>)>, Error> {
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let tables: Vec<String> = match &self.pool {
            Pool::Lite(_) => conn
                .fetch_all(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx_%' ORDER BY name",
                    vec![],
                )
                .await?
                .iter()
                .map(|r| r.text(0))
                .collect::<Result<_, _>>()?,
            Pool::Pg(_) => conn
                .fetch_all(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx\\_%' \
                     ORDER BY table_name",
                    vec![],
                )
                .await?
                .iter()
                .map(|r| r.text(0))
                .collect::<Result<_, _>>()?,
        };
        let mut out = Vec::new();
        for t in tables {
            let mut cols: Vec<(String, bool)> = match &self.pool {
                Pool::Lite(_) => conn
                    .fetch_all(
                        "SELECT name, \"notnull\", pk FROM pragma_table_info($1)",
                        args![t.clone()],
                    )
                    .await?
                    .iter()
                    .map(|r| Ok((r.text(0)?, r.int(1)? != 0 || r.int(2)? != 0)))
                    .collect::<Result<_, sqlx::Error>>()?,
                Pool::Pg(_) => conn
                    .fetch_all(
                        "SELECT column_name::text, is_nullable::text FROM information_schema.columns \
                         WHERE table_schema = current_schema() AND table_name = $1",
                        args![t.clone()],
                    )
                    .await?
                    .iter()
                    .map(|r| Ok((r.text(0)?, r.text(1)? == "NO")))
                    .collect::<Result<_, sqlx::Error>>()?,
            };
            cols.sort();
            out.push((t, cols));
        }
        Ok(out)
    }
}

/// The relative path an inspection's head is exported to: `REGION/UNIT/VISIT_DATE.toml`
/// (`_` for a document without region; the specialty is added to the file name when given,
/// so units of the same name in different specialties do not collide). Names are made safe
/// for every file system; store ids are never used, so two stores with the same inspections
/// export the same tree.
pub fn export_path(r: &Record) -> std::path::PathBuf {
    let mut p = std::path::PathBuf::from(safe_name(r.region.as_deref().unwrap_or("_")));
    p.push(safe_name(&r.unit));
    // An inspection only ordered has no visit date (and no document to export).
    let date = r.visit_date.as_deref().unwrap_or("ordered");
    let file = match &r.specialty {
        Some(s) => format!("{date}-{}", safe_name(s)),
        None => date.to_string(),
    };
    p.push(format!("{file}.toml"));
    p
}

/// The directory an inspection's versions are exported to with `--all-versions`:
/// [`export_path`] without `.toml`, holding `v0001.toml`, `v0002.toml`, ….
pub fn export_versions_dir(r: &Record) -> std::path::PathBuf {
    export_path(r).with_extension("")
}

/// A name usable as a file or directory name everywhere: separators, control characters and
/// the characters Windows refuses become `_`, leading dots are dropped, at most 100 characters.
pub fn safe_name(name: &str) -> String {
    let s: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(100)
        .collect();
    let s = s.trim_start_matches('.').trim().to_string();
    if s.is_empty() { "_".into() } else { s }
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

    #[test]
    fn export_names_are_safe() {
        assert_eq!(safe_name("../etc/passwd"), "_etc_passwd");
        assert_eq!(safe_name("Vårdcentral Ö"), "Vårdcentral Ö");
        assert_eq!(safe_name("  "), "_");
    }
}
