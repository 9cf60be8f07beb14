//! Located problems: what is wrong, where (file, line, column), and a hint how to fix it.

use std::fmt;
use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::messages::{Msg, Text};

/// How bad a problem is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document is usable, but something deserves attention (e.g. unassessed criteria).
    Warning,
    /// The document cannot be graded as written.
    Error,
}

/// A stable machine-readable name for each kind of problem.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Code {
    /// The file is not valid TOML or JSON (includes duplicate keys).
    Syntax,
    /// A key the format does not know.
    UnknownField,
    /// A required key is missing.
    MissingField,
    /// A value of the wrong type (string where a list is expected, …).
    WrongType,
    /// A value of the right type that is not allowed (unknown status, empty text, …).
    InvalidValue,
    /// A date that is not a real `YYYY-MM-DD` date.
    BadDate,
    /// A string that is not a well-formed criterion id.
    MalformedId,
    /// A well-formed criterion id that the catalog does not have.
    UnknownCriterion,
    /// A regulation name that is not known.
    UnknownRegulation,
    /// The same thing given twice.
    Duplicate,
    /// A finding for a criterion that applies under none of the listed regulations.
    NotApplicable,
    /// A per-regulation value for a regulation the unit does not train under.
    RegulationNotListed,
    /// An override without a reason.
    OverrideWithoutReason,
    /// An override grade the area's scale does not have (C on a 3-level scale).
    GradeNotOnScale,
    /// A handlingsplan entry for a criterion that is not a brist.
    PlanEntryNotBrist,
    /// A due date before the visit date.
    DueBeforeVisit,
    /// A follow-up date before the due date.
    FollowUpBeforeDue,
    /// A catalog version that is not available.
    UnknownCatalog,
    /// A criterion left `not_assessed` (warning; an error in a final report).
    Unassessed,
    /// A value `spur init` writes as a placeholder (unit name, visit date), no inspectors, or a
    /// placeholder word in a text (warning; an error in a final report).
    Placeholder,
    /// A received handlingsplan that misses required items or has empty fields (warning).
    IncompletePlan,
    /// The catalog data is inconsistent.
    CatalogInconsistent,
    /// More problems than are listed: the first [`MAX_PROBLEMS`] are, the rest are counted.
    TooManyProblems,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: &'static [Code] = <Code as strum::VariantArray>::VARIANTS;

    /// The stable name printed in `error[name]` and in JSON, e.g. `unknown-criterion`.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// What the code means, in one sentence (the list in `docs/diagnostics.md`).
    ///
    /// ```
    /// use spur_core::Code;
    /// assert_eq!(Code::Duplicate.description(), "The same thing given twice.");
    /// ```
    pub fn description(self) -> &'static str {
        match self {
            Code::Syntax => "The file is not valid TOML or JSON (includes duplicate keys).",
            Code::UnknownField => "A key the format does not know.",
            Code::MissingField => "A required key is missing.",
            Code::WrongType => "A value of the wrong type (string where a list is expected, …).",
            Code::InvalidValue => {
                "A value of the right type that is not allowed (unknown status, empty text, …)."
            }
            Code::BadDate => "A date that is not a real `YYYY-MM-DD` date.",
            Code::MalformedId => "A string that is not a well-formed criterion id.",
            Code::UnknownCriterion => "A well-formed criterion id that the catalog does not have.",
            Code::UnknownRegulation => "A regulation name that is not known.",
            Code::Duplicate => "The same thing given twice.",
            Code::NotApplicable => {
                "A finding for a criterion that applies under none of the listed regulations."
            }
            Code::RegulationNotListed => {
                "A per-regulation value for a regulation the unit does not train under."
            }
            Code::OverrideWithoutReason => "An override without a reason.",
            Code::GradeNotOnScale => {
                "An override grade the area's scale does not have (C on a 3-level scale)."
            }
            Code::PlanEntryNotBrist => "A handlingsplan entry for a criterion that is not a brist.",
            Code::DueBeforeVisit => "A due date before the visit date.",
            Code::FollowUpBeforeDue => "A follow-up date before the due date.",
            Code::UnknownCatalog => "A catalog version that is not available.",
            Code::Unassessed => {
                "A criterion left `not_assessed` (warning; an error in a final report)."
            }
            Code::Placeholder => {
                "A placeholder `spur init` writes (unit name, visit date), no inspectors, or a placeholder word (`TODO`, `fyll i`, …) in a text (warning; an error in a final report)."
            }
            Code::IncompletePlan => {
                "A received handlingsplan missing required items or with empty fields (warning)."
            }
            Code::CatalogInconsistent => "The catalog data is inconsistent.",
            Code::TooManyProblems => {
                "More problems than are listed: the first 1000 are, the rest are counted."
            }
        }
    }
}

