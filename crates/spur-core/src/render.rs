//! Diagnostics as text for people: an adapter from spur's serialisable [`Diagnostic`] to
//! [codespan-reporting](https://docs.rs/codespan-reporting), used by the CLI and the server's
//! text output.
//!
//! A diagnostic carries its own excerpts (each [`Location`] keeps the text of its line), so
//! rendering needs no access to the source: the excerpt lines of the primary location and every
//! secondary [`Label`](crate::diagnostic::Label) become a small sparse "file" whose line numbers
//! and columns are the real ones. Every user string (message, file name, excerpt, hint, notes)
//! is passed through [`escape::terminal`], so a document can never send escape sequences
//! to a terminal.
//!
//! Styled output uses [`anstyle`] escape codes; the caller decides whether a stream may carry
//! them (the CLI writes through `anstream`, which drops them when the stream is not a terminal
//! or `NO_COLOR` is set).
//!
//! ```
//! use spur_core::{Code, Diagnostic, Location};
//! let src = "a = 1\na = 2\n";
//! let d = Diagnostic::error(Code::Duplicate, "a", "`a` is given twice")
//!     .at(Some(Location::from_span("doc.toml", src, 6..7)))
//!     .with_label(Location::from_span("doc.toml", src, 0..1), "first given here");
//! let text = spur_core::render::diagnostic(&d, false);
//! assert!(text.contains("1 | a = 1\n  | - first given here"), "{text}");
//! assert!(text.contains("2 | a = 2\n  | ^"), "{text}");
//! ```

use std::io::Write as _;
use std::ops::Range;

use anstyle::{AnsiColor, Style};
use codespan_reporting::diagnostic::{self as cs, LabelStyle};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Chars, Config, GeneralWriteResult, WriteStyle};

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::escape;
use crate::lang::Lang;
use crate::messages::{Msg, Text};

impl std::fmt::Display for Diagnostic {
    /// Renders like a compiler message, without colours (see this module):
    ///
    /// ```text
    /// error[unknown-criterion]: unknown criterion id `D.F33`
    ///   --> doc.toml:12:1
    ///    |
    /// 12 | "D.F33" = "met"
    ///    | ^^^^^^^
    ///    |
    ///    = hint: did you mean `D.F3`?
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&diagnostic(self, false))
    }
}

/// Render one diagnostic as compiler-style text ending in a newline; with `styled`, colours
/// and bold as ANSI escape codes. English; see [`diagnostic_in`].
pub fn diagnostic(d: &Diagnostic, styled: bool) -> String {
    diagnostic_in(d, styled, Lang::En)
}

/// [`diagnostic`] in `lang`: the words of the message table (message, hint, notes, the
/// severity) in that language; the code, file, line and excerpt are the same in both.
///
/// ```
/// use spur_core::{Code, Diagnostic, Lang, messages::{Msg, Text}};
/// let d = Diagnostic::error(Code::BadDate, "inspection.visit_date",
///     Text::new(Msg::BadDate).val("text", "2026-02-30")).with_hint(Msg::BadDateHint);
/// let sv = spur_core::render::diagnostic_in(&d, false, Lang::Sv);
/// assert!(sv.starts_with("fel[bad-date]: `2026-02-30` är inte ett giltigt datum"), "{sv}");
/// assert!(sv.contains("= tips: skriv ett datum som ÅÅÅÅ-MM-DD"), "{sv}");
/// ```
pub fn diagnostic_in(d: &Diagnostic, styled: bool, lang: Lang) -> String {
    let localized;
    let d = if !d.words.is_empty() {
        localized = d.clone().localized(lang);
        &localized
    } else {
        d
    };
    let excerpts = Excerpts::of(d);
    let cd = to_codespan(d, &excerpts, lang);
    let config = config();
    let mut w = Styled {
        out: Vec::new(),
        on: styled,
    };
    if term::emit_to_write_style(&mut w, &config, &excerpts, &cd).is_err() {
        // The excerpts are built to satisfy every lookup; fall back to the bare header.
        return format!(
            "{}[{}]: {}\n",
            severity_name(d.severity, lang),
            d.code,
            d.message
        );
    }
    let mut text =
        String::from_utf8(w.out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into());
    if lang != Lang::En {
        // codespan writes the English severity word first: the header is its first occurrence.
        let en = severity_name(d.severity, Lang::En);
        text = text.replacen(en, severity_name(d.severity, lang), 1);
    }
    // codespan ends every diagnostic with a blank line; the caller decides about spacing.
    text.truncate(text.trim_end().len());
    if styled {
        text.push_str(&anstyle::Reset.to_string());
    }
    text.push('\n');
    text
}

