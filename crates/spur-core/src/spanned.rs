//! Parsing TOML and JSON into the format-neutral value tree with source spans ([`Node`]), so
//! both formats are read by one walker ([`crate::read`]) that collects every problem instead of
//! stopping at the first.
//!
//! ```
//! use spur_core::{Format, spanned::{parse, Value}};
//! let node = parse("\u{feff}a = 1\n", Format::Toml).unwrap();
//! let Value::Table(entries) = &node.value else { panic!() };
//! assert_eq!(entries[0].0.name, "a");
//! assert_eq!(entries[0].0.span, Some(3..4)); // spans count the byte-order mark
//! ```

use std::ops::Range;

use crate::diagnostic::Phrase;
use crate::messages::{Msg, Text};

use toml::de::{DeTable, DeValue};

pub use crate::tree::{Key, Node, SyntaxError, Value, clip};

/// The most keys, values and tables a TOML document may build, whatever its size: 200 000 (an
/// inspection document has a few thousand).
pub const MAX_TOML_VALUES: usize = 200_000;

/// The least such count allowed, for small documents: 20 000.
pub const MIN_TOML_VALUES: usize = 20_000;

/// The bound of keys, values and tables for a TOML text of `len` bytes: one per 3 bytes,
/// between [`MIN_TOML_VALUES`] and [`MAX_TOML_VALUES`]. Reading costs about 100–150 bytes per
/// value (the parser's tree and ours), so this keeps the cost of a dense document (`[1,1,1,…]`,
/// `["","",…]`, `a.a.a… = 1`, which cost 72–101 × their size) near 50 × its size.
pub fn toml_values_bound(len: usize) -> usize {
    (len / 3).clamp(MIN_TOML_VALUES, MAX_TOML_VALUES)
}

