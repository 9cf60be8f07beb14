//! The reading layer every document reader shares: the inspection document, the supervision log
//! and the toolkit go through it, so "read → check → [`Checked`]" exists once.
//!
//! - [`Span`]: a small `Copy` byte range into the source, turned into a [`Location`] (line and
//!   column) only when a problem is reported;
//! - [`Spanned<T>`]: a value together with where it was written (`Deref`s to the value; equal
//!   when the values are equal), so a later check points at it without looking anything up;
//! - [`Path`]: the dotted path of a value (`findings."D.F6".status`), built on the stack and
//!   formatted only when a problem is reported;
//! - [`Table`]: a table being read, in the spirit of toml-span's `TableHelper`: take keys with
//!   [`Table::required`] / [`Table::optional`], then [`Table::finalize`] reports every key nobody
//!   took as unknown, with the closest known key as a hint. Problems are collected, never
//!   stopping at the first;
//! - [`FromNode`]: how a scalar is read from a [`Node`] (strings, whole numbers distinct from
//!   floats, numbers, booleans, dates, ids, the vocabulary's enums);
//! - [`Reader`]: collects the located problems;
//! - [`Checked<T>`]: the document, when it could be built, and every problem found.
//!
//! A reader for a new document reads a table like this:
//!
//! ```
//! use spur_core::{Format, spanned, read::{Path, Reader, Spanned, Table}};
//!
//! let src = "id = \"ST-07\"\nminutes = 45.5\nnmae = \"x\"\n";
//! let root = spanned::parse(src, Format::Toml).unwrap();
//! let mut r = Reader::new("x.toml", src);
//! let mut t = Table::new(&mut r, &root, Path::ROOT, &["id", "minutes", "name"]).unwrap();
//! let id: Option<Spanned<String>> = t.required(&mut r, "id", "give an id");
//! let minutes: Option<Spanned<i64>> = t.optional(&mut r, "minutes");
//! let name: Option<Spanned<String>> = t.required(&mut r, "name", "give a name");
//! t.finalize(&mut r);
//! assert_eq!(id.unwrap().as_str(), "ST-07");
//! assert!(minutes.is_none() && name.is_none());
//! let text: Vec<String> = r.diags.iter().map(|d| d.message.clone()).collect();
//! assert_eq!(text, [
//!     "unknown key `nmae` in the document", // reported first, as if checked on opening
//!     "`minutes` must be a whole number, found 45.5",
//!     "missing required key `name`",
//! ]);
//! assert_eq!(r.diags[0].hint.as_deref(), Some("did you mean `name`?"));
//! ```

use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;

use crate::diagnostic::{
    Code, Diagnostic, Diagnostics, LineIndex, Listing, Location, MAX_PROBLEMS, Phrase, closest,
};
use crate::messages::{Arg, Msg, Text};
use crate::model::{AreaId, CriterionId, Grade, PlanStatus, Regulation, ReportStatus, Status};
use crate::spanned::syntax_message;
use crate::tree::{Key, Node, SyntaxError, Value, clip};

// ---------------------------------------------------------------------------------------------
// Spans

/// A byte range in the source: small and `Copy`, unlike `Range<usize>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// The span `start..end` (offsets past 4 GiB are clamped; documents are far smaller).
    pub fn new(start: usize, end: usize) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end),
        }
    }

    /// As a `Range`.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The empty span at the start of this one (where a missing key is reported).
    #[must_use]
    pub fn start_only(self) -> Span {
        Span {
            start: self.start,
            end: self.start,
        }
    }

    /// The span of a parsed node or key (`None` only for trees built without spans).
    pub fn of(span: &Option<Range<usize>>) -> Option<Span> {
        span.as_ref().map(|r| Span::new(r.start, r.end))
    }

    /// Where this span is in `source`, as file, line and column.
    pub fn location(self, file: &str, source: &str) -> Location {
        Location::from_span(file, source, self.range())
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(s: Span) -> Range<usize> {
        s.range()
    }
}

