//! Browser sessions in the database (issue 30, item 4), so that several server instances on one
//! PostgreSQL share them: a session begun on one instance is known to all, and a sign-out on one
//! ends it on all. Only the SHA-256 of the cookie's random session id is kept.

use crate::db::args;
use crate::{Error, Store, now};

/// A stored session, with the state of the API token it was begun with (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// The signed-in principal, as JSON (the server's `Principal`).
    pub principal: String,
    /// The API token the session was begun with; `None` for the region's OIDC sign-in.
    pub token_id: Option<i64>,
    /// When the session was begun (ISO 8601 UTC).
    pub created_at: String,
    /// When it stops working (ISO 8601 UTC).
    pub expires_at: String,
    /// When it was ended by sign-out, if it was.
    pub ended_at: Option<String>,
    /// When its token was revoked, if it was (the session ends with it).
    pub token_revoked_at: Option<String>,
    /// When its token expires, if ever.
    pub token_expires_at: Option<String>,
}

impl Store {
    /// Keep a new session: `digest` is the SHA-256 (lowercase hex) of its random id. Sessions
    /// that expired more than a day ago are deleted on the way.
    ///
    /// # Errors
    ///
    /// [`Error::Db`] (also for a digest already stored).
    pub async fn create_session(
        &self,
        digest: &str,
        principal: &str,
        token_id: Option<i64>,
        expires_at: &str,
    ) -> Result<(), Error> {
        let mut c = self.read().await?;
        let mut conn = c.conn();
        let stale = (chrono::Utc::now() - chrono::Duration::days(1))
            .format("%Y-%m-%dT%H:%M:%S%.6fZ")
            .to_string();
        conn.execute("DELETE FROM sessions WHERE expires_at < $1", args![stale])
            .await?;
        conn.execute(
            "INSERT INTO sessions (digest, principal, token_id, created_at, expires_at, ended_at) \
             VALUES ($1, $2, $3, $4, $5, NULL)",
            args![
                digest.to_string(),
                principal.to_string(),
                token_id,
                now(),
                expires_at.to_string()
            ],
        )
        .await?;
        Ok(())
    }

    /// The session whose id has SHA-256 `digest`, if it is stored (ended and expired ones
    /// included: the caller decides).
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn session(&self, digest: &str) -> Result<Option<StoredSession>, Error> {
        let mut c = self.read().await?;
        let row = c
            .conn()
            .fetch_optional(
                "SELECT s.principal, s.token_id, s.created_at, s.expires_at, s.ended_at, \
                 t.revoked_at, t.expires_at \
                 FROM sessions s LEFT JOIN api_tokens t ON t.id = s.token_id WHERE s.digest = $1",
                args![digest.to_string()],
            )
            .await?;
        Ok(match row {
            Some(r) => Some(StoredSession {
                principal: r.text(0)?,
                token_id: r.opt_int(1)?,
                created_at: r.text(2)?,
                expires_at: r.text(3)?,
                ended_at: r.opt_text(4)?,
                token_revoked_at: r.opt_text(5)?,
                token_expires_at: r.opt_text(6)?,
            }),
            None => None,
        })
    }

    /// End the session whose id has SHA-256 `digest` (sign-out); whether a session was ended.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn end_session(&self, digest: &str) -> Result<bool, Error> {
        let mut c = self.read().await?;
        let n = c
            .conn()
            .execute(
                "UPDATE sessions SET ended_at = $1 WHERE digest = $2 AND ended_at IS NULL",
                args![now(), digest.to_string()],
            )
            .await?;
        Ok(n == 1)
    }
}
