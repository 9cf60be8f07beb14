//! The agenda for the next supervision meeting.
//!
//! For a date: every-meeting topics always; topics whose interval has elapsed since they were
//! last covered (or since the ST start, when never covered); the end-of-year topic in
//! November–December; whole-ST targets behind their milestones; topics coming due within
//! [`UPCOMING_DAYS`]; and the as-needed topics as options.
//!
//! A topic counts as covered on a date when a meeting on that date lists it, or when a log entry
//! named in the topic's `covered_by` falls on that date (an IUP revision covers "Diskutera och
//! revidera utbildningsprogrammet"; a specialistkollegium or 360° covers "Specialistkollegium alt
//! 360 gradersbedömning"). Only log entries on or before the agenda date count, so an agenda can
//! be made for any past date; entries on the date itself count as already done.

use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::{Confidence, Lang, Regulation, Wording as _};

use crate::Error;
use crate::log::SupervisionLog;
use crate::pace::{TargetProgress, target_progress};
use crate::period::{Due, due};
use crate::render::{md_cell, md_lines};
use crate::toolkit::{Frequency, LogEvent, Toolkit, Topic};
use crate::words::Says;

/// How far ahead the agenda looks for topics coming due (days).
pub const UPCOMING_DAYS: u64 = 31;

/// The agenda for the next meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Agenda {
    /// The ST-läkare's pseudonym.
    pub st_id: String,
    /// The date the agenda is for.
    pub date: NaiveDate,
    /// ST start.
    pub st_start: NaiveDate,
    /// Planned ST end.
    pub st_planned_end: NaiveDate,
    /// The regulation, if the log records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regulation: Option<Regulation>,
    /// Share of the planned ST elapsed on the date, in whole percent (0–100).
    pub st_elapsed_percent: u32,
    /// The toolkit the topics come from.
    pub toolkit: String,
    /// The last meeting on or before the date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_meeting: Option<NaiveDate>,
    /// Meetings logged on or before the date.
    pub meetings_so_far: usize,
    /// Topics for every meeting.
    pub every_meeting: Vec<AgendaItem>,
    /// Interval topics that are due.
    pub due: Vec<AgendaItem>,
    /// End-of-year topics that are due (November–December only).
    pub end_of_year: Vec<AgendaItem>,
    /// Progress towards every whole-ST target.
    pub targets: Vec<TargetProgress>,
    /// Topics that come due within [`UPCOMING_DAYS`].
    pub upcoming: Vec<AgendaItem>,
    /// Topics taken up as needed (optional), including not-yet-due "+ as needed" topics.
    pub as_needed: Vec<AgendaItem>,
    /// Remarks about the date or the log.
    pub notes: Vec<String>,
}

/// One topic on the agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AgendaItem {
    /// Topic id, e.g. `T05`.
    pub topic: String,
    /// Short Swedish title.
    pub title: String,
    /// The Swedish text, verbatim.
    pub sv: String,
    /// English gloss.
    pub en: String,
    /// How often it should come up.
    pub frequency: Frequency,
    /// Also taken up as needed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub also_as_needed: bool,
    /// Last covered on or before the agenda date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_covered: Option<NaiveDate>,
    /// Whether it is due and since or until when.
    pub due: Due,
    /// How sure the toolkit's frequency reading is, when not high.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Why the item is listed, in words.
    pub why: String,
}

