//! The supervision log: what happened in one ST-läkare's supervision — meetings with the topics
//! covered, documented assessments, IUP revisions, specialistkollegium and 360° dates.
//!
//! The log holds no personal data: the ST-läkare is a pseudonym (`st.id`). It is written in TOML
//! (or the same model in JSON) and read with every problem reported at once, located by file,
//! line and column:
//!
//! ```toml
//! # Whole-ST events are top-level keys: TOML requires them before the first [table] header.
//! specialistkollegium = [2026-05-04]   # dates of specialistkollegium
//! degree360 = [2025-11-18]             # dates of 360-degree assessments (360 gradersbedömning)
//!
//! [st]
//! id = "ST-07"                     # pseudonym, no personal data
//! start = 2024-09-01
//! planned_end = 2029-08-31
//! regulation = "HSLF-FS 2021:8"    # optional
//!
//! [[meetings]]
//! date = 2026-09-02
//! minutes = 60
//! topics = ["T01", "T02", "T05"]   # toolkit topic ids
//! note = "…"                       # optional
//!
//! [[assessments]]
//! date = 2026-09-10
//! instrument = "Mini-CEX"          # Mini-CEX | DOPS | CBD | Konsultation | other text
//! delmal = "c1"                    # optional
//!
//! [[iup_revisions]]
//! date = 2026-03-01
//! ```

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use spur_core::messages::{Arg, Msg, Text};
use spur_core::{Code, Diagnostic, Diagnostics, Format, Location, Regulation, closest};

use crate::Error;
use crate::toolkit::Toolkit;
use spur_core::spanned::{self, Key, Node, Value, join};

/// A supervision log for one ST-läkare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Supervision log",
    description = "One ST-läkare's supervision log (spur-supervision). No personal data: `st.id` is a pseudonym. Dates are YYYY-MM-DD (native TOML dates or strings)."
)]
pub struct SupervisionLog {
    /// The ST-läkare (pseudonymous) and the ST period.
    pub st: St,
    /// Supervision meetings (handledningstillfällen).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meetings: Vec<Meeting>,
    /// Documented competence assessments (Mini-CEX, DOPS, CBD, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessments: Vec<Assessment>,
    /// Revisions of the individual training programme (IUP).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub iup_revisions: Vec<IupRevision>,
    /// Dates of specialistkollegium (the toolkit: three per ST).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub specialistkollegium: Vec<NaiveDate>,
    /// Dates of 360-degree assessments, "360 gradersbedömning" (the toolkit: two per ST).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub degree360: Vec<NaiveDate>,
}

/// The ST-läkare and the ST period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct St {
    /// A pseudonym such as `ST-07`. No personal data: names and personnummer are not needed.
    pub id: String,
    /// First day of the ST.
    pub start: NaiveDate,
    /// Planned last day of the ST.
    pub planned_end: NaiveDate,
    /// The regulation the ST follows, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regulation: Option<Regulation>,
}

/// One supervision meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// The day of the meeting.
    pub date: NaiveDate,
    /// Duration in minutes (1–1440).
    #[schemars(range(min = 1, max = 1440))]
    pub minutes: u32,
    /// Toolkit topic ids covered, e.g. `["T01", "T05"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// A free-text note (no personal data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One documented competence assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// The day of the assessment.
    pub date: NaiveDate,
    /// The instrument used.
    pub instrument: Instrument,
    /// The delmål assessed, e.g. `c1` or `STa3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delmal: Option<String>,
    /// A free-text note (no personal data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One revision (uppföljning och revidering) of the IUP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IupRevision {
    /// The day the IUP was revised.
    pub date: NaiveDate,
    /// A free-text note (no personal data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An assessment instrument. The four the seed report names are known; any other text is kept.
///
/// ```
/// use spur_supervision::Instrument;
/// assert_eq!("mini-cex".parse::<Instrument>().unwrap(), Instrument::MiniCex);
/// assert_eq!("Case Based Discussion".parse::<Instrument>().unwrap(), Instrument::Cbd);
/// assert_eq!("Videoinspelning".parse::<Instrument>().unwrap().to_string(), "Videoinspelning");
/// assert!("  ".parse::<Instrument>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Instrument {
    /// Mini Clinical Evaluation Exercise.
    MiniCex,
    /// Direct Observation of Procedural Skills.
    Dops,
    /// Case-Based Discussion.
    Cbd,
    /// Bedömningsmall Konsultation (consultation assessment form).
    Konsultation,
    /// Any other instrument, as written (e.g. a feedback template).
    Other(String),
}

