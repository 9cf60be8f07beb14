//! The SPUR process as states and transitions (issue 31): which step an inspection is in, which
//! steps may follow, what each step requires, and the deadlines it starts.
//!
//! Pure decisions, no database: the store asks [`check_transition`] before it appends a
//! transition (with its audit event) in the same write transaction, and the server lists
//! [`State::next`] filtered by [`may_request`] as "what you may do next".
//!
//! ```text
//! ordered → planned → preparing → visited → preliminary → final ─┬→ plan_required → plan_received → closed
//!    └──────────┴──────────┴→ cancelled                           └→ closed
//! ```

use chrono::{Months, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantArray};

use spur_core::ReportStatus;

/// Where an inspection is in the SPUR process. The names are the API's (`"plan_required"`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
    VariantArray,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum State {
    /// Ordered by the unit or the region; no inspectors or date yet, no document.
    Ordered,
    /// The coordinator has appointed two inspectors and a visit date; the document skeleton
    /// exists.
    Planned,
    /// Documents and the survey are open; the unit uploads, its staff answer.
    Preparing,
    /// The visit took place; the inspectors write the draft.
    Visited,
    /// Sent to the unit for the factual check (faktagranskning), until its deadline.
    Preliminary,
    /// Published. Findings, grades and report texts are immutable from here on.
    Final,
    /// An area is D under a regulation: the unit owes a handlingsplan within three months.
    PlanRequired,
    /// The unit's complete handlingsplan was accepted: D is adjusted to C.
    PlanReceived,
    /// Done: no plan was needed, or every plan entry is completed or followed up.
    Closed,
    /// Called off before the visit.
    Cancelled,
}

/// Who acts on a transition (the role of the caller; scope is the authorization's business).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Display, EnumString, IntoStaticStr, Serialize)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Actor {
    /// LIPUS's administrator.
    Admin,
    /// The specialty's SPUR coordinator.
    Coordinator,
    /// One of the inspection's appointed inspectors.
    Inspector,
    /// The inspected unit (verksamhetschef, studierektor).
    Unit,
    /// The region.
    Region,
    /// spur itself (automatic steps such as `final → plan_required`).
    System,
}

impl State {
    /// Every state, in workflow order (`cancelled` last).
    pub const ALL: &'static [State] = <State as VariantArray>::VARIANTS;

    /// Before `final`: the states in which the report may still be written.
    pub fn before_final(self) -> bool {
        matches!(
            self,
            State::Ordered
                | State::Planned
                | State::Preparing
                | State::Visited
                | State::Preliminary
        )
    }

    /// `final` and after (not `cancelled`): the states with a final report.
    pub fn from_final(self) -> bool {
        self.is_published()
    }

    /// `preliminary` and after (not `cancelled`): the states in which the unit sees a report.
    pub fn from_preliminary(self) -> bool {
        self == State::Preliminary || self.from_final()
    }

    /// The states that may follow this one, in the order a person would take them.
    pub fn next(self) -> &'static [State] {
        use State::*;
        match self {
            Ordered => &[Planned, Cancelled],
            Planned => &[Preparing, Cancelled],
            Preparing => &[Visited, Cancelled],
            Visited => &[Preliminary],
            Preliminary => &[Final],
            Final => &[PlanRequired, Closed],
            PlanRequired => &[PlanReceived],
            PlanReceived => &[Closed],
            Closed | Cancelled => &[],
        }
    }

    /// Whether findings, grades and report texts are frozen (from `final` on): only a
    /// coordinator's correction or the handlingsplan steps change the document.
    pub fn is_published(self) -> bool {
        matches!(
            self,
            State::Final | State::PlanRequired | State::PlanReceived | State::Closed
        )
    }

    /// Whether the inspection has a document (from `planned` on).
    pub fn has_document(self) -> bool {
        !matches!(self, State::Ordered | State::Cancelled)
    }

    /// The `[report] status` the document carries in this state.
    pub fn report_status(self) -> ReportStatus {
        if self.is_published() {
            ReportStatus::Final
        } else if self == State::Preliminary {
            ReportStatus::Preliminary
        } else {
            ReportStatus::Draft
        }
    }

    /// The state a complete document brought in (`POST /v1/inspections`) starts in, from its
    /// `[report] status`; `has_d` is whether an area is D under a regulation before any
    /// adjustment, `plan_received` whether its handlingsplan is received.
    pub fn imported(status: ReportStatus, has_d: bool, plan_received: bool) -> State {
        match status {
            ReportStatus::Draft => State::Visited,
            ReportStatus::Preliminary => State::Preliminary,
            ReportStatus::Final if !has_d => State::Final,
            ReportStatus::Final if plan_received => State::PlanReceived,
            ReportStatus::Final => State::PlanRequired,
        }
    }
}

