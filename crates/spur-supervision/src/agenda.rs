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
use spur_core::{Confidence, Lang, Regulation};

use crate::Error;
use crate::log::SupervisionLog;
use crate::pace::{TargetProgress, target_progress};
use crate::period::{Due, due};
use crate::render::{md_cell, md_lines};
use crate::toolkit::{Frequency, LogEvent, Toolkit, Topic};

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
        let item = |why: String| item(topic, last, state, why);
        match state {
            Due::Always => a
                .every_meeting
                .push(item(topic.frequency.label().to_string())),
            Due::Optional => a.as_needed.push(item(covered_text(last))),
            Due::Due { since } if topic.frequency == Frequency::EndOfYear => {
                a.end_of_year.push(item(format!(
                    "{}; not yet covered since {since}",
                    topic.frequency.label()
                )));
            }
            Due::Due { since } => {
                let why = match last {
                    Some(l) => format!(
                        "{}; last covered {l}, due since {since}",
                        topic.frequency.label()
                    ),
                    None => format!(
                        "{}; never covered, due since {since} (counted from the ST start)",
                        topic.frequency.label()
                    ),
                };
                a.due.push(item(why));
            }
            Due::NotDue { next } => {
                let why = format!(
                    "{}; {}, next due {next}",
                    topic.frequency.label(),
                    covered_text(last)
                );
                if next <= horizon {
                    a.upcoming.push(item(why.clone()));
                }
                if topic.also_as_needed {
                    a.as_needed.push(item(format!("{why}; also as needed")));
                }
            }
        }
    }
    a.targets = toolkit
        .targets
        .iter()
        .map(|t| target_progress(log, t, date))
        .collect();
    if date > st.planned_end {
        a.notes.push(format!(
            "The date is after the planned ST end {}; update `st.planned_end` if the ST was extended.",
            st.planned_end
        ));
    }
    if meetings.is_empty() {
        a.notes
            .push("No meeting is logged on or before this date.".into());
    }
    if toolkit
        .topics
        .iter()
        .any(|t| t.frequency == Frequency::Regularly)
    {
        a.notes.push(format!(
            "\"Regelbundet\" (regularly) is taken as every {} months.",
            crate::REGULARLY_MONTHS
        ));
    }
    Ok(a)
}

fn covered_text(last: Option<NaiveDate>) -> String {
    match last {
        Some(l) => format!("last covered {l}"),
        None => "never covered".into(),
    }
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

    /// The agenda as Markdown: the verbatim Swedish text of each topic with its English gloss
    /// and why it is listed.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# Handledning — agenda for {} — {}\n",
            md_cell(&self.st_id),
            self.date
        );
        let reg = self
            .regulation
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "- ST: {} – {}{reg}, {} % elapsed",
            self.st_start, self.st_planned_end, self.st_elapsed_percent
        );
        match self.last_meeting {
            Some(d) => {
                let _ = writeln!(s, "- Last meeting: {d} ({} logged)", self.meetings_so_far);
            }
            None => {
                let _ = writeln!(s, "- Last meeting: none logged");
            }
        }
        let _ = writeln!(s, "- Toolkit: {}", md_cell(&self.toolkit));
        section(
            &mut s,
            "Every meeting (varje möte)",
            &self.every_meeting,
            "",
        );
        section(
            &mut s,
            "Due by frequency",
            &self.due,
            "Nothing is due by its frequency.",
        );
        if is_year_end(self.date) || !self.end_of_year.is_empty() {
            section(
                &mut s,
                "End of year (november–december)",
                &self.end_of_year,
                "The end-of-year topics are already covered this year.",
            );
        }
        if !self.targets.is_empty() {
            let _ = writeln!(s, "\n## Whole-ST targets\n");
            let _ = writeln!(
                s,
                "| Target | Done | Expected by now | Per ST | Next expected by | Status |"
            );
            let _ = writeln!(s, "|---|---|---|---|---|---|");
            for t in &self.targets {
                let next = t.next_by.map_or_else(|| "—".to_string(), |d| d.to_string());
                let flag = if t.overdue() { " — **overdue**" } else { "" };
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {next} | {}{flag} |",
                    md_cell(&t.sv),
                    t.done,
                    t.expected_by_now,
                    t.required,
                    t.status.label()
                );
            }
        }
        section(
            &mut s,
            &format!("Coming up (within {UPCOMING_DAYS} days)"),
            &self.upcoming,
            "Nothing else comes due in that time.",
        );
        section(&mut s, "As needed (optional)", &self.as_needed, "");
        if !self.notes.is_empty() {
            let _ = writeln!(s, "\n## Notes\n");
            for n in &self.notes {
                let _ = writeln!(s, "- {n}");
            }
        }
        s
    }
}