/// Where a problem is: file, 1-based line and column (in characters), and the source line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    /// The file name as given (or `<stdin>`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The text of the line (at most ~100 characters around the column), for a caret excerpt.
    #[serde(skip)]
    pub source_line: String,
    /// The 1-based column of the problem within `source_line`.
    #[serde(skip)]
    pub excerpt_column: usize,
    /// How many characters the caret underlines (at least 1).
    #[serde(skip)]
    pub width: usize,
}

impl Location {
    /// Locate a byte span of `source`. Spans past the end are clamped; never panics.
    ///
    /// ```
    /// use spur_core::Location;
    /// let loc = Location::from_span("doc.toml", "a = 1\nbö = 2\n", 9..10);
    /// assert_eq!((loc.line, loc.column), (2, 3));
    /// ```
    pub fn from_span(file: &str, source: &str, span: Range<usize>) -> Location {
        Location::from_span_indexed(file, source, &LineIndex::new(source), span)
    }

    /// [`Location::from_span`] with a precomputed [`LineIndex`] of `source`: use it when
    /// locating many problems in one document (no rescan of the source per problem).
    pub fn from_span_indexed(
        file: &str,
        source: &str,
        index: &LineIndex,
        span: Range<usize>,
    ) -> Location {
        let mut start = span.start.min(source.len());
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        let line = index.starts.partition_point(|&s| s <= start);
        let line_start = index.starts[line - 1];
        // Constant work per problem, however long the line: the line's end comes from the
        // index and the column from the character checkpoints (no scan from the line start).
        let line_end = index
            .starts
            .get(line)
            .map_or(source.len(), |&next| next - 1)
            .max(start);
        let column = index.chars_before(source, start) - index.chars_before(source, line_start) + 1;
        let mut end = span.end.clamp(start, line_end);
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        let mut full_end = line_end;
        if full_end > line_start && source.as_bytes()[full_end - 1] == b'\r' {
            full_end -= 1;
        }
        let (source_line, excerpt_column, width) =
            window(source, line_start, full_end.max(start), start, end, column);
        Location {
            file: file.to_string(),
            line,
            column,
            source_line,
            excerpt_column,
            width,
        }
    }

    /// A location that names only the file (JSON input has no spans).
    pub fn file_only(file: &str) -> Location {
        Location {
            file: file.to_string(),
            line: 0,
            column: 0,
            source_line: String::new(),
            excerpt_column: 0,
            width: 0,
        }
    }
}

/// Byte offsets where each line of a source starts, and character counts at fixed byte
/// checkpoints, for line/column lookups in constant time per problem.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `chars[i]`: the number of characters in the first `i * CHECKPOINT` bytes.
    chars: Vec<usize>,
}

/// Bytes between two character-count checkpoints of a [`LineIndex`].
const CHECKPOINT: usize = 1024;

/// Characters that start in `bytes` (UTF-8 continuation bytes do not start one).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

impl LineIndex {
    /// Index the lines of `source`.
    pub fn new(source: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut chars = Vec::with_capacity(source.len() / CHECKPOINT + 1);
        let mut total = 0;
        chars.push(0);
        for block in source.as_bytes().chunks(CHECKPOINT) {
            total += count_chars(block);
            chars.push(total);
        }
        LineIndex { starts, chars }
    }

    /// The number of characters before byte `at` of `source` (the source this index was built
    /// from); at most one checkpoint's worth of bytes is scanned.
    fn chars_before(&self, source: &str, at: usize) -> usize {
        let at = at.min(source.len());
        let block = (at / CHECKPOINT).min(self.chars.len() - 1);
        let from = block * CHECKPOINT;
        self.chars[block] + count_chars(&source.as_bytes()[from.min(at)..at])
    }
}

