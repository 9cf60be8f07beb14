//! The notification outbox, webhook deliveries, and calendar feeds.

use super::{Notification, Process, process_in};
use crate::db::{Row, args};
use crate::{Error, Record, Store, append_audit, now};

fn notification(r: &Row) -> Result<Notification, sqlx::Error> {
    Ok(Notification {
        id: r.int(0)?,
        at: r.text(1)?,
        kind: r.text(2)?,
        inspection_id: r.opt_int(3)?,
        recipient: r.text(4)?,
        deadline: r.opt_text(5)?,
        text_sv: r.text(6)?,
        text_en: r.text(7)?,
    })
}

impl Store {
    /// The notifications of the outbox, newest last (all, or those after `after`).
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn notifications(&self, after: i64) -> Result<Vec<Notification>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(
                "SELECT id, at, kind, inspection_id, recipient, deadline, text_sv, text_en FROM outbox \
                 WHERE id > $1 ORDER BY id",
                args![after],
            )
            .await?;
        Ok(rows.iter().map(notification).collect::<Result<_, _>>()?)
    }

    /// Record one webhook delivery attempt.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn record_delivery(
        &self,
        outbox_id: i64,
        url: &str,
        attempt: i64,
        status: Option<i64>,
        error: Option<&str>,
    ) -> Result<(), Error> {
        let mut tx = self.write().await?;
        tx.conn()
            .execute(
                "INSERT INTO deliveries (outbox_id, url, attempt, status, error, at) VALUES ($1, $2, $3, $4, $5, $6)",
                args![outbox_id, url.to_string(), attempt, status, error.map(str::to_string), now()],
            )
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The outbox ids already delivered to `url` (a 2xx answer).
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn delivered(&self, url: &str) -> Result<Vec<i64>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(
                "SELECT DISTINCT outbox_id FROM deliveries WHERE url = $1 AND status >= 200 AND status < 300",
                args![url.to_string()],
            )
            .await?;
        Ok(rows.iter().map(|r| r.int(0)).collect::<Result<_, _>>()?)
    }

    /// Inspections with their process facts, for deadlines and role pages.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn with_process(&self) -> Result<Vec<(Record, Process)>, Error> {
        let records = self.all_records().await?;
        let mut out = Vec::with_capacity(records.len());
        let mut c = self.read().await?;
        for r in records {
            let p = process_in(&mut c.conn(), r.id).await?;
            out.push((r, p));
        }
        Ok(out)
    }
}

/// A calendar feed: who it shows deadlines for (its secret id is kept only as a digest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// The person's subject.
    pub subject: String,
    /// Their role.
    pub role: String,
    /// Their scope's kind.
    pub scope_kind: Option<String>,
    /// Their scope's value.
    pub scope_value: Option<String>,
}

impl Store {
    /// Create a calendar feed for a person; `digest` is the SHA-256 of its secret id.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn create_feed(&self, digest: &str, feed: &Feed) -> Result<(), Error> {
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        c.execute(
            "INSERT INTO calendar_feeds (digest, subject, role, scope_kind, scope_value, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            args![
                digest,
                feed.subject.clone(),
                feed.role.clone(),
                feed.scope_kind.clone(),
                feed.scope_value.clone(),
                now()
            ],
        )
        .await?;
        append_audit(
            &mut c,
            &feed.subject,
            "calendar.created",
            None,
            None,
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live (not revoked) feed whose secret's digest is `digest`.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn feed(&self, digest: &str) -> Result<Option<Feed>, Error> {
        let mut c = self.read().await?;
        let row = c
            .conn()
            .fetch_optional(
                "SELECT subject, role, scope_kind, scope_value FROM calendar_feeds \
                 WHERE digest = $1 AND revoked_at IS NULL",
                args![digest],
            )
            .await?;
        Ok(match row {
            Some(r) => Some(Feed {
                subject: r.text(0)?,
                role: r.text(1)?,
                scope_kind: r.opt_text(2)?,
                scope_value: r.opt_text(3)?,
            }),
            None => None,
        })
    }

    /// Revoke every feed of `subject`.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn revoke_feeds(&self, subject: &str) -> Result<u64, Error> {
        let mut tx = self.write().await?;
        let n = tx
            .conn()
            .execute(
                "UPDATE calendar_feeds SET revoked_at = $1 WHERE subject = $2 AND revoked_at IS NULL",
                args![now(), subject],
            )
            .await?;
        tx.commit().await?;
        Ok(n)
    }
}
