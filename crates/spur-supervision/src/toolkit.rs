//! The supervision toolkit: discussion topics with how often each should come up, their
//! footnotes, and the whole-ST targets. The toolkit is data (TOML); this module parses and
//! validates it. The Region Skåne toolkit ("Instruktion för handledning, bilaga 1") is embedded.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::messages::{Msg, Text};
use spur_core::read::{FromNode, Path, Reader, Span, Spanned, Table};
use spur_core::spanned::{self, Node};
use spur_core::{Code, Confidence, Diagnostic, Format, Lang, Location};

use crate::Error;
use crate::words::Says;

/// The id of the embedded toolkit.
pub const EMBEDDED_TOOLKIT: &str = "skane-bilaga-1";
const EMBEDDED_TOML: &str = include_str!("../toolkit/skane-bilaga-1.toml");

/// How many months "regularly" (`regelbundet`) is taken to mean when deciding whether a topic is
/// due. The toolkit gives no number; this is an **assumption**, the same as the shortest printed
/// interval ("Var 3:e mån").
pub const REGULARLY_MONTHS: u32 = 3;

/// How often a topic should come up in supervision.
///
/// What *due* means for each (see [`crate::due`]):
/// - `every_meeting`: always on the agenda;
/// - `every_3_months`, `every_6_months`, `yearly`: due once that many months have passed since
///   the topic was last covered, or since the ST start when it was never covered;
/// - `regularly`: treated as every [`REGULARLY_MONTHS`] months (an assumption);
/// - `as_needed`: never due by itself; listed as optional;
/// - `end_of_year`: due in November–December until covered on or after 1 November that year.
///
/// ```
/// use spur_supervision::Frequency;
/// let f: Frequency = "every_3_months".parse().unwrap();
/// assert_eq!(f.interval_months(), Some(3));
/// assert_eq!(Frequency::Regularly.interval_months(), Some(3));
/// assert_eq!(Frequency::AsNeeded.interval_months(), None);
/// assert_eq!(f.to_string(), "every_3_months");
/// ```
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
pub enum Frequency {
    /// "Varje möte": every meeting.
    #[serde(rename = "every_meeting")]
    #[strum(serialize = "every_meeting")]
    EveryMeeting,
    /// "Var 3:e mån": every third month.
    #[serde(rename = "every_3_months")]
    #[strum(serialize = "every_3_months")]
    Every3Months,
    /// "Var 6:e mån": every sixth month.
    #[serde(rename = "every_6_months")]
    #[strum(serialize = "every_6_months")]
    Every6Months,
    /// "Årligen": once a year.
    #[serde(rename = "yearly")]
    #[strum(serialize = "yearly")]
    Yearly,
    /// "Efter behov": when needed; never due by itself.
    #[serde(rename = "as_needed")]
    #[strum(serialize = "as_needed")]
    AsNeeded,
    /// "Regelbundet": regularly; treated as every [`REGULARLY_MONTHS`] months.
    #[serde(rename = "regularly")]
    #[strum(serialize = "regularly")]
    Regularly,
    /// "I slutet av kalenderåret!": at the end of the calendar year (November–December).
    #[serde(rename = "end_of_year")]
    #[strum(serialize = "end_of_year")]
    EndOfYear,
}

impl Frequency {
    /// The interval in months after which an interval topic is due again; `None` for
    /// `every_meeting`, `as_needed` and `end_of_year`, which are not interval-based.
    pub fn interval_months(self) -> Option<u32> {
        match self {
            Frequency::Every3Months => Some(3),
            Frequency::Every6Months => Some(6),
            Frequency::Yearly => Some(12),
            Frequency::Regularly => Some(REGULARLY_MONTHS),
            Frequency::EveryMeeting | Frequency::AsNeeded | Frequency::EndOfYear => None,
        }
    }

