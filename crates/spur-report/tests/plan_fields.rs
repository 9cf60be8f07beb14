//! One list of plan fields drives every plan template: each template (and the report's plan
//! section) shows every [`PlanField`] by its label in the template's language, the TOML template
//! by its key too. A field added to `PlanField` that a template does not iterate over fails
//! here.

mod common;

use std::io::Read;

use common::{SEED, document_xml, graded, parse, unescape_html};
use spur_core::PlanField;
use spur_report::{
    Lang, PlanFormat, ReportFormat, VariantArray, render_handlingsplan, render_report,
};

/// The text of `part` of a ZIP package (XLSX, DOCX).
fn zip_part(bytes: &[u8], part: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP package");
    let mut text = String::new();
    zip.by_name(part)
        .unwrap_or_else(|_| panic!("no {part}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// What a person reads in a plan template of `format`, or `None` for a format checked
/// elsewhere.
fn template_text(format: PlanFormat, lang: Lang) -> Option<String> {
    let g = graded(&parse(SEED));
    let bytes = render_handlingsplan(&g, format, lang).unwrap();
    Some(match format {
        PlanFormat::Markdown | PlanFormat::Csv | PlanFormat::Toml => {
            String::from_utf8(bytes).unwrap()
        }
        PlanFormat::Html => unescape_html(&String::from_utf8(bytes).unwrap()),
        PlanFormat::Docx => document_xml(&bytes),
        PlanFormat::Xlsx => zip_part(&bytes, "xl/sharedStrings.xml"),
        // Typst lays the text out in glyphs: the PDF's data is checked in tests/pdf.rs.
        PlanFormat::Pdf => return None,
    })
}

#[test]
fn every_plan_template_shows_every_plan_field() {
    for &format in PlanFormat::VARIANTS {
        for lang in [Lang::Sv, Lang::En] {
            let Some(text) = template_text(format, lang) else {
                continue;
            };
            for field in PlanField::all() {
                let label = field.label(lang);
                assert!(
                    text.contains(label),
                    "the {format:?} template ({lang:?}) lacks {field:?} (`{label}`)"
                );
                if format == PlanFormat::Toml {
                    assert!(
                        text.contains(&format!("\n{} = ", field.key())),
                        "the TOML template lacks the key `{}`",
                        field.key()
                    );
                }
            }
        }
    }
}

#[test]
fn the_reports_plan_section_shows_every_plan_field() {
    let g = graded(&parse(SEED));
    for lang in [Lang::Sv, Lang::En] {
        let md =
            String::from_utf8(render_report(&g, ReportFormat::Markdown, lang).unwrap()).unwrap();
        let html = unescape_html(
            &String::from_utf8(render_report(&g, ReportFormat::Html, lang).unwrap()).unwrap(),
        );
        for field in PlanField::all() {
            let label = field.label(lang);
            assert!(
                md.contains(label),
                "the Markdown report ({lang:?}) lacks `{label}`"
            );
            assert!(
                html.contains(label),
                "the HTML report ({lang:?}) lacks `{label}`"
            );
        }
    }
}

#[test]
fn the_templates_label_is_the_one_message_tables() {
    for lang in [Lang::Sv, Lang::En] {
        let m = spur_report::messages::Messages::for_lang(lang);
        for field in PlanField::all() {
            assert_eq!(m.plan_field(field), field.msg().template(lang));
        }
    }
}
