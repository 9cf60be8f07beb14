//! A new inspection document with every criterion listed as `not_assessed`, grouped by area with
//! the criterion text as a comment — what `spur init` writes.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::{Catalog, Lang, Regulation, Wording as _};

/// Options for a new document.
#[derive(Debug, Clone)]
pub struct SkeletonOptions {
    /// Unit name (a placeholder when `None`).
    pub unit: Option<String>,
    /// Regulations the unit trains under.
    pub regulations: Vec<Regulation>,
    /// Visit date (a placeholder date when `None`).
    pub visit_date: Option<NaiveDate>,
    /// The specialty written into `[inspection] specialty` (empty when `None`); the criteria
    /// listed are the catalog's, so pass the catalog composed with that specialty's set.
    pub specialty: Option<String>,
    /// Language of the comments and criterion texts (Swedish by default: the document is
    /// SPUR's; the keys and values are the same in both).
    pub lang: Lang,
}

impl Default for SkeletonOptions {
    fn default() -> Self {
        SkeletonOptions {
            unit: None,
            regulations: Regulation::ALL.to_vec(),
            visit_date: None,
            specialty: None,
            lang: Lang::Sv,
        }
    }
}

crate::phrases! {
    /// The comments of the skeleton.
    enum Says {
        /// First line.
        Head => "# SPUR inspection — inspection document (catalog {version}).",
            "# SPUR-inspektion — inspektionsdokument (katalog {version}).";
        /// The statuses.
        Statuses => "# Give each criterion a status: met, partially_met, not_met, not_assessed, not_applicable.",
            "# Fyll i status per kriterium: met, partially_met, not_met, not_assessed, not_applicable.";
        /// The commands.
        Commands => "# Check with: spur validate <file>. Grade with: spur grade <file>.",
            "# Kontrollera med: spur validate <fil>. Betygsätt med: spur grade <fil>.";
        /// Styrkor.
        Strengths => "strengths = []     # Strengths (Styrkor), one paragraph per item",
            "strengths = []     # Styrkor, ett stycke per rad";
        /// Svagheter.
        Weaknesses => "weaknesses = []    # Weaknesses (Svagheter)",
            "weaknesses = []    # Svagheter";
        /// Förbättringspotential.
        Improvements => "improvements = []  # Areas for improvement (Förbättringspotential; numbered in the report)",
            "improvements = []  # Förbättringspotential (numreras i rapporten)";
        /// The word before an area's scale.
        Scale => "scale", "skala";
        /// The override's reason.
        Reason => "# reason = \"Why the computed grade does not stand\"",
            "# reason = \"Motivering till avvikelse från beräknad gradering\"";
        /// The handlingsplan.
        Plan => "# [handlingsplan]   (make a template with: spur handlingsplan <file> --format toml)",
            "# [handlingsplan]   (skapa en mall med: spur handlingsplan <fil> --format toml)";
    }
}

/// The unit name `spur init` writes when none is given; validation warns while it is there.
pub const PLACEHOLDER_UNIT: &str = "Enhetens namn";
/// The visit date `spur init` writes when none is given; validation warns while it is there.
pub const PLACEHOLDER_VISIT_DATE: &str = "2026-01-01";

/// Words that mark a text value as not yet written ("TODO", "fyll i", "[…]", …). Validation
/// warns about them and a final report refuses them ([`placeholder_word`]).
pub const PLACEHOLDER_WORDS: &[&str] = &[
    "TODO",
    "TBD",
    "FIXME",
    "XXX",
    "fyll i",
    "att fylla i",
    "fill in",
    "lorem ipsum",
    "<…>",
    "<...>",
    "[…]",
    "[...]",
];

/// The placeholder a text value still holds, if any: one of [`PLACEHOLDER_WORDS`] as a whole
/// word (case-insensitive; `XXX` but not `XXXL`), a value that is only `…`, `...`, `?`, `-` or
/// `–`, or the unit name `spur init` writes ([`PLACEHOLDER_UNIT`]).
///
/// ```
/// use spur_core::template::placeholder_word;
/// assert_eq!(placeholder_word("Åtgärd: TODO"), Some("TODO"));
/// assert_eq!(placeholder_word("storlek XXXL"), None);
/// assert_eq!(placeholder_word("Fyll i senare"), Some("fyll i"));
/// assert_eq!(placeholder_word("…"), Some("[…]"));
/// assert_eq!(placeholder_word(" Enhetens namn "), Some("Enhetens namn"));
/// assert_eq!(placeholder_word("IUP revideras två gånger per år."), None);
/// ```
pub fn placeholder_word(text: &str) -> Option<&'static str> {
    let trimmed = text.trim();
    if trimmed == PLACEHOLDER_UNIT {
        return Some(PLACEHOLDER_UNIT);
    }
    if matches!(trimmed, "…" | "..." | "?" | "-" | "–") {
        return Some("[…]");
    }
    first_placeholder(trimmed.as_bytes(), trimmed)
}

