//! The factual check's comments: the unit's, per area or on the whole, and the inspectors'
//! answers.

use super::{Comment, TransitionError, process_in};
use crate::db::{Conn, Row, args};
use crate::workflow::{Blocker, State};
use crate::{Error, Store, append_audit, now};

fn comment(r: &Row) -> Result<Comment, sqlx::Error> {
    Ok(Comment {
        id: r.int(0)?,
        version: r.int(1)?,
        area: r.opt_text(2)?,
        author: r.text(3)?,
        body: r.text(4)?,
        at: r.text(5)?,
        answer: r.opt_text(6)?,
        answered_by: r.opt_text(7)?,
        answered_at: r.opt_text(8)?,
        resolved: r.int(9)? != 0,
    })
}

const COMMENT_SQL: &str = "SELECT id, version, area, author, body, at, answer, answered_by, answered_at, resolved FROM comments";
/// Comment `id` as stored.
async fn comment_in(c: &mut Conn<'_>, id: i64) -> Result<Comment, sqlx::Error> {
    comment(
        &c.fetch_one(&format!("{COMMENT_SQL} WHERE id = $1"), args![id])
            .await?,
    )
}

impl Store {
    /// Add a factual-check comment on the head version (only in `preliminary`).
    ///
    /// # Errors
    ///
    /// [`TransitionError::Blocked`] outside `preliminary`.
    pub async fn comment(
        &self,
        id: i64,
        area: Option<&str>,
        body: &str,
        author: &str,
    ) -> Result<Comment, TransitionError> {
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let process = process_in(&mut c, id).await?;
        if process.state != State::Preliminary {
            return Err(TransitionError::Blocked(vec![Blocker {
                code: "not-preliminary",
                sv: "kommentarer lämnas medan rapporten är preliminär".into(),
                en: "comments are made while the report is preliminary".into(),
            }]));
        }
        let head = c
            .fetch_one(
                "SELECT head_version FROM inspections WHERE id = $1",
                args![id],
            )
            .await?
            .int(0)?;
        let new_id = c
            .fetch_one(
                "INSERT INTO comments (inspection_id, version, area, author, body, at, resolved) \
                 VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id",
                args![
                    id,
                    head,
                    area.map(str::to_string),
                    author.to_string(),
                    body.to_string(),
                    now()
                ],
            )
            .await?
            .int(0)?;
        append_audit(
            &mut c,
            author,
            "comment.added",
            Some(id),
            Some(head),
            serde_json::json!({"comment": new_id, "area": area}),
        )
        .await?;
        let out = comment_in(&mut c, new_id).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Answer (and resolve) a comment.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for a comment of another inspection.
    pub async fn answer_comment(
        &self,
        id: i64,
        comment_id: i64,
        answer: Option<&str>,
        actor: &str,
    ) -> Result<Comment, Error> {
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let changed = c
            .execute(
                "UPDATE comments SET answer = $1, answered_by = $2, answered_at = $3, resolved = 1 \
                 WHERE id = $4 AND inspection_id = $5",
                args![
                    answer.map(str::to_string),
                    actor.to_string(),
                    now(),
                    comment_id,
                    id
                ],
            )
            .await?;
        if changed != 1 {
            return Err(Error::NotFound(format!("comment {comment_id}")));
        }
        append_audit(
            &mut c,
            actor,
            "comment.answered",
            Some(id),
            None,
            serde_json::json!({"comment": comment_id}),
        )
        .await?;
        let out = comment_in(&mut c, comment_id).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// The comments of inspection `id`, oldest first.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn comments(&self, id: i64) -> Result<Vec<Comment>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(
                &format!("{COMMENT_SQL} WHERE inspection_id = $1 ORDER BY id"),
                args![id],
            )
            .await?;
        Ok(rows.iter().map(comment).collect::<Result<_, _>>()?)
    }
}
