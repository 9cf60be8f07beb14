//! What the report must contain: every criterion text, the notes where they belong, the
//! columns of the unit's regulations.

mod common;

use common::{MINIMAL, SEED, docx_text, graded, parse, unescape_html};
use spur_core::{AreaId, Catalog};
use spur_grading::ADJUSTMENT_NOTE_SV;
use spur_report::{Lang, ReportFormat, messages, render_report};

fn report(src: &str, format: ReportFormat, lang: Lang) -> String {
    let doc = parse(src);
    let g = graded(&doc);
    let bytes = render_report(&g, format, lang).unwrap();
    match format {
        ReportFormat::Docx => docx_text(&bytes),
        ReportFormat::Html => unescape_html(&String::from_utf8(bytes).unwrap()),
        _ => String::from_utf8(bytes).unwrap(),
    }
}

/// The part of a Markdown report that belongs to `area`: from its `### X.` heading to the
/// next area (or the handlingsplan).
fn md_area_section(md: &str, area: AreaId) -> &str {
    let start = md
        .find(&format!("\n### {area}. "))
        .unwrap_or_else(|| panic!("no section for {area}"));
    let rest = &md[start + 1..];
    let end = rest[4..]
        .find("\n### ")
        .map(|i| i + 4)
        .into_iter()
        .chain(rest.find("\n## "))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn swedish_seed_report_contains_every_criterion_text_of_the_catalog() {
    for format in [
        ReportFormat::Markdown,
        ReportFormat::Html,
        ReportFormat::Docx,
    ] {
        let out = report(SEED, format, Lang::Sv);
        let missing: Vec<String> = Catalog::embedded()
            .criteria()
            .filter(|c| !out.contains(c.sv.as_str()))
            .map(|c| c.id.to_string())
            .collect();
        assert!(
            missing.is_empty(),
            "{format:?} report lacks the Swedish text of {missing:?}"
        );
        for area in &Catalog::embedded().areas {
            assert!(
                out.contains(&format!("{}. {}", area.id, area.sv)),
                "{format:?}: heading of {}",
                area.id
            );
        }
    }
}

#[test]
fn english_seed_report_uses_the_english_texts() {
    let out = report(SEED, ReportFormat::Markdown, Lang::En);
    for c in Catalog::embedded().criteria() {
        assert!(
            out.contains(c.en.as_str()),
            "English text of {} missing",
            c.id
        );
        assert!(
            !out.contains(c.sv.as_str()),
            "Swedish text of {} in the English report",
            c.id
        );
    }
    assert!(out.contains("D. Structure of the training"));
    assert!(out.contains("not met"));
}

#[test]
fn adjustment_note_is_in_d_e_h_and_nowhere_else() {
    let md = report(SEED, ReportFormat::Markdown, Lang::Sv);
    assert_eq!(
        ADJUSTMENT_NOTE_SV,
        "Handlingsplan inkommen. Gradering justerad till C."
    );
    for area in AreaId::ALL {
        let section = md_area_section(&md, area);
        let count = section.matches(ADJUSTMENT_NOTE_SV).count();
        if matches!(area, AreaId::D | AreaId::E | AreaId::H) {
            assert_eq!(
                count, 1,
                "area {area} should carry the note once:\n{section}"
            );
            assert!(
                section.contains("D→C"),
                "area {area} shows the adjusted grade"
            );
        } else {
            assert_eq!(count, 0, "area {area} must not carry the note");
        }
    }
    assert_eq!(md.matches(ADJUSTMENT_NOTE_SV).count(), 3);
}

#[test]
fn seed_report_follows_the_seed_order_and_carries_the_verbatim_phrases() {
    let md = report(SEED, ReportFormat::Markdown, Lang::Sv);
    let order = [
        messages::SV.dual_note,
        messages::SV.applicability_note,
        "## Sammanfattning",
        "## Styrkor",
        "## Svagheter",
        "## Förbättringspotential",
        "## STRUKTUR",
        "### A. Verksamheten",
        "### C. Lokaler och utrustning",
        "## PROCESS",
        "### D. Tjänstgöringens upplägg",
        "### H. Ledarskapskompetens och kommunikativ kompetens",
        "## HANDLINGSPLAN",
        messages::SV.plan_intro,
    ];
    let mut at = 0;
    for needle in order {
        let found = md[at..]
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` missing or out of order"));
        at += found + needle.len();
    }
    // Förbättringspotential is numbered so that narratives can refer to "punkt 4".
    assert!(md.contains("\n4. Skapa rutin för att ge återkoppling och bedöma handledning."));
    // The five fields of the form, for each of the six entries.
    for field in [
        "Planerad åtgärd",
        "Datum när åtgärden ska vara genomförd",
        "Ansvarig för genomförandet",
        "Datum för uppföljning",
        "Ansvarig för uppföljningen",
    ] {
        assert_eq!(md.matches(&format!("- **{field}:**")).count(), 6, "{field}");
    }
    // Kinds with the seed's "endast" marks (E.F7 is föreskrift under 2021, allmänt råd under 2015).
    let e = md_area_section(&md, AreaId::E);
    assert!(e.contains("#### Föreskrift (endast 2021)"));
    assert!(e.contains("#### Allmänna råd (endast 2015)"));
    assert_eq!(e.matches("| E.F7 |").count(), 2);
    // Grades side by side, with the level text of the grade.
    let d = md_area_section(&md, AreaId::D);
    assert!(d.contains("| | 2015 | 2021 |"));
    assert!(d.contains("C. Socialstyrelsens föreskrifter följs."));
    // Narratives keep their paragraphs.
    assert!(d.contains("Åtgärd krävs.\n\nMan behöver bli tydligare"));
}

#[test]
fn single_regulation_unit_shows_one_column_and_provisional_ranges() {
    let md = report(MINIMAL, ReportFormat::Markdown, Lang::Sv);
    assert!(md.contains("| | 2021 |"));
    assert!(!md.contains("2015 |"));
    assert!(!md.contains(messages::SV.dual_note));
    assert!(md.contains("Följsamheten bedöms i förhållande till HSLF-FS 2021:8."));
    assert!(
        !md.contains("endast 20"),
        "no 'endast' marks with one regulation"
    );
    // G.F5 and G.F6 apply only under 2015.
    let g55 = Catalog::embedded()
        .criterion("G.F5".parse().unwrap())
        .unwrap();
    assert!(!md.contains(g55.sv.as_str()));
    assert!(
        md.contains("preliminär"),
        "unassessed criteria make grades provisional"
    );
    assert!(md.contains("En handlingsplan krävs men har ännu inte inkommit."));
    let html = report(MINIMAL, ReportFormat::Html, Lang::En);
    assert!(html.contains("provisional"));
    assert!(html.contains("HSLF-FS 2021:8"));
    assert!(!html.contains("SOSFS 2015:8"));
}

#[test]
fn not_graded_areas_say_so_in_each_language() {
    let src = "[inspection]\nunit = \"Tom\"\nvisit_date = 2026-01-01\nregulations = [\"2021\"]\n[findings]\n\"A.F1\" = \"not_applicable\"\n\"A.F2\" = \"not_applicable\"\n\"A.F3\" = \"not_applicable\"\n\"A.K1\" = \"not_applicable\"\n";
    let sv = report(src, ReportFormat::Markdown, Lang::Sv);
    let a = md_area_section(&sv, AreaId::A);
    assert!(a.contains("**ej bedömd**"), "{a}");
    let en = report(src, ReportFormat::Markdown, Lang::En);
    assert!(md_area_section(&en, AreaId::A).contains("**not graded**"));
}

#[test]
fn html_is_standalone_and_prints_on_a4_with_texts_and_plan_on_new_pages() {
    let doc = parse(SEED);
    let g = graded(&doc);
    let html = String::from_utf8(render_report(&g, ReportFormat::Html, Lang::Sv).unwrap()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(html.contains("@page { size: A4"));
    assert!(html.contains("@media print"));
    assert!(html.contains("section.texts, section.handlingsplan { break-before: page;"));
    assert_eq!(html.matches("<section class=\"area\"").count(), 8);
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    for external in [
        "<link",
        "<script",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(http",
    ] {
        assert!(
            !html.contains(external),
            "external asset or script: {external}"
        );
    }
}

#[test]
fn overview_svg_has_letters_adjustments_and_ranges() {
    let doc = parse(SEED);
    let g = graded(&doc);
    let svg = spur_report::grade_overview_svg(&g, Catalog::embedded(), Lang::Sv);
    assert_eq!(
        svg.matches(">D→C<").count(),
        6,
        "D, E, H under both regulations"
    );
    assert!(svg.contains("SOSFS 2015:8") && svg.contains("HSLF-FS 2021:8"));
    // Okabe–Ito: A bluish green, B sky blue (G: two indicators unmet), C orange; no final D.
    for colour in ["fill=\"#009E73\"", "fill=\"#56B4E9\"", "fill=\"#E69F00\""] {
        assert!(svg.contains(colour), "palette colour {colour}");
    }
    assert!(!svg.contains("#D55E00"), "no area ends at D");
    let minimal = parse(MINIMAL);
    let svg = spur_report::grade_overview_svg(&graded(&minimal), Catalog::embedded(), Lang::En);
    assert!(svg.contains(">D<"), "D.F6 not met gives D in area D");
    assert!(
        svg.contains("url(#spur-hatch)"),
        "provisional cells are hatched"
    );
    assert!(svg.contains("–D<"), "provisional ranges like A–D");
    assert!(!svg.contains("SOSFS 2015:8"));
}

#[test]
fn overrides_show_the_inspectors_grade_and_reason() {
    let src = format!(
        "{}\n[overrides.G]\ngrade = \"A\"\nreason = \"Indikatorerna väger lätt här & \\\"så\\\".\"\n",
        SEED.split("\n[handlingsplan]").next().unwrap()
    );
    let md = report(&src, ReportFormat::Markdown, Lang::Sv);
    let g = md_area_section(&md, AreaId::G);
    assert!(g.contains("| Gradering | **A\\*** | **A\\*** |"), "{g}");
    assert!(
        g.contains("Motivering: Indikatorerna väger lätt här & \"så\"."),
        "{g}"
    );
    assert!(md.contains("| G. Medicinsk vetenskap och systematiskt kvalitets- och patientsäkerhetsarbete | A\\* | A\\* |"));
    // Without the handlingsplan the D areas stay D and the report says a plan is required.
    assert!(md.contains("Handlingsplan krävs: ännu inte inkommen."));
    assert!(md.contains(messages::SV.plan_missing));
    assert!(!md.contains(ADJUSTMENT_NOTE_SV));
}
