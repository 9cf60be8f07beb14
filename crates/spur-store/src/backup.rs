//! Online backup of a SQLite store, and the schema both backends must share.

use std::path::Path;

use crate::db::args;
use crate::{Error, Pool, Store};

impl Store {
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