/// Render several diagnostics, one after another, each followed by a blank line.
pub fn diagnostics<'a>(ds: impl IntoIterator<Item = &'a Diagnostic>, styled: bool) -> String {
    diagnostics_in(ds, styled, Lang::En)
}

/// [`diagnostics`] in `lang`.
pub fn diagnostics_in<'a>(
    ds: impl IntoIterator<Item = &'a Diagnostic>,
    styled: bool,
    lang: Lang,
) -> String {
    let mut out = String::new();
    for d in ds {
        out.push_str(&diagnostic_in(d, styled, lang));
        out.push('\n');
    }
    out
}

fn severity_name(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => Msg::Error.template(lang),
        Severity::Warning => Msg::Warning.template(lang),
    }
}

fn config() -> Config {
    Config {
        chars: Chars::ascii(),
        start_context_lines: 0,
        end_context_lines: 0,
        before_label_lines: 0,
        after_label_lines: 0,
        ..Config::default()
    }
}

fn to_codespan(d: &Diagnostic, ex: &Excerpts, lang: Lang) -> cs::Diagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let mut labels = Vec::new();
    let primary = d.location.as_ref().filter(|l| l.line > 0);
    if let Some((file, range)) = primary.and_then(|loc| ex.range_of(loc)) {
        labels.push(cs::Label::primary(file, range));
    }
    for l in &d.labels {
        if let Some((file, range)) = ex.range_of(&l.location) {
            labels
                .push(cs::Label::secondary(file, range).with_message(escape::terminal(&l.message)));
        }
    }
    let mut notes = Vec::new();
    match &d.location {
        Some(loc) if loc.line > 0 => {}
        Some(loc) if d.path.is_empty() => notes.push(
            Text::new(Msg::InFile)
                .arg("file", escape::terminal(&loc.file))
                .render(lang),
        ),
        Some(loc) => notes.push(
            Text::new(Msg::InFileAt)
                .arg("file", escape::terminal(&loc.file))
                .arg("path", escape::terminal(&d.path))
                .render(lang),
        ),
        None if !d.path.is_empty() => notes.push(
            Text::new(Msg::At)
                .arg("path", escape::terminal(&d.path))
                .render(lang),
        ),
        None => {}
    }
    if let Some(h) = &d.hint {
        notes.push(
            Text::new(Msg::Hint)
                .arg("hint", escape::terminal(h))
                .render(lang),
        );
    }
    notes.extend(d.notes.iter().map(|n| {
        Text::new(Msg::Note)
            .arg("note", escape::terminal(n))
            .render(lang)
    }));
    cs::Diagnostic::new(severity)
        .with_code(d.code.name())
        .with_message(escape::terminal(&d.message))
        .with_labels(labels)
        .with_notes(notes)
}

/// The excerpt lines of one diagnostic, grouped by file: a sparse view of the sources.
struct Excerpts {
    files: Vec<ExcerptFile>,
}

struct ExcerptFile {
    name: String,
    /// The excerpt lines, escaped for a terminal, each followed by `\n`.
    source: String,
    /// Sorted by real line number.
    lines: Vec<ExcerptLine>,
}

struct ExcerptLine {
    /// Real 1-based line number.
    number: usize,
    /// Synthetic line index: consecutive real lines get consecutive indexes, a gap of any size
    /// becomes a gap of 3, so the renderer draws a break instead of asking for the line between.
    index: usize,
    /// Byte range of the line (without `\n`) in `source`.
    range: Range<usize>,
    /// Real column of the excerpt's first character, minus one.
    column_offset: usize,
    /// For each character of the original excerpt, its byte offset in the escaped line (plus
    /// one entry for the end).
    char_starts: Vec<usize>,
}

