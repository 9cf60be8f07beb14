//! A format-neutral value tree with source spans, so TOML and JSON documents are read by one
//! walker that collects every problem instead of stopping at the first.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// A value and where it came from (`None` for JSON, which has no spans here).
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub span: Option<Range<usize>>,
    pub value: Value,
}

/// A table key with its span.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    pub name: String,
    pub span: Option<Range<usize>>,
}

#[derive(Debug, Clone)]
#[allow(dead_code)] // scalar payloads are kept for debugging and future messages
pub(crate) enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A TOML datetime literal, as written.
    Datetime(String),
    Array(Vec<Node>),
    Table(Vec<(Key, Node)>),
    /// JSON `null`: treated as an absent value.
    Null,
}

impl Value {
    /// A short name of the type, for "expected …, found …" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
            Value::Null => "null",
        }
    }
}

/// Parse TOML into a node tree. On syntax errors, returns every error the parser reports
/// (message and span).
pub(crate) fn from_toml(src: &str) -> Result<Node, Vec<(String, Option<Range<usize>>)>> {
    let (doc, errors) = DeTable::parse_recoverable(src);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| (e.message().trim().to_string(), e.span()))
            .collect());
    }
    let span = doc.span();
    Ok(Node {
        span: Some(span),
        value: table_from_toml(doc.get_ref()),
    })
}

fn table_from_toml(t: &DeTable<'_>) -> Value {
    Value::Table(
        t.iter()
            .map(|(k, v)| {
                (
                    Key {
                        name: k.get_ref().to_string(),
                        span: Some(k.span()),
                    },
                    Node {
                        span: Some(v.span()),
                        value: value_from_toml(v.get_ref()),
                    },
                )
            })
            .collect(),
    )
}

fn value_from_toml(v: &DeValue<'_>) -> Value {
    match v {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map_or_else(|_| Value::Float(f64::INFINITY), Value::Int),
        DeValue::Float(f) => Value::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(a) => Value::Array(
            a.iter()
                .map(|n| Node {
                    span: Some(n.span()),
                    value: value_from_toml(n.get_ref()),
                })
                .collect(),
        ),
        DeValue::Table(t) => table_from_toml(t),
    }
}
