//! The state of each handlingsplan entry on a given date.
//!
//! ## The rule
//! "Passed" means strictly before the as-of date: a date equal to the as-of date is **not yet
//! passed** (an action due today is not overdue today). An entry is *done* when its `completed`
//! date is on or before the as-of date, or — without a `completed` date — when its status is
//! `done`. (A `completed` date after the as-of date means it was not yet done then; this makes
//! looking back at an earlier date consistent.) The first rule that matches decides:
//!
//! | # | condition | state | `days` |
//! |---|-----------|-------|--------|
//! | 1 | status `verified_effective` | `closed_effective` | – |
//! | 2 | status `not_effective` | `closed_not_effective` (needs a new action) | – |
//! | 3 | follow-up date passed (done or not) | `follow_up_overdue` | days since the follow-up date |
//! | 4 | done | `done_awaiting_follow_up` | days until the follow-up date (– without one) |
//! | 5 | no due date | `no_due_date` (the plan lacks a date: fix the plan) | – |
//! | 6 | due date passed | `overdue` | days since the due date |
//! | 7 | due within [`DUE_SOON_DAYS`] days (0–30, today included) | `due_soon` | days until due |
//! | 8 | otherwise | `not_yet_due` | days until due |
//!
//! So for the seed plan on 2026-11-23 the entries due 2026-03-01 (follow-up 2026-10-01) are
//! `follow_up_overdue`, and those due 2026-06-30 (follow-up 2026-12-31, not yet reached) are
//! `overdue`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::{
    AreaId, CriterionId, InspectionDocument, Lang, PlanEntry, PlanStatus, Wording as _, fill,
};

/// An entry due within this many days (today included) is `due_soon`.
pub const DUE_SOON_DAYS: i64 = 30;

/// Where one handlingsplan entry stands on a given date. See the [module rule](self) — in
/// short: closed by its status, else follow-up overdue, else done awaiting follow-up, else by
/// its due date.
///
/// ```
/// use spur_followup::EntryState;
/// assert_eq!(serde_json::to_value(EntryState::FollowUpOverdue).unwrap(), "follow_up_overdue");
/// assert!(EntryState::Overdue.needs_attention());
/// assert!(!EntryState::ClosedEffective.needs_attention());
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// The due date is more than 30 days away.
    NotYetDue,
    /// Due within 30 days (today included).
    DueSoon,
    /// The due date has passed and the action is not done.
    Overdue,
    /// Done; the follow-up date has not passed yet (or there is none).
    DoneAwaitingFollowUp,
    /// The follow-up date has passed without the entry being marked `verified_effective` or
    /// `not_effective` — whether or not the action was marked done.
    FollowUpOverdue,
    /// Followed up and found effective: closed.
    ClosedEffective,
    /// Followed up and found not effective: the unit needs a new action.
    ClosedNotEffective,
    /// Not done and without a due date, so nothing can be said about it: the plan lacks a date.
    NoDueDate,
}

impl EntryState {
    /// Every state, in summary order.
    pub const ALL: [EntryState; 8] = [
        EntryState::NotYetDue,
        EntryState::DueSoon,
        EntryState::Overdue,
        EntryState::DoneAwaitingFollowUp,
        EntryState::FollowUpOverdue,
        EntryState::ClosedEffective,
        EntryState::ClosedNotEffective,
        EntryState::NoDueDate,
    ];

    /// The snake_case name used in JSON, e.g. `follow_up_overdue`.
    pub fn name(self) -> &'static str {
        match self {
            EntryState::NotYetDue => "not_yet_due",
            EntryState::DueSoon => "due_soon",
            EntryState::Overdue => "overdue",
            EntryState::DoneAwaitingFollowUp => "done_awaiting_follow_up",
            EntryState::FollowUpOverdue => "follow_up_overdue",
            EntryState::ClosedEffective => "closed_effective",
            EntryState::ClosedNotEffective => "closed_not_effective",
            EntryState::NoDueDate => "no_due_date",
        }
    }

    /// A short label in `lang`, e.g. `follow-up overdue`, `uppföljning försenad`.
    pub fn label_in(self, lang: Lang) -> &'static str {
        match self {
            EntryState::NotYetDue => Says::NotYetDue,
            EntryState::DueSoon => Says::DueSoon,
            EntryState::Overdue => Says::StateOverdue,
            EntryState::DoneAwaitingFollowUp => Says::DoneAwaitingFollowUp,
            EntryState::FollowUpOverdue => Says::FollowUpOverdue,
            EntryState::ClosedEffective => Says::ClosedEffective,
            EntryState::ClosedNotEffective => Says::ClosedNotEffective,
            EntryState::NoDueDate => Says::NoDueDate,
        }
        .template(lang)
    }

    /// Whether someone has to act: overdue, follow-up overdue, not effective, or no due date.
    pub fn needs_attention(self) -> bool {
        matches!(
            self,
            EntryState::Overdue
                | EntryState::FollowUpOverdue
                | EntryState::ClosedNotEffective
                | EntryState::NoDueDate
        )
    }

    /// Whether the state counts as overdue in the regional overview (`overdue` or
    /// `follow_up_overdue`).
    pub fn is_overdue(self) -> bool {
        matches!(self, EntryState::Overdue | EntryState::FollowUpOverdue)
    }
}

