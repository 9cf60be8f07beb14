//! The SPUR process in the database (issue 31): orders, transitions with their deadlines,
//! appointed inspectors, the factual check's comments, attachments and the notification outbox.
//! The decisions are [`crate::workflow`]'s; this module reads the facts and writes the rows, each
//! write in one transaction with its audit event.

use chrono::NaiveDate;
use serde::Serialize;

use crate::db::{Conn, Val, args};
use crate::workflow::{Blocker, Deadlines, Facts, State, check_transition};
use crate::{Error, Prepared, Store, append_audit, now, save_in};

/// An order (`POST /v1/orders`): who wants an inspection, and when roughly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    /// The unit's name, as its documents will write it.
    pub unit: String,
    /// The region.
    pub region: Option<String>,
    /// The specialty.
    pub specialty: Option<String>,
    /// The wished period, free text (`"VT 2027"`, `"2027-03"`).
    pub wished_period: Option<String>,
}

/// The process facts of one inspection kept in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Process {
    /// The state.
    pub state: State,
    /// The wished period of the order, if it came as one.
    pub wished_period: Option<String>,
    /// The appointed inspectors (their sign-in subjects).
    pub inspectors: Vec<String>,
    /// The factual check's last day (while and after `preliminary`).
    pub factual_check_due: Option<String>,
    /// When the unit marked its factual check done.
    pub factual_check_done_at: Option<String>,
    /// When the report became final.
    pub final_at: Option<String>,
    /// The handlingsplan's last day (from `plan_required`).
    pub plan_due: Option<String>,
    /// Comments of the factual check not yet answered or resolved.
    pub open_comments: i64,
    /// Every transition so far, oldest first.
    pub history: Vec<Transition>,
}

/// One state change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Transition {
    /// 1, 2, 3, … per inspection.
    pub seq: i64,
    /// The state before (`None` for the first).
    pub from: Option<State>,
    /// The state after.
    pub to: State,
    /// Who.
    pub actor: String,
    /// Why, if given.
    pub reason: Option<String>,
    /// When (ISO 8601, UTC).
    pub at: String,
}

/// A factual-check comment and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Comment {
    /// The store's id.
    pub id: i64,
    /// The version the comment was made on.
    pub version: i64,
    /// The area letter, or `None` for the whole report.
    pub area: Option<String>,
    /// Who wrote it.
    pub author: String,
    /// The comment.
    pub body: String,
    /// When.
    pub at: String,
    /// The inspectors' answer, if any.
    pub answer: Option<String>,
    /// Who answered.
    pub answered_by: Option<String>,
    /// When.
    pub answered_at: Option<String>,
    /// Resolved (answered or closed without answer).
    pub resolved: bool,
}

/// An uploaded document, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Attachment {
    /// The store's id.
    pub id: i64,
    /// The file name as uploaded (for the download's `Content-Disposition`).
    pub name: String,
    /// The media type found by content.
    pub media_type: String,
    /// Bytes.
    pub size: i64,
    /// Lowercase hex SHA-256 of the content.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// When.
    pub uploaded_at: String,
}

/// A notification written to the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Notification {
    /// The outbox id.
    pub id: i64,
    /// When.
    pub at: String,
    /// What happened (`inspection.planned`, `report.preliminary`, …).
    pub kind: String,
    /// The inspection.
    pub inspection_id: Option<i64>,
    /// Who is asked to act (`unit`, `inspectors`, `coordinator`).
    pub recipient: String,
    /// By when, if there is a deadline.
    pub deadline: Option<String>,
    /// Swedish text.
    pub text_sv: String,
    /// English text.
    pub text_en: String,
}

/// Why a transition was refused (409), or the database failed.
#[derive(Debug)]
pub enum TransitionError {
    /// The rules say no; every reason.
    Blocked(Vec<Blocker>),
    /// The head moved while the caller prepared the new version: try again.
    Moved,
    /// Anything else.
    Store(Error),
}