impl Instrument {
    /// The four named instruments, canonical spelling.
    pub const KNOWN: [&'static str; 4] = ["Mini-CEX", "DOPS", "CBD", "Konsultation"];

    /// The canonical name (`Mini-CEX`, …) or the text as written.
    pub fn name(&self) -> &str {
        match self {
            Instrument::MiniCex => "Mini-CEX",
            Instrument::Dops => "DOPS",
            Instrument::Cbd => "CBD",
            Instrument::Konsultation => "Konsultation",
            Instrument::Other(s) => s,
        }
    }
}

/// An instrument name that is empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the instrument is empty")]
pub struct EmptyInstrument;

impl FromStr for Instrument {
    type Err = EmptyInstrument;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.is_empty() {
            return Err(EmptyInstrument);
        }
        let norm: String = t
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        Ok(match norm.as_str() {
            "minicex" => Instrument::MiniCex,
            "dops" => Instrument::Dops,
            "cbd" | "casebaseddiscussion" => Instrument::Cbd,
            "konsultation" | "bedömningsmallkonsultation" => Instrument::Konsultation,
            _ => Instrument::Other(t.to_string()),
        })
    }
}

impl fmt::Display for Instrument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Instrument {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Instrument {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Instrument {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Instrument".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "The assessment instrument: \"Mini-CEX\", \"DOPS\", \"CBD\" or \"Konsultation\" (bedömningsmall Konsultation), or any other text.",
            "examples": ["Mini-CEX", "DOPS", "CBD", "Konsultation"],
        })
    }
}

/// The result of reading and validating a log: the log when it could be read at all, and every
/// problem found (errors and warnings) in file order.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The log, when reading got far enough to build one.
    pub log: Option<SupervisionLog>,
    /// Every problem.
    pub diagnostics: Diagnostics,
}

impl Checked {
    /// The log and its warnings, or every problem when there is any error.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every diagnostic (errors and warnings) when any of them is an
    /// error.
    pub fn into_result(self) -> Result<(SupervisionLog, Diagnostics), Error> {
        match self.log {
            Some(log) if !self.diagnostics.has_errors() => Ok((log, self.diagnostics)),
            _ => Err(Error::Invalid(self.diagnostics)),
        }
    }
}

impl SupervisionLog {
    /// Read and validate a log against `toolkit`, collecting every problem, located in `file`.
    /// Never panics, whatever the input.
    ///
    /// ```
    /// use spur_core::Format;
    /// use spur_supervision::{SupervisionLog, Toolkit};
    /// let src = "[st]\nid = \"ST-01\"\nstart = 2025-01-01\nplanned_end = 2029-12-31\n\
    ///            [[meetings]]\ndate = 2025-02-01\nminutes = 60\ntopics = [\"T01\", \"T5\"]\n";
    /// let checked = SupervisionLog::check(src, "log.toml", Format::Toml, Toolkit::embedded());
    /// let text = checked.diagnostics.to_string();
    /// assert!(text.contains("--> log.toml:8:"), "{text}");
    /// assert!(text.contains("did you mean `T05`?"), "{text}");
    /// ```
    pub fn check(source: &str, file: &str, format: Format, toolkit: &Toolkit) -> Checked {
        let mut reader = Reader::new(file, source);
        let log = reader.read(format);
        let mut diagnostics = std::mem::take(&mut reader.diags);
        if let Some(log) = &log {
            let locate = |path: &str| -> Option<Location> { reader.locate(path) };
            diagnostics.extend(log.validate_located(toolkit, &locate));
        }
        spur_core::diagnostic::sort_by_position(&mut diagnostics);
        Checked {
            log,
            diagnostics: Diagnostics(diagnostics),
        }
    }

