//! Scalars: how a value is read from a node or a table key.

use super::*;

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
    Kind,
    Msg::WhatKind,
    [
        "föreskrift",
        "allmänt råd",
        "kvalitetsindikator",
        "not applicable"
    ]
);
choice!(Confidence, Msg::WhatConfidence, ["high", "medium", "low"]);
choice!(Scale, Msg::WhatScale, ["abcd", "abd"]);
choice!(Group, Msg::WhatGroup, ["STRUKTUR", "PROCESS"]);
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
