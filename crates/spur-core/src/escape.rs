//! Escaping user text for every output format spur writes — the one place these rules live.
//!
//! Every renderer passes each user-supplied string (unit names, notes, narratives, reasons,
//! responsible people, criterion ids read from a document, file names, …) through the function
//! for its format before writing it:
//!
//! | format | function | what it does |
//! |---|---|---|
//! | HTML, SVG | [`html`] | `& < > " '` as entities; control characters removed |
//! | XML (DOCX) | [`xml`], [`xml_chars`] | as [`html`]; also the code points XML 1.0 forbids |
//! | Markdown | [`markdown_inline`], [`markdown_block`], [`markdown_cell`] | punctuation backslash-escaped, block starters (headings, lists, quotes, fences, tables, HTML) neutralised |
//! | CSV | [`csv`] | formula starters (`= + - @`, their fullwidth forms, tab, CR) neutralised |
//! | iCalendar | [`ics_text`] | RFC 5545 TEXT escaping, control characters removed |
//! | terminal | [`terminal`] | control characters and escape sequences shown as `\u{1b}`, never sent |
//!
//! "Control characters" are C0 (U+0000–U+001F) except where the format allows line breaks or
//! tabs, DEL (U+007F), C1 (U+0080–U+009F), and the bidirectional overrides and isolates
//! (U+202A–U+202E, U+2066–U+2069) that can make text display differently from what it is.

use std::borrow::Cow;

/// Whether `c` is a control character no output should carry raw: C0 (except tab, line feed and
/// carriage return, which the callers decide about), DEL, C1 and bidi overrides/isolates.
///
/// ```
/// use spur_core::escape::is_unsafe_control;
/// assert!(is_unsafe_control('\u{1b}'));
/// assert!(is_unsafe_control('\u{9b}'));
/// assert!(is_unsafe_control('\u{202e}'));
/// assert!(!is_unsafe_control('\n'));
/// assert!(!is_unsafe_control('å'));
/// ```
pub fn is_unsafe_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Code points that XML 1.0 does not allow in a document at all (besides C0 controls).
fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Escape text for HTML (and SVG) element content and attribute values: `&`, `<`, `>`, `"`
/// and `'` become entities; control characters are removed (tab and line breaks stay).
///
/// ```
/// use spur_core::escape::html;
/// assert_eq!(
///     html(r#"<script>alert("x & 'y'")</script>"#),
///     "&lt;script&gt;alert(&quot;x &amp; &#39;y&#39;&quot;)&lt;/script&gt;"
/// );
/// assert_eq!(html("a\u{1b}[31mb"), "a[31mb");
/// ```
pub fn html(text: &str) -> String {
    markup(text)
}

/// Escape text for XML content and attribute values (the DOCX writer): as [`html`], and the
/// code points XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF) are removed,
/// so the document always parses.
///
/// ```
/// use spur_core::escape::xml;
/// assert_eq!(xml("a<b>\u{0}&\u{ffff}"), "a&lt;b&gt;&amp;");
/// ```
pub fn xml(text: &str) -> String {
    markup(text)
}

/// Only the characters XML cannot carry removed, nothing escaped: for libraries that escape
/// markup themselves but pass control characters through (a DOCX writer's text runs).
///
/// ```
/// use spur_core::escape::xml_chars;
/// assert_eq!(xml_chars("a<b\u{7}"), "a<b");
/// assert!(matches!(xml_chars("plain"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn xml_chars(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_unsafe_control(c) || xml_forbidden(c))
    {
        return Cow::Borrowed(text);
    }
    text.chars()
        .filter(|&c| !is_unsafe_control(c) && !xml_forbidden(c))
        .collect::<String>()
        .into()
}

fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_unsafe_control(c) || xml_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Markdown punctuation that can start inline markup, raw HTML, a link, a table cell, a
/// strikethrough or a heading's closing sequence: always backslash-escaped (CommonMark allows
/// escaping any ASCII punctuation).
const MD_INLINE: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '~'];

/// Whether the `&` at the start of `rest` would begin an entity or character reference
/// (`&amp;`, `&#38;`, `&#x26;`), which Markdown decodes; a plain `R&D` or `a & b` is left alone.
fn starts_entity(rest: &str) -> bool {
    let body = &rest[1..];
    let name_len = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .count();
    name_len > 0 && body[name_len..].starts_with(';')
}

fn push_md_inline(out: &mut String, line: &str) {
    for (i, c) in line.char_indices() {
        if MD_INLINE.contains(&c) || (c == '&' && starts_entity(&line[i..])) {
            out.push('\\');
            out.push(c);
        } else if c == '\t' {
            out.push(' ');
        } else if !is_unsafe_control(c) && c != '\r' && c != '\n' {
            out.push(c);
        }
    }
}