impl std::fmt::Display for EntryState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// An entry's state and the number of days that goes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateAt {
    /// The state.
    pub state: EntryState,
    /// Days past the deciding date (overdue states) or until it (upcoming states); `None` for
    /// closed entries, entries without a due date, and done entries without a follow-up date.
    pub days: Option<i64>,
}

/// The state of `entry` on `as_of`, by the [module rule](self).
///
/// ```
/// use spur_core::{parse_date, PlanEntry, PlanStatus};
/// use spur_followup::{entry_state, EntryState};
/// let d = |s| parse_date(s).unwrap();
/// let mut e = PlanEntry::blank("D.F6".parse().unwrap());
/// e.due = Some(d("2026-03-01"));
/// e.follow_up = Some(d("2026-10-01"));
/// assert_eq!(entry_state(&e, d("2026-03-01")).state, EntryState::DueSoon); // due today: not passed
/// assert_eq!(entry_state(&e, d("2026-03-02")).state, EntryState::Overdue);
/// e.status = Some(PlanStatus::Done);
/// assert_eq!(entry_state(&e, d("2026-03-02")).state, EntryState::DoneAwaitingFollowUp);
/// assert_eq!(entry_state(&e, d("2026-10-02")).state, EntryState::FollowUpOverdue);
/// e.status = Some(PlanStatus::VerifiedEffective);
/// assert_eq!(entry_state(&e, d("2026-10-02")).state, EntryState::ClosedEffective);
/// ```
pub fn entry_state(entry: &PlanEntry, as_of: NaiveDate) -> StateAt {
    let since = |d: NaiveDate| (as_of - d).num_days();
    let until = |d: NaiveDate| (d - as_of).num_days();
    let at = |state, days| StateAt { state, days };
    match entry.status {
        Some(PlanStatus::VerifiedEffective) => return at(EntryState::ClosedEffective, None),
        Some(PlanStatus::NotEffective) => return at(EntryState::ClosedNotEffective, None),
        _ => {}
    }
    if let Some(fu) = entry.follow_up
        && fu < as_of
    {
        return at(EntryState::FollowUpOverdue, Some(since(fu)));
    }
    let done = match entry.completed {
        Some(c) => c <= as_of,
        None => entry.status == Some(PlanStatus::Done),
    };
    if done {
        return at(EntryState::DoneAwaitingFollowUp, entry.follow_up.map(until));
    }
    match entry.due {
        None => at(EntryState::NoDueDate, None),
        Some(due) if due < as_of => at(EntryState::Overdue, Some(since(due))),
        Some(due) if until(due) <= DUE_SOON_DAYS => at(EntryState::DueSoon, Some(until(due))),
        Some(due) => at(EntryState::NotYetDue, Some(until(due))),
    }
}

/// The follow-up of one handlingsplan on one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct FollowUp {
    /// The unit's name.
    pub unit: String,
    /// Region, when the document gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The date the states refer to.
    pub as_of: NaiveDate,
    /// Date of the inspection visit.
    pub visit_date: NaiveDate,
    /// Date the plan was received; `null` when not received.
    pub plan_received: Option<NaiveDate>,
    /// One row per plan entry, in plan order.
    pub entries: Vec<EntryFollowUp>,
    /// How many entries are in each state; every state is listed, zero included.
    pub summary: BTreeMap<EntryState, usize>,
}