/// Where a TOML text goes over `limit` keys, values and tables, counted without parsing: each
/// `=`, `,`, `.`, `[` and `{` outside strings and comments starts at most one (an upper
/// bound). `None` when it stays within.
fn over_toml_values(src: &str, limit: usize) -> Option<usize> {
    let b = src.as_bytes();
    let mut n = 0usize;
    let mut i = 0usize;
    // The end of a string that opened at `i` with `quote` (one byte or three).
    let close = |i: usize, quote: u8, triple: bool, escapes: bool| -> usize {
        let mut j = i + if triple { 3 } else { 1 };
        while j < b.len() {
            let c = b[j];
            if escapes && c == b'\\' {
                j += 2;
                continue;
            }
            if c == quote && (!triple || b[j..].starts_with(&[quote; 3])) {
                return j + if triple { 3 } else { 1 };
            }
            if !triple && c == b'\n' {
                return j;
            }
            j += 1;
        }
        b.len()
    };
    while i < b.len() {
        match b[i] {
            b'#' => {
                i = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p);
                continue;
            }
            q @ (b'"' | b'\'') => {
                let triple = b[i..].starts_with(&[q; 3]);
                i = close(i, q, triple, q == b'"');
                continue;
            }
            b'=' | b',' | b'.' | b'[' | b'{' => {
                n += 1;
                if n > limit {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn from_toml(src: &str) -> Result<Node, Vec<SyntaxError>> {
    let limit = toml_values_bound(src.len());
    if let Some(at) = over_toml_values(src, limit) {
        return Err(vec![(
            format!(
                "more than {limit} keys, values and tables (at most one per 3 bytes of the document, and {MAX_TOML_VALUES} in all): an inspection document has a few thousand; not read further"
            ),
            Some(at..at + 1),
        )]);
    }
    let (doc, errors) = DeTable::parse_recoverable(src);
    if !errors.is_empty() {
        if let Some(node) = recover_bad_dates(src, &errors) {
            return Ok(node);
        }
        return Err(errors
            .into_iter()
            .map(|e| {
                let span = e.span().or_else(|| deep_key(src));
                (e.message().trim().to_string(), span)
            })
            .collect());
    }
    let span = doc.span();
    let mut errors = Vec::new();
    let value = table_from_toml(doc.get_ref(), &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Node {
        span: Some(span),
        value,
    })
}

fn table_from_toml(t: &DeTable<'_>, errors: &mut Vec<SyntaxError>) -> Value {
    Value::Table(
        t.iter()
            .map(|(k, v)| {
                (
                    Key {
                        name: k.get_ref().to_string(),
                        span: Some(k.span()),
                    },
                    node_from_toml(v, errors),
                )
            })
            .collect(),
    )
}

fn node_from_toml(v: &toml::Spanned<DeValue<'_>>, errors: &mut Vec<SyntaxError>) -> Node {
    let span = v.span();
    let value = match v.get_ref() {
        // TOML integers are 64-bit (TOML 1.0 §Integer): a larger one is an error, never a float.
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Int(n),
            Err(_) => {
                errors.push((
                    format!(
                        "integer `{}` is out of range (−9223372036854775808 … 9223372036854775807)",
                        clip(i.as_str())
                    ),
                    Some(span.clone()),
                ));
                Value::Int(0)
            }
        },
        other => value_from_toml(other, errors),
    };
    Node {
        span: Some(span),
        value,
    }
}

fn value_from_toml(v: &DeValue<'_>, errors: &mut Vec<SyntaxError>) -> Value {
    match v {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => {
            i64::from_str_radix(i.as_str(), i.radix()).map_or(Value::Int(0), Value::Int)
        }
        DeValue::Float(f) => Value::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(a) => Value::Array(a.iter().map(|n| node_from_toml(n, errors)).collect()),
        DeValue::Table(t) => table_from_toml(t, errors),
    }
}

/// An unquoted impossible date (`due = 2026-13-01`) is a TOML syntax error that would hide
/// every other problem. When every syntax error sits on such a date, the document is read with
/// each of them in place of a same-length placeholder string, and the nodes get the written
/// text back as a date value — so the reader reports them as `bad-date` (with a date hint)
/// together with everything else. Spans stay those of the original source.
fn recover_bad_dates(src: &str, errors: &[toml::de::Error]) -> Option<Node> {
    let mut patched = src.as_bytes().to_vec();
    let mut dates: Vec<(Range<usize>, String)> = Vec::new();
    for error in errors {
        let token = date_token_at(src, error.span()?.start)?;
        if !dates.iter().any(|(r, _)| *r == token) {
            patched[token.clone()].fill(b'0');
            patched[token.start] = b'"';
            patched[token.end - 1] = b'"';
            dates.push((token.clone(), src[token].to_string()));
        }
    }
    let patched = String::from_utf8(patched).ok()?;
    let (doc, errors) = DeTable::parse_recoverable(&patched);
    if !errors.is_empty() {
        return None;
    }
    let mut errors = Vec::new();
    let mut value = table_from_toml(doc.get_ref(), &mut errors);
    if !errors.is_empty() {
        return None;
    }
    restore_dates(&mut value, &dates);
    Some(Node {
        span: Some(doc.span()),
        value,
    })
}

/// The bare date-like token (`2026-13-01`, `2026-2-30`) around byte `at`, if there is one.
fn date_token_at(src: &str, at: usize) -> Option<Range<usize>> {
    let bytes = src.as_bytes();
    let is_part = |b: u8| b.is_ascii_digit() || b == b'-';
    let at = at.min(bytes.len().checked_sub(1)?);
    if !is_part(bytes[at]) {
        return None;
    }
    let start = (0..=at).rev().take_while(|&i| is_part(bytes[i])).last()?;
    let end = (at..bytes.len())
        .take_while(|&i| is_part(bytes[i]))
        .last()?
        + 1;
    let token = &src[start..end];
    let parts: Vec<&str> = token.split('-').collect();
    let shaped = parts.len() == 3
        && parts[0].len() == 4
        && (1..=2).contains(&parts[1].len())
        && (1..=2).contains(&parts[2].len())
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    let before = src[..start].trim_end();
    let after = src[end..].trim_start_matches([' ', '\t']);
    let is_value = before.ends_with('=') || before.ends_with('[') || before.ends_with(',');
    let ends = after.is_empty()
        || after.starts_with(['\n', '\r', '#', ',', ']', '}'])
        || after.starts_with("\r\n");
    (shaped && is_value && ends).then_some(start..end)
}

fn restore_dates(value: &mut Value, dates: &[(Range<usize>, String)]) {
    let children: Box<dyn Iterator<Item = &mut Node>> = match value {
        Value::Table(entries) => Box::new(entries.iter_mut().map(|(_, n)| n)),
        Value::Array(items) => Box::new(items.iter_mut()),
        _ => return,
    };
    for node in children {
        let found = dates.iter().find(|(r, _)| node.span.as_ref() == Some(r));
        match found {
            Some((_, text)) => node.value = Value::Datetime(text.clone()),
            None => restore_dates(&mut node.value, dates),
        }
    }
}

/// The `toml` crate reports a dotted key nested past its recursion limit (100 parts) without a
/// span; this finds that key (the first key of 100 or more dotted parts, quotes respected), so
/// every nesting-depth error is located.
fn deep_key(src: &str) -> Option<Range<usize>> {
    const LIMIT: usize = 100;
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let (mut parts, mut quote, mut end) = (1, None, line.len());
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '.') => parts += 1,
                (None, '=' | ']' | '#') => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        if parts >= LIMIT {
            let start = line.len() - line.trim_start().len();
            return Some(offset + start..offset + end.max(start));
        }
        offset += line.len();
    }
    None
}

/// Parse a TOML or JSON document into a spanned tree. A leading byte-order mark is skipped
/// (spans still count it), JSON `null` members are dropped (absent), and every syntax error the
/// parser can report is returned.
///
/// # Errors
///
/// Every syntax error the TOML or JSON parser reports, each with its byte span.
pub fn parse(source: &str, format: crate::Format) -> Result<Node, Vec<SyntaxError>> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let offset = source.len() - text.len();
    let node = match format {
        crate::Format::Toml => from_toml(text).map_err(|errors| {
            errors
                .into_iter()
                .map(|(m, s)| {
                    (
                        format!("invalid TOML: {m}"),
                        s.map(|s| s.start + offset..s.end + offset),
                    )
                })
                .collect::<Vec<_>>()
        })?,
        crate::Format::Json => match crate::json::parse(text) {
            Ok(n) => drop_nulls(n),
            Err((m, s)) => {
                return Err(vec![(
                    format!("invalid JSON: {m}"),
                    Some(s.start + offset..s.end + offset),
                )]);
            }
        },
    };
    Ok(if offset > 0 {
        shift(node, offset)
    } else {
        node
    })
}