    /// Read a TOML log and validate it against the embedded toolkit; errors if any problem is an
    /// error (warnings are dropped).
    ///
    /// ```
    /// use spur_supervision::SupervisionLog;
    /// let log = SupervisionLog::from_toml_str(
    ///     "[st]\nid = \"ST-01\"\nstart = 2025-01-01\nplanned_end = 2029-12-31\n",
    /// ).unwrap();
    /// assert_eq!(log.st.id, "ST-01");
    /// assert!(SupervisionLog::from_toml_str("[st]\nid = \"ST-01\"\n").is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem when the log has any error.
    pub fn from_toml_str(source: &str) -> Result<SupervisionLog, Error> {
        Self::check(source, "<input>", Format::Toml, Toolkit::embedded())
            .into_result()
            .map(|(l, _)| l)
    }

    /// Read a JSON log (the same model) and validate it against the embedded toolkit.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem when the log has any error.
    pub fn from_json_str(source: &str) -> Result<SupervisionLog, Error> {
        Self::check(source, "<input>", Format::Json, Toolkit::embedded())
            .into_result()
            .map(|(l, _)| l)
    }

    /// Validate a log built in code (no source locations).
    pub fn validate(&self, toolkit: &Toolkit) -> Diagnostics {
        Diagnostics(self.validate_located(toolkit, &|_| None))
    }

    /// Serialise as pretty JSON (reads back with [`Format::Json`]).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The dates a whole-ST target is counted from.
    pub fn target_dates(&self, target: crate::TargetId) -> &[NaiveDate] {
        match target {
            crate::TargetId::Specialistkollegium => &self.specialistkollegium,
            crate::TargetId::Degree360 => &self.degree360,
        }
    }

    fn validate_located(
        &self,
        toolkit: &Toolkit,
        locate: &dyn Fn(&str) -> Option<Location>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let err = |code: Code, path: String, msg: Text| {
            let loc = locate(&path);
            Diagnostic::error(code, path, msg).at(loc)
        };
        let warn = |code: Code, path: String, msg: Text| {
            let loc = locate(&path);
            Diagnostic::warning(code, path, msg).at(loc)
        };
        let st = &self.st;
        if st.id.trim().is_empty() {
            out.push(
                err(Code::InvalidValue, "st.id".into(), Msg::LogIdEmpty.into())
                    .with_hint(Msg::LogIdHint),
            );
        } else if looks_like_personnummer(&st.id) {
            out.push(
                err(
                    Code::InvalidValue,
                    "st.id".into(),
                    Text::new(Msg::LogIdPersonnummer).arg("id", &st.id),
                )
                .with_hint(Msg::LogIdPersonnummerHint),
            );
        }
        if st.planned_end <= st.start {
            out.push(err(
                Code::InvalidValue,
                "st.planned_end".into(),
                Text::new(Msg::LogEndBeforeStart)
                    .val("end", st.planned_end)
                    .val("start", st.start),
            ));
        }
        let mut dated: Vec<(String, NaiveDate)> = Vec::new();
        for (i, m) in self.meetings.iter().enumerate() {
            dated.push((format!("meetings[{i}].date"), m.date));
            if !(1..=1440).contains(&m.minutes) {
                out.push(
                    err(
                        Code::InvalidValue,
                        format!("meetings[{i}].minutes"),
                        Text::new(Msg::LogMinutes).val("minutes", m.minutes),
                    )
                    .with_hint(Msg::LogMinutesHint),
                );
            }
            let mut seen = BTreeSet::new();
            for (j, t) in m.topics.iter().enumerate() {
                let path = format!("meetings[{i}].topics[{j}]");
                if toolkit.topic(t).is_none() {
                    let hint = match toolkit.closest_topic(t) {
                        Some(c) => Text::new(Msg::DidYouMean).arg("name", c),
                        None => Text::new(Msg::LogTopicIds)
                            .arg("toolkit", &toolkit.id)
                            .arg("ids", topic_range(toolkit)),
                    };
                    out.push(
                        err(
                            Code::InvalidValue,
                            path,
                            Text::new(Msg::LogUnknownTopic).arg("topic", t),
                        )
                        .with_hint(hint),
                    );
                } else if !seen.insert(t.as_str()) {
                    out.push(warn(
                        Code::Duplicate,
                        path,
                        Text::new(Msg::LogTopicTwice).arg("topic", t),
                    ));
                }
            }
        }
        for (i, a) in self.assessments.iter().enumerate() {
            dated.push((format!("assessments[{i}].date"), a.date));
            if let Instrument::Other(text) = &a.instrument {
                if text.trim().is_empty() {
                    out.push(err(
                        Code::InvalidValue,
                        format!("assessments[{i}].instrument"),
                        Msg::LogInstrumentEmpty.into(),
                    ));
                } else if let Some(c) = closest(text, Instrument::KNOWN) {
                    out.push(
                        warn(
                            Code::InvalidValue,
                            format!("assessments[{i}].instrument"),
                            Text::new(Msg::LogInstrumentOther).arg("text", text),
                        )
                        .with_hint(Text::new(Msg::DidYouMean).arg("name", c)),
                    );
                }
            }
            if a.delmal.as_deref().is_some_and(|d| d.trim().is_empty()) {
                out.push(
                    err(
                        Code::InvalidValue,
                        format!("assessments[{i}].delmal"),
                        Msg::LogDelmalEmpty.into(),
                    )
                    .with_hint(Msg::LogDelmalHint),
                );
            }
        }
        for (i, r) in self.iup_revisions.iter().enumerate() {
            dated.push((format!("iup_revisions[{i}].date"), r.date));
        }
        for (field, dates) in [
            ("specialistkollegium", &self.specialistkollegium),
            ("degree360", &self.degree360),
        ] {
            let mut seen = BTreeSet::new();
            for (i, d) in dates.iter().enumerate() {
                let path = format!("{field}[{i}]");
                if !seen.insert(*d) {
                    out.push(err(
                        Code::Duplicate,
                        path.clone(),
                        Text::new(Msg::LogDateTwice)
                            .val("date", d)
                            .arg("field", field),
                    ));
                }
                dated.push((path, *d));
            }
        }
        for (path, date) in dated {
            if date < st.start {
                out.push(
                    err(
                        Code::InvalidValue,
                        path,
                        Text::new(Msg::LogBeforeStart)
                            .val("date", date)
                            .val("start", st.start),
                    )
                    .with_hint(Msg::LogBeforeStartHint),
                );
            } else if date > st.planned_end && st.planned_end > st.start {
                out.push(warn(
                    Code::InvalidValue,
                    path,
                    Text::new(Msg::LogAfterEnd)
                        .val("date", date)
                        .val("end", st.planned_end),
                ));
            }
        }
        out
    }
}