/// The agenda for the next meeting on `date`.
///
/// Errors when `date` is before the ST start.
///
/// ```
/// use chrono::NaiveDate;
/// use spur_supervision::{agenda, SupervisionLog, Toolkit};
/// let log = SupervisionLog::from_toml_str(
///     "[st]\nid = \"ST-01\"\nstart = 2025-01-01\nplanned_end = 2029-12-31\n\
///      [[meetings]]\ndate = 2025-02-03\nminutes = 60\ntopics = [\"T01\", \"T05\"]\n",
/// ).unwrap();
/// let a = agenda(&log, Toolkit::embedded(), NaiveDate::from_ymd_opt(2025, 4, 2).unwrap()).unwrap();
/// assert_eq!(a.every_meeting.len(), 4);
/// // T06 "Hur fungerar handledningen?" has never been covered: due 3 months after ST start.
/// assert!(a.due.iter().any(|i| i.topic == "T06"));
/// // T05 was covered 2025-02-03: not due before 2025-05-03, but coming up.
/// assert!(a.upcoming.iter().any(|i| i.topic == "T05"));
/// ```
///
/// # Errors
///
/// [`Error::BeforeStart`] when `date` is before the ST's start.
pub fn agenda(log: &SupervisionLog, toolkit: &Toolkit, date: NaiveDate) -> Result<Agenda, Error> {
    let st = &log.st;
    if date < st.start {
        return Err(Error::BeforeStart {
            date,
            start: st.start,
        });
    }
    let meetings: Vec<_> = log.meetings.iter().filter(|m| m.date <= date).collect();
    let last_meeting = meetings.iter().map(|m| m.date).max();
    let horizon = date
        .checked_add_days(Days::new(UPCOMING_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let mut a = Agenda {
        st_id: st.id.clone(),
        date,
        st_start: st.start,
        st_planned_end: st.planned_end,
        regulation: st.regulation,
        st_elapsed_percent: elapsed_percent(st.start, st.planned_end, date),
        toolkit: toolkit.id.clone(),
        last_meeting,
        meetings_so_far: meetings.len(),
        every_meeting: Vec::new(),
        due: Vec::new(),
        end_of_year: Vec::new(),
        targets: Vec::new(),
        upcoming: Vec::new(),
        as_needed: Vec::new(),
        notes: Vec::new(),
    };
    for topic in &toolkit.topics {
        let last = last_covered(log, topic, date);
        let state = due(topic.frequency, last, st.start, date);
        let item = |as_needed: bool| {
            let mut i = item(topic, last, state, String::new());
            i.why = why(&i, Lang::En, as_needed);
            i
        };
        match state {
            Due::Always => a.every_meeting.push(item(false)),
            Due::Optional => a.as_needed.push(item(true)),
            Due::Due { .. } if topic.frequency == Frequency::EndOfYear => {
                a.end_of_year.push(item(false));
            }
            Due::Due { .. } => a.due.push(item(false)),
            Due::NotDue { next } => {
                if next <= horizon {
                    a.upcoming.push(item(false));
                }
                if topic.also_as_needed {
                    a.as_needed.push(item(true));
                }
            }
        }
    }
    a.targets = toolkit
        .targets
        .iter()
        .map(|t| target_progress(log, t, date))
        .collect();
    let regularly = toolkit
        .topics
        .iter()
        .any(|t| t.frequency == Frequency::Regularly);
    a.notes = a.notes_in(Lang::En, regularly);
    Ok(a)
}

/// Why an item is listed, in `lang`: its frequency, when it was last covered and when it is
/// due; `as_needed` for the items of the as-needed part.
fn why(i: &AgendaItem, lang: Lang, as_needed: bool) -> String {
    let frequency = i.frequency.label(lang);
    let covered = match i.last_covered {
        Some(l) => Says::LastCovered.say(lang, &[("date", &l.to_string())]),
        None => Says::NeverCovered.template(lang).to_string(),
    };
    let (phrase, since_or_next) = match i.due {
        Due::Always => return frequency.to_string(),
        Due::Optional => return covered,
        Due::Due { since } if i.frequency == Frequency::EndOfYear => (Says::WhyEndOfYear, since),
        Due::Due { since } if i.last_covered.is_some() => (Says::WhyDue, since),
        Due::Due { since } => (Says::WhyDueNever, since),
        Due::NotDue { next } if as_needed => (Says::WhyAlsoAsNeeded, next),
        Due::NotDue { next } => (Says::WhyNotDue, next),
    };
    let date = since_or_next.to_string();
    phrase.say(
        lang,
        &[
            ("frequency", frequency),
            ("covered", &covered),
            ("since", &date),
            ("next", &date),
        ],
    )
}

fn item(topic: &Topic, last: Option<NaiveDate>, due: Due, why: String) -> AgendaItem {
    AgendaItem {
        topic: topic.id.clone(),
        title: topic.title.clone(),
        sv: topic.sv.clone(),
        en: topic.en.clone(),
        frequency: topic.frequency,
        also_as_needed: topic.also_as_needed,
        last_covered: last,
        due,
        confidence: (topic.confidence != Confidence::High).then_some(topic.confidence),
        why,
    }
}

/// The last day on or before `date` that covered `topic`: a meeting listing it, or a log entry
/// named in its `covered_by`.
pub fn last_covered(log: &SupervisionLog, topic: &Topic, date: NaiveDate) -> Option<NaiveDate> {
    let meetings = log
        .meetings
        .iter()
        .filter(|m| m.topics.contains(&topic.id))
        .map(|m| m.date);
    let others = topic.covered_by.iter().flat_map(|e| -> Vec<NaiveDate> {
        match e {
            LogEvent::IupRevision => log.iup_revisions.iter().map(|r| r.date).collect(),
            LogEvent::Specialistkollegium => log.specialistkollegium.clone(),
            LogEvent::Degree360 => log.degree360.clone(),
        }
    });
    meetings.chain(others).filter(|d| *d <= date).max()
}

fn elapsed_percent(start: NaiveDate, end: NaiveDate, date: NaiveDate) -> u32 {
    let total = (end - start).num_days();
    if total <= 0 {
        return 100;
    }
    let done = (date - start).num_days().clamp(0, total);
    u32::try_from(done * 100 / total).unwrap_or(100)
}

impl Agenda {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The agenda as Markdown in English: the verbatim Swedish text of each topic with its
    /// English gloss and why it is listed.
    pub fn to_markdown(&self) -> String {
        self.to_markdown_in(Lang::En)
    }

    /// The agenda as Markdown in `lang`. In Swedish each topic is given by its verbatim Swedish
    /// text only (no English gloss).
    pub fn to_markdown_in(&self, lang: Lang) -> String {
        let w = |p: Says| p.template(lang);
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{}",
            Says::AgendaTitle.say(
                lang,
                &[
                    ("st", &md_cell(&self.st_id)),
                    ("date", &self.date.to_string())
                ]
            )
        );
        let reg = self
            .regulation
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let st = Says::AgendaSt.say(
            lang,
            &[
                ("start", &self.st_start.to_string()),
                ("end", &self.st_planned_end.to_string()),
                ("regulation", &reg),
                ("percent", &self.st_elapsed_percent.to_string()),
            ],
        );
        let _ = writeln!(s, "{st}");
        let last = match self.last_meeting {
            Some(d) => Says::LastMeeting.say(
                lang,
                &[
                    ("date", &d.to_string()),
                    ("count", &self.meetings_so_far.to_string()),
                ],
            ),
            None => w(Says::NoMeeting).to_string(),
        };
        let _ = writeln!(s, "{last}");
        let toolkit = Says::AgendaToolkit.say(lang, &[("toolkit", &md_cell(&self.toolkit))]);
        let _ = writeln!(s, "{toolkit}");
        let section = |s: &mut String, title: &str, items: &[AgendaItem], empty: &str| {
            section(s, lang, title, items, empty, false);
        };
        section(&mut s, w(Says::SecEveryMeeting), &self.every_meeting, "");
        section(&mut s, w(Says::SecDue), &self.due, w(Says::SecDueEmpty));
        if is_year_end(self.date) || !self.end_of_year.is_empty() {
            section(
                &mut s,
                w(Says::SecEndOfYear),
                &self.end_of_year,
                w(Says::SecEndOfYearEmpty),
            );
        }
        if !self.targets.is_empty() {
            let _ = writeln!(s, "\n## {}\n", w(Says::SecTargets));
            let _ = writeln!(s, "{}", w(Says::TargetsHead));
            let _ = writeln!(s, "|---|---|---|---|---|---|");
            for t in &self.targets {
                let next = t.next_by.map_or_else(|| "—".to_string(), |d| d.to_string());
                let flag = if t.overdue() { w(Says::Overdue) } else { "" };
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {next} | {}{flag} |",
                    md_cell(&t.sv),
                    t.done,
                    t.expected_by_now,
                    t.required,
                    t.status.label(lang)
                );
            }
        }
        let upcoming = Says::SecUpcoming.say(lang, &[("days", &UPCOMING_DAYS.to_string())]);
        section(&mut s, &upcoming, &self.upcoming, w(Says::SecUpcomingEmpty));
        self::section(
            &mut s,
            lang,
            w(Says::SecAsNeeded),
            &self.as_needed,
            "",
            true,
        );
        let regularly = self.notes.iter().any(|n| n.starts_with("\"Regelbundet\""));
        let notes = self.notes_in(lang, regularly);
        if !notes.is_empty() {
            let _ = writeln!(s, "\n## {}\n", w(Says::SecNotes));
            for n in &notes {
                let _ = writeln!(s, "- {n}");
            }
        }
        s
    }

    /// Remarks about the date or the log in `lang`; `regularly` when the toolkit has a topic
    /// whose frequency is "regelbundet".
    fn notes_in(&self, lang: Lang, regularly: bool) -> Vec<String> {
        let mut notes = Vec::new();
        if self.date > self.st_planned_end {
            notes.push(Says::NoteAfterEnd.say(lang, &[("end", &self.st_planned_end.to_string())]));
        }
        if self.meetings_so_far == 0 {
            notes.push(Says::NoteNoMeeting.template(lang).to_string());
        }
        if regularly {
            notes.push(
                Says::NoteRegularly.say(lang, &[("months", &crate::REGULARLY_MONTHS.to_string())]),
            );
        }
        notes
    }
}

/// One part of the agenda: its title, then each item with why it is listed, its Swedish text
/// and (in English) its gloss; `empty` is what an empty part says (nothing: left out).
fn section(
    s: &mut String,
    lang: Lang,
    title: &str,
    items: &[AgendaItem],
    empty: &str,
    as_needed: bool,
) {
    if items.is_empty() && empty.is_empty() {
        return;
    }
    let _ = writeln!(s, "\n## {title}\n");
    if items.is_empty() {
        let _ = writeln!(s, "{empty}");
        return;
    }
    for i in items {
        let doubt = match i.confidence {
            Some(c) => Says::Doubt.say(lang, &[("confidence", c.term(lang))]),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "- **{} {}** — {}{doubt}\\",
            i.topic,
            md_cell(&i.title),
            md_cell(&why(i, lang, as_needed))
        );
        match lang {
            Lang::En => {
                let _ = writeln!(s, "{}\\", md_lines(&i.sv, "  "));
                let _ = writeln!(s, "  *{}*", i.en);
            }
            Lang::Sv => {
                let _ = writeln!(s, "{}", md_lines(&i.sv, "  "));
            }
        }
    }
}

fn is_year_end(date: NaiveDate) -> bool {
    date.month() >= 11
}