/// A value read from a document together with the span it was written at.
///
/// ```
/// use spur_core::read::{Span, Spanned};
/// let a = Spanned::new(7, Span::new(0, 1));
/// assert_eq!(a, Spanned::new(7, Span::new(4, 5))); // equal values, whatever the place
/// assert_eq!(*a + 1, 8);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// `value` at `span`.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
    /// The same span around another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned::new(f(self.value), self.span)
    }
    /// The value, dropping the span.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

// ---------------------------------------------------------------------------------------------
// Paths

/// The path of a value in a document, as printed in diagnostics: `st.id`,
/// `findings."D.F6".status`, `handlingsplan.entries[2].due`. A path is a chain of borrowed
/// segments on the stack; it becomes a string only when a problem is reported.
///
/// ```
/// use spur_core::read::Path;
/// let findings = Path::ROOT.key("findings");
/// let finding = findings.quoted("D.F6");
/// assert_eq!(finding.key("status").to_string(), "findings.\"D.F6\".status");
/// let plan = Path::ROOT.key("handlingsplan");
/// let entries = plan.key("entries");
/// assert_eq!(entries.index(2).key("due").to_string(), "handlingsplan.entries[2].due");
/// assert_eq!(Path::ROOT.to_string(), "");
/// ```
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The document itself (prints as nothing).
    Root,
    /// `parent.name` (or `name` at the top).
    Key(&'a Path<'a>, &'a str),
    /// `parent."name"` (or `"name"` at the top): keys that contain dots, such as criterion ids.
    Quoted(&'a Path<'a>, &'a str),
    /// `parent[i]`.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The document itself.
    pub const ROOT: Path<'static> = Path::Root;

    /// The child `name` of this path.
    pub fn key(&'a self, name: &'a str) -> Path<'a> {
        Path::Key(self, name)
    }
    /// The child `"name"` of this path (quoted when printed).
    pub fn quoted(&'a self, name: &'a str) -> Path<'a> {
        Path::Quoted(self, name)
    }
    /// Item `i` of the list at this path.
    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }
    /// Whether this is the document itself.
    pub fn is_root(&self) -> bool {
        matches!(self, Path::Root)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(parent, name) => {
                if !parent.is_root() {
                    write!(f, "{parent}.")?;
                }
                f.write_str(name)
            }
            Path::Quoted(parent, name) => {
                if !parent.is_root() {
                    write!(f, "{parent}.")?;
                }
                write!(f, "\"{name}\"")
            }
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

impl From<Path<'_>> for Arg {
    fn from(p: Path<'_>) -> Arg {
        p.to_string().into()
    }
}

// ---------------------------------------------------------------------------------------------
// The reader

/// Collects the located problems of one document, and turns spans into locations (with a line
/// index built on first use).
#[derive(Debug)]
pub struct Reader<'s> {
    /// File name used in locations.
    pub file: &'s str,
    /// The whole source text (spans index into it).
    pub source: &'s str,
    /// Every problem found so far, at most [`MAX_PROBLEMS`] of them.
    pub diags: Vec<Diagnostic>,
    /// Problems found beyond [`MAX_PROBLEMS`]: counted, not built (all of them errors).
    pub unlisted: usize,
    lines: std::cell::OnceCell<LineIndex>,
}

impl<'s> Reader<'s> {
    /// A reader over `source`, reporting problems against `file`.
    pub fn new(file: &'s str, source: &'s str) -> Self {
        Reader {
            file,
            source,
            diags: Vec::new(),
            unlisted: 0,
            lines: std::cell::OnceCell::new(),
        }
    }

    /// The location of a span (the file alone when there is none).
    pub fn loc(&self, span: Option<Span>) -> Option<Location> {
        Some(match span {
            Some(s) => self.location(s),
            None => Location::file_only(self.file),
        })
    }

    /// The location of a span.
    pub fn location(&self, span: Span) -> Location {
        let index = self.lines.get_or_init(|| LineIndex::new(self.source));
        Location::from_span_indexed(self.file, self.source, index, span.range())
    }