/// A further place that belongs to a problem, e.g. the first copy of a duplicate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Label {
    /// What this place has to do with the problem (`first given here`).
    pub message: String,
    /// Where it is.
    pub location: Location,
}

// Message, hint, labels and notes are written in English when a diagnostic is made; those made
// from the message table (`crate::messages`) remember their phrase in `words`, so
// `Diagnostic::localize` can put them in Swedish. Code, path, location and severity are the same
// in every language. (A plain comment: the doc comment below is the schemas' description.)
/// One problem found in a document or catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable problem code, e.g. `unknown-criterion`.
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, where there is something useful to say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The dotted path of the offending value, e.g. `findings."D.F3".status`.
    pub path: String,
    /// Where in the file, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Further places that belong to the problem (a duplicate shows the first copy too).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    /// Further remarks, each printed as a `= note:` line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The phrases the words above were made from (not serialised).
    #[serde(skip)]
    #[schemars(skip)]
    pub words: Words,
}

/// A message, hint, label or note: plain text (the same in every language) or a phrase of the
/// message table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phrase {
    /// Text as given.
    Plain(String),
    /// A phrase of the message table.
    Text(Text),
}

impl From<String> for Phrase {
    fn from(s: String) -> Self {
        Phrase::Plain(s)
    }
}

impl From<&str> for Phrase {
    fn from(s: &str) -> Self {
        Phrase::Plain(s.to_string())
    }
}

impl From<&String> for Phrase {
    fn from(s: &String) -> Self {
        Phrase::Plain(s.clone())
    }
}

impl From<Text> for Phrase {
    fn from(t: Text) -> Self {
        Phrase::Text(t)
    }
}

impl From<Msg> for Phrase {
    fn from(m: Msg) -> Self {
        Phrase::Text(Text::new(m))
    }
}

impl From<Phrase> for crate::messages::Arg {
    fn from(p: Phrase) -> Self {
        match p {
            Phrase::Plain(s) => crate::messages::Arg::Plain(s),
            Phrase::Text(t) => crate::messages::Arg::Text(Box::new(t)),
        }
    }
}

impl Phrase {
    /// The words in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Phrase::Plain(s) => s.clone(),
            Phrase::Text(t) => t.render(lang),
        }
    }
}

/// Which part of a diagnostic a remembered phrase fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Message,
    Hint,
    Label(usize),
    Note(usize),
}

/// The phrases a diagnostic's words were made from. Equal to any other `Words`: two
/// diagnostics are the same problem when their serialised fields are.
#[derive(Debug, Clone, Default)]
pub struct Words(Vec<(Slot, Text)>);

impl PartialEq for Words {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Words {}

impl Words {
    fn set(&mut self, slot: Slot, phrase: &Phrase) {
        self.0.retain(|(s, _)| *s != slot);
        if let Phrase::Text(t) = phrase {
            self.0.push((slot, t.clone()));
        }
    }

