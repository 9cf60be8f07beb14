//! The two languages spur speaks, and filling `{name}` placeholders in a phrase.
//!
//! Every crate takes its words from a message table keyed by [`Lang`]: the report's phrases in
//! `spur_report::messages`, the diagnostics' in [`crate::messages`].

use std::fmt;
use std::str::FromStr;

/// The language of the output. Swedish is the type's default (SPUR reports are Swedish); which
/// language a command or request uses when none is asked for is decided by the caller (the CLI:
/// `SPUR_LANG`, then the locale, then English).
///
/// ```
/// use spur_core::Lang;
/// assert_eq!("sv".parse::<Lang>().unwrap(), Lang::Sv);
/// assert_eq!("EN".parse::<Lang>().unwrap(), Lang::En);
/// assert!("de".parse::<Lang>().is_err());
/// assert_eq!(Lang::default(), Lang::Sv);
/// assert_eq!(Lang::ALL.map(Lang::code), ["sv", "en"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Svenska: SPUR's own phrases verbatim, criterion texts as printed.
    #[default]
    Sv,
    /// English: translated phrases and the catalog's English criterion texts.
    En,
}

impl Lang {
    /// Both languages, Swedish first.
    pub const ALL: [Lang; 2] = [Lang::Sv, Lang::En];