    /// Record an error at `span`.
    pub fn push(
        &mut self,
        code: Code,
        path: Path<'_>,
        span: Option<Span>,
        msg: impl Into<Phrase>,
        hint: Option<Phrase>,
    ) {
        if self.is_full() {
            self.unlisted += 1;
            return;
        }
        let d = Diagnostic::error(code, path.to_string(), msg)
            .with_opt_hint(hint)
            .at(self.loc(span));
        self.diags.push(d);
    }

    /// Whether [`MAX_PROBLEMS`] problems are listed: further ones are only counted (see
    /// [`Reader::add`]).
    pub fn is_full(&self) -> bool {
        self.diags.len() >= MAX_PROBLEMS
    }

    /// List a problem built by the caller, or count it when the listing is full.
    pub fn add(&mut self, d: Diagnostic) {
        if self.is_full() {
            self.unlisted += 1;
        } else {
            self.diags.push(d);
        }
    }

    /// The problems so far as a [`Listing`] with room for [`MAX_PROBLEMS`] (this reader's are
    /// moved into it).
    pub fn take_listing(&mut self) -> Listing {
        let mut listing = Listing::new(MAX_PROBLEMS);
        listing.extend(std::mem::take(&mut self.diags));
        listing.count(
            crate::diagnostic::Severity::Error,
            std::mem::take(&mut self.unlisted),
        );
        listing
    }

    /// Record syntax errors from [`crate::spanned::parse`].
    pub fn syntax(&mut self, errors: Vec<SyntaxError>, hint: Option<Phrase>) {
        for (msg, span) in errors {
            let span = Span::of(&span);
            self.push(
                Code::Syntax,
                Path::ROOT,
                span,
                syntax_message(msg),
                hint.clone(),
            );
        }
    }

    /// "`path` must be EXPECTED, found …".
    pub fn wrong_type(&mut self, node: &Node, path: Path<'_>, expected: impl Into<Arg>) {
        self.push(
            Code::WrongType,
            path,
            Span::of(&node.span),
            Text::new(Msg::WrongType)
                .arg("path", path)
                .arg("expected", expected)
                .arg("found", crate::spanned::type_name(&node.value)),
            None,
        );
    }

    /// "missing required key `path`", with a hint on what to write.
    pub fn missing(&mut self, path: Path<'_>, span: Option<Span>, hint: impl Into<Phrase>) {
        self.push(
            Code::MissingField,
            path,
            span,
            Text::new(Msg::MissingKey).arg("path", path),
            Some(hint.into()),
        );
    }

    /// A value of type `T` (its problems reported), with its span.
    pub fn value<T: FromNode>(&mut self, node: &Node, path: Path<'_>) -> Option<Spanned<T>> {
        let span = Span::of(&node.span).unwrap_or_default();
        T::from_node(self, node, path).map(|v| Spanned::new(v, span))
    }

    /// A list: its items, or a wrong-type problem (`expected`) and no items.
    pub fn list<'n>(
        &mut self,
        node: &'n Node,
        path: Path<'_>,
        expected: impl Into<Arg>,
    ) -> &'n [Node] {
        match &node.value {
            Value::Array(items) => items,
            _ => {
                self.wrong_type(node, path, expected);
                &[]
            }
        }
    }

    /// A strict `YYYY-MM-DD` date: a TOML date or a string. An empty string is absent (`None`
    /// without a problem), so templates can leave dates blank; [`FromNode`] for [`NaiveDate`]
    /// reports it.
    pub fn blank_or_date(&mut self, node: &Node, path: Path<'_>) -> Option<NaiveDate> {
        if matches!(&node.value, Value::Str(s) if s.trim().is_empty()) {
            return None;
        }
        NaiveDate::from_node(self, node, path)
    }

    /// A string; an empty or blank one is absent (`None` without a problem).
    pub fn blank_or_string(&mut self, node: &Node, path: Path<'_>) -> Option<String> {
        String::from_node(self, node, path).filter(|s| !s.trim().is_empty())
    }

    /// "`X` is not a valid WHAT", with the closest of `candidates` and the `choices` text.
    pub fn invalid_choice<I, S>(
        &mut self,
        span: Option<Span>,
        path: Path<'_>,
        what: Msg,
        text: &str,
        candidates: I,
        choices: Arg,
    ) where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let hint = match closest(text, candidates) {
            Some(c) => Text::new(Msg::DidYouMeanChoice).arg("name", c),
            None => Text::new(Msg::OneOf),
        }
        .arg("what", what)
        .arg("choices", choices);
        self.push(
            Code::InvalidValue,
            path,
            span,
            Text::new(Msg::NotAValid)
                .arg("text", clip(text))
                .arg("what", what),
            Some(hint.into()),
        );
    }

    /// Every problem, in document order.
    pub fn finish(self) -> Vec<Diagnostic> {
        self.diags
    }
}