fn topic_range(toolkit: &Toolkit) -> String {
    match (toolkit.topics.first(), toolkit.topics.last()) {
        (Some(a), Some(b)) => format!("{}…{}", a.id, b.id),
        _ => "(none)".into(),
    }
}

/// Whether `s` contains something shaped like a Swedish personnummer or samordningsnummer:
/// `YYMMDD-NNNN`/`YYMMDD+NNNN`, or a run of 10 or 12 digits (optionally with the separator).
fn looks_like_personnummer(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let run = i - start;
        if run == 10 || run == 12 {
            return true;
        }
        if (run == 6 || run == 8) && i < chars.len() && matches!(chars[i], '-' | '+') {
            let tail = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if tail == 4 {
                return true;
            }
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// Reading: node tree → model, collecting every problem.

const TOP_FIELDS: &[&str] = &[
    "st",
    "meetings",
    "assessments",
    "iup_revisions",
    "specialistkollegium",
    "degree360",
];
const ST_FIELDS: &[&str] = &["id", "start", "planned_end", "regulation"];
const MEETING_FIELDS: &[&str] = &["date", "minutes", "topics", "note"];
const ASSESSMENT_FIELDS: &[&str] = &["date", "instrument", "delmal", "note"];
const IUP_FIELDS: &[&str] = &["date", "note"];

type Entries<'a> = Vec<(&'a Key, &'a Node)>;

/// Reads one entry of an array of tables: the reader, the entry's keys, its path and its span.
type EntryReader<'s, T> =
    fn(&mut Reader<'s>, &Entries<'_>, &str, &Option<Range<usize>>) -> Option<T>;

/// Reads a supervision log; the shared scalar readers come from [`spanned::Reader`].
struct Reader<'s>(spanned::Reader<'s>);

impl<'s> std::ops::Deref for Reader<'s> {
    type Target = spanned::Reader<'s>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Reader<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<'s> Reader<'s> {
    fn new(file: &'s str, source: &'s str) -> Self {
        Reader(spanned::Reader::new(file, source))
    }

    fn read(&mut self, format: Format) -> Option<SupervisionLog> {
        match spanned::parse(self.source, format) {
            Ok(root) => self.document(&root),
            Err(errors) => {
                self.syntax(errors, Some(spur_core::messages::Msg::SyntaxHint.into()));
                None
            }
        }
    }

    fn record(&mut self, path: &str, node: &Node) {
        self.record_span(path, &node.span);
    }

    /// Check that `node` is a table with only `allowed` keys; return its entries.
    fn table<'a>(&mut self, node: &'a Node, path: &str, allowed: &[&str]) -> Option<Entries<'a>> {
        let Value::Table(entries) = &node.value else {
            self.wrong_type(node, path, "a table");
            return None;
        };
        let mut out = Vec::new();
        for (k, v) in entries {
            let child = join(path, &k.name);
            if !allowed.contains(&k.name.as_str()) {
                let misplaced = !path.is_empty()
                    && matches!(k.name.as_str(), "specialistkollegium" | "degree360");
                let hint = if misplaced {
                    Text::new(Msg::LogMisplacedKey).arg("key", &k.name)
                } else {
                    match closest(&k.name, allowed.iter().copied()) {
                        Some(c) => Text::new(Msg::DidYouMean).arg("name", c),
                        None => Text::new(Msg::KnownKeys).arg("keys", allowed.join(", ")),
                    }
                };
                let place: Arg = if path.is_empty() {
                    Msg::TheLog.into()
                } else {
                    format!("`{path}`").into()
                };
                self.push(
                    Code::UnknownField,
                    &child,
                    &k.span,
                    Text::new(Msg::LogUnknownKey)
                        .arg("key", &k.name)
                        .arg("place", place),
                    Some(hint.into()),
                );
                continue;
            }
            self.record(&child, v);
            out.push((k, v));
        }
        Some(out)
    }

    fn required<'a>(
        &mut self,
        entries: &Entries<'a>,
        name: &str,
        base: &str,
        span: &Option<Range<usize>>,
        hint: &str,
    ) -> Option<&'a Node> {
        let found = get(entries, name);
        if found.is_none() {
            self.missing(&join(base, name), span, hint);
        }
        found
    }

    fn list<'a>(&mut self, node: &'a Node, path: &str, what: &str) -> &'a [Node] {
        match &node.value {
            Value::Array(items) => items,
            _ => {
                self.wrong_type(node, path, what);
                &[]
            }
        }
    }

    fn date_list(&mut self, node: &Node, path: &str) -> Vec<NaiveDate> {
        let items = self.list(node, path, "a list of dates, e.g. [2026-05-04]");
        let mut out = Vec::new();
        for (i, n) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            self.record(&p, n);
            if let Some(d) = self.required_date(n, &p) {
                out.push(d);
            }
        }
        out
    }

    fn note(&mut self, entries: &Entries<'_>, base: &str) -> Option<String> {
        let n = get(entries, "note")?;
        self.string(n, &join(base, "note"))
            .filter(|s| !s.trim().is_empty())
    }

    fn document(&mut self, root: &Node) -> Option<SupervisionLog> {
        let entries = self.table(root, "", TOP_FIELDS)?;
        let st = match get(&entries, "st") {
            Some(n) => self.st(n),
            None => {
                self.missing(
                    "st",
                    &Some(0..0),
                    "start the log with an [st] table: id, start, planned_end",
                );
                None
            }
        };
        let mut log = SupervisionLog {
            st: St {
                id: String::new(),
                start: NaiveDate::MIN,
                planned_end: NaiveDate::MAX,
                regulation: None,
            },
            meetings: Vec::new(),
            assessments: Vec::new(),
            iup_revisions: Vec::new(),
            specialistkollegium: Vec::new(),
            degree360: Vec::new(),
        };
        if let Some(n) = get(&entries, "meetings") {
            log.meetings = self.tables(n, "meetings", MEETING_FIELDS, Self::meeting);
        }
        if let Some(n) = get(&entries, "assessments") {
            log.assessments = self.tables(n, "assessments", ASSESSMENT_FIELDS, Self::assessment);
        }
        if let Some(n) = get(&entries, "iup_revisions") {
            log.iup_revisions = self.tables(n, "iup_revisions", IUP_FIELDS, Self::iup_revision);
        }
        if let Some(n) = get(&entries, "specialistkollegium") {
            log.specialistkollegium = self.date_list(n, "specialistkollegium");
        }
        if let Some(n) = get(&entries, "degree360") {
            log.degree360 = self.date_list(n, "degree360");
        }
        log.st = st?;
        Some(log)
    }

    /// An array of tables; each entry is read with `read` (which returns `None` when an entry is
    /// unusable, its problems already reported).
    fn tables<T>(
        &mut self,
        node: &Node,
        path: &str,
        allowed: &[&str],
        read: EntryReader<'s, T>,
    ) -> Vec<T> {
        let what = format!("a list of tables ([[{path}]])");
        let items = self.list(node, path, &what);
        let mut out = Vec::new();
        for (i, n) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            self.record(&p, n);
            if let Some(entries) = self.table(n, &p, allowed)
                && let Some(v) = read(self, &entries, &p, &n.span)
            {
                out.push(v);
            }
        }
        out
    }

    fn st(&mut self, node: &Node) -> Option<St> {
        let entries = self.table(node, "st", ST_FIELDS)?;
        let span = node.span.clone();
        let id = self
            .required(
                &entries,
                "id",
                "st",
                &span,
                "give the ST-läkare a pseudonym, e.g. id = \"ST-07\"",
            )
            .and_then(|n| self.string(n, "st.id"));
        let start = self
            .required(
                &entries,
                "start",
                "st",
                &span,
                "the first day of the ST, e.g. start = 2024-09-01",
            )
            .and_then(|n| self.required_date(n, "st.start"));
        let planned_end = self
            .required(
                &entries,
                "planned_end",
                "st",
                &span,
                "the planned last day of the ST, e.g. planned_end = 2029-08-31",
            )
            .and_then(|n| self.required_date(n, "st.planned_end"));
        let mut regulation = None;
        if let Some(n) = get(&entries, "regulation")
            && let Some(s) = self.string(n, "st.regulation")
        {
            match s.parse::<Regulation>() {
                Ok(r) => regulation = Some(r),
                Err(e) => self.push(
                    Code::UnknownRegulation,
                    "st.regulation",
                    &n.span,
                    e.to_string(),
                    None,
                ),
            }
        }
        Some(St {
            id: id?,
            start: start?,
            planned_end: planned_end?,
            regulation,
        })
    }

    fn meeting(
        &mut self,
        entries: &Entries<'_>,
        path: &str,
        span: &Option<Range<usize>>,
    ) -> Option<Meeting> {
        let date = self
            .required(
                entries,
                "date",
                path,
                span,
                "the day of the meeting, e.g. date = 2026-09-02",
            )
            .and_then(|n| self.required_date(n, &join(path, "date")));
        let minutes = self
            .required(
                entries,
                "minutes",
                path,
                span,
                "the duration in minutes, e.g. minutes = 60",
            )
            .and_then(|n| self.minutes(n, &join(path, "minutes")));
        let mut topics = Vec::new();
        if let Some(n) = get(entries, "topics") {
            let p = join(path, "topics");
            let items = self.list(n, &p, "a list of topic ids, e.g. [\"T01\", \"T05\"]");
            for (i, item) in items.iter().enumerate() {
                let ip = format!("{p}[{i}]");
                self.record(&ip, item);
                if let Some(s) = self.string(item, &ip) {
                    topics.push(s.trim().to_string());
                }
            }
        }
        let note = self.note(entries, path);
        Some(Meeting {
            date: date?,
            minutes: minutes?,
            topics,
            note,
        })
    }

    fn minutes(&mut self, node: &Node, path: &str) -> Option<u32> {
        match &node.value {
            Value::Int(i) => match u32::try_from(*i) {
                Ok(m) => Some(m),
                Err(_) => {
                    self.push(
                        Code::InvalidValue,
                        path,
                        &node.span,
                        Text::new(Msg::LogMinutes).val("minutes", i),
                        Some(Msg::LogMinutesHint.into()),
                    );
                    None
                }
            },
            Value::Float(f) => {
                self.push(
                    Code::InvalidValue,
                    path,
                    &node.span,
                    format!("`{path}` must be a whole number of minutes, found {f}"),
                    Some(Msg::LogMinutesHint.into()),
                );
                None
            }
            _ => {
                self.wrong_type(node, path, "a whole number of minutes");
                None
            }
        }
    }

    fn assessment(
        &mut self,
        entries: &Entries<'_>,
        path: &str,
        span: &Option<Range<usize>>,
    ) -> Option<Assessment> {
        let date = self
            .required(
                entries,
                "date",
                path,
                span,
                "the day of the assessment, e.g. date = 2026-09-10",
            )
            .and_then(|n| self.required_date(n, &join(path, "date")));
        let ip = join(path, "instrument");
        let instrument = match self.required(
            entries,
            "instrument",
            path,
            span,
            "e.g. instrument = \"Mini-CEX\" (Mini-CEX, DOPS, CBD, Konsultation or other text)",
        ) {
            Some(n) => match self.string(n, &ip) {
                Some(s) => match s.parse::<Instrument>() {
                    Ok(i) => Some(i),
                    Err(e) => {
                        self.push(
                            Code::InvalidValue,
                            &ip,
                            &n.span,
                            e.to_string(),
                            Some("name the instrument: Mini-CEX, DOPS, CBD, Konsultation or other text".into()),
                        );
                        None
                    }
                },
                None => None,
            },
            None => None,
        };
        let delmal = match get(entries, "delmal") {
            Some(n) => self
                .string(n, &join(path, "delmal"))
                .map(|s| s.trim().to_string()),
            None => None,
        };
        let note = self.note(entries, path);
        Some(Assessment {
            date: date?,
            instrument: instrument?,
            delmal,
            note,
        })
    }

    fn iup_revision(
        &mut self,
        entries: &Entries<'_>,
        path: &str,
        span: &Option<Range<usize>>,
    ) -> Option<IupRevision> {
        let date = self
            .required(
                entries,
                "date",
                path,
                span,
                "the day the IUP was revised, e.g. date = 2026-03-01",
            )
            .and_then(|n| self.required_date(n, &join(path, "date")));
        let note = self.note(entries, path);
        Some(IupRevision { date: date?, note })
    }
}

