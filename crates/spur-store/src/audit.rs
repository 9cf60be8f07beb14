//! The audit chain: every write appends an event whose hash covers the previous event's hash,
//! so a changed, removed or inserted row breaks the chain from there on.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first event: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit event, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AuditEvent {
    /// Sequence number, 1, 2, 3, … (the primary key: concurrent writers cannot fork the chain).
    pub seq: i64,
    /// When (ISO 8601, UTC).
    pub at: String,
    /// Who (the author of the write).
    pub actor: String,
    /// What: `inspection.created`, `version.saved`, `import`, `token.created`, `token.revoked`, …
    pub action: String,
    /// The inspection, if the event is about one.
    pub inspection_id: Option<i64>,
    /// The version, if the event is about one.
    pub version: Option<i64>,
    /// Details, a JSON object as text.
    pub detail: String,
    /// The previous event's hash ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// SHA-256 (hex) over `prev_hash`, a newline and [`canonical_row`].
    pub hash: String,
}

/// The fields an event's hash covers, in a fixed order.
#[derive(Serialize)]
struct Canonical<'a> {
    seq: i64,
    at: &'a str,
    actor: &'a str,
    action: &'a str,
    inspection_id: Option<i64>,
    version: Option<i64>,
    detail: &'a str,
}

/// The canonical text of an event (without its hashes): compact JSON of seq, at, actor,
/// action, inspection_id, version and detail, in that order.
pub fn canonical_row(e: &AuditEvent) -> String {
    serde_json::to_string(&Canonical {
        seq: e.seq,
        at: &e.at,
        actor: &e.actor,
        action: &e.action,
        inspection_id: e.inspection_id,
        version: e.version,
        detail: &e.detail,
    })
    .unwrap_or_default()
}

/// The hash an event must have: SHA-256 hex of `prev_hash`, `\n` and [`canonical_row`].
pub fn event_hash(e: &AuditEvent) -> String {
    let mut h = Sha256::new();
    h.update(e.prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical_row(e).as_bytes());
    let mut s = String::with_capacity(64);
    for b in h.finalize() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Verified {
    /// Events checked.
    pub events: u64,
    /// The last event's sequence number and hash (`None` for an empty chain).
    pub head: Option<(i64, String)>,
}

/// The first row where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Broken {
    /// The sequence number of the row.
    pub seq: i64,
    /// What is wrong with it.
    pub reason: String,
}

/// Checks events one after the other (in `seq` order).
#[derive(Debug)]
pub struct Verifier {
    expect_seq: i64,
    prev_hash: String,
    events: u64,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier {
            expect_seq: 1,
            prev_hash: GENESIS.to_string(),
            events: 0,
        }
    }
}

impl Verifier {
    /// Check the next event.
    ///
    /// # Errors
    ///
    /// [`Broken`] naming the row: a gap in the sequence, a `prev_hash` that is not the previous
    /// row's hash, or a hash that does not match the row's content.
    pub fn check(&mut self, e: &AuditEvent) -> Result<(), Broken> {
        let broken = |reason: String| Broken { seq: e.seq, reason };
        if e.seq != self.expect_seq {
            return Err(broken(format!(
                "expected sequence number {}, found {} (a row is missing)",
                self.expect_seq, e.seq
            )));
        }
        if e.prev_hash != self.prev_hash {
            return Err(broken(
                "prev_hash is not the previous row's hash (a row before it was changed or removed)"
                    .into(),
            ));
        }
        if event_hash(e) != e.hash {
            return Err(broken(
                "the hash does not match the row's content (the row was changed)".into(),
            ));
        }
        self.expect_seq += 1;
        self.prev_hash.clone_from(&e.hash);
        self.events += 1;
        Ok(())
    }

    /// The result after the last event.
    pub fn finish(self) -> Verified {
        Verified {
            events: self.events,
            head: (self.events > 0).then(|| (self.expect_seq - 1, self.prev_hash)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: i64, prev: &str) -> AuditEvent {
        let mut e = AuditEvent {
            seq,
            at: "2026-01-01T00:00:00.000000Z".into(),
            actor: "a".into(),
            action: "version.saved".into(),
            inspection_id: Some(1),
            version: Some(seq),
            detail: "{}".into(),
            prev_hash: prev.into(),
            hash: String::new(),
        };
        e.hash = event_hash(&e);
        e
    }

    #[test]
    fn a_chain_verifies_and_a_changed_row_is_found() {
        let e1 = event(1, GENESIS);
        let e2 = event(2, &e1.hash);
        let mut e3 = event(3, &e2.hash);
        let mut v = Verifier::default();
        for e in [&e1, &e2, &e3] {
            v.check(e).unwrap();
        }
        assert_eq!(v.finish().head, Some((3, e3.hash.clone())));
        e3.actor = "mallory".into();
        let mut v = Verifier::default();
        v.check(&e1).unwrap();
        v.check(&e2).unwrap();
        assert_eq!(v.check(&e3).unwrap_err().seq, 3);
    }

    #[test]
    fn a_missing_row_is_found() {
        let e1 = event(1, GENESIS);
        let e2 = event(2, &e1.hash);
        let e3 = event(3, &e2.hash);
        let mut v = Verifier::default();
        v.check(&e1).unwrap();
        assert_eq!(v.check(&e3).unwrap_err().seq, 3);
    }
}