// ---------------------------------------------------------------------------------------------
// Scalars

/// How a value is read from a [`Node`]: problems (a wrong type, a bad value) are reported to
/// the [`Reader`] at the node, and the value is `None` then.
pub trait FromNode: Sized {
    /// The value of `node` at `path`.
    fn from_node(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Self>;
}

/// How a value is read from a table key (area letters, regulations, criterion ids as keys).
pub trait FromKey: Sized {
    /// The value of `key` at `path`.
    fn from_key(r: &mut Reader<'_>, key: &Key, path: Path<'_>) -> Option<Self>;
}

impl FromNode for String {
    fn from_node(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Self> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            _ => {
                r.wrong_type(node, path, Msg::TypeString);
                None
            }
        }
    }
}

impl FromNode for bool {
    fn from_node(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Self> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            _ => {
                r.wrong_type(node, path, Msg::TypeBoolean);
                None
            }
        }
    }
}

/// Integers and floats stay distinct: `45.5` where a whole number belongs is "must be a whole
/// number", never rounded, and an integer too large for 64 bits is a syntax error, never a float.
impl FromNode for i64 {
    fn from_node(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Self> {
        match &node.value {
            Value::Int(i) => Some(*i),
            Value::Float(f) => {
                r.push(
                    Code::InvalidValue,
                    path,
                    Span::of(&node.span),
                    Text::new(Msg::WholeNumber)
                        .arg("path", path)
                        .arg("found", f.to_string()),
                    None,
                );
                None
            }
            _ => {
                r.wrong_type(node, path, Msg::TypeInteger);
                None
            }
        }
    }
}

impl FromNode for f64 {
    fn from_node(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Self> {
        match &node.value {
            Value::Float(f) => Some(*f),
            #[allow(clippy::cast_precision_loss)] // documents hold small numbers
            Value::Int(i) => Some(*i as f64),
            _ => {
                r.wrong_type(node, path, Msg::TypeNumber);
                None
            }
        }
    }
}

/// A strict `YYYY-MM-DD` date: a TOML date or a string; an empty string is a problem too (see
/// [`Reader::blank_or_date`] for dates a template may leave blank).
impl FromNode for NaiveDate {
    fn from_node(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Self> {
        let span = Span::of(&node.span);
        let text = match &node.value {
            Value::Datetime(s) => s.as_str(),
            Value::Str(s) if s.trim().is_empty() => {
                r.push(
                    Code::BadDate,
                    path,
                    span,
                    Msg::EmptyDate,
                    Some(Msg::EmptyDateHint.into()),
                );
                return None;
            }
            Value::Str(s) => s.as_str(), // no trimming: the schema's pattern has none either
            _ => {
                r.wrong_type(node, path, Msg::ExpectDate);
                return None;
            }
        };
        let parsed = crate::parse_date(text);
        if parsed.is_none() {
            r.push(
                Code::BadDate,
                path,
                span,
                Text::new(Msg::BadDate).arg("text", clip(text)),
                Some(Msg::BadDateHint.into()),
            );
        }
        parsed
    }
}

/// A value read from text, written as a string value or as a table key (criterion ids,
/// regulations, area letters): [`FromNode`] and [`FromKey`] come with it.
pub trait FromText: Sized {
    /// The value of `text`, written at `span` (its problems reported there).
    fn from_text(
        r: &mut Reader<'_>,
        text: &str,
        path: Path<'_>,
        span: Option<Span>,
    ) -> Option<Self>;
}

impl<T: FromText> FromNode for T {
    fn from_node(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Self> {
        let text = String::from_node(r, node, path)?;
        T::from_text(r, &text, path, Span::of(&node.span))
    }
}

impl<T: FromText> FromKey for T {
    fn from_key(r: &mut Reader<'_>, key: &Key, path: Path<'_>) -> Option<Self> {
        T::from_text(r, &key.name, path, Span::of(&key.span))
    }
}

/// A criterion id as written (`"D.F6"`, surrounding blanks ignored).
impl FromText for CriterionId {
    fn from_text(
        r: &mut Reader<'_>,
        text: &str,
        path: Path<'_>,
        span: Option<Span>,
    ) -> Option<Self> {
        let parsed = text.trim().parse::<CriterionId>().ok();
        if parsed.is_none() {
            let hint = if text.is_ascii() {
                Msg::MalformedIdShape
            } else {
                Msg::MalformedIdNonAscii
            };
            let msg = Text::new(Msg::MalformedId).arg("text", clip(text));
            r.push(Code::MalformedId, path, span, msg, Some(hint.into()));
        }
        parsed
    }
}

/// An area letter (`[areas.D]`): exactly one letter A–H.
impl FromText for AreaId {
    fn from_text(
        r: &mut Reader<'_>,
        text: &str,
        path: Path<'_>,
        span: Option<Span>,
    ) -> Option<Self> {
        let parsed = text.parse::<AreaId>().ok().filter(|_| text.len() == 1);
        if parsed.is_none() {
            let msg = Text::new(Msg::NotAnArea).arg("key", clip(text));
            r.push(
                Code::InvalidValue,
                path,
                span,
                msg,
                Some(Msg::AreasAreLetters.into()),
            );
        }
        parsed
    }
}

/// A regulation in any of its spellings (`SOSFS 2015:8`, `2021`, `hslf-fs-2021-8`, …).
impl FromText for Regulation {
    fn from_text(
        r: &mut Reader<'_>,
        text: &str,
        path: Path<'_>,
        span: Option<Span>,
    ) -> Option<Self> {
        let parsed = text.parse::<Regulation>().ok();
        if parsed.is_none() {
            let msg = Text::new(Msg::UnknownRegulation).arg("name", clip(text));
            let hint = Msg::UnknownRegulationHint.into();
            r.push(Code::UnknownRegulation, path, span, msg, Some(hint));
        }
        parsed
    }
}

/// A finding's status, in any of its spellings (`met`, `uppfyllt`, `ej uppfyllt`, …).
impl FromNode for Status {
    fn from_node(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Self> {
        let text = String::from_node(r, node, path)?;
        if let Some(status) = Status::parse_lenient(&text) {
            return Some(status);
        }
        r.invalid_choice(
            Span::of(&node.span),
            path,
            Msg::WhatStatus,
            &text,
            Status::spellings(),
            Msg::StatusChoices.into(),
        );
        None
    }
}

/// `FromNode` for a vocabulary enum parsed with strum: "`X` is not a valid WHAT", with the
/// closest choice as a hint.
macro_rules! choice {
    ($t:ty, $what:expr, [$($choice:literal),* $(,)?]) => {
        impl FromNode for $t {
            fn from_node(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Self> {
                const CHOICES: &[&str] = &[$($choice),*];
                let text = String::from_node(r, node, path)?;
                match text.trim().parse::<$t>() {
                    Ok(v) => Some(v),
                    Err(_) => {
                        r.invalid_choice(
                            Span::of(&node.span),
                            path,
                            $what,
                            &text,
                            CHOICES.iter().copied(),
                            CHOICES.join(", ").into(),
                        );
                        None
                    }
                }
            }
        }
    };
}

choice!(Grade, Msg::WhatGrade, ["A", "B", "C", "D"]);
choice!(
    ReportStatus,
    Msg::WhatReportStatus,
    ["draft", "preliminary", "final"]
);
choice!(
    PlanStatus,
    Msg::WhatPlanStatus,
    [
        "planned",
        "in_progress",
        "done",
        "verified_effective",
        "not_effective"
    ]
);

// ---------------------------------------------------------------------------------------------
// Tables

/// A table being read: keys are taken by name ([`Table::required`], [`Table::optional`],
/// [`Table::node`]); [`Table::finalize`] reports every key that was not taken as unknown, with
/// the closest of the table's known `fields` as a hint.
#[derive(Debug)]
pub struct Table<'n, 'p> {
    path: Path<'p>,
    span: Option<Span>,
    missing_at: Option<Span>,
    entries: &'n [(Key, Node)],
    taken: Vec<bool>,
    fields: &'static [&'static str],
    /// How many problems the reader had when the table was opened: unknown keys are reported
    /// there, before the problems of the table's values (as if checked first).
    start: usize,
}

impl<'n, 'p> Table<'n, 'p> {
    /// Start reading `node` as a table at `path` whose known keys are `fields`; reports a wrong
    /// type (and returns `None`) when it is not a table. A missing required key is reported at
    /// the start of the table.
    pub fn new(
        r: &mut Reader<'_>,
        node: &'n Node,
        path: Path<'p>,
        fields: &'static [&'static str],
    ) -> Option<Self> {
        let Value::Table(entries) = &node.value else {
            r.wrong_type(node, path, Msg::TypeTable);
            return None;
        };
        let span = Span::of(&node.span);
        Some(Table {
            path,
            span,
            missing_at: span.map(Span::start_only),
            entries,
            taken: vec![false; entries.len()],
            fields,
            start: r.diags.len(),
        })
    }

