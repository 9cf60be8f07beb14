//! The thin layer that lets one piece of SQL run on both backends: values to bind ([`Val`]),
//! rows to read ([`Row`]), a connection or transaction of either backend ([`Conn`], [`Tx`]).
//!
//! The SQL is written once with `$1, $2, …` placeholders, which both PostgreSQL and SQLite
//! (through sqlx's binding of `$N` names) accept. Runtime queries only: no compile-time checked
//! macros, no `Any` driver.

use sqlx::pool::PoolConnection;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{PgConnection, Postgres, Row as _, Sqlite, SqliteConnection};

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    /// A 64-bit integer.
    Int(i64),
    /// Text.
    Text(String),
    /// A nullable integer.
    OptInt(Option<i64>),
    /// Nullable text.
    OptText(Option<String>),
    /// Bytes (a BLOB on SQLite, BYTEA on PostgreSQL).
    Bytes(Vec<u8>),
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(v)
    }
}
impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(v.to_string())
    }
}
impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Val {
        Val::OptInt(v)
    }
}
impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Val {
        Val::OptText(v)
    }
}

/// The arguments of a query.
macro_rules! args {
    ($($v:expr),* $(,)?) => { vec![$($crate::db::Val::from($v)),*] };
}
pub(crate) use args;

macro_rules! bind_all {
    ($sql:expr, $args:expr) => {{
        let mut q = sqlx::query($sql);
        for a in $args {
            q = match a {
                Val::Int(v) => q.bind(v),
                Val::Text(v) => q.bind(v),
                Val::OptInt(v) => q.bind(v),
                Val::OptText(v) => q.bind(v),
                Val::Bytes(v) => q.bind(v),
            };
        }
        q
    }};
}

/// A row of either backend, read by column index.
pub(crate) enum Row {
    Lite(SqliteRow),
    Pg(PgRow),
}

impl Row {
    pub(crate) fn int(&self, i: usize) -> Result<i64, sqlx::Error> {
        match self {
            Row::Lite(r) => r.try_get(i),
            Row::Pg(r) => r.try_get(i),
        }
    }
    pub(crate) fn opt_int(&self, i: usize) -> Result<Option<i64>, sqlx::Error> {
        match self {
            Row::Lite(r) => r.try_get(i),
            Row::Pg(r) => r.try_get(i),
        }
    }
    pub(crate) fn text(&self, i: usize) -> Result<String, sqlx::Error> {
        match self {
            Row::Lite(r) => r.try_get(i),
            Row::Pg(r) => r.try_get(i),
        }
    }
    pub(crate) fn bytes(&self, i: usize) -> Result<Vec<u8>, sqlx::Error> {
        match self {
            Row::Lite(r) => r.try_get(i),
            Row::Pg(r) => r.try_get(i),
        }
    }
    pub(crate) fn opt_text(&self, i: usize) -> Result<Option<String>, sqlx::Error> {
        match self {
            Row::Lite(r) => r.try_get(i),
            Row::Pg(r) => r.try_get(i),
        }
    }
}

/// A connection (or the connection of a transaction) of either backend.
pub(crate) enum Conn<'a> {
    Lite(&'a mut SqliteConnection),
    Pg(&'a mut PgConnection),
}

impl Conn<'_> {
    /// Run a statement; the number of rows it changed.
    pub(crate) async fn execute(&mut self, sql: &str, args: Vec<Val>) -> Result<u64, sqlx::Error> {
        Ok(match self {
            Conn::Lite(c) => bind_all!(sql, args)
                .execute(&mut **c)
                .await?
                .rows_affected(),
            Conn::Pg(c) => bind_all!(sql, args)
                .execute(&mut **c)
                .await?
                .rows_affected(),
        })
    }

    /// Every row of a query.
    pub(crate) async fn fetch_all(
        &mut self,
        sql: &str,
        args: Vec<Val>,
    ) -> Result<Vec<Row>, sqlx::Error> {
        Ok(match self {
            Conn::Lite(c) => bind_all!(sql, args)
                .fetch_all(&mut **c)
                .await?
                .into_iter()
                .map(Row::Lite)
                .collect(),
            Conn::Pg(c) => bind_all!(sql, args)
                .fetch_all(&mut **c)
                .await?
                .into_iter()
                .map(Row::Pg)
                .collect(),
        })
    }

    /// The first row of a query, if any.
    pub(crate) async fn fetch_optional(
        &mut self,
        sql: &str,
        args: Vec<Val>,
    ) -> Result<Option<Row>, sqlx::Error> {
        Ok(match self {
            Conn::Lite(c) => bind_all!(sql, args)
                .fetch_optional(&mut **c)
                .await?
                .map(Row::Lite),
            Conn::Pg(c) => bind_all!(sql, args)
                .fetch_optional(&mut **c)
                .await?
                .map(Row::Pg),
        })
    }

    /// The one row of a query (an error when there is none).
    pub(crate) async fn fetch_one(
        &mut self,
        sql: &str,
        args: Vec<Val>,
    ) -> Result<Row, sqlx::Error> {
        self.fetch_optional(sql, args)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }
}

/// A write transaction of either backend. Dropped without [`Tx::commit`], it rolls back.
pub(crate) enum Tx {
    Lite(sqlx::Transaction<'static, Sqlite>),
    Pg(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match self {
            Tx::Lite(t) => Conn::Lite(&mut *t),
            Tx::Pg(t) => Conn::Pg(&mut *t),
        }
    }

    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Lite(t) => t.commit().await,
            Tx::Pg(t) => t.commit().await,
        }
    }
}

/// A pooled connection of either backend, for reads.
pub(crate) enum Pooled {
    Lite(PoolConnection<Sqlite>),
    Pg(PoolConnection<Postgres>),
}

impl Pooled {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match self {
            Pooled::Lite(c) => Conn::Lite(&mut *c),
            Pooled::Pg(c) => Conn::Pg(&mut *c),
        }
    }
}
