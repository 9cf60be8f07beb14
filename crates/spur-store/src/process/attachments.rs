//! Attachments: the unit's documents, with their SHA-256.

use super::Attachment;
use crate::db::{Row, Val, args};
use crate::{Error, Store, append_audit, now};

const ATTACHMENT_SQL: &str =
    "SELECT id, name, media_type, size, sha256, uploaded_by, uploaded_at FROM attachments";

fn attachment(r: &Row) -> Result<Attachment, sqlx::Error> {
    Ok(Attachment {
        id: r.int(0)?,
        name: r.text(1)?,
        media_type: r.text(2)?,
        size: r.int(3)?,
        sha256: r.text(4)?,
        uploaded_by: r.text(5)?,
        uploaded_at: r.text(6)?,
    })
}

impl Store {
    /// Store an attachment (its media type already found by content).
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn attach(
        &self,
        id: i64,
        name: &str,
        media_type: &str,
        content: &[u8],
        actor: &str,
    ) -> Result<Attachment, Error> {
        let sha = crate::sha256_hex(content);
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let new_id = c
            .fetch_one(
                "INSERT INTO attachments (inspection_id, name, media_type, size, sha256, content, uploaded_by, uploaded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                vec![
                    Val::Int(id),
                    Val::Text(name.to_string()),
                    Val::Text(media_type.to_string()),
                    Val::Int(content.len() as i64),
                    Val::Text(sha.clone()),
                    Val::Bytes(content.to_vec()),
                    Val::Text(actor.to_string()),
                    Val::Text(now()),
                ],
            )
            .await?
            .int(0)?;
        append_audit(
            &mut c,
            actor,
            "attachment.added",
            Some(id),
            None,
            serde_json::json!({"attachment": new_id, "sha256": sha, "size": content.len()}),
        )
        .await?;
        let row = c
            .fetch_one(&format!("{ATTACHMENT_SQL} WHERE id = $1"), args![new_id])
            .await?;
        let out = attachment(&row)?;
        tx.commit().await?;
        Ok(out)
    }

    /// The attachments of inspection `id`.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn attachments(&self, id: i64) -> Result<Vec<Attachment>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(
                &format!("{ATTACHMENT_SQL} WHERE inspection_id = $1 ORDER BY id"),
                args![id],
            )
            .await?;
        Ok(rows.iter().map(attachment).collect::<Result<_, _>>()?)
    }

    /// One attachment with its content.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`].
    pub async fn attachment(
        &self,
        id: i64,
        attachment_id: i64,
    ) -> Result<(Attachment, Vec<u8>), Error> {
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let row = conn
            .fetch_optional(
                &format!("{ATTACHMENT_SQL} WHERE id = $1 AND inspection_id = $2"),
                args![attachment_id, id],
            )
            .await?
            .ok_or_else(|| Error::NotFound(format!("attachment {attachment_id}")))?;
        let meta = attachment(&row)?;
        let content = conn
            .fetch_one(
                "SELECT content FROM attachments WHERE id = $1",
                args![attachment_id],
            )
            .await?
            .bytes(0)?;
        Ok((meta, content))
    }
}