    /// Whether no word came from the table.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The phrase of the message, if it came from the table.
    pub fn message(&self) -> Option<&Text> {
        self.0
            .iter()
            .find(|(s, _)| *s == Slot::Message)
            .map(|(_, t)| t)
    }
}

impl Diagnostic {
    /// A new error.
    pub fn error(code: Code, path: impl Into<String>, message: impl Into<Phrase>) -> Self {
        let message = message.into();
        let mut words = Words::default();
        words.set(Slot::Message, &message);
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.render(Lang::En),
            hint: None,
            path: path.into(),
            location: None,
            labels: Vec::new(),
            notes: Vec::new(),
            words,
        }
    }
    /// A new warning.
    pub fn warning(code: Code, path: impl Into<String>, message: impl Into<Phrase>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }
    /// Replace the message.
    pub fn with_message(mut self, message: impl Into<Phrase>) -> Self {
        let message = message.into();
        self.words.set(Slot::Message, &message);
        self.message = message.render(Lang::En);
        self
    }
    /// Attach a hint.
    pub fn with_hint(mut self, hint: impl Into<Phrase>) -> Self {
        let hint = hint.into();
        self.words.set(Slot::Hint, &hint);
        self.hint = Some(hint.render(Lang::En));
        self
    }
    /// Attach a hint if there is one.
    pub fn with_opt_hint(self, hint: Option<impl Into<Phrase>>) -> Self {
        match hint {
            Some(h) => self.with_hint(h),
            None => self,
        }
    }
    /// Attach a location.
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }
    /// Attach a further place, e.g. the first copy of a duplicate.
    pub fn with_label(mut self, location: Location, message: impl Into<Phrase>) -> Self {
        let message = message.into();
        self.words.set(Slot::Label(self.labels.len()), &message);
        self.labels.push(Label {
            message: message.render(Lang::En),
            location,
        });
        self
    }
    /// Attach a note.
    pub fn with_note(mut self, note: impl Into<Phrase>) -> Self {
        let note = note.into();
        self.words.set(Slot::Note(self.notes.len()), &note);
        self.notes.push(note.render(Lang::En));
        self
    }
    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    /// Put the message, hint, labels and notes in `lang` (those made from the message table;
    /// plain text stays as written). Code, path, location and severity do not change.
    ///
    /// ```
    /// use spur_core::{Code, Diagnostic, Lang, messages::{Msg, Text}};
    /// let d = Diagnostic::error(Code::UnknownCriterion, "findings.\"D.F33\"",
    ///     Text::new(Msg::UnknownCriterionId).val("id", "D.F33"));
    /// assert_eq!(d.message, "unknown criterion id `D.F33`");
    /// let sv = d.clone().localized(Lang::Sv);
    /// assert_eq!(sv.message, "okänt kriterie-id `D.F33`");
    /// assert_eq!((sv.code, sv.path.as_str()), (d.code, d.path.as_str()));
    /// assert_eq!(sv.localized(Lang::En).message, d.message);
    /// ```
    pub fn localize(&mut self, lang: Lang) {
        for (slot, text) in &self.words.0 {
            let words = text.render(lang);
            match *slot {
                Slot::Message => self.message = words,
                Slot::Hint => self.hint = Some(words),
                Slot::Label(i) => {
                    if let Some(l) = self.labels.get_mut(i) {
                        l.message = words;
                    }
                }
                Slot::Note(i) => {
                    if let Some(n) = self.notes.get_mut(i) {
                        *n = words;
                    }
                }
            }
        }
    }
    /// For a `too-many-problems` diagnostic: the problems it stands for.
    pub fn unlisted(&self) -> Option<Unlisted> {
        if self.code != Code::TooManyProblems {
            return None;
        }
        let text = self.words.message()?;
        let count = |name| text.value(name)?.parse().ok();
        Some(Unlisted {
            errors: count("errors")?,
            warnings: count("warnings")?,
        })
    }
    /// [`Diagnostic::localize`], by value.
    pub fn localized(mut self, lang: Lang) -> Self {
        self.localize(lang);
        self
    }
}

/// A window of at most ~100 characters of a long source line (`source[line_start..line_end]`)
/// around the problem at bytes `start..end` (1-based character `column`), with the column and
/// caret width adjusted to the window. Only the bytes near the problem are looked at.
fn window(
    source: &str,
    line_start: usize,
    line_end: usize,
    start: usize,
    end: usize,
    column: usize,
) -> (String, usize, usize) {
    const BEFORE: usize = 30;
    const MAX: usize = 100;
    let width = source[start..end].chars().take(MAX + 1).count().max(1);
    if line_end - line_start <= MAX {
        return (source[line_start..line_end].to_string(), column, width);
    }
    // Up to BEFORE characters back from the problem…
    let before: Vec<(usize, char)> = source[line_start..start]
        .char_indices()
        .rev()
        .take(BEFORE)
        .collect();
    let from = before.last().map_or(start, |(i, _)| line_start + i);
    // …then up to MAX characters forward from there.
    let mut shown = String::new();
    let mut shown_len = 0;
    let mut stop = from;
    for (i, c) in source[from..line_end].char_indices() {
        if shown_len == MAX {
            break;
        }
        shown.push(c);
        shown_len += 1;
        stop = from + i + c.len_utf8();
    }
    let more_after = stop < line_end;
    let mut col = before.len() + 1;
    if from > line_start {
        shown.insert(0, '…');
        col += 1;
    }
    if more_after {
        shown.push('…');
    }
    let width = width.min(shown_len.saturating_sub(before.len()).max(1));
    (shown, col, width)
}