impl From<Error> for TransitionError {
    fn from(e: Error) -> Self {
        TransitionError::Store(e)
    }
}
impl From<sqlx::Error> for TransitionError {
    fn from(e: sqlx::Error) -> Self {
        TransitionError::Store(Error::Db(e))
    }
}

/// A transition asked for, with what the caller computed outside the transaction (grading
/// and validation never run inside one).
#[derive(Debug, Clone)]
pub struct TransitionRequest {
    /// The target state.
    pub to: State,
    /// Who asks (the audit's actor).
    pub actor: String,
    /// Why.
    pub reason: Option<String>,
    /// The head version the caller looked at (0: none yet).
    pub base: i64,
    /// The facts that come from the document: errors at the target's strictness, D areas,
    /// the plan's completeness.
    pub document_facts: Facts,
    /// A new version to write with the transition (the skeleton at planning; the document with
    /// its `[report] status` following the state).
    pub version: Option<Prepared>,
    /// Inspectors to appoint (planning).
    pub inspectors: Vec<String>,
    /// The visit date (planning).
    pub visit_date: Option<NaiveDate>,
    /// Today, for deadlines.
    pub today: NaiveDate,
    /// The deadline rules.
    pub deadlines: Deadlines,
}

fn state_of(text: Option<String>) -> State {
    text.and_then(|s| s.parse().ok()).unwrap_or(State::Visited)
}

async fn process_in(c: &mut Conn<'_>, id: i64) -> Result<Process, Error> {
    processes_in(c, &[id])
        .await?
        .remove(&id)
        .ok_or_else(|| Error::NotFound(format!("inspection {id}")))
}