    /// The code: `sv` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// The language a locale value names (`sv_SE.UTF-8` → Swedish, `en_GB` → English), or
    /// `None` for any other (`C`, `POSIX`, `C.UTF-8`, `de_DE`, empty).
    ///
    /// ```
    /// use spur_core::Lang;
    /// assert_eq!(Lang::from_locale("sv_SE.UTF-8"), Some(Lang::Sv));
    /// assert_eq!(Lang::from_locale("en_US.UTF-8"), Some(Lang::En));
    /// assert_eq!(Lang::from_locale("C.UTF-8"), None);
    /// ```
    pub fn from_locale(value: &str) -> Option<Lang> {
        let v = value.trim().to_ascii_lowercase();
        let language = v.split(['_', '.', '@', '-']).next().unwrap_or("");
        match language {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A language code other than `sv` or `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}`: use `sv` (Swedish) or `en` (English)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, UnknownLang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sv" => Ok(Lang::Sv),
            "en" => Ok(Lang::En),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Replace each `{name}` in `template` with its value; an unknown `{name}` stays as written.
///
/// ```
/// use spur_core::fill;
/// assert_eq!(fill("endast {year}", &[("year", "2021")]), "endast 2021");
/// assert_eq!(fill("{a} {b}", &[("a", "x")]), "x {b}");
/// ```
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, *v))
        });
        match value {
            Some((close, v)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A phrase of one of spur's message tables: every word a person reads comes from such a table,
/// one row per phrase with both languages side by side. Each crate declares its table with
/// [`phrases!`](crate::phrases); the diagnostics' table is [`crate::messages::Msg`].
pub trait Wording: Copy + fmt::Debug + 'static {
    /// Every phrase of the table.
    const ALL: &'static [Self];

    /// The phrase in `lang`, with its `{name}` placeholders.
    fn template(self, lang: Lang) -> &'static str;

    /// The phrase in `lang` with its placeholders filled ([`fill`]).
    fn say(self, lang: Lang, values: &[(&str, &str)]) -> String {
        fill(self.template(lang), values)
    }
}

/// Declare a message table: an enum whose variants are phrases, each with its English and its
/// Swedish wording, implementing [`Wording`].
///
/// ```
/// use spur_core::{Lang, Wording, phrases};
/// phrases! {
///     /// Words of an example.
///     pub enum Words {
///         /// A greeting.
///         Hello => "hello, {name}", "hej, {name}";
///     }
/// }
/// assert_eq!(Words::Hello.say(Lang::Sv, &[("name", "Ada")]), "hej, Ada");
/// assert!(spur_core::lang::parity_problems::<Words>().is_empty());
/// ```
///
/// A phrase whose languages do not take the same placeholders, or that lacks a language, does
/// not build:
///
/// ```compile_fail
/// spur_core::phrases! {
///     enum Words {
///         Days => "{n} days", "dagar";
///     }
/// }
/// ```
///
/// ```compile_fail
/// spur_core::phrases! {
///     enum Words {
///         Days => "days", "";
///     }
/// }
/// ```
#[macro_export]
macro_rules! phrases {
    ($(#[$tdoc:meta])* $vis:vis enum $table:ident {
        $( $(#[$doc:meta])* $name:ident => $en:expr, $sv:expr; )*
    }) => {
        $(#[$tdoc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $table {
            $( $(#[$doc])* $name, )*
        }

        impl $table {
            /// The phrase in `lang`, with its `{name}` placeholders (usable in a `const`).
            #[allow(dead_code)]
            $vis const fn template(self, lang: $crate::Lang) -> &'static str {
                match (self, lang) {
                    $( ($table::$name, $crate::Lang::En) => $en, ($table::$name, $crate::Lang::Sv) => $sv, )*
                }
            }
        }

        // Parity at compile time: a phrase without a language or with a placeholder only one
        // language has does not build.
        const _: () = {
            $( assert!(
                $crate::lang::parity_ok($en, $sv),
                concat!("phrase `", stringify!($name), "` lacks a language or a placeholder")
            ); )*
        };

        impl $crate::lang::Wording for $table {
            const ALL: &'static [Self] = &[ $( $table::$name, )* ];
            fn template(self, lang: $crate::Lang) -> &'static str {
                $table::template(self, lang)
            }
        }
    };
}

/// Whether `a` and `b` are both non-blank and take the same `{name}` placeholders: the parity
/// of the two languages of a phrase, checked at compile time by [`phrases!`](crate::phrases).
///
/// ```
/// use spur_core::lang::parity_ok;
/// assert!(parity_ok("{n} days", "{n} dagar"));
/// assert!(!parity_ok("{n} days", "dagar"));
/// assert!(!parity_ok("days", " "));
/// ```
pub const fn parity_ok(a: &str, b: &str) -> bool {
    !is_blank(a.as_bytes())
        && !is_blank(b.as_bytes())
        && placeholders_in(a.as_bytes(), b.as_bytes())
        && placeholders_in(b.as_bytes(), a.as_bytes())
}

const fn is_blank(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        if !s[i].is_ascii_whitespace() {
            return false;
        }
        i += 1;
    }
    true
}

/// The end (index of `}`) of a placeholder name starting at `start` (after `{`), if the bytes
/// from there are a name of lower-case letters and `_` closed by `}`.
const fn placeholder_end(s: &[u8], start: usize) -> Option<usize> {
    let mut j = start;
    while j < s.len() {
        let c = s[j];
        if c == b'}' {
            return if j > start { Some(j) } else { None };
        }
        if !(c.is_ascii_lowercase() || c == b'_') {
            return None;
        }
        j += 1;
    }
    None
}

/// Whether every placeholder of `a` is also in `b`.
const fn placeholders_in(a: &[u8], b: &[u8]) -> bool {
    let mut i = 0;
    while i < a.len() {
        if a[i] == b'{'
            && let Some(end) = placeholder_end(a, i + 1)
        {
            if !contains_placeholder(b, a, i, end) {
                return false;
            }
            i = end;
        }
        i += 1;
    }
    true
}

/// Whether `b` holds the placeholder `a[open..=close]`.
const fn contains_placeholder(b: &[u8], a: &[u8], open: usize, close: usize) -> bool {
    let len = close - open + 1;
    let mut k = 0;
    while k + len <= b.len() {
        let mut m = 0;
        while m < len && b[k + m] == a[open + m] {
            m += 1;
        }
        if m == len {
            return true;
        }
        k += 1;
    }
    false
}

/// The `{name}` placeholders of a template.
pub fn placeholders(template: &str) -> std::collections::BTreeSet<&str> {
    let mut out = std::collections::BTreeSet::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_') =>
            {
                out.insert(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// The parity test of a message table: one line per phrase that lacks a language (empty) or
/// whose two languages do not take the same placeholders. Every table's tests assert this is
/// empty.
pub fn parity_problems<P: Wording>() -> Vec<String> {
    let mut out = Vec::new();
    for &p in P::ALL {
        let (en, sv) = (p.template(Lang::En), p.template(Lang::Sv));
        if en.trim().is_empty() || sv.trim().is_empty() {
            out.push(format!("{p:?}: a language is empty ({en:?} / {sv:?})"));
        } else if placeholders(en) != placeholders(sv) {
            out.push(format!("{p:?}: placeholders differ ({en:?} / {sv:?})"));
        }
    }
    out
}

/// `word` with its first letter upper case (`allmänt råd` → `Allmänt råd`): a term of art is
/// defined once, in lower case, and capitalised where it starts a line or a heading.
///
/// ```
/// assert_eq!(spur_core::lang::capitalise("ej tillämplig"), "Ej tillämplig");
/// ```
pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