    /// Report missing keys at `span` instead of the start of the table.
    #[must_use]
    pub fn missing_at(mut self, span: Option<Span>) -> Self {
        self.missing_at = span;
        self
    }

    /// The path of the table.
    pub fn path(&self) -> Path<'p> {
        self.path
    }

    /// The span of the whole table.
    pub fn span(&self) -> Option<Span> {
        self.span
    }

    /// The key and value of `name`, if present; the key counts as known.
    pub fn entry(&mut self, name: &str) -> Option<(&'n Key, &'n Node)> {
        let i = self.entries.iter().position(|(k, _)| k.name == name)?;
        self.taken[i] = true;
        let (k, v) = &self.entries[i];
        Some((k, v))
    }

    /// The value of `name`, if present.
    pub fn node(&mut self, name: &str) -> Option<&'n Node> {
        self.entry(name).map(|(_, v)| v)
    }

    /// The value of `name`; when absent, a missing key is reported with `hint` on what to write.
    pub fn required_node(
        &mut self,
        r: &mut Reader<'_>,
        name: &str,
        hint: impl Into<Phrase>,
    ) -> Option<&'n Node> {
        let found = self.node(name);
        if found.is_none() {
            r.missing(self.path.key(name), self.missing_at, hint);
        }
        found
    }