/// The most problems one check of a document lists. Beyond them problems are counted, not built
/// (a 2 MB document with 110 000 bad ids would otherwise hold ~1 KB of diagnostic per id), and
/// one `too-many-problems` diagnostic at the end says how many more there are.
pub const MAX_PROBLEMS: usize = 1000;

/// Problems found but not listed, by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unlisted {
    /// Errors not listed.
    pub errors: usize,
    /// Warnings not listed.
    pub warnings: usize,
}

impl Unlisted {
    /// Whether nothing went unlisted.
    pub fn is_empty(self) -> bool {
        self.errors == 0 && self.warnings == 0
    }

    /// The `too-many-problems` diagnostic that stands for these problems (an error when any of
    /// them is), or `None` when there are none.
    pub fn summary(self, file: &str) -> Option<Diagnostic> {
        if self.is_empty() {
            return None;
        }
        let message = Text::new(Msg::TooManyProblems)
            .val("errors", self.errors)
            .val("warnings", self.warnings)
            .val("limit", MAX_PROBLEMS);
        let hint = Text::new(Msg::TooManyProblemsHint);
        let d = if self.errors > 0 {
            Diagnostic::error(Code::TooManyProblems, "", message)
        } else {
            Diagnostic::warning(Code::TooManyProblems, "", message)
        };
        Some(d.with_hint(hint).at(Some(Location::file_only(file))))
    }
}

/// Problems as they are found: the first `room` are listed, the rest only counted.
#[derive(Debug, Default)]
pub struct Listing {
    list: Vec<Diagnostic>,
    room: usize,
    unlisted: Unlisted,
}

impl Listing {
    /// A listing with room for `room` problems.
    pub fn new(room: usize) -> Self {
        Listing {
            list: Vec::new(),
            room,
            unlisted: Unlisted::default(),
        }
    }

    /// Whether the room is used up: further problems are only counted (callers may skip
    /// building them and call [`Listing::count`]).
    pub fn is_full(&self) -> bool {
        self.list.len() >= self.room
    }

    /// Count `n` problems of `severity` without listing them.
    pub fn count(&mut self, severity: Severity, n: usize) {
        match severity {
            Severity::Error => self.unlisted.errors += n,
            Severity::Warning => self.unlisted.warnings += n,
        }
    }

    /// List `d`, or count it when the room is used up.
    pub fn push(&mut self, d: Diagnostic) {
        if self.is_full() {
            self.count(d.severity, 1);
        } else {
            self.list.push(d);
        }
    }

    /// [`Listing::push`] each of `ds`.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        for d in ds {
            self.push(d);
        }
    }

    /// The listed problems and the count of the others.
    pub fn finish(self) -> (Vec<Diagnostic>, Unlisted) {
        (self.list, self.unlisted)
    }
}

/// Every problem found, errors and warnings, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Put every problem in `lang` (see [`Diagnostic::localize`]).
    pub fn localize(&mut self, lang: Lang) {
        for d in &mut self.0 {
            d.localize(lang);
        }
    }
    /// Errors and warnings found, the unlisted ones a `too-many-problems` diagnostic stands for
    /// included.
    pub fn totals(&self) -> (usize, usize) {
        totals(&self.0)
    }
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }
    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }
    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// No problems at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let (errors, warnings) = self.totals();
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

/// Errors and warnings among `diags`, counting each `too-many-problems` diagnostic as the
/// problems it stands for.
pub fn totals(diags: &[Diagnostic]) -> (usize, usize) {
    diags.iter().fold((0, 0), |(e, w), d| match d.unlisted() {
        Some(u) => (e + u.errors, w + u.warnings),
        None if d.is_error() => (e + 1, w),
        None => (e, w + 1),
    })
}

/// Sort problems into document order: by line and column; unlocated ones last (stable).
pub fn sort_by_position(diags: &mut [Diagnostic]) {
    let key = |d: &Diagnostic| match &d.location {
        Some(l) if l.line > 0 => (l.line, l.column),
        _ => (usize::MAX, 0),
    };
    diags.sort_by_key(key);
}