/// One plan entry with its state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct EntryFollowUp {
    /// The criterion the entry answers.
    pub criterion: CriterionId,
    /// Its area.
    pub area: AreaId,
    /// When the action is to be carried out.
    pub due: Option<NaiveDate>,
    /// When it is followed up.
    pub follow_up: Option<NaiveDate>,
    /// The status written in the plan, `null` when none.
    pub status: Option<PlanStatus>,
    /// The state on the as-of date.
    pub state: EntryState,
    /// Days past the deciding date or until it (see [`StateAt::days`]).
    pub days: Option<i64>,
    /// Date the action was completed.
    pub completed: Option<NaiveDate>,
    /// Planerad åtgärd.
    pub action: Option<String>,
    /// Who carries out the action.
    pub responsible: Vec<String>,
    /// Who follows it up.
    pub follow_up_responsible: Vec<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl EntryFollowUp {
    /// The `days` figure in words, e.g. `53 days past follow-up`, `in 12 days`; empty when none.
    pub fn days_text(&self) -> String {
        self.days_text_in(Lang::En)
    }

    /// [`EntryFollowUp::days_text`] in `lang` (`53 dagar efter uppföljningsdatum`).
    pub fn days_text_in(&self, lang: Lang) -> String {
        let Some(n) = self.days else {
            return String::new();
        };
        let days = if n == 1 {
            Says::OneDay.template(lang).to_string()
        } else {
            Says::Days.say(lang, &[("n", &n.to_string())])
        };
        let template = match self.state {
            EntryState::Overdue => Says::Overdue.template(lang),
            EntryState::FollowUpOverdue => Says::PastFollowUp.template(lang),
            EntryState::DoneAwaitingFollowUp if n == 0 => Says::FollowUpToday.template(lang),
            EntryState::DoneAwaitingFollowUp => Says::FollowUpIn.template(lang),
            _ if n == 0 => Says::DueToday.template(lang),
            _ => Says::DueIn.template(lang),
        };
        fill(template, &[("days", &days)])
    }
}

/// Classify every entry of `doc`'s handlingsplan on `as_of`. A document without a plan gives no
/// entries.
///
/// Following up the seed's handlingsplan:
///
/// ```
/// use chrono::NaiveDate;
/// use spur_core::{Catalog, InspectionDocument};
/// use spur_followup::{EntryState, follow_up};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seed-vardcentral.toml");
/// let (doc, _) = InspectionDocument::read_file(path.as_ref(), Catalog::embedded()).unwrap();
/// let f = follow_up(&doc, NaiveDate::from_ymd_opt(2026, 3, 15).unwrap());
/// // D.F6, E.F1 and E.F4 were due 2026-03-01: two weeks overdue; the H entries are not due yet.
/// assert_eq!(f.count(EntryState::Overdue), 3);
/// assert_eq!(f.count(EntryState::NotYetDue), 3);
/// let d_f6 = &f.entries[0];
/// assert_eq!((d_f6.criterion.to_string(), d_f6.state, d_f6.days), ("D.F6".into(), EntryState::Overdue, Some(14)));
/// ```
pub fn follow_up(doc: &InspectionDocument, as_of: NaiveDate) -> FollowUp {
    let plan = doc.handlingsplan.as_ref();
    let entries: Vec<EntryFollowUp> = plan
        .map(|p| p.entries.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|e| {
            let StateAt { state, days } = entry_state(e, as_of);
            EntryFollowUp {
                criterion: e.criterion,
                area: e.criterion.area(),
                due: e.due,
                follow_up: e.follow_up,
                status: e.status,
                state,
                days,
                completed: e.completed,
                action: e.action.clone(),
                responsible: e.responsible.clone(),
                follow_up_responsible: e.follow_up_responsible.clone(),
                note: e.note.clone(),
            }
        })
        .collect();
    let mut summary: BTreeMap<EntryState, usize> =
        EntryState::ALL.iter().map(|s| (*s, 0)).collect();
    for e in &entries {
        *summary.entry(e.state).or_default() += 1;
    }
    FollowUp {
        unit: doc.inspection.unit.clone(),
        region: doc.inspection.region.clone(),
        as_of,
        visit_date: doc.inspection.visit_date,
        plan_received: plan.and_then(|p| p.received),
        entries,
        summary,
    }
}

impl FollowUp {
    /// How many entries are in `state`.
    pub fn count(&self, state: EntryState) -> usize {
        self.summary.get(&state).copied().unwrap_or(0)
    }

    /// Pretty JSON (the shape documented on the fields), ending in a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// JSON Schema of [`FollowUp::to_json`].
    pub fn json_schema() -> String {
        spur_core::schema::generate::<FollowUp>("followup", spur_core::schema::Direction::Output)
    }

    /// A plain-text table for the terminal.
    pub fn to_table(&self) -> String {
        self.to_table_in(Lang::En)
    }