/// The processes of those of `ids` that exist, in four queries whatever their number.
async fn processes_in(
    c: &mut Conn<'_>,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, Process>, sqlx::Error> {
    let mut out = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let list = (1..=ids.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let args = || ids.iter().map(|id| Val::from(*id)).collect::<Vec<_>>();
    let rows = c
        .fetch_all(
            &format!(
                "SELECT id, state, wished_period, factual_check_due, factual_check_done_at, final_at, plan_due \
                 FROM inspections WHERE id IN ({list})"
            ),
            args(),
        )
        .await?;
    for r in &rows {
        out.insert(
            r.int(0)?,
            Process {
                state: state_of(r.opt_text(1)?),
                wished_period: r.opt_text(2)?,
                inspectors: Vec::new(),
                factual_check_due: r.opt_text(3)?,
                factual_check_done_at: r.opt_text(4)?,
                final_at: r.opt_text(5)?,
                plan_due: r.opt_text(6)?,
                open_comments: 0,
                history: Vec::new(),
            },
        );
    }
    let rows = c
        .fetch_all(
            &format!(
                "SELECT inspection_id, inspector FROM assignments WHERE inspection_id IN ({list}) \
                 ORDER BY inspection_id, appointed_at, inspector"
            ),
            args(),
        )
        .await?;
    for r in &rows {
        if let Some(p) = out.get_mut(&r.int(0)?) {
            p.inspectors.push(r.text(1)?);
        }
    }
    let rows = c
        .fetch_all(
            &format!(
                "SELECT inspection_id, COUNT(*) FROM comments \
                 WHERE inspection_id IN ({list}) AND resolved = 0 GROUP BY inspection_id"
            ),
            args(),
        )
        .await?;
    for r in &rows {
        if let Some(p) = out.get_mut(&r.int(0)?) {
            p.open_comments = r.int(1)?;
        }
    }
    let rows = c
        .fetch_all(
            &format!(
                "SELECT inspection_id, seq, from_state, to_state, actor, reason, at FROM transitions \
                 WHERE inspection_id IN ({list}) ORDER BY inspection_id, seq"
            ),
            args(),
        )
        .await?;
    for r in &rows {
        if let Some(p) = out.get_mut(&r.int(0)?) {
            p.history.push(Transition {
                seq: r.int(1)?,
                from: r.opt_text(2)?.and_then(|s| s.parse().ok()),
                to: state_of(Some(r.text(3)?)),
                actor: r.text(4)?,
                reason: r.opt_text(5)?,
                at: r.text(6)?,
            });
        }
    }
    Ok(out)
}

/// The first transition of an inspection brought in as a document (inside the caller's
/// write transaction), with the deadlines its state runs on, counted from the report's date
/// (`reported`, else today) under the default rules: the factual check's for `preliminary`,
/// the final date from `final` on, the handlingsplan's for `plan_required`. Nothing is
/// notified (a bulk import of past inspections asks no one to act).
pub(crate) async fn start_in(
    c: &mut Conn<'_>,
    id: i64,
    state: State,
    actor: &str,
    reported: Option<NaiveDate>,
) -> Result<(), sqlx::Error> {
    let day = reported.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let rules = Deadlines::default();
    if state == State::Preliminary {
        let due = rules.factual_check(day).to_string();
        c.execute(
            "UPDATE inspections SET factual_check_due = $1 WHERE id = $2",
            args![due, id],
        )
        .await?;
    }
    if state.is_published() {
        c.execute(
            "UPDATE inspections SET final_at = $1 WHERE id = $2",
            args![day.to_string(), id],
        )
        .await?;
    }
    if state == State::PlanRequired {
        let due = rules.plan(day).to_string();
        c.execute(
            "UPDATE inspections SET plan_due = $1 WHERE id = $2",
            args![due, id],
        )
        .await?;
    }
    append_transition(c, id, None, state, actor, Some("imported")).await
}

async fn append_transition(
    c: &mut Conn<'_>,
    id: i64,
    from: Option<State>,
    to: State,
    actor: &str,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    let seq = c
        .fetch_one(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM transitions WHERE inspection_id = $1",
            args![id],
        )
        .await?
        .int(0)?;
    let from_text: Option<String> = from.map(|s| s.to_string());
    c.execute(
        "INSERT INTO transitions (inspection_id, seq, from_state, to_state, actor, reason, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        args![
            id,
            seq,
            from_text,
            to.to_string(),
            actor.to_string(),
            reason.map(str::to_string),
            now()
        ],
    )
    .await?;
    c.execute(
        "UPDATE inspections SET state = $1 WHERE id = $2",
        args![to.to_string(), id],
    )
    .await?;
    append_audit(
        c,
        actor,
        "state.changed",
        Some(id),
        None,
        serde_json::json!({"from": from, "to": to, "reason": reason}),
    )
    .await?;
    Ok(())
}

/// The person or role a state asks to act, with the texts of the notification.
fn notification_for(to: State, deadline: Option<&str>) -> Option<(&'static str, String, String)> {
    let by = |sv: &str, en: &str| match deadline {
        Some(d) => (format!("{sv} senast {d}"), format!("{en} by {d}")),
        None => (sv.to_string(), en.to_string()),
    };
    let (recipient, (sv, en)) = match to {
        State::Ordered => (
            "coordinator",
            by(
                "En ny beställning väntar på planering",
                "A new order is waiting to be planned",
            ),
        ),
        State::Planned => (
            "inspectors",
            by("Du är utsedd till inspektör", "You are appointed inspector"),
        ),
        State::Preparing => (
            "unit",
            by(
                "Ladda upp era dokument och dela ut enkäten",
                "Upload your documents and hand out the survey",
            ),
        ),
        State::Visited => (
            "inspectors",
            by("Skriv rapportutkastet", "Write the draft report"),
        ),
        State::Preliminary => (
            "unit",
            by(
                "Faktagranska den preliminära rapporten",
                "Check the preliminary report for factual errors",
            ),
        ),
        State::PlanRequired => (
            "unit",
            by("Skicka in er handlingsplan", "Send your handlingsplan"),
        ),
        State::PlanReceived => (
            "unit",
            by(
                "Handlingsplanen är mottagen; följ upp punkterna",
                "The handlingsplan is accepted; follow its entries up",
            ),
        ),
        State::Final | State::Closed | State::Cancelled => return None,
    };
    Some((recipient, sv, en))
}