    /// The value of `name` read as `T`, if present.
    pub fn optional<T: FromNode>(&mut self, r: &mut Reader<'_>, name: &str) -> Option<Spanned<T>> {
        let node = self.node(name)?;
        r.value(node, self.path.key(name))
    }

    /// The value of `name` read as `T`; when absent, a missing key is reported with `hint`.
    pub fn required<T: FromNode>(
        &mut self,
        r: &mut Reader<'_>,
        name: &str,
        hint: impl Into<Phrase>,
    ) -> Option<Spanned<T>> {
        let node = self.required_node(r, name, hint)?;
        r.value(node, self.path.key(name))
    }

    /// Every entry of the table, all counting as known (a map such as `[findings]`).
    pub fn entries(&mut self) -> &'n [(Key, Node)] {
        self.taken.iter_mut().for_each(|t| *t = true);
        self.entries
    }

    /// The entries not taken so far, in source order.
    pub fn rest(&self) -> impl Iterator<Item = &'n (Key, Node)> + '_ {
        self.entries
            .iter()
            .zip(&self.taken)
            .filter(|(_, t)| !**t)
            .map(|(e, _)| e)
    }

    /// The hint for an unknown key: the closest known field, or the list of them.
    pub fn hint_for(&self, name: &str) -> Text {
        match closest(name, self.fields.iter().copied()) {
            Some(c) => Text::new(Msg::DidYouMean).arg("name", c),
            None => Text::new(Msg::KnownKeys).arg("keys", self.fields.join(", ")),
        }
    }