    /// [`FollowUp::to_table`] in `lang`.
    pub fn to_table_in(&self, lang: Lang) -> String {
        let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut out = Says::Title.say(lang, &[("unit", &self.unit), ("date", &date(self.as_of))]);
        out.push('\n');
        out.push_str(&match self.plan_received {
            Some(d) => Says::VisitReceived.say(
                lang,
                &[("visit", &date(self.visit_date)), ("date", &date(d))],
            ),
            None => Says::VisitNotReceived.say(lang, &[("visit", &date(self.visit_date))]),
        });
        out.push_str("\n\n");
        if self.entries.is_empty() {
            out.push_str(Says::NoEntries.template(lang));
            out.push('\n');
            return spur_core::escape::terminal(&out).into_owned();
        }
        let rows: Vec<Vec<String>> = self
            .entries
            .iter()
            .map(|e| {
                vec![
                    e.criterion.to_string(),
                    crate::dates::opt(e.due),
                    crate::dates::opt(e.follow_up),
                    e.status.map_or_else(|| "-".to_string(), |s| s.to_string()),
                    e.state.label_in(lang).to_string(),
                    e.days_text_in(lang),
                ]
            })
            .collect();
        out.push_str(&crate::render::text_table(
            &COLUMNS.map(|p| p.template(lang)),
            &rows,
        ));
        out.push('\n');
        out.push_str(&Says::Summary.say(lang, &[("summary", &self.summary_text_in(lang))]));
        out.push('\n');
        spur_core::escape::terminal(&out).into_owned()
    }

    /// The non-zero counts in words, e.g. `3 follow-up overdue, 3 overdue`.
    pub fn summary_text(&self) -> String {
        self.summary_text_in(Lang::En)
    }

    /// [`FollowUp::summary_text`] in `lang`.
    pub fn summary_text_in(&self, lang: Lang) -> String {
        let parts: Vec<String> = self
            .summary
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(s, n)| format!("{n} {}", s.label_in(lang)))
            .collect();
        if parts.is_empty() {
            Says::None.template(lang).to_string()
        } else {
            parts.join(", ")
        }
    }

    /// A Markdown document: heading, one table row per entry (with the action), and a summary.
    pub fn to_markdown(&self) -> String {
        self.to_markdown_in(Lang::En)
    }

    /// [`FollowUp::to_markdown`] in `lang`.
    pub fn to_markdown_in(&self, lang: Lang) -> String {
        use crate::render::md_escape as esc;
        let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut out = format!(
            "# {}\n\n",
            Says::MdTitle.say(lang, &[("unit", &esc(&self.unit))])
        );
        let plan = self.plan_received.map_or_else(
            || Says::MdNotReceived.template(lang).to_string(),
            |d| Says::MdReceived.say(lang, &[("date", &date(d))]),
        );
        out.push_str(&Says::MdAsOf.say(
            lang,
            &[
                ("date", &date(self.as_of)),
                ("visit", &date(self.visit_date)),
                ("plan", &plan),
            ],
        ));
        out.push_str("\n\n");
        if self.entries.is_empty() {
            out.push_str(Says::NoEntries.template(lang));
            out.push('\n');
            return out;
        }
        out.push_str(&format!(
            "| {} |\n",
            MD_COLUMNS.map(|p| p.template(lang)).join(" | ")
        ));
        out.push_str("|---|---|---|---|---|---|---|---|---|\n");
        for e in &self.entries {
            let state = if e.state.needs_attention() {
                format!("**{}**", e.state.label_in(lang))
            } else {
                e.state.label_in(lang).to_string()
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                e.criterion,
                esc(e.action.as_deref().unwrap_or("")),
                esc(&e.responsible.join(", ")),
                crate::dates::opt(e.due),
                crate::dates::opt(e.follow_up),
                esc(&e.follow_up_responsible.join(", ")),
                e.status.map_or_else(|| "–".to_string(), |s| s.to_string()),
                state,
                e.days_text_in(lang),
            ));
        }
        out.push_str(&format!("\n## {}\n\n", Says::MdSummary.template(lang)));
        for (s, n) in self.summary.iter().filter(|(_, n)| **n > 0) {
            out.push_str(&format!("- {}: {n}\n", s.label_in(lang)));
        }
        out
    }
}