async fn notify(
    c: &mut Conn<'_>,
    id: i64,
    to: State,
    deadline: Option<&str>,
) -> Result<(), sqlx::Error> {
    let Some((recipient, sv, en)) = notification_for(to, deadline) else {
        return Ok(());
    };
    c.execute(
        "INSERT INTO outbox (at, kind, inspection_id, recipient, deadline, text_sv, text_en) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        args![
            now(),
            format!("inspection.{to}"),
            id,
            recipient,
            deadline.map(str::to_string),
            sv,
            en
        ],
    )
    .await?;
    Ok(())
}

impl Store {
    /// Create an inspection in `ordered` from an order: no document yet (head version 0).
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn order(&self, order: &NewOrder, actor: &str) -> Result<i64, Error> {
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let unit = crate::unit_of(
            &mut c,
            &order.unit,
            order.specialty.as_deref(),
            order.region.as_deref(),
        )
        .await?;
        let id = c
            .fetch_one(
                "INSERT INTO inspections (unit_id, visit_date, head_version, state, wished_period, created_by, created_at) \
                 VALUES ($1, NULL, 0, 'ordered', $2, $3, $4) RETURNING id",
                args![unit, order.wished_period.clone(), actor.to_string(), now()],
            )
            .await?
            .int(0)?;
        append_transition(&mut c, id, None, State::Ordered, actor, None).await?;
        notify(&mut c, id, State::Ordered, None).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The process facts of inspection `id`.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`], [`Error::Db`].
    pub async fn process(&self, id: i64) -> Result<Process, Error> {
        let mut c = self.read().await?;
        process_in(&mut c.conn(), id).await
    }

    /// The processes of those of `ids` that exist (a list's page), read in four queries
    /// whatever their number instead of four per inspection.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn processes(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, Process>, Error> {
        let mut c = self.read().await?;
        Ok(processes_in(&mut c.conn(), ids).await?)
    }

    /// The appointed inspectors of every inspection that has any, by inspection id, in order
    /// of appointment: one query for what lists and the overview ask of each row (instead of
    /// [`Store::process`] per inspection).
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn appointed(&self) -> Result<std::collections::HashMap<i64, Vec<String>>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(
                "SELECT inspection_id, inspector FROM assignments \
                 ORDER BY inspection_id, appointed_at, inspector",
                vec![],
            )
            .await?;
        let mut out: std::collections::HashMap<i64, Vec<String>> = Default::default();
        for r in &rows {
            out.entry(r.int(0)?).or_default().push(r.text(1)?);
        }
        Ok(out)
    }

    /// Move inspection `id` to `req.to`, if the rules allow it now; with the new version, the
    /// appointed inspectors and the deadlines the step starts, in one transaction. Reaching
    /// `final` continues at once to `plan_required` when an area is D.
    ///
    /// # Errors
    ///
    /// [`TransitionError::Blocked`] with every reason; [`TransitionError::Moved`] when the
    /// head changed since `req.base`; [`TransitionError::Store`].
    pub async fn transition(
        &self,
        id: i64,
        req: &TransitionRequest,
    ) -> Result<Process, TransitionError> {
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let process = process_in(&mut c, id).await?;
        let head = c
            .fetch_one(
                "SELECT head_version FROM inspections WHERE id = $1",
                args![id],
            )
            .await?
            .int(0)?;
        if head != req.base {
            return Err(TransitionError::Moved);
        }
        let from = process.state;
        let mut facts = req.document_facts.clone();
        facts.inspectors = if req.to == State::Planned {
            req.inspectors.len()
        } else {
            process.inspectors.len()
        };
        if req.to == State::Planned {
            facts.visit_date = req.visit_date;
        }
        facts.open_comments = process.open_comments as usize;
        facts.factual_check_over = process.factual_check_done_at.is_some()
            || process
                .factual_check_due
                .as_deref()
                .and_then(|d| d.parse::<NaiveDate>().ok())
                .is_some_and(|due| req.today > due);
        let blockers = check_transition(from, req.to, &facts);
        if !blockers.is_empty() {
            return Err(TransitionError::Blocked(blockers));
        }
        if req.to == State::Planned {
            for inspector in &req.inspectors {
                c.execute(
                    "INSERT INTO assignments (inspection_id, inspector, appointed_by, appointed_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    args![id, inspector.clone(), req.actor.clone(), now()],
                )
                .await?;
            }
        }
        if let Some(p) = &req.version {
            if head == 0 {
                crate::first_version_in(
                    &mut c,
                    id,
                    p,
                    &req.actor,
                    Some(&format!("state: {}", req.to)),
                )
                .await?;
            } else {
                match save_in(
                    &mut c,
                    id,
                    head,
                    p,
                    &req.actor,
                    Some(&format!("state: {}", req.to)),
                    "version.saved",
                )
                .await
                {
                    Ok(_) => {}
                    Err(Error::Conflict(_)) => return Err(TransitionError::Moved),
                    Err(e) => return Err(e.into()),
                }
            }
        }
        let today = req.today;
        let mut deadline: Option<String> = None;
        match req.to {
            State::Preliminary => {
                let due = req.deadlines.factual_check(today).to_string();
                c.execute(
                    "UPDATE inspections SET factual_check_due = $1, factual_check_done_at = NULL WHERE id = $2",
                    args![due.clone(), id],
                )
                .await?;
                deadline = Some(due);
            }
            State::Final => {
                c.execute(
                    "UPDATE inspections SET final_at = $1 WHERE id = $2",
                    args![today.to_string(), id],
                )
                .await?;
            }
            _ => {}
        }
        append_transition(
            &mut c,
            id,
            Some(from),
            req.to,
            &req.actor,
            req.reason.as_deref(),
        )
        .await?;
        notify(&mut c, id, req.to, deadline.as_deref()).await?;
        if req.to == State::Final && facts.has_d {
            let due = req.deadlines.plan(today).to_string();
            c.execute(
                "UPDATE inspections SET plan_due = $1 WHERE id = $2",
                args![due.clone(), id],
            )
            .await?;
            append_transition(
                &mut c,
                id,
                Some(State::Final),
                State::PlanRequired,
                "spur",
                Some("ett område har D / an area is D"),
            )
            .await?;
            notify(&mut c, id, State::PlanRequired, Some(&due)).await?;
        }
        let after = process_in(&mut c, id).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The unit marks its factual check done (only in `preliminary`).
    ///
    /// # Errors
    ///
    /// [`TransitionError::Blocked`] outside `preliminary`.
    pub async fn factual_check_done(&self, id: i64, actor: &str) -> Result<(), TransitionError> {
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let process = process_in(&mut c, id).await?;
        if process.state != State::Preliminary {
            return Err(TransitionError::Blocked(vec![Blocker {
                code: "not-preliminary",
                sv: "faktagranskningen pågår bara medan rapporten är preliminär".into(),
                en: "the factual check is only open while the report is preliminary".into(),
            }]));
        }
        c.execute(
            "UPDATE inspections SET factual_check_done_at = $1 WHERE id = $2",
            args![now(), id],
        )
        .await?;
        append_audit(
            &mut c,
            actor,
            "factual_check.done",
            Some(id),
            None,
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

mod attachments;
mod comments;
mod outbox;
mod published;

pub use outbox::Feed;
pub use published::{CORRECTION_PREFIX, correction_reason};
