//! A small JSON reader that keeps byte spans, so JSON documents get the same file:line:column
//! diagnostics as TOML ones (serde_json has no spans). It also rejects duplicate keys, which
//! serde_json silently merges, and bounds nesting depth.

use std::collections::HashMap;
use std::ops::Range;

use crate::tree::{Key, Node, Value, clip};

/// Deepest nesting accepted (documents need 5 levels).
const MAX_DEPTH: usize = 128;

/// A syntax error: message and the byte span it points at.
pub(crate) type JsonError = (String, Range<usize>);

/// Parse a whole JSON document into a spanned node tree.
pub(crate) fn parse(src: &str) -> Result<Node, JsonError> {
    parse_counted(src).0
}

/// [`parse`], and the number of duplicate-key lookups it made (one per key: the work stays
/// linear in the number of keys, however many one object holds).
fn parse_counted(src: &str) -> (Result<Node, JsonError>, usize) {
    let mut p = Parser::new(src);
    let result = p.document();
    (result, p.key_lookups)
}

/// Where the key that [`parse`] reports as given twice was first given, when its error is a
/// duplicate key (the document is read again up to it: only on that error).
pub(crate) fn duplicate_first_given(src: &str) -> Option<Range<usize>> {
    let mut p = Parser::new(src);
    p.document().err()?;
    p.first_given
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Duplicate-key lookups so far (the regression test of the formerly quadratic check).
    key_lookups: usize,
    /// The first place of a key given twice, when that ended the parse.
    first_given: Option<Range<usize>>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Parser<'a> {
        Parser {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            key_lookups: 0,
            first_given: None,
        }
    }

    fn document(&mut self) -> Result<Node, JsonError> {
        self.ws();
        let node = self.value(0)?;
        self.ws();
        if self.pos < self.bytes.len() {
            return Err(self.err("unexpected text after the JSON value"));
        }
        Ok(node)
    }

    fn err(&self, msg: &str) -> JsonError {
        let end = (self.pos + 1).min(self.bytes.len());
        (msg.to_string(), self.pos..end.max(self.pos))
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, b: u8, what: &str) -> Result<(), JsonError> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else if self.peek().is_none() {
            Err(self.err(&format!("unexpected end of input, expected {what}")))
        } else {
            Err(self.err(&format!("expected {what}")))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        let start = self.pos;
        let value = match self.peek() {
            None => return Err(self.err("unexpected end of input, expected a value")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::Str(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b'+' | b'.') => {
                return Err(self.err("expected a value (a JSON number starts with `-` or a digit)"));
            }
            Some(_) => return Err(self.err("expected a value")),
        };
        Ok(Node {
            span: Some(start..self.pos),
            value,
        })
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, JsonError> {
        if self.src[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err(self.err("expected a value"))
        }
    }

    /// A number as RFC 8259 §6 spells it: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// Without fraction or exponent it is an integer and must fit `i64` (it never silently
    /// becomes a float); otherwise a finite float.
    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while let Some(b'0'..=b'9') = p.peek() {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        match digits(self) {
            0 => return Err(self.number_err(start, "a digit must follow `-`")),
            n if n > 1 && self.bytes[int_start] == b'0' => {
                return Err(self.number_err(start, "leading zeros are not allowed"));
            }
            _ => {}
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            float = true;
            if digits(self) == 0 {
                return Err(self.number_err(start, "a digit must follow the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            float = true;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.number_err(start, "a digit must follow the exponent"));
            }
        }
        // A number runs into a letter or another number character only when it is malformed.
        if let Some(b'.' | b'+' | b'-' | b'e' | b'E' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9') =
            self.peek()
        {
            self.pos += 1;
            return Err(self.number_err(start, "malformed number"));
        }
        let text = &self.src[start..self.pos];
        if !float {
            return text.parse::<i64>().map(Value::Int).map_err(|_| {
                self.number_err(
                    start,
                    "integer out of range (−9223372036854775808 … 9223372036854775807)",
                )
            });
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::Float(f)),
            _ => Err(self.number_err(start, "number out of range")),
        }
    }

    fn number_err(&self, start: usize, why: &str) -> JsonError {
        let text = clip(&self.src[start..self.pos]);
        (
            format!("`{text}` is not a valid number: {why}"),
            start..self.pos.max(start + 1),
        )
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.expect(b'"', "`\"`")?;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.src[run_start..self.pos]);
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) => return Err(self.err("control character in string")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(b) = self.peek() else {
            return Err(self.err("unterminated escape"));
        };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                if (0xDC00..0xE000).contains(&hi) {
                    return Err(self.err("unpaired surrogate in \\u escape"));
                }
                if (0xD800..0xDC00).contains(&hi) {
                    if self.src[self.pos..].starts_with("\\u") {
                        self.pos += 2;
                        let lo = self.hex4()?;
                        if (0xDC00..0xE000).contains(&lo) {
                            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            return char::from_u32(c).ok_or_else(|| self.err("invalid \\u escape"));
                        }
                    }
                    return Err(self.err("unpaired surrogate in \\u escape"));
                }
                return char::from_u32(hi).ok_or_else(|| self.err("invalid \\u escape"));
            }
            _ => {
                self.pos -= 1;
                return Err(self.err("invalid escape"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let Some(digits) = self.bytes.get(self.pos..self.pos + 4) else {
            return Err(self.err("short \\u escape: four hex digits expected"));
        };
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return Err(self.err("invalid \\u escape: four hex digits expected"));
        }
        let v = digits.iter().fold(0, |acc, d| {
            acc * 16 + (*d as char).to_digit(16).unwrap_or(0)
        });
        self.pos += 4;
        Ok(v)
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.err("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.pos += 1;
        let mut entries: Vec<(Key, Node)> = Vec::new();
        // Names seen so far: a hash lookup per key, not a scan of the entries (that scan made
        // one object with 110 000 keys take ~30 s).
        let mut seen: HashMap<String, Range<usize>> = HashMap::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Table(entries));
        }
        loop {
            self.ws();
            let key_start = self.pos;
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a key in double quotes"));
            }
            let name = self.string()?;
            let key_span = key_start..self.pos;
            self.key_lookups += 1;
            if let Some(first) = seen.insert(name.clone(), key_span.clone()) {
                self.first_given = Some(first);
                return Err((format!("duplicate key `{name}`"), key_span));
            }
            self.ws();
            self.expect(b':', "`:`")?;
            self.ws();
            let value = self.value(depth + 1)?;
            entries.push((
                Key {
                    name,
                    span: Some(key_span),
                },
                value,
            ));
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Table(entries));
                }
                _ => return Err(self.err("expected `,` or `}`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_values_with_spans() {
        let n = parse(r#"{"a": [1, -2.5e1, true, null, "x\u00e5\ud83d\ude00"], "b": {}}"#).unwrap();
        let Value::Table(t) = n.value else { panic!() };
        assert_eq!(t[0].0.name, "a");
        assert_eq!(t[0].0.span, Some(1..4));
        let Value::Array(items) = &t[0].1.value else {
            panic!()
        };
        assert!(matches!(items[1].value, Value::Float(f) if f == -25.0));
        assert!(matches!(&items[4].value, Value::Str(s) if s == "xå😀"));
    }

    #[test]
    fn rejects_bad_input_with_a_position() {
        for (src, at) in [
            ("{\"a\": 1, \"a\": 2}", 9),
            ("[1, 2", 5),
            ("{\"a\" 1}", 5),
            ("\"\\q\"", 2),
            ("[1] x", 4),
            ("", 0),
        ] {
            let (_, span) = parse(src).unwrap_err();
            assert_eq!(span.start, at, "{src}");
        }
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).unwrap_err().0.contains("nested too deeply"));
    }

    /// RFC 8259 conformance: numbers (§6), strings and escapes (§7), literals (§3).
    #[test]
    fn conformance_table() {
        let valid: &[(&str, &str)] = &[
            ("0", "Int(0)"),
            ("-0", "Int(0)"),
            ("7", "Int(7)"),
            ("-12", "Int(-12)"),
            ("9223372036854775807", "Int(9223372036854775807)"),
            ("-9223372036854775808", "Int(-9223372036854775808)"),
            ("0.5", "Float(0.5)"),
            ("-0.0", "Float(-0.0)"),
            ("1.25", "Float(1.25)"),
            ("1e5", "Float(100000.0)"),
            ("1E5", "Float(100000.0)"),
            ("1e+5", "Float(100000.0)"),
            ("1e-5", "Float(1e-5)"),
            ("1.5e2", "Float(150.0)"),
            ("0e0", "Float(0.0)"),
            ("45.0", "Float(45.0)"),
            ("true", "Bool(true)"),
            ("false", "Bool(false)"),
            ("null", "Null"),
            (r#""""#, r#"Str("")"#),
            (r#""a\"b\\c\/d""#, r#"Str("a\"b\\c/d")"#),
            (r#""\b\f\n\r\t""#, r#"Str("\u{8}\u{c}\n\r\t")"#),
            (r#""\u00e5\u00C5""#, r#"Str("åÅ")"#),
            (r#""\ud83d\ude00""#, r#"Str("😀")"#),
            (r#""\u0000""#, r#"Str("\0")"#),
            ("\"å😀\"", r#"Str("å😀")"#),
            (" [ 1 , 2 ] ", "Array"),
            ("{}", "Table"),
        ];
        for (src, want) in valid {
            let got = match parse(src) {
                Ok(n) => match n.value {
                    Value::Array(_) => "Array".to_string(),
                    Value::Table(_) => "Table".to_string(),
                    v => format!("{v:?}"),
                },
                Err(e) => panic!("{src} must be accepted: {e:?}"),
            };
            assert_eq!(&got, want, "{src}");
        }
        let invalid: &[&str] = &[
            "060",
            "00",
            "-01",
            "1.",
            "1.e5",
            ".5",
            "+1",
            "-",
            "1e",
            "1e+",
            "1E-",
            "1x",
            "0x10",
            "1.5.2",
            "--1",
            "Infinity",
            "NaN",
            "1e999",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999",
            r#""\u00""#,
            r#""\u00g0""#,
            r#""\u+0e5""#,
            r#""\x41""#,
            r#""\ud83d""#,
            r#""\ud83d x""#,
            r#""\ud83d\u0041""#,
            r#""\ude00""#,
            "\"a\tb\"",
            "\"a\nb\"",
            "\"open",
            "tru",
            "True",
            "nul",
            "[1,]",
            "{\"a\":1,}",
            "{'a':1}",
            "[1 2]",
        ];
        for src in invalid {
            assert!(parse(src).is_err(), "{src} must be rejected");
        }
    }

    /// One object with many keys (the 2 MB one-line document with 110 000 unknown criterion
    /// ids): the duplicate-key check does one lookup per key. It used to compare each key with
    /// every earlier one, n²/2 comparisons — 200 million for these 20 000 keys. The time of
    /// the full-size document is measured by the `read` bench and the server's `worst` example.
    #[test]
    fn duplicate_key_check_is_linear_in_the_number_of_keys() {
        let n = 20_000;
        let keys: Vec<String> = (0..n).map(|i| format!("\"Q.Z{i}\":\"met\"")).collect();
        let src = format!("{{\"findings\":{{{}}}}}", keys.join(","));
        let (result, lookups) = parse_counted(&src);
        let Value::Table(top) = result.unwrap().value else {
            panic!()
        };
        let Value::Table(findings) = &top[0].1.value else {
            panic!()
        };
        assert_eq!(findings.len(), n);
        assert_eq!(lookups, n + 1, "one lookup per key");
        // A duplicate after many keys is still found, at the repeated key.
        let dup = format!("{{{},\"Q.Z7\":1}}", keys.join(","));
        let (msg, span) = parse(&dup).unwrap_err();
        assert_eq!(msg, "duplicate key `Q.Z7`");
        assert_eq!(&dup[span], "\"Q.Z7\"");
    }

    #[test]
    fn number_errors_say_why_and_point_at_the_number() {
        let (msg, span) = parse("{\"minutes\": 060}").unwrap_err();
        assert_eq!(span.start, 12);
        assert!(msg.contains("leading zeros"), "{msg}");
        let (msg, _) = parse("[1.]").unwrap_err();
        assert!(msg.contains("decimal point"), "{msg}");
        let (msg, _) = parse("99999999999999999999").unwrap_err();
        assert!(msg.contains("integer out of range"), "{msg}");
    }
}
