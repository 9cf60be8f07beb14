//! After `final`: a coordinator's correction (a new version with a mandatory reason, kept in the
//! report's history) and an inspector returning the unit's handlingsplan with a reason (the
//! state stays `plan_required`; the unit is told why).

use super::{Process, TransitionError, append_transition, process_in};
use crate::db::args;
use crate::workflow::{Blocker, State};
use crate::{Prepared, Saved, Store, VersionInfo, append_audit, now, save_in};

/// How a correction's reason starts in its version's `reason`: the report's history lists the
/// versions whose reason starts so.
pub const CORRECTION_PREFIX: &str = "rättelse / correction: ";

/// The reason a correction was saved with, if `v` is a correction.
pub fn correction_reason(v: &VersionInfo) -> Option<&str> {
    v.reason.as_deref()?.strip_prefix(CORRECTION_PREFIX)
}

fn reason_required(what_sv: &str, what_en: &str) -> Blocker {
    Blocker {
        code: "reason-required",
        sv: format!("{what_sv} kräver ett skäl"),
        en: format!("{what_en} needs a reason"),
    }
}

impl Store {
    /// A coordinator's correction of a published report (from `final` on): a new version with
    /// a mandatory reason, audited as `version.corrected`.
    ///
    /// # Errors
    ///
    /// [`TransitionError::Blocked`] before `final` (`not-final`) or without a reason
    /// (`reason-required`); [`TransitionError::Store`] with [`crate::Error::Conflict`] when
    /// `base` is not the head, or another store error.
    pub async fn correct(
        &self,
        id: i64,
        base: i64,
        p: &Prepared,
        actor: &str,
        reason: &str,
    ) -> Result<Saved, TransitionError> {
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let process = process_in(&mut c, id).await?;
        let mut blockers = Vec::new();
        if !process.state.is_published() {
            blockers.push(Blocker {
                code: "not-final",
                sv: format!(
                    "en rättelse görs först när rapporten är slutlig (nu {}); spara ändringen som en ny version",
                    process.state
                ),
                en: format!(
                    "a correction is made once the report is final (now {}); save the change as a new version",
                    process.state
                ),
            });
        }
        let reason = reason.trim();
        if reason.is_empty() {
            blockers.push(reason_required("En rättelse", "A correction"));
        }
        if !blockers.is_empty() {
            return Err(TransitionError::Blocked(blockers));
        }
        let saved = save_in(
            &mut c,
            id,
            base,
            p,
            actor,
            Some(&format!("{CORRECTION_PREFIX}{reason}")),
            "version.corrected",
        )
        .await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// An inspector (or the coordinator) returns the unit's handlingsplan with a reason: the
    /// state stays `plan_required` (a `plan_required → plan_required` row in the history, with
    /// the reason, which the unit reads in the record), audited as `handlingsplan.returned`,
    /// and the unit is notified with the plan's deadline. `version`, when given, is written in
    /// the same transaction on top of head `base`: the document with the plan no longer
    /// received (so nothing is adjusted D → C while the plan is out).
    ///
    /// # Errors
    ///
    /// [`TransitionError::Blocked`] outside `plan_required` (`not-plan-required`) or without a
    /// reason (`reason-required`); [`TransitionError::Moved`] when the head is no longer
    /// `base`; [`TransitionError::Store`].
    pub async fn return_plan(
        &self,
        id: i64,
        actor: &str,
        reason: &str,
        base: i64,
        version: Option<&Prepared>,
    ) -> Result<Process, TransitionError> {
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let process = process_in(&mut c, id).await?;
        let mut blockers = Vec::new();
        if process.state != State::PlanRequired {
            blockers.push(Blocker {
                code: "not-plan-required",
                sv: format!(
                    "en handlingsplan kan bara återsändas i plan_required (nu {})",
                    process.state
                ),
                en: format!(
                    "a handlingsplan can only be returned in plan_required (now {})",
                    process.state
                ),
            });
        }
        let reason = reason.trim();
        if reason.is_empty() {
            blockers.push(reason_required(
                "Att återsända handlingsplanen",
                "Returning the handlingsplan",
            ));
        }
        if !blockers.is_empty() {
            return Err(TransitionError::Blocked(blockers));
        }
        if let Some(p) = version {
            match save_in(
                &mut c,
                id,
                base,
                p,
                actor,
                Some(&format!("handlingsplan återsänd / returned: {reason}")),
                "version.saved",
            )
            .await
            {
                Ok(_) => {}
                Err(crate::Error::Conflict(_)) => return Err(TransitionError::Moved),
                Err(e) => return Err(e.into()),
            }
        }
        append_transition(
            &mut c,
            id,
            Some(State::PlanRequired),
            State::PlanRequired,
            actor,
            Some(reason),
        )
        .await?;
        append_audit(
            &mut c,
            actor,
            "handlingsplan.returned",
            Some(id),
            None,
            serde_json::json!({ "reason": reason }),
        )
        .await?;
        let deadline = process.plan_due.clone();
        let by = |sv: String, en: String| match &deadline {
            Some(d) => (
                format!("{sv}; skicka en ny senast {d}"),
                format!("{en}; send a new one by {d}"),
            ),
            None => (sv, en),
        };
        let (sv, en) = by(
            format!("Handlingsplanen är återsänd: {reason}"),
            format!("The handlingsplan was returned: {reason}"),
        );
        c.execute(
            "INSERT INTO outbox (at, kind, inspection_id, recipient, deadline, text_sv, text_en) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            args![
                now(),
                "handlingsplan.returned".to_string(),
                id,
                "unit".to_string(),
                deadline,
                sv,
                en
            ],
        )
        .await?;
        let after = process_in(&mut c, id).await?;
        tx.commit().await?;
        Ok(after)
    }
}
