//! The pre-visit survey in the database (issue 32): one-time links kept as digests, answers
//! kept with their group and day only — nothing joins an answer to a link, a person or a time
//! finer than the day, and no id or row order follows the order links were used.

use serde::Serialize;

use crate::db::args;
use crate::{Error, Store, append_audit, now, sha256_hex};

/// Why an answer was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyRefusal {
    /// No such link (or guessed).
    Unknown,
    /// The link was used already.
    Used,
    /// The survey is closed.
    Closed,
}

/// A link as the survey page needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyLink {
    /// The inspection.
    pub inspection_id: i64,
    /// The respondent group (`handledare`, `st-lakare`, …).
    pub group: String,
    /// Used already.
    pub used: bool,
    /// The survey is closed.
    pub closed: bool,
}

/// The state of an inspection's survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SurveyState {
    /// Who opened it.
    pub opened_by: String,
    /// The day it was opened.
    pub opened_on: String,
    /// The day it was closed, if it was.
    pub closed_on: Option<String>,
    /// Links per group: how many were made and how many used.
    pub links: Vec<LinkCount>,
    /// Answers received.
    pub answers: i64,
}

/// Links of one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LinkCount {
    /// The group.
    pub group: String,
    /// Links made.
    pub made: i64,
    /// Links used.
    pub used: i64,
}

/// A random secret of 32 bytes as URL-safe text (43 characters).
fn secret() -> Result<String, Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Io(format!("no randomness: {e}")))?;
    Ok(base64url(&bytes))
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 2);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn today() -> String {
    now()[..10].to_string()
}

impl Store {
    /// Open (or extend) the survey of inspection `id` with `counts` links per group; the links'
    /// secrets, returned once and never stored.
    ///
    /// # Errors
    ///
    /// [`Error::Db`]; [`Error::Io`] without randomness.
    pub async fn open_survey(
        &self,
        id: i64,
        counts: &[(String, usize)],
        actor: &str,
    ) -> Result<Vec<(String, String)>, Error> {
        let mut links = Vec::new();
        for (group, n) in counts {
            for _ in 0..*n {
                links.push((group.clone(), secret()?));
            }
        }
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        c.execute(
            "INSERT INTO surveys (inspection_id, opened_by, opened_on, closed_on) VALUES ($1, $2, $3, NULL) \
             ON CONFLICT (inspection_id) DO UPDATE SET closed_on = NULL",
            args![id, actor.to_string(), today()],
        )
        .await?;
        for (group, token) in &links {
            c.execute(
                "INSERT INTO survey_links (digest, inspection_id, grp, used) VALUES ($1, $2, $3, 0)",
                args![sha256_hex(token.as_bytes()), id, group.clone()],
            )
            .await?;
        }
        let summary: Vec<serde_json::Value> = counts
            .iter()
            .map(|(g, n)| serde_json::json!({"group": g, "links": n}))
            .collect();
        append_audit(
            &mut c,
            actor,
            "survey.opened",
            Some(id),
            None,
            serde_json::json!({"links": summary}),
        )
        .await?;
        tx.commit().await?;
        Ok(links)
    }