/// Escape one line of Markdown so it renders literally wherever it stands (headings, list
/// items, emphasis): punctuation backslash-escaped, control characters removed, line breaks
/// folded into spaces, and a leading block starter neutralised.
///
/// ```
/// use spur_core::escape::markdown_inline;
/// assert_eq!(markdown_inline("*a* [b](c) <i>"), r"\*a\* \[b\](c) \<i\>");
/// assert_eq!(markdown_inline("a\n# b"), r"a \# b");
/// assert_eq!(markdown_inline("- x"), r"\- x");
/// assert_eq!(markdown_inline("\u{9b}+ x"), r"\+ x");
/// ```
pub fn markdown_inline(text: &str) -> String {
    let joined = text.split(['\r', '\n']).collect::<Vec<_>>().join(" ");
    markdown_line(&joined)
}

/// One line: inline escapes plus a neutralised block starter at its start. Characters that are
/// dropped (control characters, a stray `\r`) go first, so none can hide a block starter
/// behind it (`"\u{9b}+ x"` must not become a list item once the control is gone).
fn markdown_line(line: &str) -> String {
    let dropped = |c: char| is_unsafe_control(c) || c == '\r';
    let cleaned: String;
    let line = if line.contains(dropped) {
        cleaned = line.chars().filter(|&c| !dropped(c)).collect();
        &cleaned
    } else {
        line
    };
    let line = line.trim_start_matches([' ', '\t']);
    let mut out = String::with_capacity(line.len() + 8);
    // A line can open a list (`-`, `+`, `*`, `1.`, `1)`), a setext underline or thematic break
    // (`=`, `-`, `_`, `*`), a heading (`#`), a quote (`>`), a fence (```` ``` ````, `~~~`), a
    // table (`|`) or an HTML block (`<`); the characters not escaped inline get a backslash here.
    match line.chars().next() {
        Some('-' | '+' | '=') => out.push('\\'),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            if matches!(line[digits..].chars().next(), Some('.' | ')')) {
                push_md_inline(&mut out, &line[..digits]);
                out.push('\\');
                push_md_inline(&mut out, &line[digits..]);
                return out;
            }
        }
        _ => {}
    }
    push_md_inline(&mut out, line);
    out
}