/// Who may ask for `from → to` (before scope: an inspector must also be appointed, a unit its
/// own). `System` steps are taken by spur, never requested.
pub fn may_request(actor: Actor, from: State, to: State) -> bool {
    use State::*;
    if !from.next().contains(&to) {
        return false;
    }
    let staff = matches!(actor, Actor::Admin | Actor::Coordinator);
    match (from, to) {
        (_, Cancelled) => staff,
        (Ordered, Planned) => staff,
        (Planned, Preparing) => staff || actor == Actor::Inspector,
        (Preparing, Visited) | (Visited, Preliminary) | (Preliminary, Final) => {
            actor == Actor::Inspector || actor == Actor::Admin
        }
        (Final, PlanRequired) => actor == Actor::System,
        (Final, Closed) => staff || actor == Actor::Inspector || actor == Actor::System,
        (PlanRequired, PlanReceived) => staff || actor == Actor::Inspector,
        (PlanReceived, Closed) => staff || actor == Actor::Inspector,
        _ => false,
    }
}

/// What the store knows when a transition is asked for.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Appointed inspectors.
    pub inspectors: usize,
    /// The planned visit date.
    pub visit_date: Option<NaiveDate>,
    /// The head document has errors at the strictness the target state needs (located
    /// problems, given back as the reason).
    pub document_errors: usize,
    /// The factual check's deadline has passed or the unit marked its check done.
    pub factual_check_over: bool,
    /// Comments of the factual check not yet answered or resolved.
    pub open_comments: usize,
    /// An area is D under a regulation (before the D→C adjustment).
    pub has_d: bool,
    /// The handlingsplan is received and complete (every required item answered).
    pub plan_complete: bool,
    /// Every plan entry is completed or followed up.
    pub plan_done: bool,
}

/// Why a transition cannot be made now (the 409's list). Each has a stable code and a text in
/// both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Blocker {
    /// Stable code, e.g. `not-next`, `needs-inspectors`.
    pub code: &'static str,
    /// Swedish text.
    pub sv: String,
    /// English text.
    pub en: String,
}

fn blocker(code: &'static str, sv: impl Into<String>, en: impl Into<String>) -> Blocker {
    Blocker {
        code,
        sv: sv.into(),
        en: en.into(),
    }
}