impl Excerpts {
    fn of(d: &Diagnostic) -> Excerpts {
        let mut locs: Vec<&Location> = Vec::new();
        if let Some(l) = d.location.as_ref().filter(|l| l.line > 0) {
            locs.push(l);
        }
        locs.extend(d.labels.iter().map(|l| &l.location).filter(|l| l.line > 0));
        let mut files: Vec<ExcerptFile> = Vec::new();
        for loc in &locs {
            if !files.iter().any(|f| f.name == loc.file) {
                files.push(ExcerptFile {
                    name: loc.file.clone(),
                    source: String::new(),
                    lines: Vec::new(),
                });
            }
        }
        for file in &mut files {
            let mut mine: Vec<&&Location> = locs.iter().filter(|l| l.file == file.name).collect();
            mine.sort_by_key(|l| l.line);
            mine.dedup_by_key(|l| l.line);
            let mut prev: Option<(usize, usize)> = None;
            for loc in mine {
                let index = match prev {
                    None => 0,
                    Some((n, i)) if loc.line == n + 1 => i + 1,
                    Some((_, i)) => i + 3,
                };
                prev = Some((loc.line, index));
                let start = file.source.len();
                let mut char_starts = Vec::new();
                for c in loc.source_line.chars() {
                    char_starts.push(file.source.len() - start);
                    let mut buf = [0u8; 4];
                    file.source
                        .push_str(&escape::terminal(c.encode_utf8(&mut buf)));
                }
                char_starts.push(file.source.len() - start);
                let end = file.source.len();
                file.source.push('\n');
                file.lines.push(ExcerptLine {
                    number: loc.line,
                    index,
                    range: start..end,
                    column_offset: loc.column.saturating_sub(loc.excerpt_column.max(1)),
                    char_starts,
                });
            }
        }
        Excerpts { files }
    }

    /// The file id and byte range that `loc` underlines.
    fn range_of(&self, loc: &Location) -> Option<(usize, Range<usize>)> {
        let id = self.files.iter().position(|f| f.name == loc.file)?;
        let line = self.files[id].lines.iter().find(|l| l.number == loc.line)?;
        let n = line.char_starts.len() - 1;
        let first = loc.excerpt_column.max(1) - 1;
        let from = first.min(n);
        let to = (first + loc.width.max(1)).min(n);
        let start = line.range.start + line.char_starts[from];
        let end = line.range.start + line.char_starts[to];
        Some((id, start..end))
    }

    fn file(&self, id: usize) -> Result<&ExcerptFile, FilesError> {
        self.files.get(id).ok_or(FilesError::FileMissing)
    }

    fn line(&self, id: usize, index: usize) -> Result<&ExcerptLine, FilesError> {
        let f = self.file(id)?;
        f.lines
            .iter()
            .find(|l| l.index == index)
            .ok_or(FilesError::LineTooLarge {
                given: index,
                max: f.lines.last().map_or(0, |l| l.index),
            })
    }
}

impl<'a> Files<'a> for Excerpts {
    type FileId = usize;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<String, FilesError> {
        Ok(escape::terminal(&self.file(id)?.name).into_owned())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.file(id)?.source)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let f = self.file(id)?;
        let pos = f.lines.partition_point(|l| l.range.start <= byte_index);
        Ok(f.lines.get(pos.saturating_sub(1)).map_or(0, |l| l.index))
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, FilesError> {
        Ok(self.line(id, line_index)?.number)
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let l = self.line(id, line_index)?;
        let rel = byte_index.saturating_sub(l.range.start);
        let chars = l.char_starts.partition_point(|&s| s < rel);
        Ok(l.column_offset + chars + 1)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let l = self.line(id, line_index)?;
        // Include the newline, as codespan's own files do.
        Ok(l.range.start..l.range.end + 1)
    }
}

/// A byte buffer that codespan writes into, with styles as ANSI codes when `on`.
struct Styled {
    out: Vec<u8>,
    on: bool,
}