/// Escape multi-line text for a Markdown paragraph: every line is escaped as by
/// [`markdown_inline`] (so no line can open a heading, list, quote, fence, table, indented code
/// block or HTML block), and the line breaks are kept (`\r\n` becomes `\n`).
///
/// ```
/// use spur_core::escape::markdown_block;
/// assert_eq!(markdown_block("ok\n~~~\n    code\n1. x"), "ok\n\\~\\~\\~\ncode\n1\\. x");
/// ```
pub fn markdown_block(text: &str) -> String {
    text.split('\n')
        .map(|l| markdown_line(l.strip_suffix('\r').unwrap_or(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escape text for a Markdown table cell: as [`markdown_inline`], with line breaks as `<br>`.
///
/// ```
/// use spur_core::escape::markdown_cell;
/// assert_eq!(markdown_cell("a|b\r\nc*d"), r"a\|b<br>c\*d");
/// ```
pub fn markdown_cell(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.split('\n')
        .map(markdown_line)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Characters a spreadsheet reads as the start of a formula (with their fullwidth forms, which
/// some spreadsheets normalise), plus tab and carriage return.
fn formula_start(c: char) -> bool {
    matches!(
        c,
        '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{ff1d}' | '\u{ff0b}' | '\u{ff0d}' | '\u{ff20}'
    )
}

/// Neutralise a CSV cell a spreadsheet would read as a formula: a cell whose first character
/// (after any spaces) is `=`, `+`, `-`, `@`, fullwidth `＝ ＋ － ＠`, a tab or a carriage return
/// gets a leading `'`. Control characters other than tab and line breaks are removed. Quoting
/// is left to the CSV writer.
///
/// ```
/// use spur_core::escape::csv;
/// assert_eq!(csv("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(csv("＝1+1"), "'＝1+1");
/// assert_eq!(csv(" -1"), "' -1");
/// assert_eq!(csv("ST-läkare"), "ST-läkare");
/// ```
pub fn csv(text: &str) -> Cow<'_, str> {
    let cleaned: Cow<'_, str> = if text.chars().any(is_unsafe_control) {
        text.chars()
            .filter(|&c| !is_unsafe_control(c))
            .collect::<String>()
            .into()
    } else {
        Cow::Borrowed(text)
    };
    match cleaned.trim_start_matches(' ').chars().next() {
        Some(c) if formula_start(c) => format!("'{cleaned}").into(),
        _ => cleaned,
    }
}

/// Escape an iCalendar TEXT value (RFC 5545 §3.3.11): `\` → `\\`, `;` → `\;`, `,` → `\,`,
/// any line break (CRLF, LF or CR) → `\n`; control characters (which TEXT does not allow,
/// tab excepted) are removed.
///
/// ```
/// use spur_core::escape::ics_text;
/// assert_eq!(ics_text("a,b;c\\d\r\ne\u{7}"), "a\\,b\\;c\\\\d\\ne");
/// ```
pub fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if is_unsafe_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Make text safe to print on a terminal: control characters (C0 except newline and tab,
/// carriage return included), DEL, C1 — and so every escape sequence, which starts with ESC or
/// CSI — and bidi overrides are shown as visible `\u{…}` escapes instead of being sent.
///
/// ```
/// use spur_core::escape::terminal;
/// assert_eq!(terminal("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
/// assert_eq!(terminal("x\ry\u{9b}"), "x\\u{d}y\\u{9b}");
/// assert_eq!(terminal("Vårdcentralen\n\tNorr"), "Vårdcentralen\n\tNorr");
/// ```
pub fn terminal(text: &str) -> Cow<'_, str> {
    let bad = |c: char| c == '\r' || is_unsafe_control(c);
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if bad(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn terminal_output_has_no_control_characters(s in any::<String>()) {
            let t = terminal(&s);
            prop_assert!(!t.chars().any(|c| c == '\r' || is_unsafe_control(c)));
        }

        #[test]
        fn markup_output_has_no_raw_specials(s in any::<String>()) {
            let h = html(&s);
            prop_assert!(!h.contains(['<', '>', '"', '\'']));
            prop_assert!(!h.chars().any(|c| is_unsafe_control(c) || xml_forbidden(c)));
        }

        #[test]
        fn markdown_lines_never_start_a_block(s in any::<String>()) {
            for line in markdown_block(&s).lines() {
                let first = line.chars().next();
                prop_assert!(!matches!(first, Some('#' | '-' | '+' | '*' | '>' | '=' | '~' | '`' | '|' | '<' | '_' | ' ' | '\t')), "{line:?}");
                let digits = line.chars().take_while(char::is_ascii_digit).count();
                prop_assert!(!matches!(line[digits..].chars().next(), Some('.' | ')')) || digits == 0);
            }
            prop_assert!(!markdown_inline(&s).contains('\n'));
            prop_assert!(!markdown_cell(&s).contains('\n'));
        }

        #[test]
        fn csv_cells_never_start_a_formula(s in any::<String>()) {
            let c = csv(&s);
            prop_assert!(!c.trim_start_matches(' ').starts_with(formula_start));
            prop_assert!(!c.chars().any(is_unsafe_control));
        }

        #[test]
        fn ics_text_has_no_raw_breaks_or_separators(s in any::<String>()) {
            let t = ics_text(&s);
            prop_assert!(!t.contains(['\n', '\r']));
            prop_assert!(!t.chars().any(is_unsafe_control));
            // Every `;` and `,` is escaped: an odd run of backslashes precedes it.
            let b = t.as_bytes();
            for (i, &ch) in b.iter().enumerate() {
                if ch == b';' || ch == b',' {
                    let run = b[..i].iter().rev().take_while(|&&x| x == b'\\').count();
                    prop_assert!(run % 2 == 1, "{t:?}");
                }
            }
        }
    }

    #[test]
    fn entities_are_defused_but_plain_ampersands_stay() {
        assert_eq!(markdown_inline("R&D & co"), "R&D & co");
        assert_eq!(
            markdown_inline("&amp; &#60; &#x3c;"),
            r"\&amp; \&\#60; \&\#x3c;"
        );
    }

    #[test]
    fn fences_and_block_starters_are_neutralised() {
        assert_eq!(markdown_block("```rust"), r"\`\`\`rust");
        assert_eq!(markdown_block("~~~"), r"\~\~\~");
        assert_eq!(markdown_block("> quote"), r"\> quote");
        assert_eq!(markdown_block("+ item"), r"\+ item");
        assert_eq!(markdown_block("2) item"), r"2\) item");
        assert_eq!(markdown_block("==="), r"\===");
        assert_eq!(markdown_block("<div>"), r"\<div\>");
        assert_eq!(markdown_block("ST-läkare"), "ST-läkare");
    }

    #[test]
    fn csv_fullwidth_starters() {
        for s in ["＝1", "＋1", "－1", "＠A1", "\t=1", "\r=1"] {
            assert!(csv(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(csv(""), "");
    }
}