    /// Report every key not taken as unknown ("unknown key `x` in PATH" or "… in the
    /// document"), with the closest known field as a hint.
    pub fn finalize(self, r: &mut Reader<'_>) {
        self.finalize_with(r, |table, key| {
            let place: Arg = if table.path.is_root() {
                Msg::TheDocument.into()
            } else {
                table.path.into()
            };
            let msg = Text::new(Msg::UnknownKey)
                .arg("key", clip(&key.name))
                .arg("place", place);
            (msg, table.hint_for(&key.name))
        });
    }

    /// [`Table::finalize`] with the message and hint of each unknown key made by `words`.
    pub fn finalize_with(self, r: &mut Reader<'_>, words: impl Fn(&Self, &Key) -> (Text, Text)) {
        let mut unknown = Vec::new();
        for (key, _) in self.rest() {
            if r.diags.len() + unknown.len() >= MAX_PROBLEMS {
                r.unlisted += 1;
                continue;
            }
            let (msg, hint) = words(&self, key);
            let d = Diagnostic::error(
                Code::UnknownField,
                self.path.key(&key.name).to_string(),
                msg,
            )
            .with_hint(hint)
            .at(r.loc(Span::of(&key.span)));
            unknown.push(d);
        }
        let at = self.start.min(r.diags.len());
        r.diags.splice(at..at, unknown);
    }
}

// ---------------------------------------------------------------------------------------------
// The result

/// A document type read through this layer: how its [`Checked::into_result`] fails.
pub trait Document {
    /// The error of the document's crate.
    type Error;
    /// The error for a document with problems (every diagnostic, errors and warnings).
    fn invalid(diagnostics: Diagnostics) -> Self::Error;
}

impl Document for crate::InspectionDocument {
    type Error = crate::Error;
    fn invalid(diagnostics: Diagnostics) -> crate::Error {
        crate::Error::Invalid(diagnostics)
    }
}

/// The result of reading and validating a document: the document when it could be read at all,
/// and every problem found (errors and warnings), in document order.
#[derive(Debug, Clone)]
pub struct Checked<T = crate::InspectionDocument> {
    /// The document, when reading got far enough to build one.
    pub document: Option<T>,
    /// Every problem, in document order.
    pub diagnostics: Diagnostics,
}

impl<T> Checked<T> {
    /// A document and the problems of `listing`, the listed ones in document order, then one
    /// `too-many-problems` diagnostic (located in `file`) for those only counted.
    pub fn listed(document: Option<T>, listing: Listing, file: &str) -> Self {
        let (list, unlisted) = listing.finish();
        let mut checked = Checked::new(document, list);
        checked.diagnostics.0.extend(unlisted.summary(file));
        checked
    }

    /// A document and its problems, put in document order.
    pub fn new(document: Option<T>, mut diagnostics: Vec<Diagnostic>) -> Self {
        crate::diagnostic::sort_by_position(&mut diagnostics);
        Checked {
            document,
            diagnostics: Diagnostics(diagnostics),
        }
    }
}