impl Styled {
    fn set(&mut self, style: Style) -> GeneralWriteResult {
        if self.on {
            write!(self.out, "{}", anstyle::Reset)?;
            write!(self.out, "{}", style.render())?;
        }
        Ok(())
    }
}

fn severity_style(severity: cs::Severity) -> Style {
    let colour = match severity {
        cs::Severity::Bug | cs::Severity::Error => AnsiColor::Red,
        cs::Severity::Warning => AnsiColor::Yellow,
        cs::Severity::Note => AnsiColor::Green,
        cs::Severity::Help => AnsiColor::Cyan,
    };
    Style::new().fg_color(Some(colour.into())).bold()
}

const BLUE: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Blue)))
    .bold();

impl std::io::Write for Styled {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl WriteStyle for Styled {
    fn set_header(&mut self, severity: cs::Severity) -> GeneralWriteResult {
        self.set(severity_style(severity))
    }
    fn set_header_message(&mut self) -> GeneralWriteResult {
        self.set(Style::new().bold())
    }
    fn set_line_number(&mut self) -> GeneralWriteResult {
        self.set(BLUE)
    }
    fn set_note_bullet(&mut self) -> GeneralWriteResult {
        self.set(BLUE)
    }
    fn set_source_border(&mut self) -> GeneralWriteResult {
        self.set(BLUE)
    }
    fn set_label(&mut self, severity: cs::Severity, style: LabelStyle) -> GeneralWriteResult {
        match style {
            LabelStyle::Primary => self.set(severity_style(severity)),
            LabelStyle::Secondary => self.set(BLUE),
        }
    }
    fn reset(&mut self) -> GeneralWriteResult {
        if self.on {
            write!(self.out, "{}", anstyle::Reset)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    #[test]
    fn long_lines_keep_their_real_column() {
        let src = format!("x = \"{}\" # bad = 1\n", "a".repeat(200));
        let at = src.find("bad").unwrap();
        let d = Diagnostic::error(Code::UnknownField, "bad", "unknown key `bad`")
            .at(Some(Location::from_span("doc.toml", &src, at..at + 3)));
        let text = diagnostic(&d, false);
        assert!(
            text.contains(&format!("--> doc.toml:1:{}", at + 1)),
            "{text}"
        );
        assert!(text.contains("^^^"), "{text}");
    }

    #[test]
    fn escape_sequences_in_excerpts_and_messages_are_not_sent() {
        let src = "unit = \"\u{1b}[2J\u{9b}x\"\n";
        let d = Diagnostic::error(Code::InvalidValue, "unit", "bad \u{1b}[31m")
            .with_hint("\u{7}")
            .at(Some(Location::from_span("doc\u{1b}.toml", src, 7..15)));
        for styled in [false, true] {
            let text = diagnostic(&d, styled);
            let stripped: String = text.replace("\u{1b}[0m", "");
            assert!(
                !stripped.contains("\u{1b}[2J") && !stripped.contains('\u{9b}'),
                "{text:?}"
            );
            assert!(!stripped.contains('\u{7}'), "{text:?}");
        }
        assert!(!diagnostic(&d, false).contains('\u{1b}'));
    }

    #[test]
    fn styled_output_colours_the_header() {
        let d = Diagnostic::warning(Code::Unassessed, "findings", "not assessed");
        assert!(diagnostic(&d, true).contains("\u{1b}["));
        assert!(!diagnostic(&d, false).contains("\u{1b}["));
    }

    #[test]
    fn unlocated_problems_name_the_path() {
        let d = Diagnostic::error(Code::MissingField, "inspection.unit", "missing `unit`")
            .at(Some(Location::file_only("doc.json")))
            .with_hint("add it");
        let text = diagnostic(&d, false);
        assert!(
            text.starts_with("error[missing-field]: missing `unit`\n"),
            "{text}"
        );
        assert!(
            text.contains("= in doc.json at `inspection.unit`"),
            "{text}"
        );
        assert!(text.contains("= hint: add it"), "{text}");
    }
}