fn get<'a>(entries: &Entries<'a>, name: &str) -> Option<&'a Node> {
    entries
        .iter()
        .find(|(k, _)| k.name == name)
        .map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(src: &str) -> Checked {
        SupervisionLog::check(src, "log.toml", Format::Toml, Toolkit::embedded())
    }

    const HEAD: &str = "[st]\nid = \"ST-01\"\nstart = 2025-01-01\nplanned_end = 2029-12-31\n";

    #[test]
    fn personnummer_shapes_are_caught() {
        for s in [
            "19900101-1234",
            "900101-1234",
            "9001011234",
            "199001011234",
            "ST 900101+1234",
        ] {
            assert!(looks_like_personnummer(s), "{s}");
        }
        for s in ["ST-07", "ST-2024-01", "A12345", "ST 123456", "2024-09-01"] {
            assert!(!looks_like_personnummer(s), "{s}");
        }
    }

    #[test]
    fn every_problem_is_located() {
        let src = format!(
            "{HEAD}[[meetings]]\ndate = 2024-12-01\nminutes = 0\ntopics = [\"T01\", \"T99\"]\n\n[[assessments]]\ndate = \"2025-13-01\"\ninstrument = \"\"\n\n[[iup_revisions]]\ndate = 2025-03-01\ndegree360 = [2025-04-01]\n"
        );
        let c = check(&src);
        let text = c.diagnostics.to_string();
        assert!(c.into_result().is_err());
        assert!(
            text.contains("log.toml:6:8")
                && text.contains("2024-12-01 is before the ST start 2025-01-01"),
            "{text}"
        );
        assert!(
            text.contains("log.toml:7:11") && text.contains("a meeting of 0 minutes"),
            "{text}"
        );
        assert!(
            text.contains("log.toml:8:18") && text.contains("unknown topic id `T99`"),
            "{text}"
        );
        assert!(
            text.contains("log.toml:11:8") && text.contains("`2025-13-01` is not a valid date"),
            "{text}"
        );
        assert!(
            text.contains("log.toml:12:14") && text.contains("the instrument is empty"),
            "{text}"
        );
        assert!(
            text.contains("log.toml:16:1") && text.contains("is a top-level key"),
            "{text}"
        );
        // A native TOML date that is no date is a located date error, not a syntax error.
        let text = check(&format!("{HEAD}[[iup_revisions]]\ndate = 2025-13-01\n"))
            .diagnostics
            .to_string();
        assert!(
            text.contains("log.toml:6:8")
                && text.contains("error[bad-date]: `2025-13-01` is not a valid date"),
            "{text}"
        );
    }

    #[test]
    fn missing_and_mistyped_keys() {
        let c = check("[st]\nid = 7\nstart = \"2025-01-01\"\nplaned_end = 2029-12-31\n");
        let text = c.diagnostics.to_string();
        assert!(
            text.contains("`st.id` must be a string, found an integer"),
            "{text}"
        );
        assert!(text.contains("did you mean `planned_end`?"), "{text}");
        assert!(
            text.contains("missing required key `st.planned_end`"),
            "{text}"
        );
        let c = check("");
        assert!(
            c.diagnostics
                .to_string()
                .contains("missing required key `st`")
        );
    }

    #[test]
    fn minutes_are_a_whole_number_and_integers_never_overflow_into_floats() {
        let c = check(&format!(
            "{HEAD}[[meetings]]\ndate = 2026-01-10\nminutes = 45.5\n"
        ));
        let text = c.diagnostics.to_string();
        assert!(
            text.contains("`meetings[0].minutes` must be a whole number of minutes, found 45.5"),
            "{text}"
        );
        assert!(text.contains("log.toml:7:"), "{text}");
        let c = check(&format!(
            "{HEAD}[[meetings]]\ndate = 2026-01-10\nminutes = 99999999999999999999\n"
        ));
        let text = c.diagnostics.to_string();
        assert!(text.contains("out of range"), "{text}");
        assert!(!text.contains("whole number"), "{text}");
        let json = r#"{"st": {"id": "ST-01", "start": "2025-01-01", "planned_end": "2029-12-31"},
            "meetings": [{"date": "2026-01-10", "minutes": 99999999999999999999}]}"#;
        let c = SupervisionLog::check(json, "log.json", Format::Json, Toolkit::embedded());
        let text = c.diagnostics.to_string();
        assert!(text.contains("integer out of range"), "{text}");
    }

    #[test]
    fn warnings_do_not_block() {
        let src = format!(
            "{HEAD}[[meetings]]\ndate = 2030-01-10\nminutes = 30\ntopics = [\"T01\", \"T01\"]\n[[assessments]]\ndate = 2025-02-01\ninstrument = \"Mini-CXE\"\n"
        );
        let (log, warnings) = check(&src).into_result().unwrap();
        assert_eq!(warnings.len(), 3, "{warnings}");
        assert!(warnings.to_string().contains("did you mean `Mini-CEX`?"));
        assert_eq!(
            log.assessments[0].instrument,
            Instrument::Other("Mini-CXE".into())
        );
    }

    #[test]
    fn json_reads_the_same_model() {
        let log = SupervisionLog::from_toml_str(&format!(
            "specialistkollegium = [2026-05-04]\n{HEAD}regulation = \"2021\"\n[[meetings]]\ndate = 2025-02-01\nminutes = 45\ntopics = [\"T01\"]\n[[assessments]]\ndate = 2025-02-02\ninstrument = \"dops\"\ndelmal = \"STa1\"\n"
        ))
        .unwrap();
        let back = SupervisionLog::from_json_str(&log.to_json()).unwrap();
        assert_eq!(back, log);
        assert_eq!(back.st.regulation, Some(Regulation::HslfFs2021_8));
        let err = SupervisionLog::check("{\"st\": 1}", "x.json", Format::Json, Toolkit::embedded());
        assert!(
            err.diagnostics.to_string().contains("--> x.json:1:8"),
            "{}",
            err.diagnostics
        );
    }

    #[test]
    fn a_byte_order_mark_keeps_columns_right() {
        let src = format!("\u{feff}{HEAD}[[meetings]]\ndate = 2025-02-30\nminutes = 5\n");
        let text = check(&src).diagnostics.to_string();
        assert!(text.contains("log.toml:6:8"), "{text}");
    }
}