/// Where a JSON object's key that [`parse`] reports as given twice was first given (a span of
/// `source`, byte-order mark counted), or `None` when its error is another one.
pub fn json_first_given(source: &str) -> Option<Range<usize>> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let offset = source.len() - text.len();
    crate::json::duplicate_first_given(text).map(|s| s.start + offset..s.end + offset)
}

/// JSON `null` means "absent": drop null members of objects.
fn drop_nulls(node: Node) -> Node {
    let value = match node.value {
        Value::Array(items) => Value::Array(items.into_iter().map(drop_nulls).collect()),
        Value::Table(entries) => Value::Table(
            entries
                .into_iter()
                .filter(|(_, v)| !matches!(v.value, Value::Null))
                .map(|(k, v)| (k, drop_nulls(v)))
                .collect(),
        ),
        other => other,
    };
    Node {
        span: node.span,
        value,
    }
}

fn shift(node: Node, by: usize) -> Node {
    let span = node.span.map(|s| s.start + by..s.end + by);
    let value = match node.value {
        Value::Array(items) => Value::Array(items.into_iter().map(|n| shift(n, by)).collect()),
        Value::Table(entries) => Value::Table(
            entries
                .into_iter()
                .map(|(k, v)| {
                    (
                        Key {
                            name: k.name,
                            span: k.span.map(|s| s.start + by..s.end + by),
                        },
                        shift(v, by),
                    )
                })
                .collect(),
        ),
        other => other,
    };
    Node { span, value }
}