    /// Close the survey of inspection `id`: its links stop working.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when no survey was opened.
    pub async fn close_survey(&self, id: i64, actor: &str) -> Result<(), Error> {
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let n = c
            .execute(
                "UPDATE surveys SET closed_on = $1 WHERE inspection_id = $2 AND closed_on IS NULL",
                args![today(), id],
            )
            .await?;
        if n != 1 {
            return Err(Error::NotFound(format!(
                "an open survey of inspection {id}"
            )));
        }
        append_audit(
            &mut c,
            actor,
            "survey.closed",
            Some(id),
            None,
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The link whose secret is `token`, if it exists.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn survey_link(&self, token: &str) -> Result<Option<SurveyLink>, Error> {
        let mut c = self.read().await?;
        let row = c
            .conn()
            .fetch_optional(
                "SELECT l.inspection_id, l.grp, l.used, s.closed_on FROM survey_links l \
                 JOIN surveys s ON s.inspection_id = l.inspection_id WHERE l.digest = $1",
                args![sha256_hex(token.as_bytes())],
            )
            .await?;
        Ok(match row {
            Some(r) => Some(SurveyLink {
                inspection_id: r.int(0)?,
                group: r.text(1)?,
                used: r.int(2)? != 0,
                closed: r.opt_text(3)?.is_some(),
            }),
            None => None,
        })
    }

    /// Take the answers given through the link `token` (the answers as JSON, already checked),
    /// marking the link used in the same transaction. The answer gets a random id and the day.
    ///
    /// # Errors
    ///
    /// `Ok(Err(refusal))` when the link is unknown, used or closed.
    pub async fn answer_survey(
        &self,
        token: &str,
        answers_json: &str,
    ) -> Result<Result<(), SurveyRefusal>, Error> {
        let digest = sha256_hex(token.as_bytes());
        let id = secret()?;
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let Some(r) = c
            .fetch_optional(
                "SELECT l.inspection_id, l.grp, l.used, s.closed_on FROM survey_links l \
                 JOIN surveys s ON s.inspection_id = l.inspection_id WHERE l.digest = $1",
                args![digest.clone()],
            )
            .await?
        else {
            return Ok(Err(SurveyRefusal::Unknown));
        };
        if r.opt_text(3)?.is_some() {
            return Ok(Err(SurveyRefusal::Closed));
        }
        // Compare-and-set: exactly one submission takes the link.
        let taken = c
            .execute(
                "UPDATE survey_links SET used = 1 WHERE digest = $1 AND used = 0",
                args![digest],
            )
            .await?;
        if taken != 1 {
            return Ok(Err(SurveyRefusal::Used));
        }
        let inspection = r.int(0)?;
        c.execute(
            "INSERT INTO survey_answers (id, inspection_id, grp, answered_on, answers) VALUES ($1, $2, $3, $4, $5)",
            args![id, inspection, r.text(1)?, today(), answers_json.to_string()],
        )
        .await?;
        if self.backend() == crate::Backend::Postgres {
            // PostgreSQL keeps rows in the order they were written (an UPDATE writes the row
            // anew at the end), so a `SELECT` without `ORDER BY` would list answers, and used
            // links, in the order the links were used. Write the inspection's rows again in
            // the order of their random keys: the live rows then follow no order of use. (The
            // SQLite tables have no rowid and are stored in key order already.)
            c.execute(
                "WITH old AS (DELETE FROM survey_answers WHERE inspection_id = $1 RETURNING id, inspection_id, grp, answered_on, answers) \
                 INSERT INTO survey_answers (id, inspection_id, grp, answered_on, answers) SELECT id, inspection_id, grp, answered_on, answers FROM old ORDER BY id",
                args![inspection],
            )
            .await?;
            c.execute(
                "WITH old AS (DELETE FROM survey_links WHERE inspection_id = $1 RETURNING digest, inspection_id, grp, used) \
                 INSERT INTO survey_links (digest, inspection_id, grp, used) SELECT digest, inspection_id, grp, used FROM old ORDER BY digest",
                args![inspection],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// The answers of inspection `id` as `(group, day, answers JSON)`, ordered by their random id.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn survey_answers(&self, id: i64) -> Result<Vec<(String, String, String)>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(
                "SELECT grp, answered_on, answers FROM survey_answers WHERE inspection_id = $1 ORDER BY id",
                args![id],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| Ok((r.text(0)?, r.text(1)?, r.text(2)?)))
            .collect::<Result<_, sqlx::Error>>()?)
    }

    /// The state of inspection `id`'s survey, if one was opened.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn survey_state(&self, id: i64) -> Result<Option<SurveyState>, Error> {
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let Some(s) = conn
            .fetch_optional(
                "SELECT opened_by, opened_on, closed_on FROM surveys WHERE inspection_id = $1",
                args![id],
            )
            .await?
        else {
            return Ok(None);
        };
        let links = conn
            .fetch_all(
                "SELECT grp, COUNT(*), COUNT(CASE WHEN used = 1 THEN 1 END) FROM survey_links WHERE inspection_id = $1 GROUP BY grp ORDER BY grp",
                args![id],
            )
            .await?
            .iter()
            .map(|r| {
                Ok(LinkCount {
                    group: r.text(0)?,
                    made: r.int(1)?,
                    used: r.opt_int(2)?.unwrap_or(0),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let answers = conn
            .fetch_one(
                "SELECT COUNT(*) FROM survey_answers WHERE inspection_id = $1",
                args![id],
            )
            .await?
            .int(0)?;
        Ok(Some(SurveyState {
            opened_by: s.text(0)?,
            opened_on: s.text(1)?,
            closed_on: s.opt_text(2)?,
            links,
            answers,
        }))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64url_is_rfc4648_without_padding() {
        assert_eq!(super::base64url(b"f"), "Zg");
        assert_eq!(super::base64url(b"fo"), "Zm8");
        assert_eq!(super::base64url(b"foo"), "Zm9v");
        assert_eq!(super::base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(super::base64url(&[0u8; 32]).len(), 43);
    }
}
