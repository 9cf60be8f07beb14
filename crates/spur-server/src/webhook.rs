//! Webhooks (issue 31): every notification the process writes to the store's outbox is posted
//! as JSON to each configured `[[webhook]]`, signed with HMAC-SHA-256 over the body
//! (`X-Spur-Signature: sha256=<hex>`), retried with exponential backoff, and every attempt is
//! recorded in the store (`deliveries`). Receivers verify the signature with their secret and
//! may receive a notification more than once (at-least-once): the `id` tells them apart.
//!
//! Plain `http://` only — put a TLS-terminating relay on the same host for receivers elsewhere
//! (see `docs/deploy.md`).

use std::collections::BTreeMap;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use spur_store::{Notification, Store};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One `[[webhook]]` of the server configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// Where to post: `http://HOST:PORT/PATH`.
    pub url: String,
    /// The shared secret the signature is made with.
    pub secret: String,
}

/// Attempts per notification and receiver before giving up (each recorded).
pub const MAX_ATTEMPTS: i64 = 8;

/// The signature header's value for `body` under `secret`: `sha256=<lowercase hex>`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// The JSON a receiver gets.
pub fn payload(n: &Notification) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "id": n.id,
        "at": n.at,
        "kind": n.kind,
        "inspection": n.inspection_id,
        "recipient": n.recipient,
        "deadline": n.deadline,
        "text": {"sv": n.text_sv, "en": n.text_en},
    }))
    .unwrap_or_default()
}

/// `host:port` and path of an `http://` URL.
fn split_url(url: &str) -> Option<(String, String)> {
    let rest = url.strip_prefix("http://")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let authority = if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    Some((authority, path.to_string()))
}

/// Whether `url` is one this sender can post to.
pub fn is_supported(url: &str) -> bool {
    split_url(url).is_some()
}

/// Post `body` to `url`; the HTTP status.
async fn post(url: &str, body: &[u8], signature: &str) -> Result<u16, String> {
    let (authority, path) = split_url(url).ok_or("only http:// URLs are supported")?;
    let connect = TcpStream::connect(&authority);
    let mut stream = tokio::time::timeout(Duration::from_secs(5), connect)
        .await
        .map_err(|_| "connect timed out".to_string())?
        .map_err(|e| e.to_string())?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nX-Spur-Signature: {signature}\r\nUser-Agent: spur-webhook\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    let exchange = async {
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body).await?;
        let mut answer = Vec::new();
        let mut buf = [0u8; 1024];
        // The status line is all that is needed; read at most 8 KiB.
        while answer.len() < 8192 {
            let n = stream.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buf[..n]);
            if answer.windows(2).any(|w| w == b"\r\n") {
                break;
            }
        }
        Ok::<_, std::io::Error>(answer)
    };
    let answer = tokio::time::timeout(Duration::from_secs(10), exchange)
        .await
        .map_err(|_| "no answer within 10 s".to_string())?
        .map_err(|e| e.to_string())?;
    let line = String::from_utf8_lossy(&answer);
    line.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| "not an HTTP answer".to_string())
}

/// Deliver what is not yet delivered, once: each notification to each webhook whose backoff
/// has passed. Returns how many were delivered now.
///
/// # Errors
///
/// A store error (the next round tries again).
pub async fn deliver_once(
    store: &Store,
    hooks: &[WebhookConfig],
    attempts: &mut BTreeMap<(String, i64), (i64, tokio::time::Instant)>,
) -> Result<usize, spur_store::Error> {
    if hooks.is_empty() {
        return Ok(0);
    }
    let notifications = store.notifications(0).await?;
    let mut delivered_now = 0;
    for hook in hooks {
        let done = store.delivered(&hook.url).await?;
        for n in notifications.iter().filter(|n| !done.contains(&n.id)) {
            let key = (hook.url.clone(), n.id);
            let (tried, next) = attempts
                .get(&key)
                .copied()
                .unwrap_or((0, tokio::time::Instant::now()));
            if tried >= MAX_ATTEMPTS || tokio::time::Instant::now() < next {
                continue;
            }
            let body = payload(n);
            let result = post(&hook.url, &body, &signature(&hook.secret, &body)).await;
            let attempt = tried + 1;
            let (status, error) = match &result {
                Ok(s) => (Some(i64::from(*s)), None),
                Err(e) => (None, Some(e.as_str())),
            };
            store
                .record_delivery(n.id, &hook.url, attempt, status, error)
                .await?;
            if result.as_ref().is_ok_and(|s| (200..300).contains(s)) {
                delivered_now += 1;
                attempts.remove(&key);
            } else {
                let backoff = Duration::from_millis(500 * 2u64.pow(attempt.min(10) as u32));
                attempts.insert(key, (attempt, tokio::time::Instant::now() + backoff));
            }
        }
    }
    Ok(delivered_now)
}

/// Run the sender until the process ends: a round every `every`.
pub async fn run(store: Store, hooks: Vec<WebhookConfig>, every: Duration) {
    let mut attempts = BTreeMap::new();
    loop {
        if let Err(e) = deliver_once(&store, &hooks, &mut attempts).await {
            tracing::warn!("webhooks: {e}");
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_hex() {
        // RFC 4231 test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn only_plain_http_urls() {
        assert!(is_supported("http://127.0.0.1:9000/hook"));
        assert!(is_supported("http://example.invalid"));
        assert!(!is_supported("https://example.invalid/hook"));
        assert!(!is_supported("http://user@host/"));
        assert!(!is_supported("ftp://host/"));
    }
}