    /// The label in `lang`: `every 3 months`, or the Swedish name as in the toolkit,
    /// `var 3:e månad`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Frequency::EveryMeeting => Says::EveryMeeting,
            Frequency::Every3Months => Says::Every3Months,
            Frequency::Every6Months => Says::Every6Months,
            Frequency::Yearly => Says::Yearly,
            Frequency::AsNeeded => Says::AsNeeded,
            Frequency::Regularly => Says::Regularly,
            Frequency::EndOfYear => Says::EndOfYear,
        }
        .template(lang)
    }
}

/// A kind of supervision-log entry other than a meeting that also counts as covering a topic
/// (e.g. an IUP revision covers "Diskutera och revidera utbildningsprogrammet").
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum LogEvent {
    /// An entry of `iup_revisions`.
    IupRevision,
    /// A date in `specialistkollegium`.
    Specialistkollegium,
    /// A date in `degree360`.
    Degree360,
}

/// One discussion topic of the toolkit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Stable id, `T01`…`T18` in the embedded toolkit; supervision logs refer to topics by it.
    pub id: String,
    /// A short Swedish title (an editorial label, not printed in the seed).
    pub title: String,
    /// The Swedish text, verbatim (footnote markers removed; a break inside the cell is `\n`).
    pub sv: String,
    /// English gloss.
    pub en: String,
    /// How often the topic should come up.
    pub frequency: Frequency,
    /// The topic is also taken up when needed, besides its frequency (row 17: "+ vid behov").
    #[serde(default, skip_serializing_if = "is_false")]
    pub also_as_needed: bool,
    /// The frequency cell as printed (`X`, `Efter behov`, …).
    pub printed: String,
    /// The frequency column the cell is printed in (`Varje möte`, `Var 3:e mån`, `Var 6:e mån`,
    /// `Årligen`).
    pub column: String,
    /// How sure the reading of the frequency is.
    pub confidence: Confidence,
    /// Why the frequency was read so, where it is in doubt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Footnote numbers attached to the topic.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub footnotes: Vec<u8>,
    /// Log entries besides meetings that count as covering this topic.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covered_by: Vec<LogEvent>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A footnote of the toolkit, verbatim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    /// The footnote number as printed.
    pub number: u8,
    /// The words the marker is attached to, where the seed shows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// The footnote text, verbatim.
    pub text: String,
}

/// A whole-ST target. Its id names the supervision-log field its dates are counted from.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TargetId {
    /// Specialistkollegium (log field `specialistkollegium`).
    Specialistkollegium,
    /// 360-degree assessment (log field `degree360`).
    Degree360,
}

/// How many times something should happen during the whole ST.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Which target (and which log field counts it).
    pub id: TargetId,
    /// Swedish name.
    pub sv: String,
    /// English name.
    pub en: String,
    /// How many times per ST.
    pub count: u32,
    /// The footnote that states the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footnote: Option<u8>,
}

/// A supervision toolkit: topics, footnotes and whole-ST targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Toolkit {
    /// Stable id, e.g. `skane-bilaga-1`.
    pub id: String,
    /// The document title as printed.
    pub title: String,
    /// The region that issued it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The introduction, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    /// Where the data was transcribed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The discussion topics in printed order.
    pub topics: Vec<Topic>,
    /// The footnotes.
    #[serde(default)]
    pub footnotes: Vec<Footnote>,
    /// Whole-ST targets.
    #[serde(default)]
    pub targets: Vec<Target>,
}

static EMBEDDED: OnceLock<Toolkit> = OnceLock::new();

