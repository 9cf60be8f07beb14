//! The format-neutral value tree both parsers produce (TOML through the `toml` crate, JSON
//! through the crate's own reader) and every document reader walks. It depends on nothing else
//! in the crate, so the parsers and the reading layer sit on top of it without a cycle.

use std::ops::Range;

/// A value and where it came from (`None` for JSON, which has no spans here).
#[derive(Debug, Clone)]
pub struct Node {
    /// Byte span in the source.
    pub span: Option<Range<usize>>,
    /// The value.
    pub value: Value,
}

/// A table key with its span.
#[derive(Debug, Clone)]
pub struct Key {
    /// The key as written (unquoted).
    pub name: String,
    /// Byte span of the key in the source.
    pub span: Option<Range<usize>>,
}

/// A value of the tree.
#[derive(Debug, Clone)]
pub enum Value {
    /// A string.
    Str(String),
    /// An integer that fits `i64` (larger ones become `Float`).
    Int(i64),
    /// A number.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A TOML datetime literal, as written.
    Datetime(String),
    /// A list.
    Array(Vec<Node>),
    /// A table or object, in source order.
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

/// A parser error: message and the span it points at.
pub type SyntaxError = (String, Option<Range<usize>>);

/// Shorten user text quoted in a message (a 10 MB string must not become a 10 MB message).
pub fn clip(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}