impl<T: Document> Checked<T> {
    /// The document and its warnings, or every problem when there is any error.
    ///
    /// # Errors
    ///
    /// The document crate's `Invalid` error with every diagnostic (errors and warnings) when
    /// any of them is an error.
    pub fn into_result(self) -> Result<(T, Diagnostics), T::Error> {
        match self.document {
            Some(doc) if !self.diagnostics.has_errors() => Ok((doc, self.diagnostics)),
            _ => Err(T::invalid(self.diagnostics)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use crate::spanned::parse;

    fn root(src: &str) -> Node {
        parse(src, Format::Toml).unwrap()
    }

    #[test]
    fn a_table_reports_every_problem_and_every_unknown_key() {
        let src = "minutes = 45.5\ncount = 3\nwhen = 2026-01-02\nnmae = \"x\"\nzzzzzz = 1\n";
        let root = root(src);
        let mut r = Reader::new("t.toml", src);
        let fields = &["minutes", "count", "when", "name"];
        let mut t = Table::new(&mut r, &root, Path::ROOT, fields).unwrap();
        assert!(t.required::<i64>(&mut r, "minutes", "m").is_none());
        let count = t.required::<i64>(&mut r, "count", "c").unwrap();
        assert_eq!((count.value, count.span), (3, Span::new(23, 24)));
        let when = t.required::<NaiveDate>(&mut r, "when", "w").unwrap();
        assert_eq!(when.to_string(), "2026-01-02");
        assert!(t.required::<String>(&mut r, "name", "n").is_none());
        t.finalize(&mut r);
        let all: Vec<String> = r.diags.iter().map(|d| d.to_string()).collect();
        let all = all.join("\n");
        assert!(
            all.contains("`minutes` must be a whole number, found 45.5"),
            "{all}"
        );
        assert!(all.contains("t.toml:1:11"), "{all}");
        assert!(all.contains("missing required key `name`"), "{all}");
        assert!(all.contains("unknown key `nmae` in the document"), "{all}");
        assert!(all.contains("did you mean `name`?"), "{all}");
        assert!(
            all.contains("known keys here: minutes, count, when, name"),
            "{all}"
        );
        assert_eq!(r.diags.len(), 4, "{all}");
    }

    #[test]
    fn a_table_of_the_wrong_type_is_reported() {
        let src = "x = 1\n";
        let root = root(src);
        let Value::Table(entries) = &root.value else {
            panic!()
        };
        let mut r = Reader::new("t.toml", src);
        let x = Path::ROOT.key("x");
        assert!(Table::new(&mut r, &entries[0].1, x, &[]).is_none());
        assert_eq!(r.diags[0].message, "`x` must be a table, found an integer");
    }

    #[test]
    fn scalars_read_their_types_and_report_the_rest() {
        let src = "a = \"D.F6\"\nb = \"D.F\"\nc = \"2021\"\nd = \"E\"\ne = \"maybe\"\nf = true\ng = 1.5\nh = \"\"\n";
        let root = root(src);
        let mut r = Reader::new("t.toml", src);
        let mut t = Table::new(&mut r, &root, Path::ROOT, &[]).unwrap();
        let a: Spanned<CriterionId> = t.optional(&mut r, "a").unwrap();
        assert_eq!(a.to_string(), "D.F6");
        assert!(t.optional::<CriterionId>(&mut r, "b").is_none());
        assert_eq!(
            *t.optional::<Regulation>(&mut r, "c").unwrap(),
            Regulation::HslfFs2021_8
        );
        assert!(t.optional::<Grade>(&mut r, "d").is_none());
        assert!(t.optional::<Status>(&mut r, "e").is_none());
        assert!(*t.optional::<bool>(&mut r, "f").unwrap());
        assert_eq!(*t.optional::<f64>(&mut r, "g").unwrap(), 1.5);
        assert!(t.optional::<NaiveDate>(&mut r, "h").is_none());
        let codes: Vec<&str> = r.diags.iter().map(|d| d.code.name()).collect();
        assert_eq!(
            codes,
            ["malformed-id", "invalid-value", "invalid-value", "bad-date"]
        );
        assert!(r.diags[1].hint.as_deref().unwrap().contains("A, B, C, D"));
    }
}
