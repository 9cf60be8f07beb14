//! The Swedish medical specialties, as data (`catalog/specialties.toml`): which names
//! `[inspection] specialty` accepts. Names match ignoring case, diacritics and punctuation.

use std::sync::OnceLock;

use serde::Deserialize;

const SPECIALTIES_TOML: &str = include_str!("../catalog/specialties.toml");

/// One specialty of Socialstyrelsen's list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Specialty {
    /// The Swedish name, lower case as in running text (`allmänmedicin`).
    pub name: String,
    /// Older or alternative names that also select it.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Specialty {
    /// The name with a capital first letter, as in a report header (`Allmänmedicin`).
    pub fn title(&self) -> String {
        let mut c = self.name.chars();
        match c.next() {
            Some(first) => first.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    }
}

#[derive(Deserialize)]
struct File {
    specialty: Vec<Specialty>,
}

static LIST: OnceLock<Vec<Specialty>> = OnceLock::new();

/// Every known specialty, in alphabetical order.
///
/// ```
/// assert!(spur_core::specialties().iter().any(|s| s.name == "kardiologi"));
/// ```
pub fn specialties() -> &'static [Specialty] {
    LIST.get_or_init(|| {
        // The list is validated by the unit tests below; a failure is a build defect.
        toml::from_str::<File>(SPECIALTIES_TOML)
            .map(|f| f.specialty)
            .unwrap_or_else(|e| panic!("the embedded specialty list is invalid: {e}"))
    })
}

/// Fold a specialty name for matching: lower case, å/ä→a, ö→o, é→e, punctuation and runs of
/// spaces to one space.
///
/// ```
/// use spur_core::normalize_specialty;
/// assert_eq!(normalize_specialty("  Barn- och Ungdomsmedicin"), "barn och ungdomsmedicin");
/// assert_eq!(normalize_specialty("ALLMANMEDICIN"), normalize_specialty("allmänmedicin"));
/// ```
pub fn normalize_specialty(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for ch in name.chars().flat_map(char::to_lowercase) {
        let ch = match ch {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            'í' | 'ì' | 'ï' => 'i',
            c => c,
        };
        if ch.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        } else {
            space = true;
        }
    }
    out
}

/// The known specialty `name` refers to (with or without diacritics, any case, or an alias).
///
/// ```
/// use spur_core::find_specialty;
/// assert_eq!(find_specialty("Allmanmedicin").unwrap().name, "allmänmedicin");
/// assert_eq!(find_specialty("KARDIOLOGI").unwrap().name, "kardiologi");
/// assert!(find_specialty("astrologi").is_none());
/// ```
pub fn find_specialty(name: &str) -> Option<&'static Specialty> {
    /// Every known name and alias, normalised once, with its specialty.
    static BY_KEY: std::sync::OnceLock<std::collections::HashMap<String, &'static Specialty>> =
        std::sync::OnceLock::new();
    let by_key = BY_KEY.get_or_init(|| {
        let mut map = std::collections::HashMap::new();
        // In list order, a name before its aliases: the first specialty that claims a key
        // keeps it (the names and aliases are unique; a test checks it).
        for s in specialties() {
            for n in std::iter::once(&s.name).chain(&s.aliases) {
                map.entry(normalize_specialty(n)).or_insert(s);
            }
        }
        map
    });
    by_key.get(&normalize_specialty(name)).copied()
}

/// The known specialty names, comma-separated, for error messages.
pub fn known_specialties() -> String {
    specialties()
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_parses_is_sorted_and_has_no_clashing_names() {
        let list = specialties();
        assert!(list.len() > 50);
        let mut keys = std::collections::BTreeSet::new();
        for s in list {
            assert_eq!(s.name, s.name.to_lowercase());
            assert!(keys.insert(normalize_specialty(&s.name)), "{}", s.name);
            for a in &s.aliases {
                assert!(keys.insert(normalize_specialty(a)), "{a}");
            }
        }
        for name in [
            "allmänmedicin",
            "kardiologi",
            "internmedicin",
            "psykiatri",
            "kirurgi",
        ] {
            assert_eq!(find_specialty(name).unwrap().name, name);
        }
        assert_eq!(
            find_specialty("Öron-, näs- och halssjukdomar")
                .unwrap()
                .title(),
            "Öron-, näs- och halssjukdomar"
        );
        assert_eq!(
            find_specialty("oron nas och halssjukdomar").unwrap().name,
            "öron-, näs- och halssjukdomar"
        );
    }
}
