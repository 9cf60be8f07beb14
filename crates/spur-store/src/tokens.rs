//! API tokens: only their SHA-256 digests are stored; created, listed, looked up and revoked,
//! each change audited.

use serde::Serialize;

use crate::db::{Row, args};
use crate::{Error, Store, append_audit, now, sha256_hex};

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
pub(crate) const TOKEN_SQL: &str = "SELECT id, name, digest, role, scope_kind, scope_value, created_by, created_at, expires_at, revoked_at FROM api_tokens";

pub(crate) fn token(r: &Row) -> Result<TokenRecord, sqlx::Error> {
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

impl Store {
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
}