/// Every reason `from → to` cannot be made with `facts` (empty: it may be made). Who asks is
/// [`may_request`]'s question, not this one.
pub fn check_transition(from: State, to: State, facts: &Facts) -> Vec<Blocker> {
    use State::*;
    if !from.next().contains(&to) {
        let next: Vec<&str> = from.next().iter().map(|s| s.into()).collect();
        let list = if next.is_empty() {
            "–".to_string()
        } else {
            next.join(", ")
        };
        return vec![blocker(
            "not-next",
            format!("från {from} går det bara till: {list}"),
            format!("from {from} the next states are: {list}"),
        )];
    }
    let mut out = Vec::new();
    match (from, to) {
        (Ordered, Planned) => {
            if facts.inspectors < 2 {
                out.push(blocker(
                    "needs-inspectors",
                    format!("två inspektörer ska utses (nu {})", facts.inspectors),
                    format!(
                        "two inspectors must be appointed (now {})",
                        facts.inspectors
                    ),
                ));
            }
            if facts.visit_date.is_none() {
                out.push(blocker(
                    "needs-visit-date",
                    "ett besöksdatum ska anges",
                    "a visit date must be set",
                ));
            }
        }
        (Visited, Preliminary) | (Preliminary, Final) if facts.document_errors > 0 => {
            out.push(blocker(
                "document-incomplete",
                format!(
                    "dokumentet har {} fel för en {to}-rapport",
                    facts.document_errors
                ),
                format!(
                    "the document has {} error(s) for a {to} report",
                    facts.document_errors
                ),
            ));
        }
        _ => {}
    }
    match (from, to) {
        (Preliminary, Final) => {
            if !facts.factual_check_over {
                out.push(blocker(
                    "factual-check-open",
                    "faktagranskningen pågår: enheten har inte markerat den klar och tidsfristen har inte gått ut",
                    "the factual check is open: the unit has not marked it done and its deadline has not passed",
                ));
            }
            if facts.open_comments > 0 {
                out.push(blocker(
                    "open-comments",
                    format!(
                        "{} kommentar(er) från faktagranskningen är obesvarade",
                        facts.open_comments
                    ),
                    format!(
                        "{} factual-check comment(s) are unanswered",
                        facts.open_comments
                    ),
                ));
            }
        }
        (Final, PlanRequired) if !facts.has_d => out.push(blocker(
            "no-d",
            "inget område har D: ingen handlingsplan krävs",
            "no area is D: no handlingsplan is required",
        )),
        (Final, Closed) if facts.has_d => out.push(blocker(
            "plan-required",
            "ett område har D: enheten ska först lämna en handlingsplan",
            "an area is D: the unit must send a handlingsplan first",
        )),
        (PlanRequired, PlanReceived) if !facts.plan_complete => out.push(blocker(
            "plan-incomplete",
            "handlingsplanen är inte inkommen och komplett (varje krävd punkt besvarad)",
            "the handlingsplan is not received and complete (every required item answered)",
        )),
        (PlanReceived, Closed) if !facts.plan_done => out.push(blocker(
            "plan-open",
            "alla punkter i handlingsplanen är inte genomförda eller uppföljda",
            "not every handlingsplan entry is completed or followed up",
        )),
        _ => {}
    }
    out
}

/// Deadlines of the process, with their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Deadlines {
    /// Days the unit has for the factual check (default 14).
    pub factual_check_days: u32,
    /// Months the unit has for its handlingsplan after the final report (default 3).
    pub plan_months: u32,
    /// Years until the next inspection is due after a visit (default 5).
    pub reinspection_years: u32,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            factual_check_days: 14,
            plan_months: 3,
            reinspection_years: 5,
        }
    }
}

