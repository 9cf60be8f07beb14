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

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use spur_core::messages::{Arg, Msg, Text};
use spur_core::{Code, Diagnostic, Diagnostics, Format, Location, Regulation, closest};

use crate::Error;
use crate::toolkit::Toolkit;
use spur_core::read::{Path, Reader, Span, Spanned, Table};
use spur_core::spanned::{self, Node, Value};

mod read;
use read::read_log;

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

/// The result of reading and validating a log: the log (in `document`) when it could be read at
/// all, and every problem found (errors and warnings) in file order.
pub type Checked = spur_core::Checked<SupervisionLog>;

impl spur_core::read::Document for SupervisionLog {
    type Error = Error;
    fn invalid(diagnostics: Diagnostics) -> Error {
        Error::Invalid(diagnostics)
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
        let read = read_log(&mut reader, format);
        let mut diagnostics = reader.take_listing();
        let log = read.map(|(log, spans)| {
            let locate = |span: Option<Span>| span.map(|s| reader.location(s));
            diagnostics.extend(log.validate_located(toolkit, &spans, &locate));
            log
        });
        Checked::listed(log, diagnostics, file)
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
        Diagnostics(self.validate_located(toolkit, &LogSpans::default(), &|_| None))
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
        spans: &LogSpans,
        locate: &dyn Fn(Option<Span>) -> Option<Location>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let err = |code: Code, path: String, at: Option<Span>, msg: Text| {
            Diagnostic::error(code, path, msg).at(locate(at))
        };
        let warn = |code: Code, path: String, at: Option<Span>, msg: Text| {
            Diagnostic::warning(code, path, msg).at(locate(at))
        };
        // The first copy of something given twice, as a label.
        let first = |d: Diagnostic, at: Option<Span>| match locate(at) {
            Some(loc) => d.with_label(loc, Msg::FirstGivenHere),
            None => d,
        };
        let st = &self.st;
        if st.id.trim().is_empty() {
            out.push(
                err(
                    Code::InvalidValue,
                    "st.id".into(),
                    spans.st_id,
                    Msg::LogIdEmpty.into(),
                )
                .with_hint(Msg::LogIdHint),
            );
        } else if looks_like_personnummer(&st.id) {
            out.push(
                err(
                    Code::InvalidValue,
                    "st.id".into(),
                    spans.st_id,
                    Text::new(Msg::LogIdPersonnummer).arg("id", &st.id),
                )
                .with_hint(Msg::LogIdPersonnummerHint),
            );
        }
        if st.planned_end <= st.start {
            out.push(err(
                Code::InvalidValue,
                "st.planned_end".into(),
                spans.st_planned_end,
                Text::new(Msg::LogEndBeforeStart)
                    .val("end", st.planned_end)
                    .val("start", st.start),
            ));
        }
        let mut dated: Vec<(String, Option<Span>, NaiveDate)> = Vec::new();
        for (i, m) in self.meetings.iter().enumerate() {
            let (i, at) = item(&spans.meetings, i);
            dated.push((
                format!("meetings[{i}].date"),
                at.and_then(|s| s.date),
                m.date,
            ));
            if !(1..=1440).contains(&m.minutes) {
                out.push(
                    err(
                        Code::InvalidValue,
                        format!("meetings[{i}].minutes"),
                        at.and_then(|s| s.value),
                        Text::new(Msg::LogMinutes).val("minutes", m.minutes),
                    )
                    .with_hint(Msg::LogMinutesHint),
                );
            }
            let mut seen: Vec<(&str, Option<Span>)> = Vec::new();
            for (j, t) in m.topics.iter().enumerate() {
                let (j, span) = match at.and_then(|s| s.topics.get(j)) {
                    Some((j, span)) => (*j, Some(*span)),
                    None => (j, None),
                };
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
                            span,
                            Text::new(Msg::LogUnknownTopic).arg("topic", t),
                        )
                        .with_hint(hint),
                    );
                } else if let Some((_, earlier)) = seen.iter().find(|(s, _)| *s == t) {
                    out.push(first(
                        warn(
                            Code::Duplicate,
                            path,
                            span,
                            Text::new(Msg::LogTopicTwice).arg("topic", t),
                        ),
                        *earlier,
                    ));
                } else {
                    seen.push((t, span));
                }
            }
        }
        for (i, a) in self.assessments.iter().enumerate() {
            let (i, at) = item(&spans.assessments, i);
            dated.push((
                format!("assessments[{i}].date"),
                at.and_then(|s| s.date),
                a.date,
            ));
            if let Instrument::Other(text) = &a.instrument {
                let path = format!("assessments[{i}].instrument");
                let span = at.and_then(|s| s.value);
                if text.trim().is_empty() {
                    out.push(err(
                        Code::InvalidValue,
                        path,
                        span,
                        Msg::LogInstrumentEmpty.into(),
                    ));
                } else if let Some(c) = closest(text, Instrument::KNOWN) {
                    out.push(
                        warn(
                            Code::InvalidValue,
                            path,
                            span,
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
                        at.and_then(|s| s.delmal),
                        Msg::LogDelmalEmpty.into(),
                    )
                    .with_hint(Msg::LogDelmalHint),
                );
            }
        }
        for (i, rev) in self.iup_revisions.iter().enumerate() {
            let (i, at) = item(&spans.iup_revisions, i);
            dated.push((
                format!("iup_revisions[{i}].date"),
                at.and_then(|s| s.date),
                rev.date,
            ));
        }
        for (field, dates, at) in [
            (
                "specialistkollegium",
                &self.specialistkollegium,
                &spans.specialistkollegium,
            ),
            ("degree360", &self.degree360, &spans.degree360),
        ] {
            let mut seen: Vec<(NaiveDate, Option<Span>)> = Vec::new();
            for (i, d) in dates.iter().enumerate() {
                let (i, span) = match at.get(i) {
                    Some((i, span)) => (*i, Some(*span)),
                    None => (i, None),
                };
                let path = format!("{field}[{i}]");
                if let Some((_, earlier)) = seen.iter().find(|(s, _)| s == d) {
                    out.push(first(
                        err(
                            Code::Duplicate,
                            path.clone(),
                            span,
                            Text::new(Msg::LogDateTwice)
                                .val("date", d)
                                .arg("field", field),
                        ),
                        *earlier,
                    ));
                } else {
                    seen.push((*d, span));
                }
                dated.push((path, span, *d));
            }
        }
        for (path, at, date) in dated {
            if date < st.start {
                out.push(
                    err(
                        Code::InvalidValue,
                        path,
                        at,
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
                    at,
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

/// Where the values validation checks were written, kept beside the log (a log built in code
/// has none). Items of lists keep their index in the source: an entry that could not be read
/// leaves no model item, but the later ones keep their printed `[i]`.
#[derive(Debug, Default)]
struct LogSpans {
    st_id: Option<Span>,
    st_planned_end: Option<Span>,
    meetings: Vec<ItemSpans>,
    assessments: Vec<ItemSpans>,
    iup_revisions: Vec<ItemSpans>,
    specialistkollegium: Vec<(usize, Span)>,
    degree360: Vec<(usize, Span)>,
}

/// The spans of one entry of `[[meetings]]`, `[[assessments]]` or `[[iup_revisions]]`.
#[derive(Debug, Default)]
struct ItemSpans {
    /// The entry's index in the source list.
    index: usize,
    date: Option<Span>,
    /// `minutes` of a meeting, `instrument` of an assessment.
    value: Option<Span>,
    /// `delmal` of an assessment.
    delmal: Option<Span>,
    /// The topics of a meeting: index in the source list and span.
    topics: Vec<(usize, Span)>,
}

/// Where a value was written: the span of the model item `i` of `items` and its index in the
/// source (`i` itself for a log built in code).
fn item(items: &[ItemSpans], i: usize) -> (usize, Option<&ItemSpans>) {
    match items.get(i) {
        Some(s) => (s.index, Some(s)),
        None => (i, None),
    }
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
    fn a_date_given_twice_shows_both_places() {
        let src = format!("degree360 = [2025-04-01, 2025-04-01]\n{HEAD}");
        let c = check(&src);
        let d = c.diagnostics.errors().next().expect("an error");
        assert_eq!(d.code, Code::Duplicate);
        assert_eq!(d.path, "degree360[1]");
        let at = d.location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (1, 26));
        assert_eq!(d.labels[0].location.column, 14);
        assert!(d.to_string().contains("first given here"), "{d}");
    }

    #[test]
    fn a_byte_order_mark_keeps_columns_right() {
        let src = format!("\u{feff}{HEAD}[[meetings]]\ndate = 2025-02-30\nminutes = 5\n");
        let text = check(&src).diagnostics.to_string();
        assert!(text.contains("log.toml:6:8"), "{text}");
    }
}