/// The closest candidate to `input` by edit distance, if it is close enough to be a useful hint.
///
/// ```
/// assert_eq!(spur_core::closest("D.F33", ["D.F3", "H.K1"]), Some("D.F3".to_string()));
/// assert_eq!(spur_core::closest("zzzzzz", ["D.F3"]), None);
/// ```
pub fn closest<I, S>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    // An input much longer than any useful suggestion cannot be close; skip the O(n·m) work.
    if input.len() > 200 {
        return None;
    }
    let lower = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let d = strsim::levenshtein(&lower, &c.as_ref().to_lowercase());
            (d, c.as_ref().to_string())
        })
        .filter(|(d, c)| *d * 5 <= (c.chars().count() * 3).max(5))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_characters_not_bytes() {
        let src = "å = 1\nää = \"x\"\n";
        let at = src.find("\"x\"").unwrap();
        let loc = Location::from_span("f", src, at..at + 3);
        assert_eq!((loc.line, loc.column, loc.width), (2, 6, 3));
        assert_eq!(loc.source_line, "ää = \"x\"");
    }

    #[test]
    fn locating_many_problems_on_one_long_line_is_linear() {
        // 2 MB on one line (the shape of a one-line JSON document), with non-ASCII text so
        // columns count characters: 40 000 problems spread over it. Scanning from the line
        // start for every problem (the old way) is ~4·10¹⁰ steps; the index makes it ~4·10⁷.
        let unit = "\"ö.X1\":1,";
        let src = unit.repeat(2_000_000 / unit.len());
        let index = LineIndex::new(&src);
        let started = std::time::Instant::now();
        let step = src.len() / 40_000 / unit.len() * unit.len();
        let mut last = 0;
        for at in (0..src.len()).step_by(step) {
            let loc = Location::from_span_indexed("f", &src, &index, at..at + 6);
            assert_eq!(loc.line, 1);
            assert!(loc.column > last || at == 0);
            last = loc.column;
            assert!(loc.source_line.chars().count() <= 102);
        }
        let one = src.find("\"ö").unwrap() + unit.len() * 1000;
        let loc = Location::from_span_indexed("f", &src, &index, one..one + 5);
        assert_eq!(loc.column, 1000 * unit.chars().count() + 1);
        assert_eq!(
            loc.source_line.chars().nth(loc.excerpt_column - 1),
            Some('"')
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "locating took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn windows_of_long_lines_match_the_character_columns() {
        let line = format!("{}x = \"bad\"{}", "å".repeat(80), "ä".repeat(80));
        let src = format!("a = 1\n{line}\n");
        let at = src.find("\"bad").unwrap();
        let loc = Location::from_span("f", &src, at..at + 5);
        assert_eq!((loc.line, loc.column), (2, 85));
        assert!(loc.source_line.starts_with('…') && loc.source_line.ends_with('…'));
        let shown: String = loc
            .source_line
            .chars()
            .skip(loc.excerpt_column - 1)
            .take(loc.width)
            .collect();
        assert_eq!(shown, "\"bad\"");
    }

    #[test]
    fn location_never_panics_on_wild_spans() {
        let src = "åäö";
        for s in 0..10 {
            for e in 0..10 {
                let _ = Location::from_span("f", src, s..e);
            }
        }
    }

    #[test]
    fn rendering_shows_file_line_column_caret_and_hint() {
        let src = "[findings]\n\"D.F33\" = \"met\"\n";
        let d = Diagnostic::error(
            Code::UnknownCriterion,
            "findings.\"D.F33\"",
            "unknown criterion id `D.F33`",
        )
        .with_hint("did you mean `D.F3`?")
        .at(Some(Location::from_span("doc.toml", src, 11..18)));
        let text = d.to_string();
        assert!(text.contains("error[unknown-criterion]: unknown criterion id `D.F33`"));
        assert!(text.contains("--> doc.toml:2:1"));
        assert!(text.contains("2 | \"D.F33\" = \"met\""));
        assert!(text.contains("  | ^^^^^^^\n"));
        assert!(text.contains("= hint: did you mean `D.F3`?"));
    }
}