impl Deadlines {
    /// The factual check's last day, for a report sent on `sent`.
    pub fn factual_check(&self, sent: NaiveDate) -> NaiveDate {
        sent + chrono::Days::new(u64::from(self.factual_check_days))
    }
    /// The handlingsplan's last day, for a report made final on `final_on`.
    pub fn plan(&self, final_on: NaiveDate) -> NaiveDate {
        final_on
            .checked_add_months(Months::new(self.plan_months))
            .unwrap_or(final_on)
    }
    /// When the next inspection is due after a visit on `visit`.
    pub fn reinspection(&self, visit: NaiveDate) -> NaiveDate {
        visit
            .checked_add_months(Months::new(self.reinspection_years * 12))
            .unwrap_or(visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    fn ready() -> Facts {
        Facts {
            inspectors: 2,
            visit_date: NaiveDate::from_ymd_opt(2026, 3, 10),
            document_errors: 0,
            factual_check_over: true,
            open_comments: 0,
            has_d: true,
            plan_complete: true,
            plan_done: true,
        }
    }

    /// (from, to, actor, allowed)
    const WHO: &[(State, State, Actor, bool)] = {
        use Actor::*;
        use State::*;
        &[
            (Ordered, Planned, Coordinator, true),
            (Ordered, Planned, Admin, true),
            (Ordered, Planned, Inspector, false),
            (Ordered, Planned, Unit, false),
            (Ordered, Cancelled, Coordinator, true),
            (Ordered, Cancelled, Unit, false),
            (Planned, Preparing, Inspector, true),
            (Planned, Preparing, Unit, false),
            (Preparing, Visited, Inspector, true),
            (Preparing, Visited, Coordinator, false),
            (Preparing, Cancelled, Admin, true),
            (Visited, Cancelled, Admin, false),
            (Visited, Preliminary, Inspector, true),
            (Visited, Preliminary, Unit, false),
            (Preliminary, Final, Inspector, true),
            (Preliminary, Final, Unit, false),
            (Preliminary, Final, Region, false),
            (Final, PlanRequired, System, true),
            (Final, PlanRequired, Inspector, false),
            (Final, Closed, Inspector, true),
            (PlanRequired, PlanReceived, Inspector, true),
            (PlanRequired, PlanReceived, Coordinator, true),
            (PlanRequired, PlanReceived, Unit, false),
            (PlanReceived, Closed, Inspector, true),
            (PlanReceived, Closed, Region, false),
            (Closed, Ordered, Admin, false),
            (Final, Visited, Admin, false),
        ]
    };

    #[test]
    fn who_may_request_each_transition() {
        for &(from, to, actor, allowed) in WHO {
            assert_eq!(
                may_request(actor, from, to),
                allowed,
                "{actor} {from} → {to}"
            );
        }
    }

    #[test]
    fn every_next_state_has_someone_who_may_take_it() {
        use Actor::*;
        for from in State::iter() {
            for &to in from.next() {
                assert!(
                    [Admin, Coordinator, Inspector, System]
                        .iter()
                        .any(|&a| may_request(a, from, to)),
                    "{from} → {to} has no actor"
                );
            }
        }
    }

    #[test]
    fn cancel_only_before_the_visit() {
        for from in State::iter() {
            let before = matches!(from, State::Ordered | State::Planned | State::Preparing);
            assert_eq!(from.next().contains(&State::Cancelled), before, "{from}");
        }
    }

    #[test]
    fn blockers_name_what_is_missing() {
        type Case = (State, State, fn(&mut Facts), &'static str);
        let cases: &[Case] = &[
            (
                State::Ordered,
                State::Planned,
                |f| f.inspectors = 1,
                "needs-inspectors",
            ),
            (
                State::Ordered,
                State::Planned,
                |f| f.visit_date = None,
                "needs-visit-date",
            ),
            (
                State::Visited,
                State::Preliminary,
                |f| f.document_errors = 3,
                "document-incomplete",
            ),
            (
                State::Preliminary,
                State::Final,
                |f| f.factual_check_over = false,
                "factual-check-open",
            ),
            (
                State::Preliminary,
                State::Final,
                |f| f.open_comments = 1,
                "open-comments",
            ),
            (
                State::Final,
                State::PlanRequired,
                |f| f.has_d = false,
                "no-d",
            ),
            (State::Final, State::Closed, |_| {}, "plan-required"),
            (
                State::PlanRequired,
                State::PlanReceived,
                |f| f.plan_complete = false,
                "plan-incomplete",
            ),
            (
                State::PlanReceived,
                State::Closed,
                |f| f.plan_done = false,
                "plan-open",
            ),
            (State::Closed, State::Ordered, |_| {}, "not-next"),
        ];
        for (from, to, change, code) in cases {
            let mut facts = ready();
            change(&mut facts);
            let blockers = check_transition(*from, *to, &facts);
            assert!(
                blockers.iter().any(|b| b.code == *code),
                "{from} → {to}: expected {code}, got {blockers:?}"
            );
        }
        assert!(check_transition(State::Preliminary, State::Final, &ready()).is_empty());
    }

    #[test]
    fn names_are_the_issues() {
        let names: Vec<&str> = State::iter().map(Into::into).collect();
        assert_eq!(
            names,
            [
                "ordered",
                "planned",
                "preparing",
                "visited",
                "preliminary",
                "final",
                "plan_required",
                "plan_received",
                "closed",
                "cancelled"
            ]
        );
    }

    #[test]
    fn deadlines() {
        let d = Deadlines::default();
        let day = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(d.factual_check(day(2026, 3, 20)), day(2026, 4, 3));
        assert_eq!(d.plan(day(2026, 11, 30)), day(2027, 2, 28));
        assert_eq!(d.reinspection(day(2024, 2, 29)), day(2029, 2, 28));
    }
}
