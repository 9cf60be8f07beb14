//! The stored audit trail: appending events inside write transactions, reading them back and
//! verifying the chain (the hashing itself is [`crate::audit`]'s).

use crate::audit::{self, AuditEvent, Broken, Verified};
use crate::db::{Conn, Row, args};
use crate::{Error, Store, now};

pub(crate) const AUDIT_SQL: &str = "SELECT seq, at, actor, action, inspection_id, version, detail, prev_hash, hash FROM audit_events";

pub(crate) fn audit_event(r: &Row) -> Result<AuditEvent, sqlx::Error> {
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

/// Append an audit event inside the caller's write transaction: the next sequence number
/// (max + 1, under the transaction's write lock) and the hash over the previous row's.
pub(crate) async fn append_audit(
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

impl Store {
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

    /// The chain's head: the sequence number and hash of the last event (`None` while the trail
    /// is empty). A final report rendered from the store prints it beside its fingerprint.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn audit_head(&self) -> Result<Option<(i64, String)>, Error> {
        let mut c = self.read().await?;
        let row = c
            .conn()
            .fetch_optional(
                "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
                vec![],
            )
            .await?;
        Ok(match row {
            Some(r) => Some((r.int(0)?, r.text(1)?)),
            None => None,
        })
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
}
