//! A new inspection document with every criterion listed as `not_assessed`, grouped by area with
//! the criterion text as a comment — what `spur init` writes.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::{Catalog, Kind, Regulation};

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
}

impl Default for SkeletonOptions {
    fn default() -> Self {
        SkeletonOptions {
            unit: None,
            regulations: Regulation::ALL.to_vec(),
            visit_date: None,
            specialty: None,
        }
    }
}

/// The unit name `spur init` writes when none is given; validation warns while it is there.
pub const PLACEHOLDER_UNIT: &str = "Enhetens namn";
/// The visit date `spur init` writes when none is given; validation warns while it is there.
pub const PLACEHOLDER_VISIT_DATE: &str = "2026-01-01";

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
    let _ = writeln!(
        s,
        "# SPUR-inspektion — inspektionsdokument (katalog {}).",
        catalog.version
    );
    let _ = writeln!(
        s,
        "# Fyll i status per kriterium: met, partially_met, not_met, not_assessed, not_applicable."
    );
    let _ = writeln!(
        s,
        "# Kontrollera med: spur validate <fil>. Betygsätt med: spur grade <fil>."
    );
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
    let _ = writeln!(s, "strengths = []     # Styrkor, ett stycke per rad");
    let _ = writeln!(s, "weaknesses = []    # Svagheter");
    let _ = writeln!(
        s,
        "improvements = []  # Förbättringspotential (numreras i rapporten)"
    );
    for area in &catalog.areas {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "[areas.{}]  # {}. {} ({})",
            area.id, area.id, area.sv, area.group
        );
        let _ = writeln!(s, "narrative = \"\"");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "[findings]");
    for area in &catalog.areas {
        let _ = writeln!(s);
        let _ = writeln!(s, "# {}. {} — skala {}", area.id, area.sv, area.scale);
        for c in &area.criteria {
            if !options.regulations.iter().any(|r| c.applies(*r)) {
                continue;
            }
            let kinds: Vec<String> = options
                .regulations
                .iter()
                .map(|r| format!("{}: {}", r.year(), kind_label(c.kind(*r))))
                .collect();
            let _ = writeln!(s, "# {} [{}]", c.sv, kinds.join(", "));
            let _ = writeln!(s, "{} = \"not_assessed\"", quote(&c.id.to_string()));
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "# [overrides.D]");
    let _ = writeln!(s, "# grade = \"C\"");
    let _ = writeln!(
        s,
        "# reason = \"Motivering till avvikelse från beräknad gradering\""
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "# [handlingsplan]   (skapa en mall med: spur handlingsplan <fil> --format toml)"
    );
    s
}

fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Foreskrift => "föreskrift",
        Kind::AllmantRad => "allmänt råd",
        Kind::Kvalitetsindikator => "kvalitetsindikator",
        Kind::NotApplicable => "ej tillämplig",
    }
}
