//! The values of a diagnostic's phrases ([`Arg`]), a phrase with its values ([`Text`]), and the
//! terms of art every renderer takes from the table (a criterion kind, a confidence, a status).

use super::Msg;
use crate::lang::{Lang, fill};
use crate::model::{Regulation, Status};

impl crate::Kind {
    /// The kind's name in `lang`, lower case (`allmänt råd`, `general advice (allmänt råd)`):
    /// the one definition of the term every renderer uses.
    ///
    /// ```
    /// use spur_core::{Kind, Lang};
    /// assert_eq!(Kind::AllmantRad.term(Lang::Sv), "allmänt råd");
    /// assert_eq!(Kind::Foreskrift.term(Lang::En), "regulation (föreskrift)");
    /// ```
    pub fn term(self, lang: Lang) -> &'static str {
        let msg = match self {
            crate::Kind::Foreskrift => Msg::KindForeskrift,
            crate::Kind::AllmantRad => Msg::KindAllmantRad,
            crate::Kind::Kvalitetsindikator => Msg::KindKvalitetsindikator,
            crate::Kind::NotApplicable => Msg::KindNotApplicable,
        };
        msg.template(lang)
    }
}

impl crate::Confidence {
    /// The confidence in `lang`, lower case (`medium`, `medel`).
    pub fn term(self, lang: Lang) -> &'static str {
        match self {
            crate::Confidence::High => Msg::ConfidenceHigh,
            crate::Confidence::Medium => Msg::ConfidenceMedium,
            crate::Confidence::Low => Msg::ConfidenceLow,
        }
        .template(lang)
    }
}

impl Status {
    /// The status in words in `lang`, lower case (`ej uppfyllt`, `not met`).
    pub fn term(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Sv => self.swedish(),
            Lang::En => self.english(),
        }
    }
}

/// A value filled into a phrase: plain text, or words that follow the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text as given (ids, dates, user input): the same in both languages.
    Plain(String),
    /// A phrase of the table.
    Text(Box<Text>),
    /// A finding status: `not_met` in English (as written in documents), `ej uppfyllt` in Swedish.
    Status(Status),
    /// Phrases joined by `, `.
    List(Vec<Text>),
    /// A criterion kind: `allmänt råd` (as written in catalogs) in English, the Swedish term in
    /// Swedish.
    Kind(crate::Kind),
    /// A confidence: `medium` in English, `medel` in Swedish.
    Confidence(crate::Confidence),
}

impl Arg {
    fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Plain(s) => s.clone(),
            Arg::Text(t) => t.render(lang),
            Arg::Status(s) => match lang {
                Lang::En => s.to_string(),
                Lang::Sv => s.swedish().to_string(),
            },
            Arg::Kind(k) => match lang {
                Lang::En => k.name().to_string(),
                Lang::Sv => k.term(lang).to_string(),
            },
            Arg::Confidence(c) => c.term(lang).to_string(),
            Arg::List(items) => items
                .iter()
                .map(|t| t.render(lang))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Plain(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Plain(s)
    }
}

impl From<std::borrow::Cow<'_, str>> for Arg {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Arg::Plain(s.into_owned())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Plain(s.clone())
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Self {
        Arg::Text(Box::new(t))
    }
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Self {
        Arg::Text(Box::new(Text::new(m)))
    }
}

impl From<Status> for Arg {
    fn from(s: Status) -> Self {
        Arg::Status(s)
    }
}

/// A phrase of the table with its values, rendered in either language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    msg: Msg,
    args: Vec<(&'static str, Arg)>,
}

impl Text {
    /// The phrase `msg`, without values yet.
    pub fn new(msg: Msg) -> Text {
        Text {
            msg,
            args: Vec::new(),
        }
    }

    /// Fill `{name}` with `value`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.args.push((name, value.into()));
        self
    }

    /// Fill `{name}` with anything printable (ids, dates, numbers).
    pub fn val(self, name: &'static str, value: impl std::fmt::Display) -> Text {
        self.arg(name, Arg::Plain(value.to_string()))
    }

    /// The value given for `{name}` as plain text (ids, dates, numbers), if any.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, a)| match a {
                Arg::Plain(s) => Some(s.as_str()),
                _ => None,
            })
    }

    /// The phrase.
    pub fn msg(&self) -> Msg {
        self.msg
    }

    /// The text in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(n, v)| (*n, v.render(lang)))
            .collect();
        let refs: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        fill(self.msg.template(lang), &refs)
    }
}

impl From<Msg> for Text {
    fn from(m: Msg) -> Self {
        Text::new(m)
    }
}

/// Regulations joined for a sentence: `SOSFS 2015:8 and HSLF-FS 2021:8` /
/// `SOSFS 2015:8 och HSLF-FS 2021:8`.
pub fn regulations(regs: &[Regulation]) -> Arg {
    match regs {
        [a, b] => Text::new(Msg::And)
            .arg("a", a.designation())
            .arg("b", b.designation())
            .into(),
        _ => Arg::Plain(
            regs.iter()
                .map(|r| r.designation())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}