spur_core::phrases! {
    /// The words of the follow-up in one language.
    enum Says {
        /// State: not yet due.
        NotYetDue => "not yet due", "ej förfallen";
        /// State: due within 30 days.
        DueSoon => "due soon", "förfaller inom 30 dagar";
        /// State: overdue.
        StateOverdue => "overdue", "försenad";
        /// State: done, awaiting follow-up.
        DoneAwaitingFollowUp => "done, awaiting follow-up", "genomförd, väntar på uppföljning";
        /// State: follow-up overdue.
        FollowUpOverdue => "follow-up overdue", "uppföljning försenad";
        /// State: closed, effective.
        ClosedEffective => "closed, effective", "avslutad, effektiv";
        /// State: closed, not effective.
        ClosedNotEffective => "closed, not effective: new action needed", "avslutad, ej effektiv: ny åtgärd behövs";
        /// State: no due date.
        NoDueDate => "no due date", "datum saknas";
        Title => "Handlingsplan follow-up: {unit} — as of {date}",
            "Uppföljning av handlingsplan: {unit} — per {date}";
        VisitReceived => "Visit {visit}, plan received {date}",
            "Besök {visit}, handlingsplan inkommen {date}";
        VisitNotReceived => "Visit {visit}, plan not received",
            "Besök {visit}, handlingsplanen har inte inkommit";
        NoEntries => "The handlingsplan has no entries.",
            "Handlingsplanen har inga åtgärder.";
        Columns0 => "Criterion",
            "Kriterium";
        Columns1 => "Due",
            "Genomförd senast";
        Columns2 => "Follow-up",
            "Uppföljning";
        Columns3 => "Status",
            "Status";
        Columns4 => "State",
            "Läge";
        Columns5 => "Days",
            "Dagar";
        Summary => "Summary: {summary}",
            "Sammanfattning: {summary}";
        None => "no entries",
            "inga åtgärder";
        MdTitle => "Handlingsplan follow-up: {unit}",
            "Uppföljning av handlingsplan: {unit}";
        MdAsOf => "As of **{date}**. Visit {visit}; plan {plan}.",
            "Per **{date}**. Besök {visit}; handlingsplan {plan}.";
        MdReceived => "received {date}",
            "inkommen {date}";
        MdNotReceived => "not received",
            "ej inkommen";
        MdColumns0 => "Criterion",
            "Kriterium";
        MdColumns1 => "Action",
            "Planerad åtgärd";
        MdColumns2 => "Responsible",
            "Ansvarig";
        MdColumns3 => "Due",
            "Genomförd senast";
        MdColumns4 => "Follow-up",
            "Uppföljning";
        MdColumns5 => "Follow-up by",
            "Ansvarig för uppföljningen";
        MdColumns6 => "Status",
            "Status";
        MdColumns7 => "State",
            "Läge";
        MdColumns8 => "Days",
            "Dagar";
        MdSummary => "Summary",
            "Sammanfattning";
        OneDay => "1 day",
            "1 dag";
        Days => "{n} days",
            "{n} dagar";
        Overdue => "{days} overdue",
            "{days} försenad";
        PastFollowUp => "{days} past follow-up",
            "{days} efter uppföljningsdatum";
        FollowUpToday => "follow-up today",
            "uppföljning i dag";
        FollowUpIn => "follow-up in {days}",
            "uppföljning om {days}";
        DueToday => "due today",
            "ska vara genomförd i dag";
        DueIn => "due in {days}",
            "ska vara genomförd om {days}";
    }
}

/// The `columns` of [`Says`], in order.
const COLUMNS: [Says; 6] = [
    Says::Columns0,
    Says::Columns1,
    Says::Columns2,
    Says::Columns3,
    Says::Columns4,
    Says::Columns5,
];

/// The `md_columns` of [`Says`], in order.
const MD_COLUMNS: [Says; 9] = [
    Says::MdColumns0,
    Says::MdColumns1,
    Says::MdColumns2,
    Says::MdColumns3,
    Says::MdColumns4,
    Says::MdColumns5,
    Says::MdColumns6,
    Says::MdColumns7,
    Says::MdColumns8,
];

#[cfg(test)]
mod lang_tests {
    use super::*;

    #[test]
    fn english_is_unchanged_and_swedish_has_no_english_labels() {
        let doc = spur_core::InspectionDocument::from_toml_str(include_str!(
            "../../../fixtures/seed-vardcentral.toml"
        ))
        .unwrap();
        let f = follow_up(&doc, spur_core::parse_date("2026-03-01").unwrap());
        assert_eq!(f.to_table(), f.to_table_in(Lang::En));
        let sv = f.to_table_in(Lang::Sv);
        assert!(sv.starts_with("Uppföljning av handlingsplan: "), "{sv}");
        assert!(sv.contains("ska vara genomförd i dag"), "{sv}");
        assert!(sv.contains("Sammanfattning: 3 ej förfallen"), "{sv}");
        for en in ["Criterion", "Summary", "due", "as of"] {
            assert!(!sv.contains(en), "{en}: {sv}");
        }
        let md = f.to_markdown_in(Lang::Sv);
        assert!(md.starts_with("# Uppföljning av handlingsplan:"), "{md}");
        assert!(md.contains("## Sammanfattning"), "{md}");
    }
}