impl Agenda {
    /// [`Agenda::to_markdown`] in `lang`. In Swedish the headings, the reasons and the notes are
    /// Swedish and each topic is given by its verbatim Swedish text only (no English gloss).
    pub fn to_markdown_in(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_markdown(),
            Lang::Sv => self.to_markdown_sv(),
        }
    }

    fn to_markdown_sv(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# Handledning — agenda för {} — {}\n",
            md_cell(&self.st_id),
            self.date
        );
        let reg = self
            .regulation
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "- ST: {} – {}{reg}, {} % genomförd",
            self.st_start, self.st_planned_end, self.st_elapsed_percent
        );
        match self.last_meeting {
            Some(d) => {
                let _ = writeln!(s, "- Senaste mötet: {d} ({} loggade)", self.meetings_so_far);
            }
            None => {
                let _ = writeln!(s, "- Senaste mötet: inget loggat");
            }
        }
        let _ = writeln!(s, "- Verktygslåda: {}", md_cell(&self.toolkit));
        section_sv(&mut s, "Varje möte", &self.every_meeting, "", false);
        section_sv(
            &mut s,
            "Aktuellt enligt frekvens",
            &self.due,
            "Inget ämne är aktuellt enligt sin frekvens.",
            false,
        );
        if is_year_end(self.date) || !self.end_of_year.is_empty() {
            section_sv(
                &mut s,
                "Årets slut (november–december)",
                &self.end_of_year,
                "Årets slutämnen är redan behandlade i år.",
                true,
            );
        }
        if !self.targets.is_empty() {
            let _ = writeln!(s, "\n## Mål för hela ST\n");
            let _ = writeln!(
                s,
                "| Mål | Gjort | Förväntat hittills | Per ST | Nästa senast | Status |"
            );
            let _ = writeln!(s, "|---|---|---|---|---|---|");
            for t in &self.targets {
                let next = t.next_by.map_or_else(|| "—".to_string(), |d| d.to_string());
                let flag = if t.overdue() {
                    " — **försenat**"
                } else {
                    ""
                };
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {next} | {}{flag} |",
                    md_cell(&t.sv),
                    t.done,
                    t.expected_by_now,
                    t.required,
                    t.status.label_sv()
                );
            }
        }
        section_sv(
            &mut s,
            &format!("Kommande (inom {UPCOMING_DAYS} dagar)"),
            &self.upcoming,
            "Inget annat blir aktuellt under den tiden.",
            false,
        );
        section_sv(&mut s, "Vid behov (frivilligt)", &self.as_needed, "", false);
        let mut notes = Vec::new();
        if self.date > self.st_planned_end {
            notes.push(format!(
                "Datumet är efter planerat ST-slut {}; ändra `st.planned_end` om ST har förlängts.",
                self.st_planned_end
            ));
        }
        if self.meetings_so_far == 0 {
            notes.push("Inget möte är loggat på eller före detta datum.".to_string());
        }
        if self.notes.iter().any(|n| n.starts_with("\"Regelbundet\"")) {
            notes.push(format!(
                "\"Regelbundet\" räknas som var {}:e månad.",
                crate::REGULARLY_MONTHS
            ));
        }
        if !notes.is_empty() {
            let _ = writeln!(s, "\n## Anmärkningar\n");
            for n in &notes {
                let _ = writeln!(s, "- {n}");
            }
        }
        s
    }
}

/// Why an item is listed, in Swedish (the English is [`AgendaItem::why`]).
fn why_sv(i: &AgendaItem, end_of_year: bool, as_needed: bool) -> String {
    let label = i.frequency.label_sv();
    let covered = match i.last_covered {
        Some(l) => format!("senast behandlat {l}"),
        None => "aldrig behandlat".to_string(),
    };
    match i.due {
        Due::Always => label.to_string(),
        Due::Optional => covered,
        Due::Due { since } if end_of_year => format!("{label}; ej behandlat sedan {since}"),
        Due::Due { since } => match i.last_covered {
            Some(_) => format!("{label}; {covered}, aktuellt sedan {since}"),
            None => format!("{label}; {covered}, aktuellt sedan {since} (räknat från ST-start)"),
        },
        Due::NotDue { next } if as_needed => {
            format!("{label}; {covered}, nästa gång {next}; även vid behov")
        }
        Due::NotDue { next } => format!("{label}; {covered}, nästa gång {next}"),
    }
}

fn section_sv(s: &mut String, title: &str, items: &[AgendaItem], empty: &str, end_of_year: bool) {
    if items.is_empty() && empty.is_empty() {
        return;
    }
    let _ = writeln!(s, "\n## {title}\n");
    if items.is_empty() {
        let _ = writeln!(s, "{empty}");
        return;
    }
    let as_needed = title.starts_with("Vid behov");
    for i in items {
        let doubt = match i.confidence {
            Some(c) => format!(
                " (frekvensen osäker: {})",
                match c {
                    Confidence::High => "hög",
                    Confidence::Medium => "medel",
                    Confidence::Low => "låg",
                }
            ),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "- **{} {}** — {}{doubt}\\",
            i.topic,
            md_cell(&i.title),
            md_cell(&why_sv(i, end_of_year, as_needed))
        );
        let _ = writeln!(s, "{}", md_lines(&i.sv, "  "));
    }
}

fn is_year_end(date: NaiveDate) -> bool {
    date.month() >= 11
}

fn section(s: &mut String, title: &str, items: &[AgendaItem], empty: &str) {
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
            Some(c) => format!(" (frequency reading: {c} confidence)"),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "- **{} {}** — {}{doubt}\\",
            i.topic,
            md_cell(&i.title),
            md_cell(&i.why)
        );
        let _ = writeln!(s, "{}\\", md_lines(&i.sv, "  "));
        let _ = writeln!(s, "  *{}*", i.en);
    }
}