/// The type of a value, as a phrase ("a string" / "en sträng").
pub fn type_name(value: &Value) -> Msg {
    match value {
        Value::Str(_) => Msg::TypeString,
        Value::Int(_) => Msg::TypeInteger,
        Value::Float(_) => Msg::TypeNumber,
        Value::Bool(_) => Msg::TypeBoolean,
        Value::Datetime(_) => Msg::TypeDate,
        Value::Array(_) => Msg::TypeList,
        Value::Table(_) => Msg::TypeTable,
        Value::Null => Msg::TypeNull,
    }
}

/// A syntax error's message from [`parse`] (`invalid TOML: …`, `invalid JSON: …`) as a phrase:
/// the prefix follows the language, the parser's own detail stays as it wrote it.
pub fn syntax_message(msg: String) -> Phrase {
    if let Some(detail) = msg.strip_prefix("invalid TOML: ") {
        Text::new(Msg::InvalidToml).arg("detail", detail).into()
    } else if let Some(detail) = msg.strip_prefix("invalid JSON: ") {
        Text::new(Msg::InvalidJson).arg("detail", detail).into()
    } else {
        Phrase::Plain(msg)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dense_toml_is_refused_before_it_is_parsed() {
        for (what, text) in [
            ("integers", format!("a = [{}]", "1,".repeat(30_000))),
            (
                "empty inline tables",
                format!("a = [{}]", "{},".repeat(30_000)),
            ),
            (
                "empty strings",
                format!("strengths = [{}]", "\"\",".repeat(210_000)),
            ),
            ("dotted keys", format!("{} = 1", ["a"; 30_000].join("."))),
        ] {
            let Err(errors) = parse(&text, crate::Format::Toml) else {
                panic!("{what}: accepted")
            };
            assert!(
                errors[0].0.contains("keys, values and tables"),
                "{what}: {errors:?}"
            );
        }
        // Counted outside strings and comments only.
        let text = format!(
            "a = \"{}\" # {}\nb = '''{}'''\n",
            ",".repeat(30_000),
            ",".repeat(30_000),
            "[".repeat(30_000)
        );
        assert!(parse(&text, crate::Format::Toml).is_ok());
        assert_eq!(over_toml_values("a = [1, 2]", 2), Some(6));
        assert_eq!(over_toml_values("a = \"\\\",\" # ,\n", 1), None);
    }

    use super::*;

    #[test]
    fn a_key_nested_past_the_recursion_limit_is_located() {
        let deep = vec!["a"; 120].join(".");
        let src = format!("x = 1\n{deep} = 1\n");
        let errors = parse(&src, crate::Format::Toml).unwrap_err();
        assert!(!errors.is_empty());
        for (msg, span) in &errors {
            let span = span.clone().unwrap_or_else(|| panic!("unlocated: {msg}"));
            assert_eq!(span.start, 6, "{msg}");
        }
        let table = format!("[{deep}]\n");
        for (msg, span) in parse(&table, crate::Format::Toml).unwrap_err() {
            assert!(span.is_some(), "unlocated: {msg}");
        }
    }

    #[test]
    fn deeply_nested_arrays_and_tables_are_located() {
        for src in [
            format!("x = {}", "[".repeat(300)),
            format!("x = {}", "{ a = ".repeat(300)),
        ] {
            for (msg, span) in parse(&src, crate::Format::Toml).unwrap_err() {
                assert!(span.is_some(), "unlocated: {msg}");
            }
        }
        let (msg, span) = &parse(&"[".repeat(10_000), crate::Format::Json).unwrap_err()[0];
        assert!(msg.contains("nested too deeply"));
        assert!(span.is_some());
    }
}