/// The first of [`PLACEHOLDER_WORDS`] (in list order) that `text` holds, compared without
/// regard to ASCII case (every letter of the words is ASCII) and, for the words made of
/// letters and spaces, standing as a whole word. One pass over the text, nothing allocated,
/// and only where a word could begin: validation asks this of every text value of every
/// document.
fn first_placeholder(bytes: &[u8], text: &str) -> Option<&'static str> {
    /// For each lower-case first byte, the words that begin with it (in list order) and
    /// whether each must stand as a whole word.
    static STARTS: std::sync::OnceLock<Vec<Vec<(usize, bool)>>> = std::sync::OnceLock::new();
    let starts = STARTS.get_or_init(|| {
        let mut starts = vec![Vec::new(); 256];
        for (k, word) in PLACEHOLDER_WORDS.iter().enumerate() {
            let whole_word = word.chars().all(|c| c.is_alphanumeric() || c == ' ');
            starts[usize::from(word.as_bytes()[0].to_ascii_lowercase())].push((k, whole_word));
        }
        starts
    });
    let mut best: Option<usize> = None;
    for (i, b) in bytes.iter().enumerate() {
        // Only ASCII bytes begin a word of the list, so `i` is a character boundary here.
        let candidates = &starts[usize::from(b.to_ascii_lowercase())];
        let mut begins_word = None;
        for &(k, whole_word) in candidates {
            if best.is_some_and(|best| best <= k) {
                break;
            }
            let begins_word = *begins_word.get_or_insert_with(|| {
                !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            });
            if whole_word && !begins_word {
                continue;
            }
            let w = PLACEHOLDER_WORDS[k].as_bytes();
            let here = bytes
                .get(i..i + w.len())
                .is_some_and(|at| at.eq_ignore_ascii_case(w));
            let ends_word = || {
                !text[i + w.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            };
            if here && (!whole_word || ends_word()) {
                best = Some(k);
            }
        }
    }
    best.map(|k| PLACEHOLDER_WORDS[k])
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Render a skeleton inspection document in TOML.
///
/// ```
/// use spur_core::{Catalog, template::{skeleton_toml, SkeletonOptions}, InspectionDocument};
/// let toml = skeleton_toml(Catalog::embedded(), &SkeletonOptions::default());
/// let doc = InspectionDocument::from_toml_str(&toml).unwrap();
/// assert_eq!(doc.findings.len(), 75);
/// ```
pub fn skeleton_toml(catalog: &Catalog, options: &SkeletonOptions) -> String {
    let mut s = String::new();
    let unit = options.unit.as_deref().unwrap_or(PLACEHOLDER_UNIT);
    let date = options.visit_date.map_or_else(
        || PLACEHOLDER_VISIT_DATE.to_string(),
        |d| d.format("%Y-%m-%d").to_string(),
    );
    let regs: Vec<String> = options
        .regulations
        .iter()
        .map(|r| quote(r.designation()))
        .collect();
    let lang = options.lang;
    let w = |p: Says| p.template(lang);
    let text_of = |sv: &str, en: &str| match options.lang {
        Lang::Sv => sv.to_string(),
        Lang::En => en.to_string(),
    };
    let _ = writeln!(
        s,
        "{}",
        Says::Head.say(lang, &[("version", &catalog.version)])
    );
    let _ = writeln!(s, "{}", w(Says::Statuses));
    let _ = writeln!(s, "{}", w(Says::Commands));
    let _ = writeln!(s);
    let _ = writeln!(s, "[inspection]");
    let _ = writeln!(s, "unit = {}", quote(unit));
    let _ = writeln!(s, "region = \"\"");
    let _ = writeln!(
        s,
        "specialty = {}",
        quote(options.specialty.as_deref().unwrap_or(""))
    );
    let _ = writeln!(s, "visit_date = {date}");
    let _ = writeln!(s, "inspectors = []");
    let _ = writeln!(s, "catalog = {}", quote(&catalog.version));
    let _ = writeln!(s, "regulations = [{}]", regs.join(", "));
    let _ = writeln!(s);
    let _ = writeln!(s, "[report]");
    let _ = writeln!(s, "{}", w(Says::Strengths));
    let _ = writeln!(s, "{}", w(Says::Weaknesses));
    let _ = writeln!(s, "{}", w(Says::Improvements));
    for area in &catalog.areas {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "[areas.{}]  # {}. {} ({})",
            area.id,
            area.id,
            text_of(&area.sv, &area.en),
            area.group
        );
        let _ = writeln!(s, "narrative = \"\"");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "[findings]");
    for area in &catalog.areas {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "# {}. {} — {} {}",
            area.id,
            text_of(&area.sv, &area.en),
            w(Says::Scale),
            area.scale
        );
        for c in &area.criteria {
            if !options.regulations.iter().any(|r| c.applies(*r)) {
                continue;
            }
            let kinds: Vec<String> = options
                .regulations
                .iter()
                .map(|r| format!("{}: {}", r.year(), c.kind(*r).term(lang)))
                .collect();
            let _ = writeln!(s, "# {} [{}]", text_of(&c.sv, &c.en), kinds.join(", "));
            let _ = writeln!(s, "{} = \"not_assessed\"", quote(&c.id.to_string()));
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "# [overrides.D]");
    let _ = writeln!(s, "# grade = \"C\"");
    let _ = writeln!(s, "{}", w(Says::Reason));
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", w(Says::Plan));
    s
}
