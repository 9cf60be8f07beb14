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
//! - [`tables`], [`values`], [`keyed`]: lists of tables, lists of values and tables keyed by
//!   ids, read whole or not at all (data files such as catalogs);
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
use crate::model::{
    AreaId, Confidence, CriterionId, Grade, Group, Kind, PlanStatus, Regulation, ReportStatus,
    Scale, Status,
};
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

    /// The spanned tree of the source, or `None` with every syntax error reported (each with
    /// `hint`).
    pub fn parse(&mut self, format: crate::Format, hint: Option<Phrase>) -> Option<Node> {
        match crate::spanned::parse(self.source, format) {
            Ok(root) => Some(root),
            Err(errors) => {
                self.syntax(errors, hint);
                None
            }
        }
    }

    /// Give every problem listed so far that has no hint of its own `hint` (a data file's
    /// "see … for the format").
    pub fn hint_unhinted(&mut self, hint: impl Into<Phrase>) {
        let hint = hint.into();
        for d in self.diags.iter_mut().filter(|d| d.hint.is_none()) {
            *d = d.clone().with_hint(hint.clone());
        }
    }

    /// Record syntax errors from [`crate::spanned::parse`].
    pub fn syntax(&mut self, errors: Vec<SyntaxError>, hint: Option<Phrase>) {
        for (msg, span) in errors {
            // A JSON key given twice shows both places, as a criterion given twice does.
            let first = if msg.starts_with("invalid JSON: duplicate key") {
                crate::spanned::json_first_given(self.source)
            } else {
                None
            };
            let d = Diagnostic::error(Code::Syntax, Path::ROOT.to_string(), syntax_message(msg))
                .with_opt_hint(hint.clone())
                .at(self.loc(Span::of(&span)));
            match first {
                Some(first) => self.add(d.with_label(
                    self.location(Span::from(first)),
                    crate::messages::Msg::FirstGivenHere,
                )),
                None => self.add(d),
            }
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

mod lists;
mod scalar;
mod table;

pub use lists::{keyed, tables, values};
pub use scalar::{FromKey, FromNode, FromText};
pub use table::Table;

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
mod tests;
