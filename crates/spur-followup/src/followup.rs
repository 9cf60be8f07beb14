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
use spur_core::{AreaId, CriterionId, InspectionDocument, Lang, PlanEntry, PlanStatus, fill};

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

    /// A short English label, e.g. `follow-up overdue`.
    pub fn label(self) -> &'static str {
        match self {
            EntryState::NotYetDue => "not yet due",
            EntryState::DueSoon => "due soon",
            EntryState::Overdue => "overdue",
            EntryState::DoneAwaitingFollowUp => "done, awaiting follow-up",
            EntryState::FollowUpOverdue => "follow-up overdue",
            EntryState::ClosedEffective => "closed, effective",
            EntryState::ClosedNotEffective => "closed, not effective: new action needed",
            EntryState::NoDueDate => "no due date",
        }
    }

    /// The label in `lang` ([`EntryState::label`] or [`EntryState::label_sv`]).
    pub fn label_in(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Sv => self.label_sv(),
            Lang::En => self.label(),
        }
    }

    /// A short Swedish label, e.g. `uppföljning försenad` (used in the iCalendar file).
    pub fn label_sv(self) -> &'static str {
        match self {
            EntryState::NotYetDue => "ej förfallen",
            EntryState::DueSoon => "förfaller inom 30 dagar",
            EntryState::Overdue => "försenad",
            EntryState::DoneAwaitingFollowUp => "genomförd, väntar på uppföljning",
            EntryState::FollowUpOverdue => "uppföljning försenad",
            EntryState::ClosedEffective => "avslutad, effektiv",
            EntryState::ClosedNotEffective => "avslutad, ej effektiv: ny åtgärd behövs",
            EntryState::NoDueDate => "datum saknas",
        }
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
        let w = words(lang);
        let days = if n == 1 {
            w.one_day.to_string()
        } else {
            fill(w.days, &[("n", &n.to_string())])
        };
        let template = match self.state {
            EntryState::Overdue => w.overdue,
            EntryState::FollowUpOverdue => w.past_follow_up,
            EntryState::DoneAwaitingFollowUp if n == 0 => w.follow_up_today,
            EntryState::DoneAwaitingFollowUp => w.follow_up_in,
            _ if n == 0 => w.due_today,
            _ => w.due_in,
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
        let w = words(lang);
        let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut out = fill(
            w.title,
            &[("unit", &self.unit), ("date", &date(self.as_of))],
        );
        out.push('\n');
        out.push_str(&match self.plan_received {
            Some(d) => fill(
                w.visit_received,
                &[("visit", &date(self.visit_date)), ("date", &date(d))],
            ),
            None => fill(w.visit_not_received, &[("visit", &date(self.visit_date))]),
        });
        out.push_str("\n\n");
        if self.entries.is_empty() {
            out.push_str(w.no_entries);
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
        out.push_str(&crate::render::text_table(&w.columns, &rows));
        out.push('\n');
        out.push_str(&fill(
            w.summary,
            &[("summary", &self.summary_text_in(lang))],
        ));
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
            words(lang).none.to_string()
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
        let w = words(lang);
        let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut out = format!("# {}\n\n", fill(w.md_title, &[("unit", &esc(&self.unit))]));
        let plan = self.plan_received.map_or_else(
            || w.md_not_received.to_string(),
            |d| fill(w.md_received, &[("date", &date(d))]),
        );
        out.push_str(&fill(
            w.md_as_of,
            &[
                ("date", &date(self.as_of)),
                ("visit", &date(self.visit_date)),
                ("plan", &plan),
            ],
        ));
        out.push_str("\n\n");
        if self.entries.is_empty() {
            out.push_str(w.no_entries);
            out.push('\n');
            return out;
        }
        out.push_str(&format!("| {} |\n", w.md_columns.join(" | ")));
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
        out.push_str(&format!("\n## {}\n\n", w.md_summary));
        for (s, n) in self.summary.iter().filter(|(_, n)| **n > 0) {
            out.push_str(&format!("- {}: {n}\n", s.label_in(lang)));
        }
        out
    }
}

/// The words of the follow-up in one language.
struct Words {
    title: &'static str,
    visit_received: &'static str,
    visit_not_received: &'static str,
    no_entries: &'static str,
    columns: [&'static str; 6],
    summary: &'static str,
    none: &'static str,
    md_title: &'static str,
    md_as_of: &'static str,
    md_received: &'static str,
    md_not_received: &'static str,
    md_columns: [&'static str; 9],
    md_summary: &'static str,
    one_day: &'static str,
    days: &'static str,
    overdue: &'static str,
    past_follow_up: &'static str,
    follow_up_today: &'static str,
    follow_up_in: &'static str,
    due_today: &'static str,
    due_in: &'static str,
}

const EN: Words = Words {
    title: "Handlingsplan follow-up: {unit} — as of {date}",
    visit_received: "Visit {visit}, plan received {date}",
    visit_not_received: "Visit {visit}, plan not received",
    no_entries: "The handlingsplan has no entries.",
    columns: ["Criterion", "Due", "Follow-up", "Status", "State", "Days"],
    summary: "Summary: {summary}",
    none: "no entries",
    md_title: "Handlingsplan follow-up: {unit}",
    md_as_of: "As of **{date}**. Visit {visit}; plan {plan}.",
    md_received: "received {date}",
    md_not_received: "not received",
    md_columns: [
        "Criterion",
        "Action",
        "Responsible",
        "Due",
        "Follow-up",
        "Follow-up by",
        "Status",
        "State",
        "Days",
    ],
    md_summary: "Summary",
    one_day: "1 day",
    days: "{n} days",
    overdue: "{days} overdue",
    past_follow_up: "{days} past follow-up",
    follow_up_today: "follow-up today",
    follow_up_in: "follow-up in {days}",
    due_today: "due today",
    due_in: "due in {days}",
};

const SV: Words = Words {
    title: "Uppföljning av handlingsplan: {unit} — per {date}",
    visit_received: "Besök {visit}, handlingsplan inkommen {date}",
    visit_not_received: "Besök {visit}, handlingsplanen har inte inkommit",
    no_entries: "Handlingsplanen har inga åtgärder.",
    columns: [
        "Kriterium",
        "Genomförd senast",
        "Uppföljning",
        "Status",
        "Läge",
        "Dagar",
    ],
    summary: "Sammanfattning: {summary}",
    none: "inga åtgärder",
    md_title: "Uppföljning av handlingsplan: {unit}",
    md_as_of: "Per **{date}**. Besök {visit}; handlingsplan {plan}.",
    md_received: "inkommen {date}",
    md_not_received: "ej inkommen",
    md_columns: [
        "Kriterium",
        "Planerad åtgärd",
        "Ansvarig",
        "Genomförd senast",
        "Uppföljning",
        "Ansvarig för uppföljningen",
        "Status",
        "Läge",
        "Dagar",
    ],
    md_summary: "Sammanfattning",
    one_day: "1 dag",
    days: "{n} dagar",
    overdue: "{days} försenad",
    past_follow_up: "{days} efter uppföljningsdatum",
    follow_up_today: "uppföljning i dag",
    follow_up_in: "uppföljning om {days}",
    due_today: "ska vara genomförd i dag",
    due_in: "ska vara genomförd om {days}",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

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