impl Toolkit {
    /// The Region Skåne toolkit compiled into the library, parsed once on first use.
    ///
    /// ```
    /// use spur_supervision::{Frequency, TargetId, Toolkit};
    /// let toolkit = Toolkit::embedded();
    /// assert_eq!(toolkit.topics.len(), 18);
    /// assert_eq!(toolkit.topic("T18").unwrap().frequency, Frequency::EndOfYear);
    /// assert_eq!(toolkit.target(TargetId::Specialistkollegium).unwrap().count, 3);
    /// ```
    pub fn embedded() -> &'static Toolkit {
        EMBEDDED.get_or_init(|| {
            // The embedded toolkit is checked by the whole-toolkit tests; a failure here is a
            // build defect, not bad user input.
            Toolkit::from_toml_str(EMBEDDED_TOML, "embedded toolkit")
                .unwrap_or_else(|e| panic!("the embedded toolkit is invalid: {e}"))
        })
    }

    /// The embedded toolkit's TOML source.
    pub fn embedded_source() -> &'static str {
        EMBEDDED_TOML
    }

    /// Parse and validate a toolkit (e.g. another region's) from TOML. All problems are reported
    /// at once, located in `file`.
    ///
    /// ```
    /// use spur_supervision::Toolkit;
    /// let err = Toolkit::from_toml_str("id = \"x\"\ntitle = \"x\"\ntopics = []\n", "mine.toml")
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("no topics"));
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem (TOML syntax, no topics, repeated ids, unknown
    /// frequencies …), located in `file`.
    pub fn from_toml_str(source: &str, file: &str) -> Result<Toolkit, Error> {
        let mut r = Reader::new(file, source);
        let read = read_toolkit(&mut r);
        let mut problems = r.take_listing();
        if let Some((toolkit, spans)) = &read {
            let locate = |span: Option<Span>| span.map(|s| r.location(s));
            problems.extend(toolkit.validate_located(spans, &locate));
        }
        let checked = spur_core::Checked::listed(read.map(|(t, _)| t), problems, file);
        match checked.document {
            Some(toolkit) if checked.diagnostics.is_empty() => Ok(toolkit),
            _ => Err(Error::Invalid(checked.diagnostics)),
        }
    }

    /// The topic with id `id`.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    /// The whole-ST target `id`, if the toolkit sets one.
    pub fn target(&self, id: TargetId) -> Option<&Target> {
        self.targets.iter().find(|t| t.id == id)
    }

    /// Footnote number `n`.
    pub fn footnote(&self, n: u8) -> Option<&Footnote> {
        self.footnotes.iter().find(|f| f.number == n)
    }

    /// The closest topic id to `input`, for "did you mean" hints.
    ///
    /// ```
    /// use spur_supervision::Toolkit;
    /// assert_eq!(Toolkit::embedded().closest_topic("T1O").as_deref(), Some("T10"));
    /// ```
    pub fn closest_topic(&self, input: &str) -> Option<String> {
        spur_core::closest(input, self.topics.iter().map(|t| t.id.as_str()))
    }

    /// Whole-toolkit consistency checks. Returns every problem found.
    pub fn validate(&self) -> Vec<Diagnostic> {
        self.validate_located(&ToolkitSpans::default(), &|_| None)
    }

    fn validate_located(
        &self,
        spans: &ToolkitSpans,
        locate: &dyn Fn(Option<Span>) -> Option<Location>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let bad = |path: String, at: Option<Span>, msg: Text| {
            Diagnostic::error(Code::CatalogInconsistent, path, msg).at(locate(at))
        };
        // The first copy of something given twice, as a label.
        let twice = |d: Diagnostic, first: Option<Span>| match locate(first) {
            Some(loc) => d.with_label(loc, Msg::FirstGivenHere),
            None => d,
        };
        if self.id.trim().is_empty() {
            out.push(bad("id".into(), spans.id, Msg::ToolkitIdEmpty.into()));
        }
        if self.topics.is_empty() {
            out.push(bad(
                "topics".into(),
                spans.topics,
                Msg::ToolkitNoTopics.into(),
            ));
        }
        let mut numbers: BTreeMap<u8, Option<Span>> = BTreeMap::new();
        for (i, f) in self.footnotes.iter().enumerate() {
            let at = spans.footnotes.get(i).copied().flatten();
            let path = format!("footnotes.{}", f.number);
            if let Some(first) = numbers.get(&f.number) {
                out.push(twice(
                    bad(
                        path.clone(),
                        at,
                        Text::new(Msg::FootnoteTwice).val("number", f.number),
                    ),
                    *first,
                ));
            } else {
                numbers.insert(f.number, at);
            }
            if f.text.trim().is_empty() {
                out.push(bad(
                    path,
                    at,
                    Text::new(Msg::FootnoteEmpty).val("number", f.number),
                ));
            }
        }
        let mut ids: BTreeMap<&str, Option<Span>> = BTreeMap::new();
        for (i, t) in self.topics.iter().enumerate() {
            let at = spans.topics_ids.get(i).copied().flatten();
            let path = format!("topics.\"{}\"", t.id);
            let valid_id = !t.id.is_empty()
                && t.id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid_id {
                out.push(bad(
                    path.clone(),
                    at,
                    Text::new(Msg::TopicIdShape).val("id", &t.id),
                ));
            }
            if let Some(first) = ids.get(t.id.as_str()) {
                out.push(twice(
                    bad(
                        path.clone(),
                        at,
                        Text::new(Msg::TopicIdTwice).val("id", &t.id),
                    ),
                    *first,
                ));
            } else {
                ids.insert(&t.id, at);
            }
            for (field, text) in [
                ("title", &t.title),
                ("sv", &t.sv),
                ("en", &t.en),
                ("printed", &t.printed),
                ("column", &t.column),
            ] {
                if text.trim().is_empty() {
                    out.push(bad(
                        path.clone(),
                        at,
                        Text::new(Msg::TopicFieldEmpty)
                            .val("id", &t.id)
                            .val("field", field),
                    ));
                }
            }
            for n in &t.footnotes {
                if !numbers.contains_key(n) {
                    out.push(bad(
                        path.clone(),
                        at,
                        Text::new(Msg::TopicFootnoteMissing)
                            .val("id", &t.id)
                            .val("number", n),
                    ));
                }
            }
            if t.also_as_needed && t.frequency.interval_months().is_none() {
                out.push(bad(
                    path.clone(),
                    at,
                    Text::new(Msg::TopicAlsoAsNeeded)
                        .val("id", &t.id)
                        .val("frequency", t.frequency),
                ));
            }
        }
        let mut targets: BTreeMap<TargetId, Option<Span>> = BTreeMap::new();
        for (i, t) in self.targets.iter().enumerate() {
            let at = spans.targets.get(i).copied().flatten();
            let path = format!("targets.{}", t.id);
            if let Some(first) = targets.get(&t.id) {
                out.push(twice(
                    bad(
                        path.clone(),
                        at,
                        Text::new(Msg::TargetTwice).val("id", t.id),
                    ),
                    *first,
                ));
            } else {
                targets.insert(t.id, at);
            }
            if t.count == 0 {
                out.push(bad(
                    path.clone(),
                    at,
                    Text::new(Msg::TargetCountZero).val("id", t.id),
                ));
            }
            if t.sv.trim().is_empty() || t.en.trim().is_empty() {
                out.push(bad(
                    path.clone(),
                    at,
                    Text::new(Msg::TargetNameEmpty).val("id", t.id),
                ));
            }
            if let Some(n) = t.footnote
                && !numbers.contains_key(&n)
            {
                out.push(bad(
                    path.clone(),
                    at,
                    Text::new(Msg::TargetFootnoteMissing)
                        .val("id", t.id)
                        .val("number", n),
                ));
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Reading: node tree → toolkit, every problem at once (through `spur_core::read`).

const TOOLKIT_FIELDS: &[&str] = &[
    "id",
    "title",
    "region",
    "intro",
    "source",
    "topics",
    "footnotes",
    "targets",
];
const TOPIC_FIELDS: &[&str] = &[
    "id",
    "title",
    "sv",
    "en",
    "frequency",
    "also_as_needed",
    "printed",
    "column",
    "confidence",
    "note",
    "footnotes",
    "covered_by",
];
const FOOTNOTE_FIELDS: &[&str] = &["number", "anchor", "text"];
const TARGET_FIELDS: &[&str] = &["id", "sv", "en", "count", "footnote"];
const FORMAT_HINT: Msg = Msg::ToolkitFormatHint;

/// Where the values the consistency checks point at were written: the toolkit's `id` and
/// `topics`, and the id (or number) of each topic, footnote and target of the model.
#[derive(Debug, Default)]
struct ToolkitSpans {
    id: Option<Span>,
    topics: Option<Span>,
    topics_ids: Vec<Option<Span>>,
    footnotes: Vec<Option<Span>>,
    targets: Vec<Option<Span>>,
}

/// A vocabulary word of the toolkit (frequency, confidence, log event, target id).
struct Word<T>(T);

macro_rules! word {
    ($t:ty, $what:expr, $choices:expr) => {
        impl FromNode for Word<$t> {
            fn from_node(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Self> {
                let text = String::from_node(r, node, path)?;
                let choices: Vec<String> = $choices;
                if choices.iter().any(|c| *c == text) {
                    return <$t>::from_str(&text).ok().map(Word);
                }
                let hint = match spur_core::closest(&text, &choices) {
                    Some(c) => Text::new(Msg::DidYouMean).val("name", c),
                    None => Text::new(Msg::OneOfChoices).val("choices", choices.join(", ")),
                };
                r.push(
                    Code::InvalidValue,
                    path,
                    Span::of(&node.span),
                    Text::new(Msg::NotAValid)
                        .arg("text", spur_core::spanned::clip(&text))
                        .arg("what", $what),
                    Some(hint.into()),
                );
                None
            }
        }
    };
}

word!(Frequency, Msg::WhatFrequency, {
    use strum::IntoEnumIterator;
    Frequency::iter().map(|f| f.to_string()).collect()
});
word!(Confidence, Msg::WhatConfidence, {
    ["high", "medium", "low"].map(String::from).to_vec()
});
word!(LogEvent, Msg::WhatLogEvent, {
    use strum::IntoEnumIterator;
    LogEvent::iter().map(|e| e.to_string()).collect()
});
word!(TargetId, Msg::WhatTarget, {
    use strum::IntoEnumIterator;
    TargetId::iter().map(|t| t.to_string()).collect()
});

/// A small whole number (footnote numbers, counts).
fn number<T: TryFrom<i64>>(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Spanned<T>> {
    let n = r.value::<i64>(node, path)?;
    match T::try_from(n.value) {
        Ok(v) => Some(Spanned::new(v, n.span)),
        Err(_) => {
            r.push(
                Code::InvalidValue,
                path,
                Some(n.span),
                Text::new(Msg::OutOfRange)
                    .val("path", path)
                    .val("value", n.value),
                None,
            );
            None
        }
    }
}

/// A list whose items are read with `item`.
fn list_of<T>(
    r: &mut Reader<'_>,
    node: Option<&Node>,
    path: Path<'_>,
    expected: &str,
    item: impl Fn(&mut Reader<'_>, &Node, Path<'_>) -> Option<T>,
) -> Vec<T> {
    let Some(node) = node else {
        return Vec::new();
    };
    let items = r.list(node, path, expected.to_string());
    items
        .iter()
        .enumerate()
        .filter_map(|(i, n)| item(r, n, path.index(i)))
        .collect()
}

/// Reads one table of a list: the value and the span of its identifying value.
type ItemReader<T> = fn(&mut Reader<'_>, &mut Table<'_, '_>) -> Option<(T, Option<Span>)>;

/// A list of tables, each read with `item` (its problems reported, `None` when unusable); the
/// span of each usable one's identifying value comes along.
fn tables_of<T>(
    r: &mut Reader<'_>,
    node: Option<&Node>,
    path: Path<'_>,
    fields: &'static [&'static str],
    item: ItemReader<T>,
) -> (Vec<T>, Vec<Option<Span>>) {
    let mut out = (Vec::new(), Vec::new());
    let Some(node) = node else {
        return out;
    };
    let items = r.list(node, path, Text::new(Msg::ExpectTables).val("path", path));
    for (i, n) in items.iter().enumerate() {
        let Some(mut t) = Table::new(r, n, path.index(i), fields) else {
            continue;
        };
        let value = item(r, &mut t);
        t.finalize(r);
        if let Some((v, span)) = value {
            out.0.push(v);
            out.1.push(span);
        }
    }
    out
}

fn text(r: &mut Reader<'_>, t: &mut Table<'_, '_>, name: &str) -> Option<String> {
    t.required::<String>(r, name, FORMAT_HINT)
        .map(Spanned::into_inner)
}

fn optional_text(r: &mut Reader<'_>, t: &mut Table<'_, '_>, name: &str) -> Option<String> {
    t.optional::<String>(r, name).map(Spanned::into_inner)
}

fn read_toolkit(r: &mut Reader<'_>) -> Option<(Toolkit, ToolkitSpans)> {
    let root = match spanned::parse(r.source, Format::Toml) {
        Ok(root) => root,
        Err(errors) => {
            r.syntax(errors, Some(FORMAT_HINT.into()));
            return None;
        }
    };
    let mut spans = ToolkitSpans::default();
    let mut t = Table::new(r, &root, Path::ROOT, TOOLKIT_FIELDS)?;
    let id = t.required::<String>(r, "id", FORMAT_HINT);
    spans.id = id.as_ref().map(|s| s.span);
    let title = text(r, &mut t, "title");
    let region = optional_text(r, &mut t, "region");
    let intro = optional_text(r, &mut t, "intro");
    let source = optional_text(r, &mut t, "source");
    let topics_node = t.required_node(r, "topics", FORMAT_HINT);
    spans.topics = topics_node.and_then(|n| Span::of(&n.span));
    let topics = topics_node.map(|n| {
        let (topics, ids) = tables_of(r, Some(n), Path::ROOT.key("topics"), TOPIC_FIELDS, topic);
        spans.topics_ids = ids;
        topics
    });
    let footnotes;
    (footnotes, spans.footnotes) = tables_of(
        r,
        t.node("footnotes"),
        Path::ROOT.key("footnotes"),
        FOOTNOTE_FIELDS,
        footnote,
    );
    let targets;
    (targets, spans.targets) = tables_of(
        r,
        t.node("targets"),
        Path::ROOT.key("targets"),
        TARGET_FIELDS,
        target,
    );
    t.finalize(r);
    let toolkit = Toolkit {
        id: id?.value,
        title: title?,
        region,
        intro,
        source,
        topics: topics?,
        footnotes,
        targets,
    };
    Some((toolkit, spans))
}

fn topic(r: &mut Reader<'_>, t: &mut Table<'_, '_>) -> Option<(Topic, Option<Span>)> {
    let path = t.path();
    let id = t.required::<String>(r, "id", FORMAT_HINT);
    let title = text(r, t, "title");
    let sv = text(r, t, "sv");
    let en = text(r, t, "en");
    let frequency = t.required::<Word<Frequency>>(r, "frequency", FORMAT_HINT);
    let also_as_needed = t.optional::<bool>(r, "also_as_needed");
    let printed = text(r, t, "printed");
    let column = text(r, t, "column");
    let confidence = t.required::<Word<Confidence>>(r, "confidence", FORMAT_HINT);
    let note = optional_text(r, t, "note");
    let footnotes = list_of(
        r,
        t.node("footnotes"),
        path.key("footnotes"),
        "a list of footnote numbers",
        |r, n, p| number::<u8>(r, n, p).map(Spanned::into_inner),
    );
    let covered_by = list_of(
        r,
        t.node("covered_by"),
        path.key("covered_by"),
        "a list of log events",
        |r, n, p| r.value::<Word<LogEvent>>(n, p).map(|w| w.value.0),
    );
    let span = id.as_ref().map(|s| s.span);
    let topic = Topic {
        id: id?.value,
        title: title?,
        sv: sv?,
        en: en?,
        frequency: frequency?.value.0,
        also_as_needed: also_as_needed.is_some_and(|b| b.value),
        printed: printed?,
        column: column?,
        confidence: confidence?.value.0,
        note,
        footnotes,
        covered_by,
    };
    Some((topic, span))
}

fn footnote(r: &mut Reader<'_>, t: &mut Table<'_, '_>) -> Option<(Footnote, Option<Span>)> {
    let number = t
        .required_node(r, "number", FORMAT_HINT)
        .and_then(|n| number::<u8>(r, n, t.path().key("number")));
    let anchor = optional_text(r, t, "anchor");
    let text = text(r, t, "text");
    let span = number.as_ref().map(|n| n.span);
    let footnote = Footnote {
        number: number?.value,
        anchor,
        text: text?,
    };
    Some((footnote, span))
}

fn target(r: &mut Reader<'_>, t: &mut Table<'_, '_>) -> Option<(Target, Option<Span>)> {
    let path = t.path();
    let id = t.required::<Word<TargetId>>(r, "id", FORMAT_HINT);
    let sv = text(r, t, "sv");
    let en = text(r, t, "en");
    let count = t
        .required_node(r, "count", FORMAT_HINT)
        .and_then(|n| number::<u32>(r, n, path.key("count")));
    let footnote = t
        .node("footnote")
        .and_then(|n| number::<u8>(r, n, path.key("footnote")));
    let span = id.as_ref().map(|s| s.span);
    let target = Target {
        id: id?.value.0,
        sv: sv?,
        en: en?,
        count: count?.value,
        footnote: footnote.map(Spanned::into_inner),
    };
    Some((target, span))
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn frequencies_parse_their_own_names() {
        for f in Frequency::iter() {
            assert_eq!(f.to_string().parse::<Frequency>().unwrap(), f);
            assert_eq!(serde_json::to_value(f).unwrap(), f.to_string());
        }
    }

    #[test]
    fn the_regularly_label_states_the_assumed_interval() {
        let label = Frequency::Regularly.label(Lang::En);
        assert!(
            label.contains(&format!("every {REGULARLY_MONTHS} months")),
            "{label}"
        );
    }

    #[test]
    fn the_embedded_toolkit_validates() {
        assert!(Toolkit::embedded().validate().is_empty());
    }

    #[test]
    fn problems_are_located() {
        let src = Toolkit::embedded_source().replace("id = \"T05\"", "id = \"T04\"");
        let err = Toolkit::from_toml_str(&src, "k.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("topic id `T04` is used twice"), "{err}");
        assert!(err.contains("k.toml:"), "{err}");
        let src = Toolkit::embedded_source().replace("footnotes = [4]", "footnotes = [9]");
        let err = Toolkit::from_toml_str(&src, "k.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("footnote 9, which is not defined"), "{err}");
        let err = Toolkit::from_toml_str("id = \"x\"\nbogus = 1\n", "k.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("k.toml:2"), "{err}");
    }

    #[test]
    fn a_repeated_id_points_at_the_second_copy_with_the_first_as_a_label() {
        let src = Toolkit::embedded_source().replace("id = \"T05\"", "id = \"T04\"");
        let Err(Error::Invalid(d)) = Toolkit::from_toml_str(&src, "k.toml") else {
            panic!("accepted")
        };
        assert_eq!(d.len(), 1, "{d}");
        let line = |needle: &str| src[..src.find(needle).unwrap()].lines().count() + 1;
        let first = line("id = \"T04\"");
        let second = src.match_indices("id = \"T04\"").nth(1).unwrap().0;
        let second = src[..second].lines().count() + 1;
        assert_eq!(d.0[0].location.as_ref().unwrap().line, second);
        assert_eq!(d.0[0].labels[0].location.line, first);
        assert_eq!(d.0[0].labels[0].message, "first given here");
    }

    #[test]
    fn every_reading_problem_is_reported_at_once() {
        let src =
            "id = \"x\"\ntitle = 1\n[[topics]]\nid = \"T1\"\nfrequency = \"weekly\"\ncount = 2\n";
        let Err(Error::Invalid(d)) = Toolkit::from_toml_str(src, "k.toml") else {
            panic!("accepted")
        };
        let text = d.to_string();
        for expected in [
            "`title` must be a string, found an integer",
            "`weekly` is not a valid frequency",
            "unknown key `count` in topics[0]",
            "missing required key `topics[0].sv`",
        ] {
            assert!(text.contains(expected), "{expected}: {text}");
        }
    }
}
